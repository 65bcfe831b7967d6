"""People the gazetteer does not know, found by rules in what the archive reads: a name
introduced by role words, before it ("Secretary of State Mike Pompeo", "Japanese Prime
Minister Shinzo Abe", "Vice Foreign Minister Choe Son Hui") or after it as an apposition
("Wang Yi, China's foreign minister,", "Mike Pompeo, the U.S. secretary of state").

Statistical name finders (spaCy, GLiNER, flair, stanza) need models the package registries
here do not carry, so discovery is rules: role words, capitalised name sequences, and the
words that cannot be part of a name. ``discover(segments, known)`` is pure: it returns
(name, role, sentence) for each sighting whose name ``known`` does not hold; the tagger
records them (archive.candidates) and curators decide."""

import re
from dataclasses import dataclass

from archive.lexicon import entries, words
from archive.names import normalize_name
from archive.sentences import sentence_at
from archive.tagging.keywords import KeyWords, alternation
from archive.tagging.offices import PLACES

# Role words that introduce a person, as they stand before a name (capitalised titles) or
# after one in an apposition (lower case); the longest first.
ROLES = entries("discovery-roles")
_ROLE_ALT = alternation(r.lower() for r in ROLES)
_PLACE_ALT = alternation(PLACES)
# One word of a name: capitalised, with hyphens and apostrophes (Jean-Yves, O'Brien, Ri),
# or a particle inside a name (bin, al-, de, van, von, Le).
_WORD = r"(?:[A-Z][a-z]+(?:[-'’][A-Za-z]+)*|[A-Z]\.|[A-Z][a-z]*[A-Z][a-z]+)"
_PARTICLE = r"(?:bin|ibn|al|el|de|da|di|du|van|von|der|den|la|le|Le|La|De|Van|Von|Al)"
_NAME = rf"(?P<name>{_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_WORD}){{1,3}})"
BEFORE_RE = re.compile(
    rf"(?:\b(?i:{_PLACE_ALT})(?:'s|’s)?\s+)?\b(?P<role>(?i:{_ROLE_ALT}))\s+{_NAME}\b"
)
AFTER_RE = re.compile(
    rf"{_NAME},\s+(?:(?:the|a|an)\s+)?(?:(?i:{_PLACE_ALT})(?:'s|’s)?\s+)?"
    rf"(?:(?:former|deputy|vice|acting|first|senior|chief|top)\s+)?(?P<role>(?i:{_ROLE_ALT}))\b"
)
# Words no name is made of (in any position), and words that end a name's run.
NOT_NAME_WORDS = words(
    "function-words", "months", "weekdays", "nationality-words", "sentence-openers",
    "political-nouns", "discovery-not-names",
) | {w.lower() for w in entries("named-things")}  # fmt: skip


# Every sighting holds a role word: a place and a name before it (an apposition) or after it
# take under 150 characters.
_ROLE_KEYS = KeyWords(ROLES)
_NAME_NEXT = re.compile(r"\s+[A-Z]")


_POSSESSIVE_RE = re.compile(r"['’]s?$")


@dataclass(frozen=True)
class Sighting:
    name: str  # as written, the role words stripped
    role: str  # lower case ("foreign minister")
    sentence: str


def discover(segments, known):
    """Sightings of unknown people in an article given as segments [(text, is_title)];
    ``known``: a container of folded names the gazetteer holds (aliases and surnames)."""
    found = {}
    for text, is_title in segments:
        if not text or is_title:
            continue  # headlines are Title Case: every word looks like a name
        before = _ROLE_KEYS.finditer(BEFORE_RE, text, 70, 90, needs_after=_NAME_NEXT)
        after = _ROLE_KEYS.finditer(AFTER_RE, text, 130, 10, needs_before=",")
        for match in [*before, *after]:
            name = _clean(match.group("name"))
            if not name:
                continue
            folded = normalize_name(name)
            if folded in known or folded in found:
                continue
            found[folded] = Sighting(
                name, match.group("role").lower(), _sentence(text, *match.span("name"))
            )
    return list(found.values())


def _clean(name):
    """The name without words that cannot be part of one; "" if fewer than two remain."""
    kept = []
    name = _POSSESSIVE_RE.sub("", name)  # "Yasuhiro Nakasone's 1986 victory"
    for word in name.split():
        if word.lower().strip(".") in NOT_NAME_WORDS:
            if kept:
                break  # the name ended: "Mike Pompeo On Tuesday"
            continue
        kept.append(word)
    if len(kept) < 2 or len(kept) > 4 or all(len(w) <= 2 for w in kept):
        return ""
    return " ".join(kept)


def _sentence(text, start, end):
    """The sentence holding text[start:end], at most about 300 characters around it."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    last = len(text) if last < 0 else last
    left, right = sentence_at(text[first:last], start - first, end - first)
    left, right = first + left, first + right
    if right - left > 300:
        left, right = max(left, start - 140), min(right, end + 140)
    return " ".join(text[left:right].split())
