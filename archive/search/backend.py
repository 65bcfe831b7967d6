"""Haystack's Whoosh backend, made fit for the archive.

What changes from the stock backend, and why:

- Schema: our analyzers (archive.search.analysis), facet fields that keep exact values
  (ID / keyword lists with a column, never stemmed text), no stored body.
- Generations: the index lives in ``PATH/gen-*`` folders with a ``PATH/current`` symlink.
  A rebuild writes a new generation aside and switches the link when it is complete, so
  readers never see an empty or half-built index.
- Writes: one writer per batch with a bounded wait for Whoosh's lock; a lock that cannot be
  had raises (the queue keeps the change for later), it is never logged and forgotten.
- Reads: searchers are pooled per process and refreshed only when the index changed,
  instead of opening a new one for every query.
- Segments are written as separate files, not Whoosh's compound ``.seg``: a reader of a
  compound segment copies its whole postings file into memory (``BufferFile`` wraps the
  mmap in ``BytesIO``), 1.2 GB in every web process at 100,000 articles; separate files
  are read through the shared page cache.
- Matching, scoring, facets and date order on numpy arrays (archive.search.matching,
  archive.search.columns): the fast path. ``ARCHIVE_SEARCH_FAST_PATH=0`` turns it off and
  Whoosh evaluates every query itself; a query the fast path cannot take (or a surprise in
  Whoosh's insides, archive.search.whoosh_internals) goes to Whoosh too.
"""

import logging
import multiprocessing
import os
import re
import shutil
from datetime import date, datetime

import numpy as np
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.encoding import force_str
from haystack.backends import BaseEngine, log_query
from haystack.backends.whoosh_backend import WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SkipDocument
from haystack.fields import DateField
from haystack.models import SearchResult
from haystack.utils import get_identifier
from whoosh import index as whoosh_index
from whoosh.columns import VarBytesListColumn
from whoosh.fields import DATETIME, KEYWORD, NGRAMWORDS, NUMERIC, STORED, TEXT, Schema
from whoosh.fields import ID as WHOOSH_ID
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import MultifieldParser
from whoosh.query import And, NullQuery
from whoosh.writing import LockError

from archive.search import fields as kinds
from archive.search import whoosh_internals
from archive.search.analysis import (
    FREQUENT_SAMPLE,
    PAIRS_SUFFIX,
    WORDPAIRS,
    RememberingAnalyzer,
    frequent_words,
    language_analyzer,
    name_analyzer,
    text_analyzer,
)
from archive.search.collapsing import CollapsingQueryMixin
from archive.search.columns import COLUMNS, SORT_KEYS
from archive.search.errors import IndexBusy, IndexMissing
from archive.search.index_files import POOL, Generations, merge_policy
from archive.search.matching import (
    InternalsError,
    Unsupported,
    matching_docnums,
    note_fallback,
    scored_docnums,
    top_by_score,
)
from archive.search.spelling import SPELLER

log = logging.getLogger("archive.search")

WRITER_TIMEOUT = 10.0


class FacetListColumn(VarBytesListColumn):
    # Read for segments where no document had a value (Whoosh's EmptyColumnReader).
    _default = []


class FacetKeyword(KEYWORD):
    """Exact, comma-separated values with a list column, so facet counts read one column
    entry per matching document instead of walking the whole lexicon per query."""

    def __init__(self):
        super().__init__(stored=False, commas=True, lowercase=False, scorable=False)
        self.column_type = FacetListColumn()

    def to_column_value(self, value):
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        return [v.encode("utf-8") for v in value or ()]


def article_fields():
    """The article document's fields, as archive/search_indexes.py declares them."""
    from haystack import connections

    return connections["default"].get_unified_index().all_searchfields()


def build_schema(fields=None, frequent=None, sampled=0):
    """Whoosh's schema for the article document's fields (archive.search.fields): the
    analysis and the boosts come from their declaration; ``frequent``: {field: words} whose
    adjacent pairs the field's twin holds (archive.search.analysis; none by default)."""
    fields = article_fields() if fields is None else fields
    # Positional text fields remember their last analysis for their twin of word pairs.
    text, names = RememberingAnalyzer(text_analyzer()), RememberingAnalyzer(name_analyzer())
    languages = {}
    schema = {
        ID: WHOOSH_ID(stored=True, unique=True),
        DJANGO_CT: WHOOSH_ID(stored=True),
        DJANGO_ID: WHOOSH_ID(stored=True),
    }
    for name, field in fields.items():
        if isinstance(field, kinds.TextField):
            schema[name] = TEXT(
                analyzer=text,
                stored=False,
                spelling=field.document,
                field_boost=field.boost,
                multitoken_query="phrase",
            )
        elif isinstance(field, kinds.LanguageTextField):
            if field.language not in languages:
                languages[field.language] = RememberingAnalyzer(language_analyzer(field.language))
            schema[name] = TEXT(
                analyzer=languages[field.language], stored=False, multitoken_query="phrase"
            )
        elif isinstance(field, (kinds.NameField, kinds.NameListField)):
            schema[name] = TEXT(analyzer=names, stored=False, multitoken_query="phrase")
        elif isinstance(field, kinds.FacetValuesField):
            schema[name] = FacetKeyword()
        elif isinstance(field, kinds.FacetValueField):
            schema[name] = WHOOSH_ID(stored=False, sortable=True)
        elif isinstance(field, DateField):
            schema[name] = DATETIME(stored=False, sortable=True)
        elif isinstance(field, kinds.SortKeyField):
            schema[name] = NUMERIC(int, bits=32, stored=False, sortable=True, signed=False)
        elif isinstance(field, kinds.PeopleAutocompleteField):
            schema[name] = NGRAMWORDS(minsize=2, maxsize=15, at="start", stored=False)
        elif isinstance(field, kinds.FingerprintField):
            schema[name] = STORED()
        elif field.indexed or field.stored:
            raise ImproperlyConfigured(f"No Whoosh field for {name} ({type(field).__name__})")
    for name, field in list(schema.items()):
        if isinstance(field.analyzer, RememberingAnalyzer):
            schema[name + PAIRS_SUFFIX] = WORDPAIRS(
                field.analyzer, (frequent or {}).get(name, ()), sampled
            )
    return Schema(**schema)


class ArchiveWhooshBackend(WhooshSearchBackend):
    # A rebuild chooses the words whose pairs are indexed from this many of the documents.
    frequent_sample = FREQUENT_SAMPLE

    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self.generations = Generations(self.path)
        self.folder = None

    # Setup -----------------------------------------------------------------------------

    def setup(self):
        from haystack import connections

        fields = connections[self.connection_alias].get_unified_index().all_searchfields()
        self.schema = build_schema(fields)
        self.content_field_name = next(name for name, f in fields.items() if f.document)
        boosts = kinds.title_boosts(fields)
        # A word matches in the text as everything is analysed and in each language's own
        # field, stemmed as that language is (archive.search.fields.STEMMED_LANGUAGES).
        self.language_fields = list(kinds.language_fields(fields))
        self.parser = MultifieldParser(
            [*boosts, self.content_field_name, *self.language_fields],
            schema=self.schema,
            fieldboosts=boosts,
        )
        # The document field holds the title too, so it and the language fields alone find
        # the same documents: counting and faceting with them skips the title's clauses.
        self.match_parser = MultifieldParser(
            [self.content_field_name, *self.language_fields], schema=self.schema
        )
        self.fast_path = settings.ARCHIVE_SEARCH_FAST_PATH and whoosh_internals.check_version()
        if whoosh_internals.check_version():
            whoosh_internals.remember_missing_columns()
        single, lists = kinds.column_fields(fields)
        if (tuple(single), tuple(lists)) != (COLUMNS.single_facets, COLUMNS.list_facets):
            COLUMNS.configure(single, lists)
        self.folder = None
        self.setup_complete = True

    def _live_index(self):
        """The current generation's index, following a switch made by another process
        (IndexMissing when there is none: never built, or deleted while serving)."""
        if not self.setup_complete:
            self.setup()
        self.folder = self.generations.current()
        self.index = POOL.index(self.folder, self.schema)
        return self.index

    def text_analyzer(self):
        """The analyzer of the article text, for highlighting (archive.search.highlight)."""
        if not self.setup_complete:
            self.setup()
        return self.schema[self.content_field_name].analyzer.inner

    def searcher(self):
        """A pooled searcher over the live index (a context manager)."""
        self._live_index()
        return POOL.searcher(self.folder, self.schema)

    # Writing ---------------------------------------------------------------------------

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
        if count < cls.PARALLEL_FROM_DOCUMENTS or multiprocessing.current_process().daemon:
            return 1
        return max(1, min(settings.ARCHIVE_IMPORT_WORKERS, 4))

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
        return sampled < self.frequent_sample and total >= 2 * max(sampled, 50)

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

    # Reading ---------------------------------------------------------------------------

    EMPTY = {"results": [], "hits": 0, "facets": {}, "spelling_suggestion": None}

    def _parse(self, query_string, narrow_queries=(), parser=None):
        parser = parser or self.parser
        try:
            parsed = parser.parse(query_string)
            narrowed = [parser.parse(force_str(nq)) for nq in narrow_queries or ()]
        except Exception:  # a query Haystack built that Whoosh cannot read: no results
            log.warning("Unparseable query %r", query_string[:200], exc_info=True)
            return None
        if narrowed:
            parsed = And([parsed, *narrowed])
        parsed = parsed.normalize()
        if parsed is NullQuery:
            return None
        return parsed

    @log_query
    def search(
        self,
        query_string,
        sort_by=None,
        start_offset=0,
        end_offset=None,
        fields="",
        highlight=False,
        facets=None,
        date_facets=None,
        query_facets=None,
        narrow_queries=None,
        spelling_query=None,
        within=None,
        dwithin=None,
        distance_point=None,
        models=None,
        limit_to_registered_models=None,
        result_class=None,
        collapse=None,
        **kwargs,
    ):
        self._live_index()
        query_string = force_str(query_string or "").strip()
        suggestion = None
        if spelling_query and self.include_spelling:
            suggestion = self.create_spelling_suggestion(spelling_query)
        parsed = self._parse(query_string, narrow_queries) if query_string else None
        if parsed is None:
            return {**self.EMPTY, "spelling_suggestion": suggestion}

        start = max(0, start_offset or 0)
        end = end_offset if end_offset is not None else start + 20
        with self.searcher() as searcher:
            # Every match: the exact total, the facets and any date order come from these
            # with vector operations (archive.search.columns).
            sort_field, reverse = self._sort_field(sort_by)
            matched, scores = self._evaluate(searcher, query_string, narrow_queries, parsed)
            columns = COLUMNS.for_searcher(searcher) if matched.size else None
            groups = None
            if collapse and matched.size:

                def first(count):
                    return self._first_in_order(
                        searcher, parsed, matched, scores, sort_field, reverse, count
                    )

                page, groups = self._collapsed_page(
                    searcher, columns, collapse, matched, first, start, end
                )
            elif sort_field and matched.size:
                ordered = columns.order(sort_field, matched, reverse)[start:end]
                page = [(searcher.stored_fields(int(d)), 0.0) for d in ordered]
            elif scores is not None:
                docs, page_scores = top_by_score(matched, scores, start, end)
                page = [
                    (searcher.stored_fields(int(d)), float(score))
                    for d, score in zip(docs, page_scores, strict=True)
                ]
            elif matched.size and start < matched.size:
                # Relevance by Whoosh's own collector (a phrase with a slop, the fast path off).
                results = searcher.search(parsed, limit=max(end, 1), terms=False)
                page = [(hit.fields(), hit.score) for hit in results[start:end]]
            else:
                page = []
            facet_counts = {}
            if facets:
                facet_counts = {"fields": {}, "dates": {}, "queries": {}}
                for name in facets:
                    facet_counts["fields"][name] = (
                        columns.facet_counts(name, matched) if matched.size else []
                    )
        return {
            "results": self._results(page, result_class),
            "hits": int(matched.size) if groups is None else groups,
            "articles": int(matched.size),
            "facets": facet_counts,
            "spelling_suggestion": suggestion,
        }

    @staticmethod
    def _first_in_order(searcher, parsed, matched, scores, sort_field, reverse, count):
        """The first ``count`` matches in the order asked for."""
        if sort_field:
            return COLUMNS.for_searcher(searcher).order(sort_field, matched, reverse)[:count]
        if scores is not None:
            return top_by_score(matched, scores, 0, count)[0]
        return np.fromiter(
            (hit.docnum for hit in searcher.search(parsed, limit=count, terms=False)),
            dtype=np.int64,
        )

    @staticmethod
    def _collapsed_page(searcher, columns, field, matched, first, start, end):
        """(page, number of groups): the first document of each group of ``field`` (a
        story) in the order asked for, each with how many more copies its group has.

        The groups are counted from every match (one pass over their codes); only the first
        matches in order are ranked, more of them until the page has its groups (most
        stories have one article, so four times the page is nearly always enough)."""
        codes = columns.single[field]
        sizes = np.bincount(codes[matched][codes[matched] >= 0], minlength=1)
        ungrouped = int(np.count_nonzero(codes[matched] < 0))
        groups = int(np.count_nonzero(sizes)) + ungrouped
        count = max(4 * end, 64)
        while True:
            order = first(min(count, matched.size))
            leading = codes[order]
            _values, firsts = np.unique(leading, return_index=True)
            # A document without a group (code -1) is a group of its own.
            firsts = np.union1d(firsts, np.flatnonzero(leading < 0))
            if firsts.size >= end or order.size >= matched.size:
                break
            count *= 4
        leaders = order[firsts][start:end]
        page = [
            (
                {
                    **searcher.stored_fields(int(d)),
                    "copies": int(sizes[codes[d]]) - 1 if codes[d] >= 0 else 0,
                },
                0.0,
            )
            for d in leaders
        ]
        return page, groups

    def _evaluate(self, searcher, query_string, narrow_queries, parsed):
        """(every matching docnum, their scores or None): scored by the fast path where it
        can, else matched alone (relevance then comes from Whoosh's collector)."""
        if self.fast_path:
            try:
                return scored_docnums(searcher, parsed)
            except (Unsupported, InternalsError) as exc:
                note_fallback(exc)
        # Unscored: the document field holds the title too, so it alone finds the same
        # documents.
        matching = self._parse(query_string, narrow_queries, self.match_parser) or parsed
        if self.fast_path:
            return matching_docnums(searcher, matching), None
        return np.fromiter(searcher.docs_for_query(matching), dtype=np.int64), None

    @staticmethod
    def _sort_field(sort_by):
        """The date sort asked for (field, reverse), or (None, False) for relevance."""
        for name in sort_by or ():
            field = name.lstrip("-")
            if field in SORT_KEYS:
                return field, name.startswith("-")
        return None, False

    def _results(self, page, result_class=None):
        result_class = result_class or SearchResult
        out = []
        for fields, score in page:
            app_label, model_name = fields[DJANGO_CT].split(".")
            stored = {k: v for k, v in fields.items() if k not in (ID, DJANGO_CT, DJANGO_ID)}
            out.append(result_class(app_label, model_name, fields[DJANGO_ID], score or 0, **stored))
        return out

    def more_like_this(
        self,
        model_instance,
        additional_query_string=None,
        start_offset=0,
        end_offset=None,
        models=None,
        limit_to_registered_models=None,
        result_class=None,
        **kwargs,
    ):
        """Articles like this one, from its text in the database (the body is not stored
        in the index, which keeps the index small)."""
        from archive.sanitize import html_to_text

        self._live_index()
        identifier = get_identifier(model_instance)
        text = " ".join(
            [model_instance.title, model_instance.standfirst, html_to_text(model_instance.body)]
        )
        top = max(1, (end_offset or 5) - (start_offset or 0))
        with self.searcher() as searcher:
            docnum = searcher.document_number(id=identifier)
            if docnum is None:
                return dict(self.EMPTY)
            hits = searcher.more_like(docnum, "text", text=text[:20000], top=top, numterms=12)
            page = [(hit.fields(), hit.score) for hit in hits]
        return {
            "results": self._results(page, result_class),
            "hits": len(page),
            "facets": {},
            "spelling_suggestion": None,
        }

    def create_spelling_suggestion(self, query_string):
        """The query with each word the index does not know replaced by the closest known
        word (or None), from archive.search.spelling. Only the "did you mean" path calls it."""
        from archive.search.query import parse_query, positive_leaves

        self._live_index()
        parsed = parse_query(query_string)
        text = parsed.text
        analyzer = self.schema["text"].analyzer
        changed = False
        with self.searcher() as searcher:
            for leaf in positive_leaves(parsed.root):
                if leaf.kind == "prefix" or leaf.field:
                    continue
                for word in leaf.text.split():
                    if len(word) < 3 or not word.isascii() or not word.isalpha():
                        continue
                    tokens = [t.text for t in analyzer(word.lower())]
                    if tokens and all(searcher.doc_frequency("text", t) for t in tokens):
                        continue
                    suggestion = SPELLER.suggest(searcher, word.lower())
                    if suggestion is None:
                        # Two mistakes in one word: Whoosh's corrector, slow but thorough
                        # (the first letter is rarely wrong; fixing it narrows its search).
                        found = searcher.corrector("text").suggest(
                            word.lower(), limit=1, maxdist=2, prefix=1
                        )
                        suggestion = found[0] if found and found[0] != word.lower() else None
                    if suggestion:
                        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", suggestion, text)
                        changed = True
        return text if changed else None


class ArchiveWhooshQuery(CollapsingQueryMixin, WhooshSearchQuery):
    pass


class ArchiveWhooshEngine(BaseEngine):
    backend = ArchiveWhooshBackend
    query = ArchiveWhooshQuery
