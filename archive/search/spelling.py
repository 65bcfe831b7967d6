"""Spelling corrections for "did you mean": the indexed word nearest to a misspelt one.

Whoosh's corrector walks its word graph with a Levenshtein automaton in Python: 300 ms to
1 s a word at 100,000 articles. Here each segment's words (the unstemmed ``spell_text``
field) are indexed once by their *symmetric deletes*: a word and every form of it with one
letter removed. Two words share a key exactly when one insertion, deletion, substitution or
swap of neighbouring letters turns one into the other (plus a few two-edit pairs), which
are the typing mistakes people make. A lookup is a dozen binary searches in numpy arrays
(hashes, sorted), 12 bytes a key: a few megabytes for a segment of 50,000 articles.
Candidates are then checked with a real edit distance and ranked by distance, then by how
many articles use the word.
"""

import threading

import numpy as np

from archive.search.segments import leaf_readers
from archive.search.text import edit_distance

MAX_DISTANCE = 2
MIN_LENGTH = 3


def deletes(word):
    """The word and each form of it with one letter removed."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def _key(text):
    # Python's string hash: salted per process, and these arrays live in one process. A
    # collision only adds a candidate, which the edit distance then turns away.
    return hash(text)


class SegmentWords:
    """One segment's words, indexed by their deletes."""

    def __init__(self, words):
        self.words = words
        keys, owners = [], []
        for number, word in enumerate(words):
            for variant in deletes(word):
                keys.append(_key(variant))
                owners.append(number)
        keys = np.asarray(keys, dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        self.keys = keys[order]
        self.owners = np.asarray(owners, dtype=np.int32)[order]

    def candidates(self, word):
        probe = np.asarray([_key(v) for v in deletes(word)], dtype=np.int64)
        left = np.searchsorted(self.keys, probe, side="left")
        right = np.searchsorted(self.keys, probe, side="right")
        found = set()
        for low, high in zip(left.tolist(), right.tolist(), strict=True):
            found.update(self.words[i] for i in self.owners[low:high].tolist())
        return found


class Speller:
    """Per-segment word indexes, built on first use and kept while the segment lives."""

    def __init__(self, fieldname="spell_text"):
        self.fieldname = fieldname
        self.lock = threading.Lock()
        self.segments = {}

    def _segment(self, reader):
        segid = reader.segment().segment_id()
        with self.lock:
            found = self.segments.get(segid)
        if found is None:
            words = []
            if self.fieldname in reader.schema:
                for raw in reader.lexicon(self.fieldname):
                    word = raw.decode("utf-8") if isinstance(raw, bytes) else raw
                    if len(word) >= MIN_LENGTH and word.isalpha():
                        words.append(word)
            found = SegmentWords(words)
            with self.lock:
                self.segments[segid] = found
        return segid, found

    def suggest(self, searcher, word):
        """The best correction of ``word`` (lower case) known to the index, or None."""
        candidates, live = set(), set()
        for leaf, _offset in leaf_readers(searcher):
            if leaf.segment() is None:  # an empty index has no segment and no words
                continue
            segid, words = self._segment(leaf)
            live.add(segid)
            candidates |= words.candidates(word)
        with self.lock:  # forget segments merged away
            self.segments = {k: v for k, v in self.segments.items() if k in live}
        ranked = []
        for candidate in candidates:
            if candidate == word:
                continue
            distance = edit_distance(word, candidate)
            if distance <= MAX_DISTANCE:
                frequency = searcher.doc_frequency(self.fieldname, candidate)
                if frequency:
                    ranked.append((distance, -frequency, candidate))
        return min(ranked)[2] if ranked else None


SPELLER = Speller()
