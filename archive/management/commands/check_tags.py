from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from archive.curation import stale_tag_report
from archive.models import Job


class Command(BaseCommand):
    help = (
        "Report articles whose tags may be older than the gazetteer (tagged before a name "
        "they contain last changed) and the re-tagging jobs still waiting or failed. With "
        "--repair, queue a re-tagging job for those articles (the worker runs it). Exits "
        "non-zero when stale tags are found and not repaired."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Queue their re-tagging.")
        parser.add_argument("--show", type=int, default=10, help="How many ids to list.")

    def handle(self, *args, repair, show, **options):
        waiting = Job.objects.unfinished().filter(kind="retag").count()
        failed = Job.objects.filter(kind="retag", status=Job.Status.FAILED).count()
        stale = stale_tag_report()
        self.stdout.write(
            f"{len(stale)} article(s) tagged before a name they contain changed; "
            f"{waiting} re-tagging job(s) waiting or running, {failed} failed."
        )
        if stale:
            more = f" and {len(stale) - show} more" if len(stale) > show else ""
            self.stdout.write("  stale: " + ", ".join(map(str, stale[:show])) + more)
        if not stale:
            self.stdout.write("Every article's tags are as new as the names they contain.")
            return
        if not repair:
            raise CommandError("Stale tags found; run with --repair to queue their re-tagging.")
        with transaction.atomic():
            job = Job.objects.enqueue("retag", {"ids": stale})
        self.stdout.write(f"Queued job {job.pk} to re-tag {len(stale)} article(s).")
