from django.core.management.base import BaseCommand, CommandError

from archive import reference
from archive.curation import retag_for_names
from archive.models import Article


class Command(BaseCommand):
    help = (
        "Load the reference data shipped in fixtures/ (the outlets list, the people with "
        "their offices): adds and updates "
        "reference facts, never overwrites a curator's edit, and reports what it changed. "
        "Safe to run again. A file with problems is refused whole, with every problem listed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--outlets", default=str(reference.OUTLETS_FILE), help="The outlets file."
        )
        parser.add_argument(
            "--people",
            default=str(reference.PEOPLE_FOLDER),
            help="The folder of people files (fixtures/people/*.json).",
        )
        parser.add_argument(
            "--show-kept", action="store_true", help="List the curators' edits kept."
        )

    def handle(self, *args, outlets, people, show_kept, **options):
        try:
            reports = [reference.load_outlets(outlets), reference.load_people(people)]
        except reference.ReferenceError as exc:
            raise CommandError(str(exc)) from exc
        names = reports[1].new_names
        if names and Article.objects.exists():
            # The articles that hold a new or changed name are tagged again (a job: the
            # worker does it; confirmed and rejected tags are never changed).
            job = retag_for_names(names)
            self.stdout.write(f"Re-tagging the articles that name them: job {job.pk}.")
        for report in reports:
            self.stdout.write(report.summary())
            if show_kept:
                for row, name, value in report.kept:
                    self.stdout.write(f"  kept {row}.{name} = {value!r}")
            for reason in report.skipped[:20]:
                self.stdout.write(f"  left out: {reason}")
