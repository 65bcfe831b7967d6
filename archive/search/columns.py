"""Facet values and date sort keys of every document, as numpy arrays.

Whoosh counts facets and sorts by a field by visiting every matching document in Python,
which costs seconds for a common word at 100,000 articles. Here the per-document values
are read once per index segment (segments do not change once written; deletions are
masked by the matcher) and kept in memory, so counting the facets of 80,000 matches is a
bincount and sorting them by date an argsort.
"""

import threading
from dataclasses import dataclass

import numpy as np

from archive.search.segments import leaf_readers

# The fields of each kind, as archive/search_indexes.py declares them (the backend
# configures the cache with them when it is set up: archive.search.fields.column_fields).
SORT_KEYS = ("sort_newest", "sort_oldest", "period_end")


class Vocabulary:
    """Facet values as small integer codes (append-only, shared by all segments)."""

    def __init__(self):
        self.codes = {}
        self.values = []

    def code(self, value):
        code = self.codes.get(value)
        if code is None:
            code = self.codes[value] = len(self.values)
            self.values.append(value)
        return code


@dataclass
class SegmentColumns:
    single: dict  # field -> int32 codes (-1: no value)
    lists: dict  # field -> (indptr, codes)
    sort: dict  # field -> int64 keys


@dataclass
class SearcherColumns:
    single: dict
    lists: dict
    sort: dict
    vocabularies: dict

    def facet_counts(self, field, docnums, limit=None):
        """[(value, count)] of a facet over the given documents, most frequent first."""
        vocabulary = self.vocabularies[field]
        if field in self.single:
            codes = self.single[field][docnums]
            codes = codes[codes >= 0]
        else:
            indptr, all_codes = self.lists[field]
            starts = indptr[docnums]
            lengths = indptr[docnums + 1] - starts
            total = int(lengths.sum())
            if total == 0:
                return []
            # The positions of every matching document's values, without a Python loop.
            shifts = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
            codes = all_codes[shifts + np.arange(total)]
        if codes.size == 0:
            return []
        counts = np.bincount(codes, minlength=len(vocabulary.values))
        present = np.flatnonzero(counts)
        pairs = [(vocabulary.values[i], int(counts[i])) for i in present]
        pairs.sort(key=lambda item: (-item[1], item[0]))
        return pairs[:limit] if limit else pairs

    def order(self, field, docnums, reverse):
        """The documents ordered by a sort key (ties: lower document number first)."""
        keys = self.sort[field][docnums]
        if reverse:
            keys = -keys
        return docnums[np.lexsort((docnums, keys))]


class ColumnCache:
    def __init__(self):
        self.lock = threading.Lock()
        self.configure((), ())

    def configure(self, single, lists):
        """The facet fields with one value a document (``single``) and with several."""
        with self.lock:
            self.single_facets, self.list_facets = tuple(single), tuple(lists)
            self.segments = {}  # segment id -> SegmentColumns
            self.searchers = {}  # tuple of (segment id, doc count) -> SearcherColumns
            self.vocabularies = {field: Vocabulary() for field in (*single, *lists)}

    def for_searcher(self, searcher):
        leaves = _leaves(searcher)
        if not leaves:
            return self._join([])
        key = tuple((segid, reader.doc_count_all()) for segid, reader, _offset in leaves)
        with self.lock:
            found = self.searchers.get(key)
            if found is not None:
                return found
            parts = []
            live = set()
            for segid, reader, _offset in leaves:
                part = self.segments.get(segid)
                if part is None or len(part.sort["sort_newest"]) != reader.doc_count_all():
                    part = self.segments[segid] = self._read(reader)
                parts.append(part)
                live.add(segid)
            # Forget segments merged away, and all but the newest searcher layout.
            self.segments = {k: v for k, v in self.segments.items() if k in live}
            built = self._join(parts)
            self.searchers = {key: built}
            return built

    def segment(self, reader):
        """The columns of one segment reader (read now if not yet cached)."""
        segid = reader.segment().segment_id()
        with self.lock:
            part = self.segments.get(segid)
            if part is None or len(part.sort["sort_newest"]) != reader.doc_count_all():
                part = self.segments[segid] = self._read(reader)
            return part

    def _read(self, reader):
        count = reader.doc_count_all()
        single, lists, sort = {}, {}, {}
        for field in self.single_facets:
            vocabulary = self.vocabularies[field]
            codes = np.full(count, -1, dtype=np.int32)
            if reader.has_column(field):
                for docnum, raw in enumerate(reader.column_reader(field, translate=False)):
                    if raw:
                        value = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
                        codes[docnum] = vocabulary.code(value)
            single[field] = codes
        for field in self.list_facets:
            vocabulary = self.vocabularies[field]
            indptr = np.zeros(count + 1, dtype=np.int64)
            values = []
            if reader.has_column(field):
                for docnum, raw in enumerate(reader.column_reader(field, translate=False)):
                    for item in raw or ():
                        values.append(vocabulary.code(item.decode("utf-8")))
                    indptr[docnum + 1] = len(values)
            lists[field] = (indptr, np.asarray(values, dtype=np.int32))
        for field in SORT_KEYS:
            keys = np.zeros(count, dtype=np.int64)
            if reader.has_column(field):
                keys[:] = np.fromiter(
                    (v or 0 for v in reader.column_reader(field)), dtype=np.int64, count=count
                )
            sort[field] = keys
        return SegmentColumns(single, lists, sort)

    def _join(self, parts):
        def join(arrays, dtype):
            return np.concatenate(arrays) if arrays else np.zeros(0, dtype=dtype)

        single = {f: join([p.single[f] for p in parts], np.int32) for f in self.single_facets}
        sort = {f: join([p.sort[f] for p in parts], np.int64) for f in SORT_KEYS}
        lists = {}
        for field in self.list_facets:
            indptrs, codes, base = [], [], 0
            for index, part in enumerate(parts):
                indptr, values = part.lists[field]
                indptrs.append(indptr[1:] + base if index else indptr + base)
                codes.append(values)
                base += len(values)
            lists[field] = (
                np.concatenate(indptrs) if indptrs else np.zeros(1, dtype=np.int64),
                np.concatenate(codes) if codes else np.zeros(0, dtype=np.int32),
            )
        return SearcherColumns(single, lists, sort, self.vocabularies)


def _leaves(searcher):
    reader = searcher.reader()
    if reader.doc_count_all() == 0:
        return []
    return [(r.segment().segment_id(), r, offset) for r, offset in leaf_readers(searcher)]


COLUMNS = ColumnCache()
