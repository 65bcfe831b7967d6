"""Every use of a private part of Whoosh 2.7.4, in one place.

The fast search path (archive.search.matching) reads posting blocks, the pickled positions
of phrases, the one-byte field lengths and BM25F's parameters straight from Whoosh's
objects: names Whoosh does not promise to keep (``W3LeafMatcher._read_ids``,
``_perdoc._cached_reader``, ``Prefix._btexts``, ``BM25F._field_B``...). Whoosh is pinned at
2.7.4 and no longer released, so they stay put; still:

- ``check_version()`` runs when the backend is set up: another Whoosh turns the fast path
  off (and says so once);
- anything unexpected here (a missing attribute, a format this code does not know) raises
  ``InternalsError``, and the backend answers that query with Whoosh's own evaluation,
  logging it once, never a 500 (tests/test_search.py forces it).
"""

import functools
import logging
import pickle
import struct
from bisect import bisect_left
from itertools import chain

import numpy as np
import whoosh
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.formats import Positions
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

log = logging.getLogger("archive.search")

WRITTEN_FOR = (2, 7, 4)
EMPTY = np.zeros(0, dtype=np.int64)
NO_SCORES = np.zeros(0, dtype=np.float64)
# Whoosh stores each field length as one byte (a logarithmic approximation).
BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


class InternalsError(Exception):
    """Whoosh's private parts are not what this module was written for."""


class NotBM25F(Exception):
    """The searcher scores with another weighting than plain BM25F."""


def check_version():
    """Whether the installed Whoosh is the one this module reads the insides of."""
    installed = tuple(whoosh.__version__[:3])
    if installed != WRITTEN_FOR:
        log.warning(
            "Whoosh %s is installed; the fast search path was written for %s and is off.",
            ".".join(map(str, installed)),
            ".".join(map(str, WRITTEN_FOR)),
        )
        return False
    return True


def guarded(function):
    """Anything a private part does unexpectedly becomes an InternalsError."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except (
            AttributeError,
            TypeError,
            KeyError,
            IndexError,
            ValueError,
            EOFError,
            pickle.UnpicklingError,
            struct.error,
        ) as exc:
            raise InternalsError(f"{function.__name__}: {exc!r}") from exc

    return wrapper


@guarded
def bm25f_parameters(weighting):
    """(K1, B) of plain BM25F; NotBM25F for another weighting or per-field B values."""
    if type(weighting) is not BM25F or weighting._field_B:
        raise NotBM25F(type(weighting).__name__)
    return weighting.K1, weighting.B


@guarded
def prefix_terms(q, reader):
    """The index terms (bytes) a Prefix query expands to in one segment."""
    return [t for t in q._btexts(reader) if t]


@guarded
def compiled_range(q, reader):
    """A NumericRange as the query of terms Whoosh compiles it to."""
    return q._compile_query(reader)


def _block_matcher(reader, fieldname, btext):
    """Whoosh's posting matcher of a term, unwrapped (None if the term is not there)."""
    try:
        matcher = reader.postings(fieldname, btext)
    except TermNotFound:
        return None
    return matcher.child if isinstance(matcher, FilterMatcher) else matcher


@guarded
def read_postings(reader, fieldname, btext):
    """(docnums, frequencies) of one term in one segment, a posting block at a time."""
    matcher = _block_matcher(reader, fieldname, btext)
    if matcher is None:
        return EMPTY, NO_SCORES
    if not hasattr(matcher, "_read_ids") or not hasattr(matcher, "_next_block"):
        pairs = []
        while matcher.is_active():
            pairs.append((matcher.id(), matcher.weight()))
            matcher.next()
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


@guarded
def read_values_of(reader, fieldname, btext, docnums):
    """The encoded values (positions) of one term's postings in ``docnums`` (ascending,
    every one among the term's documents), reading only the posting blocks that hold
    them: a phrase's few candidates cost a few blocks of a common word, not all of them."""
    matcher = _block_matcher(reader, fieldname, btext)
    wanted = docnums.tolist()
    if matcher is None or not wanted:
        return []
    if not hasattr(matcher, "_read_values") or not hasattr(matcher, "_maxid"):
        raise InternalsError("postings without blocks")
    values, i = [], 0
    while matcher.is_active() and i < len(wanted):
        if matcher._maxid < wanted[i]:
            matcher._next_block()
            continue
        if matcher._ids is None:
            matcher._read_ids()
        matcher._read_values()
        ids, block_values = matcher._ids, matcher._values
        while i < len(wanted) and wanted[i] <= matcher._maxid:
            at = bisect_left(ids, wanted[i])
            if at == len(ids) or ids[at] != wanted[i]:
                raise InternalsError("a document the term's postings do not hold")
            values.append(block_values[at])
            i += 1
        matcher._next_block()
    if i < len(wanted):
        raise InternalsError("a document past the term's postings")
    return values


def has_positions(field):
    return type(field.format) is Positions


@guarded
def decode_positions(values, indices=None):
    """(owner, position) arrays for the postings at ``indices`` (all of ``values`` when
    None): owner is the index into ``indices``. whoosh.formats.Positions stores a 4-byte
    count, then the position deltas pickled (the index's own data, which Whoosh unpickles
    the same way)."""
    deltas = [
        pickle.loads(v[4:] if v.endswith(b".") else v[4:] + b".")  # noqa: S301
        for v in (values if indices is None else (values[i] for i in indices.tolist()))
    ]
    lengths = np.fromiter(map(len, deltas), dtype=np.int64, count=len(deltas))
    flat = np.fromiter(chain.from_iterable(deltas), dtype=np.int64, count=int(lengths.sum()))
    running = np.cumsum(flat)
    # Restart the running sum at each document's first delta.
    before = np.concatenate(([0], running))[np.cumsum(lengths) - lengths]
    positions = running - np.repeat(before, lengths)
    owners = np.repeat(np.arange(len(deltas), dtype=np.int64), lengths)
    return owners, positions


@guarded
def field_lengths(reader, fieldname):
    """Every document's length in a field of one segment, as Whoosh approximates it."""
    doccount = reader.doc_count_all()
    column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    raw = np.zeros(doccount, dtype=np.uint8)
    if column is not None:
        count = min(column._count, doccount)
        data = column._dbfile.get(column._basepos, count)
        raw[:count] = np.frombuffer(bytes(data), dtype=np.uint8)
    return BYTE_TO_LENGTH[raw]


def remember_missing_columns():
    """Make Whoosh's per-document reader remember that a field has no column, as it
    remembers the columns it opened. ``W3PerDocReader._cached_reader`` asks the storage
    whether the file exists (a ``stat``) every time for a field without one: writing a
    segment asks it for every posting of every field without lengths (the word pairs,
    the facets, the ids), hundreds of thousands of times per thousand articles, a fifth
    of an index build. A segment's files never change once written, so the answer holds.
    Applied by the archive's backend when it is set up (a bare Whoosh writer elsewhere in
    the same process is unchanged until then)."""
    from whoosh.codec.whoosh3 import W3PerDocReader

    if getattr(W3PerDocReader, "_archive_remembers_missing", False):
        return
    original = W3PerDocReader._cached_reader

    def _cached_reader(self, fieldname, column):
        readers = self._readers
        if fieldname in readers:
            return readers[fieldname]
        reader = original(self, fieldname, column)
        if reader is None:
            readers[fieldname] = None
        return reader

    W3PerDocReader._cached_reader = _cached_reader
    W3PerDocReader._archive_remembers_missing = True
