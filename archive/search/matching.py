"""Every document a query matches, as a sorted numpy array, and their relevance scores.

Whoosh's ``docs_for_query`` walks the matches one document at a time in Python (about 2 µs
each: 200 ms for a common word at 100,000 articles). Terms, prefixes, date ranges and
AND/OR/NOT of them are evaluated here a posting block (up to 128 documents) at a time with
numpy set operations instead, phrases by checking the positions of the documents that have
every word; anything else falls back to Whoosh, so the answer is always exact.

``scored_docnums`` also scores every match with Whoosh's own BM25F formula, statistics and
field lengths (the same scores Whoosh's collector computes one document at a time, which
costs 300 ms for a word in most of 100,000 articles): a page in relevance order is then an
``argpartition``. tests/test_search_scoring.py checks the order against Whoosh's.
"""

import pickle
import threading
from collections import OrderedDict
from itertools import chain

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.formats import Positions
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length
from whoosh.util.times import long_to_datetime

EMPTY = np.zeros(0, dtype=np.int64)
NO_SCORES = np.zeros(0, dtype=np.float64)
# Whoosh stores each field length as one byte (a logarithmic approximation).
BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


class Unsupported(Exception):
    pass


def leaf_readers(searcher):
    """[(segment reader, first docnum)] of a searcher (one pair for a single segment)."""
    reader = searcher.reader()
    return reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]


def _deleted_in(leaf):
    return np.fromiter(leaf.segment().deleted_docs(), dtype=np.int64)


def matching_docnums(searcher, q):
    """Sorted, unique document numbers (of the whole searcher) that ``q`` matches."""
    try:
        parts = []
        for leaf, offset in leaf_readers(searcher):
            docs = _evaluate(leaf, q)
            if docs.size and leaf.has_deletions():
                docs = np.setdiff1d(docs, _deleted_in(leaf), assume_unique=True)
            if docs.size:
                parts.append(docs + offset)
        return np.concatenate(parts) if parts else EMPTY
    except Unsupported:
        return np.fromiter(searcher.docs_for_query(q), dtype=np.int64)


def _evaluate(reader, q):
    if isinstance(q, wq.Term):
        return _postings(reader, q.fieldname, q.text)
    if q is wq.NullQuery:
        return EMPTY
    if isinstance(q, wq.And):
        positives = [c for c in q.subqueries if not isinstance(c, wq.Not)]
        negatives = [c.query for c in q.subqueries if isinstance(c, wq.Not)]
        if not positives:
            raise Unsupported("a pure negation")
        # Cheapest first: each intersection only shrinks the set.
        sets = sorted((_evaluate(reader, c) for c in positives), key=len)
        result = sets[0]
        for other in sets[1:]:
            if not result.size:
                return EMPTY
            result = np.intersect1d(result, other, assume_unique=True)
        for negative in negatives:
            if not result.size:
                break
            result = np.setdiff1d(result, _evaluate(reader, negative), assume_unique=True)
        return result
    if isinstance(q, wq.AndNot):
        return np.setdiff1d(_evaluate(reader, q.a), _evaluate(reader, q.b), assume_unique=True)
    if isinstance(q, wq.Or):
        if any(isinstance(c, wq.Not) for c in q.subqueries):
            raise Unsupported("a negation inside OR")
        sets = [_evaluate(reader, c) for c in q.subqueries]
        sets = [s for s in sets if s.size]
        return np.unique(np.concatenate(sets)) if sets else EMPTY
    if isinstance(q, wq.Prefix):
        texts = list(q._btexts(reader))
        return _union_of_terms(reader, q.fieldname, texts)
    if isinstance(q, wq.Phrase):
        return phrase_docnums(reader, q)
    if isinstance(q, wq.NumericRange) and q.fieldname == "published":
        return _published_between(reader, q)
    if isinstance(q, wq.NumericRange):
        return _evaluate(reader, q._compile_query(reader))
    raise Unsupported(type(q).__name__)


def _published_between(reader, q):
    """A date range from the per-document date keys (archive.search.columns) instead of
    the dozens of numeric terms Whoosh would read."""
    from archive.search.columns import COLUMNS

    keys = COLUMNS.segment(reader).sort["sort_newest"]  # ordinal day, 0 when undated
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


def phrase_docnums(reader, q):
    """The documents where the phrase's words stand next to each other, in order (Whoosh's
    phrase with its default slop of 1): the documents with every word (numpy), then the
    positions of each word in them, decoded from the postings into flat arrays, and the
    (document, start) pairs every word agrees on."""
    words = _phrase_words(reader, q)
    if not words:
        return EMPTY
    if len(words) == 1:
        return _postings(reader, q.fieldname, words[0])
    if type(reader.schema[q.fieldname].format) is not Positions:
        raise Unsupported("a phrase on a field with another format")
    postings = [_postings_with_values(reader, q.fieldname, word) for word in words]
    candidates = postings[0][0]
    for docs, _values in postings[1:]:
        candidates = np.intersect1d(candidates, docs, assume_unique=True)
    if not candidates.size:
        return EMPTY
    starts = None  # keys of (candidate, where the phrase would start)
    for offset, (docs, values) in enumerate(postings):
        owners, positions = _positions_of(values, np.searchsorted(docs, candidates))
        keep = positions >= offset
        # Already sorted and unique: owners ascend, and positions ascend within each.
        keys = owners[keep] * _STRIDE + (positions[keep] - offset)
        starts = keys if starts is None else np.intersect1d(starts, keys, assume_unique=True)
        if not starts.size:
            return EMPTY
    return candidates[np.unique(starts // _STRIDE)]


_STRIDE = 1 << 32  # positions in a document stay far below this


def _positions_of(values, indices):
    """(owner, position) arrays for the postings at ``indices``: owner is the index into
    ``indices``. whoosh.formats.Positions stores a 4-byte count, then the position deltas
    pickled (the index's own data, which Whoosh unpickles the same way)."""
    deltas = [
        pickle.loads(v[4:] if v.endswith(b".") else v[4:] + b".")  # noqa: S301
        for v in (values[i] for i in indices.tolist())
    ]
    lengths = np.fromiter(map(len, deltas), dtype=np.int64, count=len(deltas))
    flat = np.fromiter(chain.from_iterable(deltas), dtype=np.int64, count=int(lengths.sum()))
    running = np.cumsum(flat)
    # Restart the running sum at each document's first delta.
    before = np.concatenate(([0], running))[np.cumsum(lengths) - lengths]
    positions = running - np.repeat(before, lengths)
    owners = np.repeat(np.arange(len(deltas), dtype=np.int64), lengths)
    return owners, positions


def _postings_with_values(reader, fieldname, text):
    """(docnums, encoded values) of one term."""
    try:
        matcher = reader.postings(fieldname, text)
    except TermNotFound:
        return EMPTY, []
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    if not hasattr(matcher, "_read_values") or not hasattr(matcher, "_next_block"):
        raise Unsupported("postings without blocks")
    docs, values = _postings(reader, fieldname, text), []
    while matcher.is_active():
        matcher._read_values()
        values.extend(matcher._values)
        matcher._next_block()
    return docs, values


def _union_of_terms(reader, fieldname, texts):
    sets = [_postings(reader, fieldname, text) for text in texts]
    sets = [s for s in sets if s.size]
    return np.unique(np.concatenate(sets)) if sets else EMPTY


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

    def put(self, key, docs, frequencies):
        size = docs.nbytes + frequencies.nbytes
        if docs.size < self.MIN_POSTINGS or size > self.MAX_BYTES // 4:
            return
        # Shared by every search from now on: nobody may change them in place.
        docs.flags.writeable = False
        frequencies.flags.writeable = False
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = (docs, frequencies)
            self.bytes += size
            while self.bytes > self.MAX_BYTES and self.entries:
                _key, (old_docs, old_frequencies) = self.entries.popitem(last=False)
                self.bytes -= old_docs.nbytes + old_frequencies.nbytes

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.bytes = 0


POSTINGS = PostingsCache()


def _postings(reader, fieldname, text, weights=False):
    """The document numbers of one term (and, with ``weights``, its frequency in each),
    read a block at a time (deletions ignored here; the callers mask them once)."""
    if isinstance(text, str) and fieldname in reader.schema:
        try:
            text = reader.schema[fieldname].to_bytes(text)
        except ValueError:
            return (EMPTY, NO_SCORES) if weights else EMPTY
    segment = reader.segment() if hasattr(reader, "segment") else None  # None: empty index
    key = (segment.segment_id(), fieldname, text) if segment is not None else None
    found = POSTINGS.get(key) if key else None
    if found is not None:
        return found if weights else found[0]
    docs, frequencies = _read_postings(reader, fieldname, text)
    if key:
        POSTINGS.put(key, docs, frequencies)
    return (docs, frequencies) if weights else docs


def _read_postings(reader, fieldname, text):
    try:
        matcher = reader.postings(fieldname, text)
    except TermNotFound:
        return EMPTY, NO_SCORES
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    if not hasattr(matcher, "_read_ids") or not hasattr(matcher, "_next_block"):
        pairs = [(docnum, matcher.weight()) for docnum in _walk(matcher)]
        docs = np.array([d for d, _w in pairs], dtype=np.int64)
        return docs, np.array([w for _d, w in pairs], dtype=np.float64)
    blocks, frequencies = [], []
    while matcher.is_active():
        if matcher._byteids:
            # Small segments store absolute ids as bytes: let Whoosh decode them.
            if matcher._ids is None:
                matcher._read_ids()
            blocks.append(np.fromiter(matcher._ids, dtype=np.int64))
        else:
            if matcher._data is None:
                matcher._read_data()
            # Stored as deltas from the previous id.
            blocks.append(np.cumsum(np.asarray(matcher._data[0], dtype=np.int64)))
        matcher._read_weights()
        frequencies.append(np.asarray(matcher._weights, dtype=np.float64))
        matcher._next_block()
    if not blocks:
        return EMPTY, NO_SCORES
    return np.concatenate(blocks), np.concatenate(frequencies)


def _walk(matcher):
    while matcher.is_active():
        yield matcher.id()
        matcher.next()


# Scores ------------------------------------------------------------------------------------


def scored_docnums(searcher, q):
    """(docnums, scores): every document ``q`` matches, sorted, with the score Whoosh's
    BM25F would give it. Raises Unsupported for what only Whoosh can score (phrases with a
    slop, a weighting other than the default)."""
    weighting = searcher.weighting
    if type(weighting) is not BM25F or weighting._field_B:
        raise Unsupported("weighting")
    scorer = _Scorer(searcher, weighting)
    docs_parts, score_parts = [], []
    for leaf, offset in leaf_readers(searcher):
        docs, scores = scorer.evaluate(leaf, q)
        if docs.size and leaf.has_deletions():
            keep = ~np.isin(docs, _deleted_in(leaf))
            docs, scores = docs[keep], scores[keep]
        if docs.size:
            docs_parts.append(docs + offset)
            score_parts.append(scores)
    if not docs_parts:
        return EMPTY, NO_SCORES
    return np.concatenate(docs_parts), np.concatenate(score_parts)


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


class _Scorer:
    def __init__(self, searcher, weighting):
        self.searcher = searcher
        self.B, self.K1 = weighting.B, weighting.K1
        self.schema = searcher.schema
        self._lengths = {}

    def evaluate(self, reader, q):
        if isinstance(q, wq.Term):
            return self._term(reader, q.fieldname, q.text, q.boost)
        if q is wq.NullQuery:
            return EMPTY, NO_SCORES
        if isinstance(q, wq.And):
            positives = [c for c in q.subqueries if not isinstance(c, wq.Not)]
            negatives = [c.query for c in q.subqueries if isinstance(c, wq.Not)]
            if not positives:
                raise Unsupported("a pure negation")
            docs, scores = self._intersection(self.evaluate(reader, c) for c in positives)
            for negative in negatives:
                if not docs.size:
                    break
                keep = ~np.isin(docs, _evaluate(reader, negative))
                # Whoosh intersects with an inverse matcher that scores 1.0.
                docs, scores = docs[keep], scores[keep] + 1.0
            return docs, scores * q.boost
        if isinstance(q, wq.AndNot):
            docs, scores = self.evaluate(reader, q.a)
            keep = ~np.isin(docs, _evaluate(reader, q.b))
            return docs[keep], scores[keep] * q.boost
        if isinstance(q, wq.Or):
            if any(isinstance(c, wq.Not) for c in q.subqueries):
                raise Unsupported("a negation inside OR")
            return self._union([self.evaluate(reader, c) for c in q.subqueries], q.boost)
        if isinstance(q, wq.Prefix):
            # Whoosh scores a prefix as the OR of the words it expands to (and, exactly as
            # Whoosh does, drops the boost when it expands to a single word).
            texts = [t for t in q._btexts(reader) if t]
            parts = [self._term(reader, q.fieldname, t, 1.0) for t in texts]
            return self._union(parts, q.boost if len(texts) > 1 else 1.0)
        if isinstance(q, wq.Phrase):
            # Whoosh scores a phrase as the AND of its words, in the documents where they
            # stand together.
            words = _phrase_words(reader, q)
            if not words:
                return EMPTY, NO_SCORES
            docs, scores = self._intersection(
                self._term(reader, q.fieldname, w, 1.0) for w in words
            )
            keep = np.isin(docs, phrase_docnums(reader, q), assume_unique=True)
            return docs[keep], scores[keep] * q.boost
        if isinstance(q, wq.NumericRange):
            # A constant score (Whoosh's ConstantScoreQuery): it only narrows.
            docs = _evaluate(reader, q)
            return docs, np.full(docs.size, float(q.boost))
        raise Unsupported(type(q).__name__)

    @staticmethod
    def _intersection(parts):
        """The documents in every (docs, scores) part, their scores summed (as Whoosh's
        intersection matcher does). Stops reading parts once nothing is left."""
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

    @staticmethod
    def _union(parts, boost):
        parts = [(d, s) for d, s in parts if d.size]
        if not parts:
            return EMPTY, NO_SCORES
        if len(parts) == 1:
            docs, scores = parts[0]
            return docs, scores * boost
        docs, inverse = np.unique(np.concatenate([d for d, _s in parts]), return_inverse=True)
        scores = np.bincount(inverse, weights=np.concatenate([s for _d, s in parts]))
        return docs, scores * boost

    def _term(self, reader, fieldname, text, boost):
        if fieldname not in self.schema:
            return EMPTY, NO_SCORES
        field = self.schema[fieldname]
        try:
            btext = field.to_bytes(text)
        except ValueError:
            return EMPTY, NO_SCORES
        docs, frequencies = _postings(reader, fieldname, btext, weights=True)
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
        """Every document's length in a field (as Whoosh approximates it), per segment."""
        key = (id(reader), fieldname)
        lengths = self._lengths.get(key)
        if lengths is None:
            lengths = self._lengths[key] = segment_field_lengths(reader, fieldname)
        return lengths


def segment_field_lengths(reader, fieldname):
    doccount = reader.doc_count_all()
    column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    raw = np.zeros(doccount, dtype=np.uint8)
    if column is not None:
        count = min(column._count, doccount)
        data = column._dbfile.get(column._basepos, count)
        raw[:count] = np.frombuffer(bytes(data), dtype=np.uint8)
    return BYTE_TO_LENGTH[raw]
