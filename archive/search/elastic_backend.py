"""Haystack's Elasticsearch 7 backend with the archive's analysis (archive.search.elastic):
the index is created with the archive's settings and its mapping comes from the fields
declared once in archive/search_indexes.py, not from Haystack's defaults (snowball for
every text field). Imported only when ``SEARCH_URL`` names an Elasticsearch cluster."""

from haystack import connections
from haystack.backends.elasticsearch7_backend import (
    Elasticsearch7SearchBackend,
    Elasticsearch7SearchEngine,
    Elasticsearch7SearchQuery,
)

from archive.search import elastic
from archive.search import fields as kinds
from archive.search.collapsing import CollapsingQueryMixin


class ArchiveElasticsearchBackend(Elasticsearch7SearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        body = elastic.index_body({})
        self.DEFAULT_SETTINGS = {"settings": body["settings"]}

    def build_search_kwargs(self, query_string, collapse=None, **kwargs):
        """Haystack's search body, with field collapsing and the count of groups."""
        body = super().build_search_kwargs(query_string, **kwargs)
        # A word matches in the text and in each language's own field, as on Whoosh.
        languages = [
            name
            for name, field in connections[self.connection_alias]
            .get_unified_index()
            .all_searchfields()
            .items()
            if isinstance(field, kinds.LanguageTextField)
        ]
        if languages:
            for node in _query_strings(body.get("query", {})):
                default = node.pop("default_field", self.content_field_name)
                node["fields"] = [default, *languages]
        if collapse:
            body["collapse"] = {"field": collapse}
            body.setdefault("aggs", {})["archive_groups"] = {"cardinality": {"field": collapse}}
        return body

    def _process_results(self, raw_results, *args, **kwargs):
        """Collapsed: the hits are the groups; the articles are counted apart."""
        results = super()._process_results(raw_results, *args, **kwargs)
        groups = raw_results.get("aggregations", {}).get("archive_groups")
        if groups is not None:
            results["articles"] = results["hits"]
            results["hits"] = groups["value"]
        return results

    def build_schema(self, fields):
        content_field_name = next(
            (f.index_fieldname for f in fields.values() if f.document), "text"
        )
        return content_field_name, elastic.mappings(fields)["properties"]


class ArchiveElasticsearchQuery(CollapsingQueryMixin, Elasticsearch7SearchQuery):
    pass


class ArchiveElasticsearchEngine(Elasticsearch7SearchEngine):
    backend = ArchiveElasticsearchBackend
    query = ArchiveElasticsearchQuery


def _query_strings(node):
    """Every ``query_string`` clause in a query body."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "query_string" and isinstance(value, dict):
                yield value
            else:
                yield from _query_strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _query_strings(item)
