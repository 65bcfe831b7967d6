"""The archive's text analysis as plain rules, shared by every engine: the token pattern,
the stop words, CJK bigrams and British/American spellings (archive.search.analysis builds
Whoosh's analyzers from them; archive.search.elastic writes them as Elasticsearch's index
settings). ``analyze`` runs them in plain Python, for highlighting when the engine is not
Whoosh. No engine is imported here."""

import functools
import re
import unicodedata
from dataclasses import dataclass

import snowballstemmer

from archive.search.spelling_variants import americanize

# Runs of letters and digits, with internal dots kept (U.S., 2.5).
WORD_PATTERN = r"\w+(?:\.?\w+)*"
_TOKEN_RE = re.compile(WORD_PATTERN)
CJK_RUN_RE = re.compile(
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


def cjk_pieces(text):
    """(piece, offset) pairs: bigrams inside CJK runs, the other parts whole."""
    pieces = []
    last = 0
    for match in CJK_RUN_RE.finditer(text):
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


# Word frequencies are Zipfian: a modest cache answers almost every token.
americanize_cached = functools.lru_cache(maxsize=100_000)(americanize)


@dataclass
class Token:
    text: str
    startchar: int
    endchar: int


_stemmer = snowballstemmer.stemmer("porter")


def _fold_accents(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def analyze(text, chars=True, mode="index"):
    """The tokens of ``text`` as the index holds them (lower case, accents folded, stop words
    out, American spelling, CJK bigrams, Porter stems), with their character offsets."""
    for match in _TOKEN_RE.finditer(text):
        word = _fold_accents(match.group().lower())
        if word in STOP_WORDS:
            continue
        word = americanize_cached(word)
        if CJK_RUN_RE.search(word):
            for piece, offset in cjk_pieces(word):
                start = match.start() + offset
                yield Token(piece, start, start + len(piece))
            continue
        yield Token(_stemmer.stemWord(word), match.start(), match.end())


@functools.cache
def _language_stemmer(code):
    from archive.search.fields import SNOWBALL_NAMES

    return snowballstemmer.stemmer(SNOWBALL_NAMES[code])


def analyze_language(text, code):
    """The tokens of ``text`` as a language's field holds them (archive.search.analysis:
    lower case, the language's Snowball stem, accents folded), with their offsets."""
    stem = _language_stemmer(code).stemWord
    for match in _TOKEN_RE.finditer(text):
        word = match.group().lower()
        if CJK_RUN_RE.search(word):
            continue
        yield Token(_fold_accents(stem(word)), match.start(), match.end())


def edit_distance(a, b, limit=2):
    """Optimal-string-alignment distance (a swap of neighbours counts one); words whose
    lengths differ by more than ``limit`` are answered ``limit + 1`` at once."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2 = None
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                previous2 is not None
                and i > 1
                and j > 1
                and a[i - 1] == b[j - 2]
                and a[i - 2] == b[j - 1]
            ):
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]
