import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from archive import indexing


class Command(BaseCommand):
    help = (
        "Apply the pending search-index updates (changes committed to the database that the "
        "index has not seen yet). Waits for another writer to finish if one is at work."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show the progress bar."
        )

    def handle(self, *args, no_progress, **options):
        pending = indexing.PendingIndexUpdate.objects.values("article_id").distinct().count()
        bar = tqdm(
            total=pending,
            desc="Indexing",
            unit="doc",
            file=sys.stderr,
            disable=no_progress or not sys.stderr.isatty(),
        )
        result = indexing.drain_index_queue(
            blocking=True, progress=lambda r: bar.update(r.updated + r.removed - bar.n)
        )
        bar.close()
        self.stdout.write(
            f"Applied {result.batches} batch(es): {result.updated} document(s) written, "
            f"{result.removed} removed."
        )
