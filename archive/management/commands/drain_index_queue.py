from django.core.management.base import BaseCommand

from archive.management.progress import drain_with_progress


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
        result = drain_with_progress(no_progress)
        self.stdout.write(
            f"Applied {result.batches} batch(es): {result.updated} document(s) written, "
            f"{result.removed} removed."
        )
