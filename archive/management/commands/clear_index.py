from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Refuses to empty the live search index (readers would get no results). Use "
        "rebuild_index, which builds a new index aside and switches when it is complete."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_true",
            help="Accepted for compatibility; the command still refuses.",
        )

    def handle(self, *args, **options):
        raise CommandError(
            "clear_index would leave searches empty; run `manage.py rebuild_index` instead."
        )
