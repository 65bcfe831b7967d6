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
import re

import numpy as np
from django.conf import settings
from django.utils.encoding import force_str
from haystack.backends import BaseEngine, log_query
from haystack.backends.whoosh_backend import WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.models import SearchResult
from haystack.utils import get_identifier
from whoosh.qparser import MultifieldParser
from whoosh.query import And, NullQuery

from archive.search import fields as kinds
from archive.search import whoosh_internals
from archive.search.collapsing import CollapsingQueryMixin
from archive.search.columns import COLUMNS, SORT_KEYS
from archive.search.index_files import POOL, Generations
from archive.search.matching import (
    InternalsError,
    Unsupported,
    matching_docnums,
    note_fallback,
    scored_docnums,
    top_by_score,
)
from archive.search.schema import build_schema
from archive.search.spelling import SPELLER
from archive.search.writing import IndexWriting

log = logging.getLogger("archive.search")


class ArchiveWhooshBackend(IndexWriting, WhooshSearchBackend):
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
        known_whoosh = whoosh_internals.check_version()  # warns once if not
        self.fast_path = settings.ARCHIVE_SEARCH_FAST_PATH and known_whoosh
        if known_whoosh:
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
