import os
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive import indexing
from archive.database import DatabaseBusy
from archive.ingest.importer import Importer, scan
from archive.management.progress import drain_with_progress


class Command(BaseCommand):
    help = (
        "Import articles from files or folders (recursively): plain text like the seeds, "
        "HTML pages of single articles, and JSON lines (one article a line). Each article is "
        "stored in its own transaction and tagged; the search index is updated at the end. "
        "Exits non-zero if any file or line failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders to import.")
        parser.add_argument(
            "--source",
            default="",
            help="The outlet of the articles whose copy names none (e.g. a folder of one "
            "outlet's plain text); resolved like any source name.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Parse and report what would be created, updated or skipped; write nothing.",
        )
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="Leave the index updates queued (apply them later with drain_index_queue).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show the progress bar."
        )

    def handle(self, *args, paths, source, dry_run, no_index, no_progress, **options):
        source = " ".join(source.split())
        if options.get("source") is not None and source == "" and options["source"]:
            raise CommandError("--source needs a name.")
        missing = [p for p in paths if not os.path.exists(p)]
        dumps_given = [p for p in paths if os.path.isfile(p) and _is_dump_file(p)]
        if dumps_given:
            if len(dumps_given) != len(paths):
                raise CommandError("Restore a dump on its own, not with other files.")
            return self.restore(dumps_given, dry_run, no_index)
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(missing)}")
        files, size = scan(paths)
        if files == 0:
            raise CommandError(f"No files found in {', '.join(paths)}")
        bar = tqdm(
            total=size,
            unit="B",
            unit_scale=True,
            desc="Importing",
            disable=no_progress or (not sys.stderr.isatty() and options["verbosity"] < 2),
            file=sys.stderr,
        )

        def on_progress(done, summary):
            bar.update(max(0, done - bar.n))
            bar.set_postfix(
                created=summary.created,
                dup=summary.duplicates,
                failed=len(summary.failed),
                refresh=False,
            )

        try:
            with indexing.deferred():
                summary = Importer(dry_run=dry_run, on_progress=on_progress, source=source).run(
                    paths
                )
        except DatabaseBusy as exc:
            raise CommandError(
                f"{exc} What was stored before is kept and skipped next time."
            ) from exc
        finally:
            bar.close()

        self.report(summary, dry_run)
        if not dry_run and not no_index:
            self.apply_index_queue(no_progress)
        if summary.failed:
            raise CommandError(f"{len(summary.failed)} file(s) or line(s) failed (listed above)")

    def restore(self, paths, dry_run, no_index):
        """A file `manage.py dump` wrote: every article restored as it was (archive.dumps)."""
        import json

        from archive import dumps

        if dry_run:
            raise CommandError("--dry-run does not apply to restoring a dump.")
        counts = {"created": 0, "exists": 0}
        failed = []
        with indexing.deferred():
            for path in paths:
                with open(path, encoding="utf-8") as handle:
                    for number, line in enumerate(handle, 1):
                        if not line.strip():
                            continue
                        try:
                            counts[dumps.restore(json.loads(line))] += 1
                        except (json.JSONDecodeError, dumps.RestoreError) as exc:
                            failed.append(f"{path}:{number}: {exc}")
                            self.stderr.write(f"  FAILED {path}:{number}: {exc}")
        self.stdout.write(
            f"Restored {counts['created']} article(s), {counts['exists']} already there, "
            f"{len(failed)} failed."
        )
        if not no_index:
            drain_with_progress(no_progress=True)
        if failed:
            raise CommandError(f"{len(failed)} line(s) failed (listed above)")

    def report(self, summary, dry_run):
        rate = summary.articles / summary.seconds if summary.seconds else 0
        prefix = "Dry run, nothing written. Would have: " if dry_run else ""
        self.stdout.write(
            f"{prefix}{summary.files} file(s), {summary.articles} article(s) in "
            f"{summary.seconds:.1f} s ({rate:.0f}/s): created {summary.created}, "
            f"updated {summary.updated}, duplicates skipped {summary.duplicates}, "
            f"failed {len(summary.failed)}."
            + (f" Prepared by {summary.workers} worker processes." if summary.workers else "")
        )
        for where, reason in summary.failed:
            self.stdout.write(f"  FAILED {where}: {reason}")
        for where, note in summary.notes:
            self.stdout.write(f"  NOTE {where}: {note}")

    def apply_index_queue(self, no_progress):
        if not indexing.PendingIndexUpdate.objects.exists():
            return
        result = drain_with_progress(no_progress)
        self.stdout.write(
            f"Search index: {result.updated} document(s) written, {result.removed} removed."
        )


def _is_dump_file(path):
    """Whether ``path`` is a dump (its first line carries "archive_dump")."""
    try:
        with open(path, encoding="utf-8") as handle:
            first = handle.readline(100_000)
    except (OSError, UnicodeDecodeError):
        return False
    return first.lstrip().startswith("{") and '"archive_dump"' in first
