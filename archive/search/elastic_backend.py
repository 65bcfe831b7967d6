"""Haystack's Elasticsearch 7 backend with the archive's analysis (archive.search.elastic):
the index is created with the archive's settings and its mapping comes from the fields
declared once in archive/search_indexes.py, not from Haystack's defaults (snowball for
every text field). Imported only when ``SEARCH_URL`` names an Elasticsearch cluster."""

from haystack.backends.elasticsearch7_backend import (
    Elasticsearch7SearchBackend,
    Elasticsearch7SearchEngine,
)

from archive.search import elastic


class ArchiveElasticsearchBackend(Elasticsearch7SearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        body = elastic.index_body({})
        self.DEFAULT_SETTINGS = {"settings": body["settings"]}

    def build_schema(self, fields):
        content_field_name = next(
            (f.index_fieldname for f in fields.values() if f.document), "text"
        )
        return content_field_name, elastic.mappings(fields)["properties"]


class ArchiveElasticsearchEngine(Elasticsearch7SearchEngine):
    backend = ArchiveElasticsearchBackend
