"""Every document a query matches, as a sorted numpy array, with (on request) its relevance.

Whoosh's ``docs_for_query`` walks the matches one document at a time in Python (about 2 µs
each: 200 ms for a common word at 100,000 articles), and its collector scores them the same
way. Here terms, prefixes, date ranges, phrases and AND/OR/NOT of them are evaluated a
posting block (up to 128 documents) at a time with numpy set operations, by one evaluator
that also scores every match with Whoosh's own BM25F formula, statistics and field lengths
when asked: a page in relevance order is then an ``argpartition``.
tests/test_search_scoring.py checks totals and order against Whoosh's.

What this cannot evaluate raises ``Unsupported`` (a phrase with a slop, a pure negation, a
weighting other than BM25F); what Whoosh's insides do unexpectedly raises
``InternalsError`` (archive.search.whoosh_internals). The backend answers both with
Whoosh's own evaluation, so the answer is always exact.
"""

import itertools
import logging
import threading
from collections import OrderedDict

import numpy as np
from whoosh import query as wq
from whoosh.util.times import long_to_datetime

from archive.search import whoosh_internals as internals
from archive.search.analysis import PAIRS_SUFFIX, pair_text
from archive.search.columns import COLUMNS
from archive.search.segments import deleted_docnums, leaf_readers, segment_id
from archive.search.whoosh_internals import EMPTY, NO_SCORES, InternalsError

log = logging.getLogger("archive.search")

__all__ = [
    "POSTINGS",
    "InternalsError",
    "PostingsCache",
    "Unsupported",
    "matching_docnums",
    "note_fallback",
    "phrase_docnums",
    "scored_docnums",
    "top_by_score",
]


class Unsupported(Exception):
    pass


def matching_docnums(searcher, q):
    """Sorted, unique document numbers (of the whole searcher) that ``q`` matches (by
    Whoosh's own matcher where this module cannot evaluate the query)."""
    try:
        return _Evaluator(searcher, scored=False).run(q)[0]
    except (Unsupported, InternalsError) as exc:
        note_fallback(exc)
        return np.fromiter(searcher.docs_for_query(q), dtype=np.int64)


_warned = set()


def note_fallback(exc):
    """Log, once a process for each kind, a query answered by Whoosh because Whoosh's insides
    surprised this module (an Unsupported query is expected and not logged)."""
    if isinstance(exc, InternalsError) and str(exc).split(":")[0] not in _warned:
        _warned.add(str(exc).split(":")[0])
        log.warning("Fast search path failed (%s); Whoosh answers such queries itself.", exc)


def scored_docnums(searcher, q):
    """(docnums, scores): every document ``q`` matches, sorted, with the score Whoosh's
    BM25F would give it."""
    return _Evaluator(searcher, scored=True).run(q)


def top_by_score(docs, scores, start, end):
    """The docnums ranked ``start`` to ``end`` by score (ties: lower docnum first, as in
    Whoosh's collector), without sorting every match."""
    if end <= start or not docs.size:
        return EMPTY, NO_SCORES
    keep = min(end, docs.size)
    if keep < docs.size:
        # Everything scoring at least the keep-th best score (ties included), then an exact
        # sort of that small set.
        threshold = np.partition(scores, docs.size - keep)[docs.size - keep]
        chosen = np.flatnonzero(scores >= threshold)
    else:
        chosen = np.arange(docs.size)
    order = chosen[np.lexsort((docs[chosen], -scores[chosen]))][start:end]
    return docs[order], scores[order]


class _Evaluator:
    """One query over every segment of a searcher: (docs, scores), scores None when
    ``scored`` is False (matching alone is cheaper: no frequencies, lengths or sums)."""

    def __init__(self, searcher, scored):
        self.searcher = searcher
        self.schema = searcher.schema
        self.scored = scored
        if scored:
            try:
                self.K1, self.B = internals.bm25f_parameters(searcher.weighting)
            except internals.NotBM25F as exc:
                raise Unsupported("weighting") from exc
        self._lengths = {}

    def run(self, q):
        docs_parts, score_parts = [], []
        for leaf, offset in leaf_readers(self.searcher):
            docs, scores = self.evaluate(leaf, q)
            if docs.size and leaf.has_deletions():
                keep = ~np.isin(docs, deleted_docnums(leaf))
                docs = docs[keep]
                scores = scores[keep] if scores is not None else None
            if docs.size:
                docs_parts.append(docs + offset)
                score_parts.append(scores)
        if not docs_parts:
            return EMPTY, (NO_SCORES if self.scored else None)
        docs = np.concatenate(docs_parts)
        return docs, (np.concatenate(score_parts) if self.scored else None)

    def docs(self, reader, q):
        """Only the documents of a sub-query (a negation, a phrase's filter)."""
        if not self.scored:
            return self.evaluate(reader, q)[0]
        return _Evaluator(self.searcher, scored=False).evaluate(reader, q)[0]

    def evaluate(self, reader, q):
        if isinstance(q, wq.Term):
            return self._term(reader, q.fieldname, q.text, q.boost)
        if q is wq.NullQuery:
            return self._none()
        if isinstance(q, wq.And):
            positives = [c for c in q.subqueries if not isinstance(c, wq.Not)]
            negatives = [c.query for c in q.subqueries if isinstance(c, wq.Not)]
            if not positives:
                raise Unsupported("a pure negation")
            docs, scores = self._intersection(reader, positives)
            for negative in negatives:
                if not docs.size:
                    break
                keep = ~np.isin(docs, self.docs(reader, negative))
                docs = docs[keep]
                # Whoosh intersects with an inverse matcher that scores 1.0.
                scores = scores[keep] + 1.0 if scores is not None else None
            return docs, self._boosted(scores, q.boost)
        if isinstance(q, wq.AndNot):
            docs, scores = self.evaluate(reader, q.a)
            keep = ~np.isin(docs, self.docs(reader, q.b))
            return docs[keep], self._boosted(scores[keep] if scores is not None else None, q.boost)
        if isinstance(q, wq.Or):
            if any(isinstance(c, wq.Not) for c in q.subqueries):
                raise Unsupported("a negation inside OR")
            return self._union([self.evaluate(reader, c) for c in q.subqueries], q.boost)
        if isinstance(q, wq.Prefix):
            # Whoosh scores a prefix as the OR of the words it expands to (and, exactly as
            # Whoosh does, drops the boost when it expands to a single word).
            texts = internals.prefix_terms(q, reader)
            parts = [self._term(reader, q.fieldname, t, 1.0) for t in texts]
            return self._union(parts, q.boost if len(texts) > 1 else 1.0)
        if isinstance(q, wq.Phrase):
            return self._phrase(reader, q)
        if isinstance(q, wq.Every):
            docs = self._every(reader, q.fieldname)
            # Whoosh's ListMatcher of every document: a constant score, the boost.
            return docs, (np.full(docs.size, float(q.boost)) if self.scored else None)
        if isinstance(q, wq.NumericRange):
            if q.fieldname in DATE_COLUMNS:
                docs = _published_between(reader, q)
            else:
                docs = self.docs(reader, internals.compiled_range(q, reader))
            # A constant score (Whoosh's ConstantScoreQuery): it only narrows.
            return docs, (np.full(docs.size, float(q.boost)) if self.scored else None)
        raise Unsupported(type(q).__name__)

    def _none(self):
        return EMPTY, (NO_SCORES if self.scored else None)

    @staticmethod
    def _boosted(scores, boost):
        return scores * boost if scores is not None and boost != 1.0 else scores

    def _intersection(self, reader, queries):
        """The documents in every sub-query, their scores summed (as Whoosh's intersection
        matcher does). Unscored, the smallest sets go first; either way it stops once
        nothing is left."""
        if not self.scored:
            sets = sorted((self.evaluate(reader, c)[0] for c in queries), key=len)
            docs = sets[0]
            for other in sets[1:]:
                if not docs.size:
                    break
                docs = np.intersect1d(docs, other, assume_unique=True)
            return docs, None
        return self._scored_intersection(self.evaluate(reader, c) for c in queries)

    @staticmethod
    def _scored_intersection(parts):
        docs = scores = None
        for other_docs, other_scores in parts:
            if docs is None:
                docs, scores = other_docs, other_scores
            else:
                docs, mine, theirs = np.intersect1d(
                    docs, other_docs, assume_unique=True, return_indices=True
                )
                scores = scores[mine] + other_scores[theirs]
            if not docs.size:
                break
        return (EMPTY, NO_SCORES) if docs is None else (docs, scores)

    def _union(self, parts, boost):
        parts = [(d, s) for d, s in parts if d.size]
        if not parts:
            return self._none()
        if not self.scored:
            docs = (
                parts[0][0] if len(parts) == 1 else np.unique(np.concatenate([d for d, _ in parts]))
            )
            return docs, None
        if len(parts) == 1:
            docs, scores = parts[0]
            return docs, scores * boost
        docs, inverse = np.unique(np.concatenate([d for d, _s in parts]), return_inverse=True)
        scores = np.bincount(inverse, weights=np.concatenate([s for _d, s in parts]))
        return docs, scores * boost

    def _phrase(self, reader, q):
        words = _phrase_words(reader, q)
        if not words:
            return self._none()
        matched = phrase_docnums(reader, q, words)
        if not self.scored:
            return matched, None
        # Whoosh scores a phrase as the AND of its words, in the documents where they stand
        # together.
        docs, scores = self._scored_intersection(
            self._term(reader, q.fieldname, w, 1.0) for w in words
        )
        keep = np.isin(docs, matched, assume_unique=True)
        return docs[keep], scores[keep] * q.boost

    def _every(self, reader, fieldname):
        """Every document (a search of filters alone: ``*``), or every document with a
        word in a field, from its lengths (Whoosh reads every term's postings for that)."""
        if fieldname is None:
            return np.arange(reader.doc_count_all(), dtype=np.int64)
        field = self.schema[fieldname] if fieldname in self.schema else None  # noqa: SIM401
        if field is None or not field.scorable:
            raise Unsupported("every document with a field without lengths")
        return np.flatnonzero(self._field_lengths(reader, fieldname) > 0).astype(np.int64)

    def _term(self, reader, fieldname, text, boost):
        if fieldname not in self.schema:
            return self._none()
        field = self.schema[fieldname]
        try:
            btext = field.to_bytes(text) if isinstance(text, str) else text
        except ValueError:
            return self._none()
        docs, frequencies = _postings(reader, fieldname, btext)
        if not self.scored:
            return docs, None
        if not docs.size:
            return EMPTY, NO_SCORES
        if not field.scorable:
            scores = frequencies  # Whoosh's WeightScorer
        else:
            idf = self.searcher.idf(fieldname, btext)
            average = self.searcher.avg_field_length(fieldname) or 1.0
            lengths = self._field_lengths(reader, fieldname)[docs]
            K1, B = self.K1, self.B
            scores = idf * (
                (frequencies * (K1 + 1)) / (frequencies + K1 * ((1 - B) + B * lengths / average))
            )
        return docs, scores * boost if boost != 1.0 else scores

    def _field_lengths(self, reader, fieldname):
        key = (id(reader), fieldname)
        lengths = self._lengths.get(key)
        if lengths is None:
            lengths = self._lengths[key] = internals.field_lengths(reader, fieldname)
        return lengths


# The date fields the fast path answers from columns: the first and the last day of each
# article's date period, as ordinal days (0 when undated).
DATE_COLUMNS = {"published": "sort_newest", "published_until": "period_end"}


def _published_between(reader, q):
    """A date range from the per-document date keys (archive.search.columns) instead of
    the dozens of numeric terms Whoosh would read."""
    keys = COLUMNS.segment(reader).sort[DATE_COLUMNS[q.fieldname]]
    # The parser gives DATETIME bounds as Whoosh's long integers; dates have no time here.
    low = long_to_datetime(q.start).toordinal() if q.start is not None else 1
    high = long_to_datetime(q.end).toordinal() if q.end is not None else np.iinfo(np.int64).max
    if q.startexcl:
        low += 1
    if q.endexcl:
        high -= 1
    return np.flatnonzero((keys >= max(low, 1)) & (keys <= high)).astype(np.int64)


def _phrase_words(reader, q):
    """The phrase's words as index terms (None if one cannot be a term of the field).
    Raises Unsupported where Whoosh's own matcher is needed (a slop, no positions)."""
    if q.slop != 1 or q.fieldname not in reader.schema:
        raise Unsupported("a phrase with slop")
    field = reader.schema[q.fieldname]
    if not field.format or not field.format.supports("positions"):
        raise Unsupported("a phrase on a field without positions")
    try:
        return [field.to_bytes(word) for word in q.words]
    except ValueError:
        return None


def phrase_docnums(reader, q, words=None):
    """The documents where the phrase's words stand next to each other, in order (Whoosh's
    phrase with its default slop of 1).

    Where the field's twin holds the pairs of frequent words (archive.search.analysis),
    the documents holding each such pair of the phrase: for a phrase of two frequent words,
    exactly the answer. Otherwise (a rarer word, or more words) the documents holding every
    word and every such pair are the candidates, and the positions of each word in them,
    decoded from the postings into flat arrays, give the (document, start) pairs every word
    agrees on."""
    words = words if words is not None else _phrase_words(reader, q)
    if not words:
        return EMPTY
    if len(words) == 1:
        return _postings(reader, q.fieldname, words[0])[0]
    candidates = None
    frequent = _pairable(reader, q.fieldname)
    if frequent:
        twin = q.fieldname + PAIRS_SUFFIX
        texts = [w.decode("utf-8") for w in words]
        paired = 0
        for first, second in itertools.pairwise(texts):
            if first in frequent and second in frequent:
                docs = _postings(reader, twin, pair_text(first, second).encode("utf-8"))[0]
                candidates = docs if candidates is None else _intersect(candidates, docs)
                paired += 1
                if not candidates.size:
                    return EMPTY
        if paired == 1 and len(words) == 2:
            return candidates
    if not internals.has_positions(reader.schema[q.fieldname]):
        raise Unsupported("a phrase on a field with another format")
    word_docs = [_postings(reader, q.fieldname, word)[0] for word in words]
    for docs in sorted(word_docs, key=len):
        candidates = docs if candidates is None else _intersect(candidates, docs)
        if not candidates.size:
            return EMPTY
    starts = None  # keys of (candidate, where the phrase would start)
    for offset, (word, docs) in enumerate(zip(words, word_docs, strict=True)):
        owners, positions = _positions_in(reader, q.fieldname, word, docs, candidates)
        keep = positions >= offset
        # Already sorted and unique: owners ascend, and positions ascend within each.
        keys = owners[keep] * _STRIDE + (positions[keep] - offset)
        starts = keys if starts is None else _intersect(starts, keys)
        if not starts.size:
            return EMPTY
    return candidates[np.unique(starts // _STRIDE)]


def _intersect(a, b):
    """The values in both of two ascending arrays of unique values: the shorter looked up
    in the longer (np.intersect1d sorts both together, several times slower)."""
    if a.size < b.size:
        a, b = b, a
    if not b.size:
        return b
    at = np.searchsorted(a, b)
    at[at == a.size] = 0
    return b[a[at] == b]


_PAIRED = {}  # (segment id, field) -> the frequent words whose pairs the segment holds


def _pairable(reader, fieldname):
    """The words whose adjacent pairs a segment's twin of the field holds (empty when it
    has no twin, or no pair where the field has words: a segment written without them is
    answered from positions)."""
    twin = fieldname + PAIRS_SUFFIX
    if twin not in reader.schema:
        return frozenset()
    key = (segment_id(reader), fieldname)
    found = _PAIRED.get(key) if key[0] is not None else None
    if found is None:
        frequent = getattr(reader.schema[twin], "frequent", frozenset())
        has_words = next(iter(reader.lexicon(fieldname)), None) is not None
        has_pairs = next(iter(reader.lexicon(twin)), None) is not None
        found = frequent if (has_pairs or not has_words) else frozenset()
        if key[0] is not None:
            if len(_PAIRED) > 10000:  # segments come and go: forget the old ones
                _PAIRED.clear()
            _PAIRED[key] = found
    return found


_STRIDE = 1 << 32  # positions in a document stay far below this


class PostingsCache:
    """The decoded postings of the most-used common words, per segment.

    Decoding a posting list is most of a search's cost for a word in most articles (every
    block is unpickled: 100-250 ms at 100,000 articles), and the same few common words are
    searched again and again. Segments never change once written, so a decoded list stays
    right for as long as its segment lives. Bounded in bytes, least recently used first out.
    """

    MIN_POSTINGS = 2000
    MAX_BYTES = 48 * 1024 * 1024

    def __init__(self):
        self.lock = threading.Lock()
        self.entries = OrderedDict()
        self.bytes = 0

    def get(self, key):
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
            return found

    def put(self, key, *arrays):
        """Keep ``arrays`` (a term's docnums and frequencies, or its positions) under
        ``key`` when the term is common (its first array is long) and they fit."""
        size = sum(a.nbytes for a in arrays)
        if arrays[0].size < self.MIN_POSTINGS or size > self.MAX_BYTES // 4:
            return
        # Shared by every search from now on: nobody may change them in place.
        for array in arrays:
            array.flags.writeable = False
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = arrays
            self.bytes += size
            while self.bytes > self.MAX_BYTES and self.entries:
                _key, old = self.entries.popitem(last=False)
                self.bytes -= sum(a.nbytes for a in old)

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.bytes = 0


POSTINGS = PostingsCache()


class PositionsCache(PostingsCache):
    """The decoded positions of the most-used common words, per segment: a phrase of
    common words decodes every position of each word in the documents holding them all
    (a pickle a document: 100-300 ms at 100,000 articles); once decoded, a word's
    positions in any documents are a few array operations. Flat int32 positions and each
    document's offset into them; bounded in bytes, least recently used first out."""

    MAX_BYTES = 32 * 1024 * 1024


POSITIONS = PositionsCache()


def _positions_in(reader, fieldname, btext, docs, candidates):
    """(owner, position) of one word in ``candidates`` (indices into ``candidates``;
    positions ascending within each): from the cache for a common word (decoding all its
    positions once), else decoded from the posting blocks holding the candidates."""
    segid = segment_id(reader)
    if segid is None or docs.size < POSITIONS.MIN_POSTINGS:
        values = internals.read_values_of(reader, fieldname, btext, candidates)
        return internals.decode_positions(values)
    key = (segid, fieldname, btext)
    found = POSITIONS.get(key)
    if found is None:
        values = internals.read_values_of(reader, fieldname, btext, docs)
        owners, positions = internals.decode_positions(values)
        offsets = np.zeros(docs.size + 1, dtype=np.int64)
        np.cumsum(np.bincount(owners, minlength=docs.size), out=offsets[1:])
        found = (offsets, positions.astype(np.int32))
        POSITIONS.put(key, *found)
    offsets, flat = found
    at = np.searchsorted(docs, candidates)
    starts, lengths = offsets[at], offsets[at + 1] - offsets[at]
    owners = np.repeat(np.arange(candidates.size, dtype=np.int64), lengths)
    # Each candidate's run of positions: its start, then one by one.
    before = np.cumsum(lengths) - lengths
    picks = np.repeat(starts - before, lengths) + np.arange(int(lengths.sum()), dtype=np.int64)
    return owners, flat[picks].astype(np.int64)


def _postings(reader, fieldname, btext):
    """(docnums, frequencies) of one term in one segment (deletions ignored here; the
    caller masks them once), from the cache when the word is common."""
    segid = segment_id(reader)
    key = (segid, fieldname, btext) if segid is not None else None
    found = POSTINGS.get(key) if key else None
    if found is not None:
        return found
    docs, frequencies = internals.read_postings(reader, fieldname, btext)
    if key:
        POSTINGS.put(key, docs, frequencies)
    return docs, frequencies
