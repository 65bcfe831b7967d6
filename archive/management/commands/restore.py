from django.core.management.base import BaseCommand, CommandError

from archive.backups import BackupError, read_manifest, restore
from archive.management.progress import progress_bar


class Command(BaseCommand):
    help = (
        "Replace the database with a backup made by `backup`, apply newer migrations, "
        "rebuild the search index and check that it matches the database. Stop the site and "
        "its worker first. Asks for confirmation unless --yes."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file (.tar).")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show the progress bar."
        )

    def handle(self, *args, path, yes, no_progress, **options):
        try:
            info = read_manifest(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        counts = info["counts"]
        self.stdout.write(
            f"Backup of {info['created']} ({info['vendor']}): {counts['articles']} article(s), "
            f"{counts['people']} people, {counts['mentions']} mention(s)."
        )
        if not yes and input("Replace this archive's database with it? [y/N] ").lower() != "y":
            raise CommandError("Nothing was restored.")
        with progress_bar(counts["articles"], "Indexing", "doc", disabled=no_progress) as bar:
            try:
                done = restore(path, progress=lambda n: bar.update(n - bar.n))
            except BackupError as exc:
                raise CommandError(str(exc)) from exc
        drift = done["drift"]
        self.stdout.write(
            f"Restored {done['articles']} article(s); search index rebuilt with "
            f"{done['indexed']} document(s); drift: {len(drift.missing)} missing, "
            f"{len(drift.extra)} extra, {len(drift.stale)} stale."
        )
        if not drift.clean:
            raise CommandError("The index does not match the restored database; see above.")
