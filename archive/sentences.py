"""Sentence boundaries in news copy, not fooled by 'Mr.', 'U.S.' or initials."""

import re

ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "lt",
    "col",
    "sgt",
    "sen",
    "rep",
    "gov",
    "st",
    "jr",
    "sr",
    "no",
    "vs",
    "etc",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "mt",
    "ft",
    "capt",
    "cmdr",
    "adm",
    "maj",
    "pres",
    "rev",
    "inc",
    "co",
    "corp",
    "ltd",
    "approx",
    "est",
}
_END_RE = re.compile(r"[.!?…](?:[\"”’']+)?(?=\s+[\"“‘'(\[A-Z0-9]|\s*$)|\n")
_WORD_BEFORE_RE = re.compile(r"([\w.]+)$")


def sentence_ends(text):
    """Offsets just after each sentence end in ``text``."""
    ends = []
    for match in _END_RE.finditer(text):
        if match.group(0) != "\n" and match.group(0)[0] == ".":
            word = _WORD_BEFORE_RE.search(text[max(0, match.start() - 20) : match.start()])
            token = word.group(1).lower() if word else ""
            if token in ABBREVIATIONS or len(token.rstrip(".")) == 1 or "." in token:
                continue  # Mr. Kim, U.S. President, John F. Kennedy
        ends.append(match.end())
    return ends


def sentence_at(text, start, end=None):
    """(left, right) offsets of the sentence holding text[start:end]."""
    end = start if end is None else end
    left, right = 0, len(text)
    for boundary in sentence_ends(text):
        if boundary <= start:
            left = boundary
        elif boundary >= end:
            right = boundary
            break
    return left, right


def first_sentence(text):
    ends = sentence_ends(text)
    return text[: ends[0]].strip() if ends else text.strip()
