"""Text analysis for the Whoosh index (and for highlighting, which must agree with it).

- British and American spellings meet: words are brought to the American form before
  stemming (denuclearisation -> denuclearization, colour -> color, defence -> defense).
- Hyphenated and spaced romanisations meet: "Jong-un" and "Jong Un" are the same two tokens,
  and a query word that yields several tokens is searched as a phrase.
- Accents are folded (Pyongyang, Pyŏngyang).
- Korean, Chinese and Japanese runs, which carry no spaces between words (or particles glued
  to names: 김정은은), are indexed as overlapping character bigrams.
"""

from whoosh.analysis import (
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.support.charset import accent_map

from archive.search.fields import SNOWBALL_NAMES
from archive.search.text import (
    CJK_RUN_RE,
    STOP_WORDS,
    WORD_PATTERN,
    americanize_cached,
    cjk_pieces,
)


class CJKBigramFilter(Filter):
    """Split runs of CJK characters into overlapping bigrams; other text passes through."""

    def __call__(self, tokens):
        position_shift = 0
        for token in tokens:
            text = token.text
            if text.isascii() or not CJK_RUN_RE.search(text):
                if token.positions:
                    token.pos += position_shift
                yield token
                continue
            pieces = cjk_pieces(text)
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


class AmericanSpellingFilter(Filter):
    def __call__(self, tokens):
        spell = americanize_cached
        for token in tokens:
            token.text = spell(token.text)
            yield token


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
                and (text.isascii() or not CJK_RUN_RE.search(text))
            ):
                token.text = stemfn(text)
            yield token


def _base():
    # Tokens are runs of letters and digits, with internal dots kept (U.S., 2.5).
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


def text_analyzer():
    """Article text: stop words out, spellings unified, stemmed, CJK bigrams."""
    return (
        _base()
        | StopFilter(stoplist=STOP_WORDS, minsize=1, renumber=True)
        | AmericanSpellingFilter()
        | CJKBigramFilter()
        | LatinStemFilter(cachesize=50000)
    )


def language_analyzer(code):
    """Text in one language: its stop words out (where Whoosh lists them), its Snowball
    stemmer (snowballstemmer: Whoosh's own Arabic stemmer fails on Python 3), accents
    folded after stemming (the stemmers know the accented forms); CJK bigrams as
    everywhere."""
    import snowballstemmer
    from whoosh.lang import has_stopwords, stopwords_for_language

    analyzer = RegexTokenizer(WORD_PATTERN) | LowercaseFilter()
    if has_stopwords(code):
        analyzer = analyzer | StopFilter(stoplist=stopwords_for_language(code), minsize=1)
    stemmer = snowballstemmer.stemmer(SNOWBALL_NAMES[code])
    return (
        analyzer
        | CJKBigramFilter()
        | LatinStemFilter(stemfn=stemmer.stemWord, cachesize=50000)
        | CharsetFilter(accent_map)
    )


def name_analyzer():
    """Names (people, sources): no stemming, no stop words, CJK bigrams."""
    return _base() | CJKBigramFilter()
