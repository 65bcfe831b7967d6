"""The curated seed fixture and the importer must agree on the five seed articles."""

import io
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase

from archive.models import Alias, Article, Mention, Person, Source

ROOT = Path(__file__).resolve().parent.parent
FIELDS = [
    "title",
    "standfirst",
    "body",
    "published",
    "date_precision",
    "dateline",
    "byline",
    "url",
    "language",
    "source_id",
    "content_hash",
]


class SeedFixtureTests(TestCase):
    fixtures = [str(ROOT / "fixtures" / "seed.json")]

    def test_it_holds_the_five_seed_articles_with_sources_and_kinds(self):
        self.assertEqual(Article.objects.count(), 5)
        kinds = dict(Source.objects.values_list("name", "kind"))
        self.assertEqual(
            kinds,
            {"Associated Press": "wire", "Al Jazeera": "broadcaster", "Press TV": "broadcaster"},
        )
        self.assertEqual(Source.objects.get(name="Press TV").control, "state")

    def test_every_tag_is_confirmed_and_every_leader_has_scripts(self):
        self.assertFalse(Mention.objects.exclude(status="confirmed").exists())
        for slug in ("kim-jong-un", "xi-jinping", "moon-jae-in"):
            names = set(Alias.objects.filter(person__slug=slug).values_list("name", flat=True))
            self.assertTrue(any("\uac00" <= ch <= "\ud7af" for n in names for ch in n), slug)
            self.assertTrue(any("\u4e00" <= ch <= "\u9fff" for n in names for ch in n), slug)

    def test_every_date_carries_its_period(self):
        for article in Article.objects.all():
            self.assertEqual(article.published_until, article.period[1], article.title)

    def test_undated_articles_are_flagged_not_given_a_date(self):
        undated = Article.objects.undated()
        self.assertEqual(undated.count(), 3)
        self.assertFalse(undated.filter(published__isnull=False).exists())
        self.assertEqual(Article.objects.needing_attention().count(), 4)

    def test_importing_the_raw_seeds_gives_the_fixture(self):
        expected = {a["content_hash"]: a for a in Article.objects.values(*FIELDS)}
        expected_tags = {
            content_hash: set(
                Mention.objects.filter(article__content_hash=content_hash).values_list(
                    "person__slug", flat=True
                )
            )
            for content_hash in expected
        }
        Article.objects.all().delete()
        call_command(
            "import_articles",
            str(ROOT / "fixtures" / "seeds"),
            stdout=io.StringIO(),
            no_progress=True,
            no_index=True,
        )
        imported = {a["content_hash"]: a for a in Article.objects.values(*FIELDS)}
        self.assertEqual(set(imported), set(expected))
        for content_hash, fields in expected.items():
            self.assertEqual(imported[content_hash], fields)
        for content_hash, slugs in expected_tags.items():
            found = set(
                Mention.objects.visible()
                .filter(article__content_hash=content_hash)
                .values_list("person__slug", flat=True)
            )
            self.assertEqual(found, slugs)

    def test_importing_the_raw_seeds_over_the_fixture_duplicates_nothing(self):
        out = io.StringIO()
        call_command(
            "import_articles",
            str(ROOT / "fixtures" / "seeds"),
            stdout=out,
            no_progress=True,
            no_index=True,
        )
        self.assertIn("duplicates skipped 5", out.getvalue())
        self.assertEqual(Article.objects.count(), 5)

    def test_no_article_mentions_a_writers_credit(self):
        hyung_jin = Person.objects.get(slug="hyung-jin-kim")
        self.assertFalse(hyung_jin.mentions.exists())
