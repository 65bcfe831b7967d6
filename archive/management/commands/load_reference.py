from django.core.management.base import BaseCommand, CommandError

from archive import reference


class Command(BaseCommand):
    help = (
        "Load the reference data shipped in fixtures/ (the outlets list): adds and updates "
        "reference facts, never overwrites a curator's edit, and reports what it changed. "
        "Safe to run again. A file with problems is refused whole, with every problem listed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--outlets", default=str(reference.OUTLETS_FILE), help="The outlets file."
        )
        parser.add_argument(
            "--show-kept", action="store_true", help="List the curators' edits kept."
        )

    def handle(self, *args, outlets, show_kept, **options):
        try:
            reports = [reference.load_outlets(outlets)]
        except reference.ReferenceError as exc:
            raise CommandError(str(exc)) from exc
        for report in reports:
            self.stdout.write(report.summary())
            if show_kept:
                for row, name, value in report.kept:
                    self.stdout.write(f"  kept {row}.{name} = {value!r}")
            for reason in report.skipped[:20]:
                self.stdout.write(f"  left out: {reason}")
