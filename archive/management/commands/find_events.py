import datetime
import sys

from django.core.management.base import BaseCommand, CommandError

from archive.events.suggest import find_events
from archive.models import Article, EventSuggestion


class Command(BaseCommand):
    help = (
        "Read articles for the visits, summits, talks, calls and ceremonies they report and "
        "propose them to curators as suggested events (the admin's queue). Re-runnable: an "
        "article already read adds nothing twice, a rejected suggestion is never proposed "
        "again, an event a curator keeps is not proposed again. Default: every article."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", help="Only articles dated from this day (YYYY-MM-DD).")
        parser.add_argument("--ids", help="Only these article ids (comma-separated).")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, since=None, ids=None, no_progress=False, **options):
        articles = Article.objects.all()
        if since:
            try:
                day = datetime.date.fromisoformat(since)
            except ValueError as exc:
                raise CommandError(f"--since {since!r} is not a date (YYYY-MM-DD).") from exc
            articles = articles.filter(published_until__gte=day)
        if ids:
            try:
                wanted = [int(i) for i in ids.split(",") if i.strip()]
            except ValueError as exc:
                raise CommandError(f"--ids {ids!r} is not a list of numbers.") from exc
            articles = articles.filter(pk__in=wanted)
        chosen = list(articles.values_list("pk", flat=True))
        before = EventSuggestion.objects.filter(status="open").count()
        show = not no_progress and sys.stderr.isatty()

        def progress(done, total):
            if show and (done % 200 == 0 or done == total):
                sys.stderr.write(f"\r  read {done:,} of {total:,} article(s)")
                sys.stderr.flush()

        read, touched = find_events(chosen, progress=progress)
        if show:
            sys.stderr.write("\n")
        after = EventSuggestion.objects.filter(status="open").count()
        self.stdout.write(
            f"Read {read:,} article(s): {touched:,} suggestion(s) made or given new evidence, "
            f"{after - before:,} new; {after:,} open suggestion(s) wait in the admin's queue."
        )
