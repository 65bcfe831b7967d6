"""Names, normalised and folded in one place: the form aliases are stored and compared in,
the folding the tagger matches text with, and what makes an alias unacceptable.

Pure: no Django models. Folding keeps one character for one character, so offsets in a
folded text map back to the original.
"""

import re
import unicodedata
from bisect import bisect_right

from archive.lexicon import words

# As a one-word full alias, these would tag every article that uses the word.
COMMON_ONE_WORD_NAMES = words("common-names", "word-surnames")

CJK_RE = re.compile(
    r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)
_SPACES = "-\u2010\u2011\u2012\u2013\u2014\u00a0\t\n\r"
_APOSTROPHES = "\u2019\u2018\u02bc"
_SPACE_RUN_RE = re.compile(r"  +")


def is_cjk(text):
    return bool(CJK_RE.search(text))


def is_hangul(ch):
    return "\uac00" <= ch <= "\ud7af"


def fold_char(ch):
    """One character in its matching form: lower case, dashes and NBSP as spaces, curly
    apostrophes straight. Always one character, so offsets map back to the original."""
    if ch in _SPACES:
        return " "
    if ch in _APOSTROPHES:
        return "'"
    low = ch.lower()
    return low if len(low) == 1 else ch


def fold_text(text):
    """(folded text with runs of spaces collapsed, offsets into the original).

    str.lower and str.replace do the work in C (str.translate is ten times slower on
    non-ASCII text); only when lower-casing changes a character's length (a handful of
    letters, e.g. "İ") does it go character by character."""
    folded = text.lower()
    if len(folded) != len(text):
        return _fold_text_slowly(text)
    for ch in _SPACES:
        if ch in folded:
            folded = folded.replace(ch, " ")
    for ch in _APOSTROPHES:
        if ch in folded:
            folded = folded.replace(ch, "'")
    leading = len(folded) - len(folded.lstrip(" "))
    if "  " not in folded:
        if not leading:
            return folded, range(len(folded))
        return folded[leading:], range(leading, len(folded))
    # Collapse each run to its first space (a leading run goes entirely), keeping offsets.
    pieces, folded_starts, original_starts = [], [], []
    position, length = leading, 0
    for run in _SPACE_RUN_RE.finditer(folded, leading):
        keep_to = run.start() + 1
        pieces.append(folded[position:keep_to])
        folded_starts.append(length)
        original_starts.append(position)
        length += keep_to - position
        position = run.end()
    pieces.append(folded[position:])
    folded_starts.append(length)
    original_starts.append(position)
    return "".join(pieces), Offsets(folded_starts, original_starts)


class Offsets:
    """Index in a folded text that dropped runs of spaces -> index in the original: the
    start of each kept chunk in both, searched by bisection (a few lookups an article)."""

    __slots__ = ("folded_starts", "original_starts")

    def __init__(self, folded_starts, original_starts):
        self.folded_starts = folded_starts
        self.original_starts = original_starts

    def __getitem__(self, index):
        chunk = bisect_right(self.folded_starts, index) - 1
        return self.original_starts[chunk] + index - self.folded_starts[chunk]


def _fold_text_slowly(text):
    out = []
    offsets = []
    previous_space = True
    for index, ch in enumerate(text):
        folded = fold_char(ch)
        if folded == " ":
            if previous_space:
                continue
            previous_space = True
        else:
            previous_space = False
        out.append(folded)
        offsets.append(index)
    return "".join(out), offsets


def normalize_name(name):
    """The one form names are compared in (aliases are stored in it, the tagger matches
    in it): NFKC, lower case, hyphens, dashes and spaces as single spaces, straight
    apostrophes."""
    folded, _offsets = fold_text(unicodedata.normalize("NFKC", name or "").strip())
    return folded.strip()


_OUTLET_PUNCTUATION_RE = re.compile(r"[^\w\s&']")


def source_key(name):
    """How outlet names are compared: normalised, punctuation as spaces, a leading "The"
    dropped ("The Associated Press", "associated press." are one)."""
    key = " ".join(_OUTLET_PUNCTUATION_RE.sub(" ", normalize_name(name)).split())
    return key[4:] if key.startswith("the ") else key


def alias_problem(name, kind="full"):
    """Why an alias cannot be saved, or None."""
    name = " ".join((name or "").split())
    if not name:
        return "An alias needs a name."
    if len(name) < 2:
        return "An alias needs at least two characters."
    if not any(ch.isalpha() for ch in name):
        return "An alias needs letters."
    words_of_name = normalize_name(name).split()
    if (
        kind == "full"
        and len(words_of_name) == 1
        and not is_cjk(name)
        and words_of_name[0].strip(".'") in COMMON_ONE_WORD_NAMES
    ):
        return (
            f"{name!r} alone is a common word or a surname many people share: as a full name "
            "it would tag every article that uses it. Add it as a short form, which counts "
            "only where the article names the person in full."
        )
    return None
