from django.core.management.base import BaseCommand, CommandError

from archive import indexing
from archive.database import DatabaseBusy, refresh_statistics
from archive.management.progress import progress_bar
from archive.models import Article, Person
from archive.tagger import tag_articles


class Command(BaseCommand):
    help = (
        "Re-tag articles: find every known person's names in them and write auto/suggested "
        "mentions. Confirmed and rejected mentions are never changed; running it twice "
        "changes nothing the second time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--ids", nargs="+", type=int, help="Only these article ids.")
        parser.add_argument("--source", help="Only articles of this source (slug).")
        parser.add_argument("--year", type=int, help="Only articles published in this year.")
        parser.add_argument(
            "--person",
            help="Only articles whose text may name this person (slug): use after adding an alias.",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show the progress bar."
        )

    def handle(self, *args, ids, source, year, person, no_progress, **options):
        articles = Article.objects.all()
        if ids:
            articles = articles.filter(id__in=ids)
        if source:
            articles = articles.filter(source__slug=source)
        if year:
            articles = articles.filter(published__year=year)
        if person:
            found = Person.objects.filter(slug=person).first()
            if found is None:
                raise CommandError(f"No person with the slug {person!r}")
            articles = articles.containing_names(found.names())
        total = articles.count()
        try:
            with (
                progress_bar(total, "Tagging", "art", disabled=no_progress) as bar,
                indexing.deferred(),
            ):
                counts = tag_articles(articles, progress=lambda counts: bar.update(1))
        except DatabaseBusy as exc:
            raise CommandError(f"{exc} The articles tagged before it keep their tags.") from exc
        refresh_statistics()
        result = indexing.drain_index_queue(blocking=True)
        self.stdout.write(
            f"Tagged {counts.articles} article(s): {counts.created} mention(s) created, "
            f"{counts.changed} changed, {counts.removed} removed; {result.updated} search "
            "document(s) updated."
        )
