import json

from django.core.management.base import BaseCommand, CommandError
from haystack import connections

from archive.search import elastic


class Command(BaseCommand):
    help = (
        "The Elasticsearch 7 index settings and mappings that reproduce the archive's "
        "analysis (archive/search/elastic.py). Prints them; --write saves them to "
        "archive/search/elasticsearch-index.json (kept in the repository); --apply creates "
        "the index named by SEARCH_URL with them (then run rebuild_index)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="Save the kept JSON file.")
        parser.add_argument("--apply", action="store_true", help="Create the index on the cluster.")

    def handle(self, *args, write, apply, **options):
        fields = connections["default"].get_unified_index().all_searchfields()
        text = elastic.as_json(fields)
        if write:
            elastic.KEPT_FILE.write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {elastic.KEPT_FILE}")
        if apply:
            backend = connections["default"].get_backend()
            if not hasattr(backend, "conn"):
                raise CommandError("SEARCH_URL does not name an Elasticsearch cluster.")
            if backend.conn.indices.exists(index=backend.index_name):
                raise CommandError(
                    f"The index {backend.index_name!r} exists: delete it, then run "
                    "`rebuild_index` (which creates it with these settings)."
                )
            backend.conn.indices.create(index=backend.index_name, body=json.loads(text))
            self.stdout.write(f"Created the index {backend.index_name!r}.")
        if not write and not apply:
            self.stdout.write(text)
