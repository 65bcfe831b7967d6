"""Exports of every view of the archive (CSV, JSON lines), citations (RIS, CSL-JSON), the
Atom feed of any search and the OpenSearch description."""

import csv
import datetime
import io
import json

import feedparser
from django.http import StreamingHttpResponse
from django.urls import reverse

from archive.exports import neutralise
from archive.models import Event, EventArticle, Story
from tests.base import ArchiveTestCase
from tests.test_search import make_article

DAY = datetime.date


def body_of(response):
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode("utf-8")


class ExportTestCase(ArchiveTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.many = [
            make_article(
                f"Summit note {n}", f"The summit went on, day {n}.", source=cls.ap,
                published=DAY(2019, 2, 1) + datetime.timedelta(days=n), people=[cls.kim],
            )
            for n in range(45)
        ]  # fmt: skip
        cls.hostile = make_article(
            '=HYPERLINK("http://evil","click")', "+SUM(A1) the summit @here -2 <b>x</b>",
            source=cls.kcna, published=DAY(2019, 6, 20), people=[cls.kim],
            byline="@attacker", dateline="-cmd|' /C calc'!A0",
        )  # fmt: skip

    def setUp(self):
        super().setUp()
        self.index_everything()


class ExportTests(ExportTestCase):
    def test_a_search_exports_every_hit_not_a_page(self):
        response = self.client.get(reverse("search_export", args=["csv"]), {"q": "summit"})
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("attachment", response["Content-Disposition"])
        text = body_of(response)
        self.assertTrue(text.startswith("\ufeff"))
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
        self.assertEqual(len(rows), 46)  # more than two pages of the search page
        self.assertEqual(rows[0].keys() >= {"id", "url", "title", "source", "people"}, True)
        kim = next(r for r in rows if r["title"] == "Summit note 3")
        self.assertEqual((kim["people"], kim["published"], kim["source_kind"]),
                         ("Kim Jong Un", "2019-02-04", "wire"))  # fmt: skip

    def test_exports_take_the_search_s_facets_and_exclusions(self):
        text = body_of(self.client.get(
            reverse("search_export", args=["jsonl"]),
            {"q": "summit", "not_source": self.kcna.slug},
        ))  # fmt: skip
        self.assertEqual(len(text.splitlines()), 45)
        feed = self.client.get(reverse("search_feed"), {"q": "summit", "source": self.kcna.slug})
        self.assertEqual(feed.content.decode().count("<entry>"), 1)

    def test_formula_cells_are_neutralised_and_text_stays_inert(self):
        self.assertEqual(neutralise("=1+1"), "'=1+1")
        for start in "=+-@\t\r":
            self.assertEqual(neutralise(f"{start}x")[0], "'")
        self.assertEqual(neutralise("Kim"), "Kim")
        text = body_of(self.client.get(
            reverse("search_export", args=["csv"]), {"q": "summit", "body": "1"}
        ))  # fmt: skip
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
        hostile = next(r for r in rows if "HYPERLINK" in r["title"])
        for column in ("title", "byline", "dateline", "body"):
            with self.subTest(column=column):
                self.assertFalse(hostile[column][:1] in "=+-@", hostile[column])
        # Text, as the article says it: a spreadsheet shows it, never runs it.
        self.assertIn("+SUM(A1) the summit", hostile["body"])

    def test_json_lines_and_page_exports(self):
        lines = body_of(self.client.get(reverse("person_export", args=["kim-jong-un", "jsonl"])))
        records = [json.loads(line) for line in lines.splitlines()]
        self.assertEqual(len(records), 47)
        self.assertTrue(all("Kim Jong Un" in r["people"] for r in records))
        pair = body_of(self.client.get(
            reverse("pair_export", args=["kim-jong-un", "xi-jinping", "jsonl"])
        ))  # fmt: skip
        self.assertEqual([json.loads(x)["id"] for x in pair.splitlines()], [self.article.pk])
        source = body_of(self.client.get(reverse("source_export", args=[self.kcna.slug, "csv"])))
        self.assertEqual(source.count("\n"), 2)  # header and the one article
        event = Event.objects.create(title="Talks", kind="bilateral_talks", start=DAY(2019, 1, 8))
        EventArticle.objects.create(event=event, article=self.article)
        lines = body_of(self.client.get(reverse("event_export", args=[event.slug, "jsonl"])))
        self.assertEqual(json.loads(lines)["id"], self.article.pk)
        story = Story.objects.create(title="A story")
        self.many[0].story = story
        self.many[0].save()
        lines = body_of(self.client.get(reverse("story_export", args=[story.pk, "jsonl"])))
        self.assertEqual(json.loads(lines)["id"], self.many[0].pk)

    def test_citations_in_ris_and_csl_json(self):
        ris = body_of(self.client.get(reverse("article_cite", args=[self.article.slug, "ris"])))
        self.assertTrue(ris.startswith("TY  - NEWS"))
        self.assertIn("TI  - Kim meets Xi in Beijing", ris)
        self.assertIn("DA  - 2019/01/08", ris)
        self.assertIn("ER  - ", ris)
        csl = json.loads(body_of(self.client.get(
            reverse("search_export", args=["csl"]), {"q": "summit"}
        )))  # fmt: skip
        self.assertEqual(len(csl), 46)
        self.assertEqual(csl[0]["type"], "article-newspaper")
        self.assertIn("date-parts", csl[0]["issued"])

    def test_bad_requests(self):
        self.assertEqual(self.client.get("/search/export.xlsx?q=x").status_code, 404)
        self.assertEqual(self.client.get(reverse("search_export", args=["csv"])).status_code, 400)
        self.assertEqual(
            self.client.get(reverse("person_export", args=["nobody", "csv"])).status_code, 404
        )
        bad = self.client.get(reverse("search_export", args=["csv"]), {"q": "summit", "from": "x"})
        self.assertEqual(bad.status_code, 200)  # the bad filter is left out, as on the page


class SearchFeedTests(ExportTestCase):
    def test_a_search_as_a_valid_atom_feed_newest_first(self):
        response = self.client.get(reverse("search_feed"), {"q": "summit", "person": "kim-jong-un"})
        feed = feedparser.parse(response.content)
        self.assertFalse(feed.bozo, feed.get("bozo_exception"))
        self.assertEqual(feed.version, "atom10")
        self.assertEqual(len(feed.entries), 30)
        self.assertEqual(feed.entries[0].title, '=HYPERLINK("http://evil","click")')
        self.assertNotIn(b"<b>x</b>", response.content)
        page = self.client.get(reverse("search"), {"q": "summit"})
        self.assertContains(page, 'type="application/atom+xml"')
        self.assertContains(page, "/search/export.csv?q=summit")

    def test_opensearch_description(self):
        response = self.client.get(reverse("opensearch"))
        self.assertEqual(
            response["Content-Type"], "application/opensearchdescription+xml; charset=utf-8"
        )
        self.assertContains(response, "http://testserver/search/?q={searchTerms}")
        self.assertContains(self.client.get("/"), 'rel="search"')


class DumpTests(ArchiveTestCase):
    def test_a_dump_round_trip_loses_nothing(self):
        import tempfile
        from pathlib import Path

        from django.contrib.auth.models import User
        from django.core.management import call_command

        from archive.models import (
            Article,
            ArticleAgency,
            ArticleVersion,
            Mention,
            MentionDecision,
            Person,
            Source,
        )

        curator = User.objects.create_user("curator")
        story = Story.objects.create(title="Kim meets Xi in Beijing", origin=self.ap)
        Article.objects.filter(pk=self.article.pk).update(
            story=story, standfirst="A standfirst.", dateline="BEIJING", byline="By A. Writer",
            section="news", url="https://example.com/kim", language="en",
            import_notes="Declared language kept.",
        )  # fmt: skip
        ArticleAgency.objects.create(article=self.article, agency=self.kcna, how="cited")
        ArticleVersion.objects.create(
            article=self.article, title="Kim to meet Xi", body="<p>Earlier.</p>",
            content_hash="v1", published=DAY(2019, 1, 7), date_precision="day",
            seen_at="2019-01-07T10:00:00+00:00",
        )  # fmt: skip
        Mention.objects.filter(person=self.xi).update(
            status="confirmed", decided_by=curator, decided_at="2019-01-09T12:00:00+00:00"
        )
        MentionDecision.objects.create(
            article=self.article, person=self.xi, from_status="suggested",
            to_status="confirmed", user=curator, note="checked",
        )  # fmt: skip
        make_article("Undated <note>", "=1+1 and text.", source=None, people=[self.kim])
        with tempfile.TemporaryDirectory() as folder:
            first = Path(folder) / "first.jsonl"
            second = Path(folder) / "second.jsonl"
            call_command("dump", output=str(first), stdout=io.StringIO())
            before = [json.loads(line) for line in first.read_text().splitlines()]
            Article.objects.all().delete()
            Story.objects.all().delete()
            Person.objects.exclude(pk__in=[self.kim.pk]).delete()  # Xi comes back from the dump
            Source.objects.filter(pk=self.kcna.pk).delete()  # so does KCNA
            out = io.StringIO()
            call_command("import_articles", str(first), stdout=out, no_index=True)
            self.assertIn("Restored 2 article(s)", out.getvalue())
            call_command("dump", output=str(second), stdout=io.StringIO())
            after = [json.loads(line) for line in second.read_text().splitlines()]
            # Twice: nothing more.
            again = io.StringIO()
            call_command("import_articles", str(first), stdout=again, no_index=True)
            self.assertIn("0 article(s), 2 already there", again.getvalue())

        def comparable(record):
            return {k: v for k, v in record.items() if k != "id"}

        self.assertEqual([comparable(r) for r in after], [comparable(r) for r in before])
        restored = Article.objects.get(title="Kim meets Xi in Beijing")
        self.assertEqual(restored.versions.get().title, "Kim to meet Xi")
        self.assertEqual(restored.mentions.get(person__slug="xi-jinping").status, "confirmed")

    def test_a_broken_dump_line_restores_nothing_of_it(self):
        import tempfile
        from pathlib import Path

        from django.core.management import call_command
        from django.core.management.base import CommandError

        from archive.models import Article

        line = {"archive_dump": 1, "title": "Half", "content_hash": "x"}
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "broken.jsonl"
            path.write_text(json.dumps(line) + "\n{not json\n")
            with self.assertRaisesMessage(CommandError, "2 line(s) failed"):
                call_command("import_articles", str(path), stdout=io.StringIO(),
                             stderr=io.StringIO(), no_index=True)  # fmt: skip
        self.assertFalse(Article.objects.filter(title="Half").exists())

    def test_the_export_command(self):
        import tempfile
        from pathlib import Path

        from django.core.management import call_command
        from django.core.management.base import CommandError

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "kim.csv"
            out = io.StringIO()
            call_command("export", person=["kim-jong-un"], output=str(path), stdout=out)
            self.assertIn("Wrote 1 record(s)", out.getvalue())
            self.assertTrue(path.read_text(encoding="utf-8").startswith("\ufeffid,url"))
        with self.assertRaisesMessage(CommandError, "No person"):
            call_command("export", person=["nobody"], stdout=io.StringIO())
        with self.assertRaisesMessage(CommandError, "Nothing to export"):
            call_command("export", stdout=io.StringIO())
