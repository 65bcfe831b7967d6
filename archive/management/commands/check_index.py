from django.core.management.base import BaseCommand, CommandError

from archive import indexing
from archive.management.progress import progress_bar
from archive.models import Article


class Command(BaseCommand):
    help = (
        "Compare the search index with the database and report drift: articles missing from "
        "the index, documents of deleted articles still in it, and stale documents. With "
        "--repair, rewrite or remove exactly those documents. Exits non-zero on drift that "
        "was not repaired."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair", action="store_true", help="Fix the drift found (rewrite/remove docs)."
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show the progress bar."
        )
        parser.add_argument(
            "--show", type=int, default=10, help="How many article ids to list per kind."
        )

    def handle(self, *args, repair, no_progress, show, **options):
        # What is queued is not drift: apply it first so the comparison is fair.
        indexing.drain_index_queue(blocking=True)
        with progress_bar(Article.objects.count(), "Checking", "doc", disabled=no_progress) as bar:
            drift = indexing.find_drift(progress=lambda n: bar.update(n - bar.n))
        self.stdout.write(
            f"Checked {drift.checked} article(s): {len(drift.missing)} missing from the index, "
            f"{len(drift.extra)} extra in the index, {len(drift.stale)} stale."
        )
        for label, ids in (
            ("missing", drift.missing),
            ("extra", drift.extra),
            ("stale", drift.stale),
        ):
            if ids:
                listed = ", ".join(str(i) for i in ids[:show])
                more = f" and {len(ids) - show} more" if len(ids) > show else ""
                self.stdout.write(f"  {label}: {listed}{more}")
        if drift.clean:
            self.stdout.write("The index matches the database.")
            return
        if not repair:
            raise CommandError("The index has drifted; run with --repair to fix it.")
        result = indexing.repair_drift(drift)
        after = indexing.find_drift()
        self.stdout.write(
            f"Repaired: {result.updated} document(s) written, {result.removed} removed."
        )
        if not after.clean:
            raise CommandError("Drift remains after the repair; see the log.")
        self.stdout.write("The index matches the database.")
