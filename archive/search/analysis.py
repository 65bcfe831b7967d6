"""Text analysis for the Whoosh index (and for highlighting, which must agree with it).

- British and American spellings meet: words are brought to the American form before
  stemming (denuclearisation -> denuclearization, colour -> color, defence -> defense).
- Hyphenated and spaced romanisations meet: "Jong-un" and "Jong Un" are the same two tokens,
  and a query word that yields several tokens is searched as a phrase.
- Accents are folded (Pyongyang, Pyŏngyang).
- Korean, Chinese and Japanese runs, which carry no spaces between words (or particles glued
  to names: 김정은은), are indexed as overlapping character bigrams.
"""

import functools
import re

from whoosh.analysis import (
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.support.charset import accent_map

from archive.search.spelling_variants import americanize

_CJK_RUN_RE = re.compile(
    r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+"
)

# Deliberately short: "us", "may", "will" and "can" are words analysts search for
# (the US, Theresa May), which Whoosh's default stop list would drop.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "were",
        "with",
    ]
)


class CJKBigramFilter(Filter):
    """Split runs of CJK characters into overlapping bigrams; other text passes through."""

    def __call__(self, tokens):
        position_shift = 0
        for token in tokens:
            text = token.text
            if text.isascii() or not _CJK_RUN_RE.search(text):
                if token.positions:
                    token.pos += position_shift
                yield token
                continue
            pieces = _cjk_pieces(text)
            base_pos = token.pos if token.positions else 0
            start_char = token.startchar if token.chars else 0
            for offset, (piece, char_offset) in enumerate(pieces):
                token.text = piece
                if token.positions:
                    token.pos = base_pos + position_shift + offset
                if token.chars:
                    token.startchar = start_char + char_offset
                    token.endchar = token.startchar + len(piece)
                yield token
            position_shift += max(0, len(pieces) - 1)


def _cjk_pieces(text):
    """(piece, offset) pairs: bigrams inside CJK runs, the other parts whole."""
    pieces = []
    last = 0
    for match in _CJK_RUN_RE.finditer(text):
        if match.start() > last:
            pieces.append((text[last : match.start()], last))
        run = match.group(0)
        if len(run) == 1:
            pieces.append((run, match.start()))
        else:
            for i in range(len(run) - 1):
                pieces.append((run[i : i + 2], match.start() + i))
        last = match.end()
    if last < len(text):
        pieces.append((text[last:], last))
    return pieces


class AmericanSpellingFilter(Filter):
    def __call__(self, tokens):
        spell = _americanize_cached
        for token in tokens:
            token.text = spell(token.text)
            yield token


# Word frequencies are Zipfian: a modest cache answers almost every token.
_americanize_cached = functools.lru_cache(maxsize=100_000)(americanize)


class LatinStemFilter(StemFilter):
    """Porter stemming for words in Latin script only (CJK bigrams pass untouched)."""

    def __call__(self, tokens):
        stemfn = self._stem
        ignore = self.ignore
        for token in tokens:
            text = token.text
            if (
                not token.stopped
                and text not in ignore
                and (text.isascii() or not _CJK_RUN_RE.search(text))
            ):
                token.text = stemfn(text)
            yield token


def _base():
    # Tokens are runs of letters and digits, with internal dots kept (U.S., 2.5).
    return RegexTokenizer(r"\w+(?:\.?\w+)*") | LowercaseFilter() | CharsetFilter(accent_map)


def text_analyzer():
    """Article text: stop words out, spellings unified, stemmed, CJK bigrams."""
    return (
        _base()
        | StopFilter(stoplist=STOP_WORDS, minsize=1, renumber=True)
        | AmericanSpellingFilter()
        | CJKBigramFilter()
        | LatinStemFilter(cachesize=50000)
    )


def name_analyzer():
    """Names (people, sources): no stemming, no stop words, CJK bigrams."""
    return _base() | CJKBigramFilter()
