"""Writing the Whoosh index (the archive's backend, archive.search.backend, is made of
this and its reading side): documents from the article index, a writer per batch with a
bounded wait for Whoosh's lock (several processes for a large batch), updates and
deletions in one commit, a rebuild written aside as a new generation with its frequent
words chosen from a sample, and what a rebuild or the drift check needs to know."""

import os
import shutil
from datetime import date, datetime

from haystack.constants import DJANGO_ID, ID
from haystack.exceptions import SkipDocument
from haystack.utils import get_identifier
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import LockError

from archive import parallel
from archive.search.analysis import (
    FREQUENT_SAMPLE,
    PAIRS_SUFFIX,
    RememberingAnalyzer,
    frequent_words,
)
from archive.search.errors import IndexBusy, IndexMissing
from archive.search.index_files import merge_policy
from archive.search.schema import article_fields, build_schema

WRITER_TIMEOUT = 10.0
# An archive smaller than this is not rebuilt for its frequent words, however it grew.
MIN_RECHOSEN = 50


class IndexWriting:
    """The writing side of ArchiveWhooshBackend (which gives ``schema``, ``setup()``,
    ``generations``, ``searcher()`` and ``_live_index()``)."""

    # A rebuild chooses the words whose pairs are indexed from this many of the documents.
    frequent_sample = FREQUENT_SAMPLE

    def _documents(self, index, iterable):
        for obj in iterable:
            try:
                doc = index.full_prepare(obj)
            except SkipDocument:
                continue
            yield self._whoosh_document(doc)

    def _whoosh_document(self, doc):
        out = {}
        for key, value in doc.items():
            if value is None or key == "boost" or key not in self.schema:
                continue
            if isinstance(value, (list, tuple)):
                if not value:
                    continue
                value = ",".join(str(v) for v in value)
            elif isinstance(value, (datetime, int)):
                pass
            elif isinstance(value, date):
                value = datetime(value.year, value.month, value.day)
            else:
                value = str(value)
            out[key] = value
            if key + PAIRS_SUFFIX in self.schema:
                out[key + PAIRS_SUFFIX] = value  # the same text: its analysis is reused
        return out

    # A batch of updates this large is analysed by several processes (the queue draining
    # after an import or a re-tagging), as a rebuild is: one process writes half as fast.
    PARALLEL_FROM_DOCUMENTS = 500

    @classmethod
    def _writer_processes(cls, count):
        if count < cls.PARALLEL_FROM_DOCUMENTS:
            return 1
        return max(1, min(parallel.worker_processes(), 4))

    def _writer(self, ix, procs=1):
        options = {"timeout": WRITER_TIMEOUT, "compound": False}
        if procs > 1:
            options.update(procs=procs, multisegment=True, limitmb=256)
        try:
            return ix.writer(**options)
        except LockError as exc:
            raise IndexBusy(f"the search index is locked by another writer ({exc})") from exc

    def update(self, index, iterable, commit=True):
        self.apply(index, iterable, ())

    def remove(self, obj_or_string, commit=True):
        self.apply(None, (), (get_identifier(obj_or_string),))

    def apply(self, index, objects, removed_identifiers):
        """Update ``objects`` and delete ``removed_identifiers`` in one commit."""
        ix = self._live_index()
        documents = list(self._documents(index, objects)) if index is not None else []
        if not documents and not removed_identifiers:
            return
        writer = self._writer(ix, procs=self._writer_processes(len(documents)))
        try:
            for identifier in removed_identifiers:
                writer.delete_by_term(ID, identifier)
            for document in documents:
                writer.update_document(**document)
        except Exception:
            writer.cancel()
            raise
        writer.commit(mergetype=merge_policy)

    def clear(self, models=None, commit=True):
        """Empty the live index by switching to a new empty generation."""
        if not self.setup_complete:
            self.setup()
        os.makedirs(self.generations.path, exist_ok=True)
        self.generations.create_empty(self.schema)
        self._live_index()

    def frequent_words(self, index, sample):
        """{field: its frequent words} in ``sample`` (model objects), for the schema of a
        new generation: the twins of word pairs hold the pairs of these."""
        if not self.setup_complete:
            self.setup()
        documents = list(self._documents(index, sample))
        return {
            name: frequent_words(field.analyzer.inner, (d.get(name) for d in documents))
            for name, field in self.schema.items()
            if isinstance(field.analyzer, RememberingAnalyzer)
        }

    def frequent_words_stale(self, total):
        """Whether the live generation's frequent words were chosen from a smaller sample
        than a rebuild would take now and the archive has since doubled (an archive grown
        from its seed articles): a rebuild chooses them again."""
        try:
            with self.searcher() as searcher:
                twin = searcher.schema[self.content_field_name + PAIRS_SUFFIX]
        except (IndexMissing, KeyError):
            return False
        sampled = getattr(twin, "sampled", 0)
        return sampled < self.frequent_sample and total >= 2 * max(sampled, MIN_RECHOSEN)

    def build_aside(self, index, iterable, progress=None, procs=1, limitmb=256, sample=()):
        """Write every document into a new generation, then switch to it. Returns the count.

        ``iterable`` yields model objects; ``progress(n)`` is called as documents are added;
        ``sample``: model objects, a sample of them, to choose the frequent words by.
        """
        if not self.setup_complete:
            self.setup()
        os.makedirs(self.generations.path, exist_ok=True)
        # Called under the writer lock: a generation neither live nor previous is left
        # over from a rebuild that was killed.
        self.generations.remove_orphans()
        folder = self.generations.new()
        schema = self.schema
        if sample:
            frequent = self.frequent_words(index, sample)
            schema = build_schema(article_fields(), frequent, sampled=len(sample))
        ix = whoosh_index.create_in(folder, schema)
        options = {"limitmb": limitmb, "compound": False}
        if procs > 1:
            options.update(procs=procs, multisegment=True)
        writer = ix.writer(**options)
        count = 0
        try:
            for document in self._documents(index, iterable):
                writer.add_document(**document)
                count += 1
                if progress and count % 100 == 0:
                    progress(count)
        except BaseException:
            writer.cancel()
            shutil.rmtree(folder, ignore_errors=True)
            raise
        writer.commit()
        if progress:
            progress(count)
        self.generations.switch(folder)
        self._live_index()
        return count

    def stored_fingerprints(self):
        """{django_id: fingerprint} of every document in the live index."""
        with self.searcher() as searcher:
            return {
                fields[DJANGO_ID]: fields.get("fingerprint", "")
                for fields in searcher.all_stored_fields()
            }

    def doc_count(self):
        with self.searcher() as searcher:
            return searcher.doc_count()

    def schema_outdated(self):
        """Whether the live index was built with other fields than the document has now
        (a new version of the archive): it must be rebuilt. False when there is none."""
        self._live_index()
        stored = FileStorage(self.folder).open_index().schema
        return sorted((name, type(field).__name__) for name, field in stored.items()) != sorted(
            (name, type(field).__name__) for name, field in self.schema.items()
        )
