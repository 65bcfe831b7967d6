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
    Analyzer,
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
)
from whoosh.fields import FieldType
from whoosh.formats import Existence
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


# Word pairs: phrases of common words without positions -----------------------------------
#
# A phrase of common words is costly from positions: every document holding all its words
# has its position list decoded (90,000 documents for "nuclear test" at 100,000 articles,
# about 300 ms). So each positional text field has a twin, ``<field>__pairs``, holding every
# two adjacent words of the field as one term ("nuclear test"), without positions, where
# both words are frequent in the archive (FREQUENT_* below, chosen from a sample when the
# index is built; stored with the index's schema). A two-word phrase of frequent words is
# then one posting list, exactly the documents Whoosh's phrase matches (adjacent positions,
# in order); a longer phrase is the documents holding all its pairs, checked against
# positions in those only (archive.search.matching). A phrase with a rarer word is quick
# from positions: few documents hold that word. Pairs of every word would double the time
# an index takes to build (most pairs are rare: a term each, the writer's cost).

PAIRS_SUFFIX = "__pairs"
# A word is frequent when at least this share of the sampled documents holds it (at most
# FREQUENT_MAX words a field, the most frequent first).
FREQUENT_SHARE = 0.05
FREQUENT_MAX = 1000
FREQUENT_SAMPLE = 2000


def frequent_words(analyzer, texts):
    """The words of ``texts`` (a sample of one field's values) frequent enough to pair."""
    from collections import Counter

    counts = Counter()
    total = 0
    for text in texts:
        total += 1
        if text:
            counts.update({t.text for t in analyzer(text, mode="index")})
    least = max(2, FREQUENT_SHARE * total)
    return frozenset(w for w, n in counts.most_common(FREQUENT_MAX) if n >= least)


def pair_text(first, second):
    """The pair term of two adjacent analysed words (a space never occurs in a word)."""
    return f"{first} {second}"


class RememberingAnalyzer(Analyzer):
    """An analyzer that remembers the words and positions of the last text it indexed, so
    that the field's twin of word pairs (indexed right after it: Whoosh writes a document's
    fields in name order, and the twin's name extends the field's) reuses that analysis
    instead of running it again."""

    def __init__(self, inner):
        self.inner = inner
        self._last = (None, None)

    def __getstate__(self):
        return {"inner": self.inner}

    def __setstate__(self, state):
        self.inner = state["inner"]
        self._last = (None, None)

    def __eq__(self, other):
        return type(other) is type(self) and other.inner == self.inner

    def __hash__(self):
        return hash((type(self), id(self.inner)))

    def clean(self):
        self.inner.clean()
        self._last = (None, None)

    def has_morph(self):
        # Whoosh keeps a separate unstemmed field of spelling words where the analyzer stems.
        return self.inner.has_morph()

    def __call__(self, value, **kwargs):
        if kwargs.get("mode") != "index" or not kwargs.get("positions") or kwargs.get("no_morph"):
            return self.inner(value, **kwargs)
        return self._remembered(value, kwargs)

    def _remembered(self, value, kwargs):
        seen = []
        for token in self.inner(value, **kwargs):
            seen.append((token.text, token.pos))
            yield token
        self._last = (value, seen)

    def words(self, value):
        """[(word, position)] of an indexed text: the remembered analysis when it is of
        this very text, else a new one."""
        last_value, seen = self._last
        if seen is None or (last_value is not value and last_value != value):
            seen = [(t.text, t.pos) for t in self.inner(value, positions=True, mode="index")]
        return seen


class WordPairsAnalyzer(Analyzer):
    """Every two adjacent words of a text, both frequent, as the twin field's analyzer
    analyses them."""

    def __init__(self, words, frequent=frozenset()):
        self.words = words  # a RememberingAnalyzer
        self.frequent = frozenset(frequent)

    def __eq__(self, other):
        return (
            type(other) is type(self)
            and other.words == self.words
            and other.frequent == self.frequent
        )

    def __hash__(self):
        return hash((type(self), id(self.words)))

    def __call__(self, value, **kwargs):
        token = Token(**kwargs)
        token.boost = 1.0
        frequent = self.frequent
        previous_text, previous_pos = None, None
        for text, pos in self.words.words(value):
            if text in frequent:
                if previous_pos is not None and pos == previous_pos + 1:
                    token.text = pair_text(previous_text, text)
                    yield token
                previous_text, previous_pos = text, pos
            else:
                previous_text, previous_pos = None, None


class WORDPAIRS(FieldType):
    """The twin of a positional text field: its adjacent pairs of frequent words, present
    or not (no frequencies, positions or lengths: never scored, only matched)."""

    def __init__(self, words_analyzer, frequent=frozenset(), sampled=0):
        super().__init__(Existence(), WordPairsAnalyzer(words_analyzer, frequent))
        self.sampled = sampled  # the documents the frequent words were chosen from

    @property
    def frequent(self):
        return self.analyzer.frequent
