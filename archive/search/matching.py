"""Every document a query matches, as a sorted numpy array.

Whoosh's ``docs_for_query`` walks the matches one document at a time in Python (about 2 µs
each: 200 ms for a common word at 100,000 articles). Terms, prefixes, date ranges and
AND/OR/NOT of them are evaluated here a posting block (up to 128 documents) at a time with
numpy set operations instead; anything else (phrases) falls back to Whoosh, so the answer is
always exact.
"""

import numpy as np
from whoosh import query as wq
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.util.times import long_to_datetime

EMPTY = np.zeros(0, dtype=np.int64)


class Unsupported(Exception):
    pass


def matching_docnums(searcher, q):
    """Sorted, unique document numbers (of the whole searcher) that ``q`` matches."""
    try:
        parts = []
        reader = searcher.reader()
        leaves = reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]
        for leaf, offset in leaves:
            docs = _evaluate(leaf, q)
            if docs.size and leaf.has_deletions():
                deleted = np.fromiter(leaf.segment().deleted_docs(), dtype=np.int64)
                docs = np.setdiff1d(docs, deleted, assume_unique=True)
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


def _union_of_terms(reader, fieldname, texts):
    sets = [_postings(reader, fieldname, text) for text in texts]
    sets = [s for s in sets if s.size]
    return np.unique(np.concatenate(sets)) if sets else EMPTY


def _postings(reader, fieldname, text):
    """The document numbers of one term, read a block at a time (deletions ignored here;
    matching_docnums masks them once)."""
    try:
        matcher = reader.postings(fieldname, text)
    except TermNotFound:
        return EMPTY
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    if not hasattr(matcher, "_read_ids") or not hasattr(matcher, "_next_block"):
        return np.fromiter(matcher.all_ids(), dtype=np.int64)
    blocks = []
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
        matcher._next_block()
    return np.concatenate(blocks) if blocks else EMPTY
