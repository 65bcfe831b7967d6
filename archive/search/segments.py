"""An index's segments as the fast path reads them (Whoosh's public API only): the segment
readers of a searcher, with the first document number of each, and their deletions."""

import numpy as np


def leaf_readers(searcher):
    """[(segment reader, first docnum)] of a searcher (one pair for a single segment)."""
    reader = searcher.reader()
    return reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]


def deleted_docnums(leaf):
    """The deleted document numbers of one segment, as an array."""
    return np.fromiter(leaf.segment().deleted_docs(), dtype=np.int64)


def segment_id(leaf):
    """A segment's id (None for an empty index, which has no segment)."""
    segment = leaf.segment() if hasattr(leaf, "segment") else None
    return segment.segment_id() if segment is not None else None
