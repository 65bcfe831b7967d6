from django.core.management.base import BaseCommand, CommandError

from archive.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the whole database while the site serves (SQLite: its online backup API; "
        "PostgreSQL: pg_dump) into one .tar file with a manifest. The search index is not "
        "in it: `restore` rebuilds it from the database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="Where to write it (default: DATA_DIR/backups/archive-DATE.tar).",
        )

    def handle(self, *args, path, **options):
        try:
            written, info = backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        counts = info["counts"]
        self.stdout.write(
            f"Backed up the {info['vendor']} database to {written}: {counts['articles']} "
            f"article(s), {counts['people']} people, {counts['mentions']} mention(s)."
        )
