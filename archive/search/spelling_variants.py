"""British to American spelling, so that either finds both.

Applied to index and query alike (before stemming), so a mapping only has to be consistent,
not pretty: "surprise" becoming "surprize" in both places is harmless. The tables are data
(archive/wordlists/spelling-*.txt); the rules for -our, -ise and -yse are here.
"""

import re

from archive.lexicon import entries, words

# Whole words (and the stems their inflections start with).
_WORDS = dict(line.split() for line in entries("spelling-british-american"))
_OUR_RE = re.compile("^(" + "|".join(entries("spelling-our-stems")) + ")")
# organise -> organize, realisation -> realization, analyse -> analyze; at least four
# letters before the suffix, so that rise, wise, advise and prise are left alone.
_ISE_RE = re.compile(r"^([a-z]{4,})is(e|es|ed|ing|er|ers|ation|ations|ational)$")
_YSE_RE = re.compile(r"^([a-z]{3,})ys(e|es|ed|ing|er|ers)$")
_ISE_KEEP = words("spelling-ise-keep")


def americanize(word):
    """The American spelling of a lower-case word (the word itself when there is none)."""
    if len(word) < 4 or not word.isascii():
        return word
    mapped = _WORDS.get(word)
    if mapped:
        return mapped
    for british, american in (
        ("centre", "center"),
        ("defence", "defense"),
        ("offence", "offense"),
        ("programme", "program"),
        ("catalogue", "catalog"),
        ("licence", "license"),
        ("theatre", "theater"),
        ("metre", "meter"),
    ):
        if word.startswith(british) and len(word) > len(british):
            return american + word[len(british) :]
    match = _OUR_RE.match(word)
    if match:
        stem = match.group(1)
        return stem[:-3] + "or" + word[len(stem) :]
    if word in _ISE_KEEP:
        return word
    match = _ISE_RE.match(word)
    if match:
        return f"{match.group(1)}iz{match.group(2)}"
    match = _YSE_RE.match(word)
    if match and word not in ("noyse",):
        return f"{match.group(1)}yz{match.group(2)}"
    return word
