"""The reading pages: home, browse, article, source, date archive, sitemap, robots, errors."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

from django.test import TestCase, override_settings
from django.urls import reverse

from archive.models import Article, Mention, Person, Source

ROOT = Path(__file__).resolve().parent.parent


class PagesTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ap = Source.objects.create(
            name="Associated Press",
            kind=Source.Kind.WIRE,
            country="US",
            homepage="https://apnews.com",
        )
        cls.kcna = Source.objects.create(
            name="KCNA", kind=Source.Kind.WIRE, control=Source.Control.STATE
        )
        cls.kim = Person.objects.create(name="Kim Jong Un", is_leader=True)
        cls.dated = Article.objects.create(
            title="Kim visits Beijing",
            content_hash="a",
            source=cls.ap,
            body="<p>Kim went to Beijing.</p>",
            published=datetime.date(2019, 1, 8),
            date_precision="day",
            dateline="SEOUL, South Korea",
            byline="Hyung-jin Kim",
            url="https://apnews.com/kim-beijing",
            standfirst="A fourth trip.",
        )
        cls.monthly = Article.objects.create(
            title="January round-up",
            content_hash="b",
            source=cls.kcna,
            body="<p>x</p>",
            published=datetime.date(2019, 1, 1),
            date_precision="month",
        )
        cls.yearly = Article.objects.create(
            title="A year in review",
            content_hash="c",
            body="<p>x</p>",
            published=datetime.date(2018, 1, 1),
            date_precision="year",
        )
        cls.undated = Article.objects.create(
            title="Undated wire copy", content_hash="d", body="<p>x</p>", source=cls.ap
        )
        Mention.objects.create(article=cls.dated, person=cls.kim)
        Mention.objects.create(article=cls.undated, person=cls.kim)


class HomeTests(PagesTestCase):
    def test_it_shows_search_leaders_latest_and_sources(self):
        response = self.client.get(reverse("home"))
        self.assertContains(response, 'role="search"')
        self.assertEqual([p.name for p in response.context["leaders"]], ["Kim Jong Un"])
        latest = [a.title for a in response.context["latest"]]
        self.assertEqual(latest, ["Kim visits Beijing", "January round-up", "A year in review"])
        self.assertNotIn("Undated wire copy", latest)
        self.assertContains(response, "Associated Press")


class ArticlePageTests(PagesTestCase):
    def test_it_shows_everything_the_reader_needs(self):
        response = self.client.get(self.dated.get_absolute_url())
        for text in (
            "Kim visits Beijing",
            "A fourth trip.",
            "8 January 2019",
            "SEOUL, South Korea",
            "Hyung-jin Kim",
            "Kim went to Beijing.",
            'href="https://apnews.com/kim-beijing"',
            reverse("source", args=["associated-press"]),
            reverse("person", args=["kim-jong-un"]),
        ):
            self.assertContains(response, text)

    def test_dates_read_with_their_precision(self):
        self.assertContains(self.client.get(self.monthly.get_absolute_url()), "January 2019")
        self.assertContains(self.client.get(self.yearly.get_absolute_url()), ">2018<")
        self.assertContains(self.client.get(self.undated.get_absolute_url()), "date unknown")

    def test_an_unknown_article_is_a_friendly_404(self):
        response = self.client.get("/articles/no-such-article/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Page not found", status_code=404)
        self.assertContains(response, 'role="search"', status_code=404)


class BrowseTests(PagesTestCase):
    def titles(self, **params):
        response = self.client.get(reverse("browse"), params)
        self.assertEqual(response.status_code, 200)
        return [a.title for a in response.context["page"]]

    def test_it_lists_dated_articles_newest_first_and_undated_apart(self):
        self.assertEqual(
            self.titles(), ["Kim visits Beijing", "January round-up", "A year in review"]
        )
        self.assertEqual(self.titles(date="unknown"), ["Undated wire copy"])
        self.assertContains(self.client.get(reverse("browse")), "1 undated article, listed apart")

    def test_it_filters_by_source_person_year_and_month(self):
        self.assertEqual(self.titles(source="kcna"), ["January round-up"])
        self.assertEqual(self.titles(person="kim-jong-un"), ["Kim visits Beijing"])
        # The form's person field takes any of their names, too.
        self.assertEqual(self.titles(person="Kim Jong Un"), ["Kim visits Beijing"])
        page = self.client.get(reverse("browse"))
        self.assertContains(page, 'id="browse-person"')
        self.assertEqual(self.titles(person="kim-jong-un", date="unknown"), ["Undated wire copy"])
        self.assertEqual(self.titles(year="2019"), ["Kim visits Beijing", "January round-up"])
        self.assertEqual(
            self.titles(year="2019", month="1"), ["Kim visits Beijing", "January round-up"]
        )

    def test_bad_filters_are_reported_not_fatal(self):
        for params in (
            {"year": "abc"},
            {"month": "13"},
            {"source": "nope"},
            {"person": "<script>"},
            {"year": "99999999999999999999"},
        ):
            with self.subTest(params=params):
                response = self.client.get(reverse("browse"), params)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["notes"])
        self.assertEqual(self.client.get(reverse("browse"), {"page": "9"}).status_code, 404)


class SourceAndArchiveTests(PagesTestCase):
    def test_the_source_page_shows_kind_country_homepage_articles_and_people(self):
        response = self.client.get(reverse("source", args=["associated-press"]))
        for text in (
            "Wire agency",
            "United States",
            "https://apnews.com",
            "Kim visits Beijing",
            "Undated wire copy",
        ):
            self.assertContains(response, text)
        self.assertEqual(
            list(response.context["people"]),
            [{"person__name": "Kim Jong Un", "person__slug": "kim-jong-un", "n": 2}],
        )

    def test_the_year_archive_lists_months_and_articles(self):
        response = self.client.get(reverse("archive_year", args=[2019]))
        self.assertEqual([m["name"] for m in response.context["months"]], ["January"])
        self.assertEqual(response.context["total"], 2)

    def test_the_year_archive_says_months_plainly_and_links_years_with_articles(self):
        response = self.client.get(reverse("archive_year", args=[2019]))
        self.assertContains(response, 'January <span class="count">(2 articles)</span>')
        # 2018 has an article; 2020 has none and no later year does: no link to it.
        self.assertEqual((response.context["previous"], response.context["next"]), (2018, None))
        self.assertNotContains(response, "2020")
        older = self.client.get(reverse("archive_year", args=[2010]))
        self.assertEqual((older.context["previous"], older.context["next"]), (None, 2018))

    def test_an_article_prints_with_its_address(self):
        response = self.client.get(self.dated.get_absolute_url())
        self.assertContains(response, 'class="print-only meta">http://testserver/articles/')

    def test_a_year_only_article_is_not_counted_under_january(self):
        response = self.client.get(reverse("archive_year", args=[2018]))
        self.assertEqual(response.context["months"], [])
        self.assertEqual(response.context["total"], 1)
        # Its period (all of 2018) overlaps every month of it: listed, marked imprecise.
        browse = self.client.get(reverse("browse"), {"year": "2018", "month": "1"})
        self.assertEqual([a.imprecise for a in browse.context["page"]], [True])
        self.assertContains(browse, "(imprecise date)")

    def test_the_month_archive_marks_year_precision_articles(self):
        response = self.client.get(reverse("archive_month", args=[2018, 1]))
        self.assertEqual(response.context["total"], 1)
        self.assertTrue(all(a.imprecise for a in response.context["page"]))
        response = self.client.get(reverse("archive_month", args=[2019, 1]))
        self.assertEqual(response.context["total"], 2)
        self.assertFalse(any(a.imprecise for a in response.context["page"]))

    def test_impossible_archive_dates_are_404(self):
        for url in ("/archive/0/", "/archive/2019/0/", "/archive/2019/13/", "/archive/99999/"):
            self.assertEqual(self.client.get(url).status_code, 404, url)


class SiteFilesTests(PagesTestCase):
    def test_the_sitemap_lists_articles_people_and_sources(self):
        index = self.client.get("/sitemap.xml")
        self.assertContains(index, "sitemap-articles.xml")
        articles = self.client.get("/sitemap-articles.xml").content.decode()
        self.assertIn(self.dated.get_absolute_url(), articles)
        self.assertIn(
            "/people/kim-jong-un/", self.client.get("/sitemap-people.xml").content.decode()
        )
        from archive.models import Event

        event = Event.objects.create(title="Visit", kind="visit", start=datetime.date(2019, 1, 7))
        self.assertContains(index, "sitemap-events.xml")
        self.assertIn(
            event.get_absolute_url(), self.client.get("/sitemap-events.xml").content.decode()
        )

    def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_admin_and_search(self):
        text = self.client.get("/robots.txt").content.decode()
        self.assertIn("Disallow: /admin/", text)
        self.assertIn("Disallow: /search/", text)
        self.assertIn("Sitemap: http://testserver/sitemap.xml", text)

    @override_settings(DEBUG=False)
    def test_the_500_page_is_in_the_sites_style_and_needs_nothing(self):
        from django.template import loader

        html = loader.get_template("500.html").render()
        self.assertIn("Something went wrong", html)
        self.assertIn("/static/css/archive.css", html)


class ProductionSettingsTests(TestCase):
    def run_check(self, **env):
        return subprocess.run(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "check",
                "--deploy",
                "--fail-level",
                "WARNING",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "archive.settings", **env},
        )

    def test_production_refuses_to_start_without_a_real_secret_key(self):
        result = self.run_check(
            ARCHIVE_ENV="production", DJANGO_SECRET_KEY="", DJANGO_ALLOWED_HOSTS="archive.example"
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DJANGO_SECRET_KEY", result.stderr)

    def test_check_deploy_is_clean_with_production_settings(self):
        result = self.run_check(
            ARCHIVE_ENV="production",
            DJANGO_ALLOWED_HOSTS="archive.example",
            DJANGO_SECRET_KEY="k" * 20 + "-x9#Lq2$vB7!pR4@mT6^wZ1&nY3*cF8%hJ5",
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
