from django.core.management.base import BaseCommand

from archive import indexing


class Command(BaseCommand):
    help = (
        "Apply the pending search-index updates. (Replaces Haystack's update_index: every "
        "change is queued when it is committed, so this is the same as drain_index_queue; "
        "use rebuild_index or check_index --repair for a full pass.)"
    )

    def add_arguments(self, parser):
        parser.add_argument("args", nargs="*", help="Ignored (Haystack compatibility).")

    def handle(self, *args, **options):
        result = indexing.drain_index_queue(blocking=True)
        self.stdout.write(f"{result.updated} document(s) written, {result.removed} removed.")
