import time

from django.core.management.base import BaseCommand

from archive import indexing
from archive.management.progress import progress_bar
from archive.models import Article


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the database. The new index is built aside and "
        "switched in when complete: searches keep working on the old one meanwhile. "
        "(Replaces Haystack's rebuild_index, which empties the live index first.)"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--procs",
            type=int,
            default=1,
            help="Worker processes for the Whoosh writer (default 1).",
        )
        parser.add_argument(
            "--batch-size", type=int, default=1000, help="Articles read per database query."
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show the progress bar."
        )
        # Accepted for compatibility with Haystack's command; the rebuild never asks.
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_true",
            help="Accepted for compatibility; the rebuild never prompts.",
        )

    def handle(self, *args, procs, batch_size, no_progress, **options):
        started = time.monotonic()
        with progress_bar(Article.objects.count(), "Indexing", "doc", disabled=no_progress) as bar:
            total, count = indexing.rebuild(
                progress=lambda n: bar.update(n - bar.n), procs=procs, batch_size=batch_size
            )
        seconds = time.monotonic() - started
        rate = count / seconds if seconds else 0
        self.stdout.write(
            f"Rebuilt the search index: {count} document(s) from {total} article(s) in "
            f"{seconds:.1f} s ({rate:.0f} docs/s)."
        )
