"""Outlets that resolve: the reference list loaded without overwriting curators, feed names
and web domains resolved to one outlet, sections kept apart, names that are no outlet's
flagged, agencies credited, merges, the sources pages and facets; and every bad input."""

import contextlib
import datetime
import io
import json
import shutil
import tempfile
from pathlib import Path

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from archive import reference
from archive.curation import merge_sources
from archive.ingest.sources import canonical_source_name, not_an_outlet, split_section
from archive.models import (
    Article,
    ArticleAgency,
    Source,
    SourceDomain,
    SourceMergeLog,
    SourceName,
    SourceRedirect,
)
from archive.outlets import OutletDirectory, resolve
from tests.base import ArchiveTestCase

BODY = (
    "North Korean leader Kim Jong Un met Chinese President Xi Jinping in Beijing on Tuesday, "
    "state media said, in their fourth meeting in less than a year."
)


class NameRuleTests(SimpleTestCase):
    def test_section_suffixes_are_kept_apart_not_made_outlets(self):
        cases = {
            "CNN (Web News)": ("CNN", ""),
            "CNN - Editorial": ("CNN", "editorial"),
            "New York Times - Opinion": ("New York Times", "opinion"),
            "New York Times - News": ("New York Times", ""),
            "Fox Online News": ("Fox News", ""),
            "Fox News (Online)": ("Fox News", ""),
            "The Guardian | Comment": ("The Guardian", "opinion"),
        }
        for name, expected in cases.items():
            with self.subTest(name=name):
                self.assertEqual(split_section(name), expected)

    def test_every_variant_of_one_outlet_has_one_canonical_name(self):
        for names, canonical in (
            (["CNN", "CNN (Web News)", "CNN - Editorial", "cnn.com"], "CNN"),
            (
                ["The New York Times", "New York Times - News", "NEW YORK TIMES - Opinion"],
                "The New York Times",
            ),
            (["Fox News", "Fox Online News", "Fox News (Online)"], "Fox News"),
            (["AP", "The Associated Press", "apnews.com"], "Associated Press"),
            (["Xinhua", "新华社", "english.news.cn"], "Xinhua News Agency"),
        ):
            for name in names:
                with self.subTest(name=name):
                    self.assertEqual(canonical_source_name(name), canonical)

    def test_names_that_are_no_outlets_are_told_apart(self):
        for name in ("Guest Writer", "Staff Reporter", "Username", "Phil Helsel", "GILLIAN MOHNEY"):
            with self.subTest(name=name):
                self.assertIsNotNone(not_an_outlet(name))
        for name in ("Reuters", "The Korea Herald", "Al Bawaba", "Daily NK", "NK News"):
            with self.subTest(name=name):
                self.assertIsNone(not_an_outlet(name))


class ReferenceLoadTests(TestCase):
    def write(self, outlets):
        folder = Path(tempfile.mkdtemp(prefix="outlets-"))
        self.addCleanup(shutil.rmtree, folder, True)
        path = folder / "outlets.json"
        path.write_text(json.dumps({"about": "test", "outlets": outlets}))
        return path

    OUTLET = {
        "key": "kcna",
        "name": "Korean Central News Agency",
        "kind": "wire",
        "control": "state",
        "country": "KP",
        "homepage": "http://www.kcna.kp",
        "domains": ["kcna.kp"],
        "variants": ["KCNA", "조선중앙통신"],
    }

    def test_the_shipped_list_loads_whole_and_twice_changes_nothing(self):
        report = reference.load_outlets()
        self.assertGreaterEqual(report.created, 300)
        xinhua = Source.objects.get(reference_key="xinhua")
        self.assertEqual((xinhua.kind, xinhua.control, xinhua.country), ("wire", "state", "CN"))
        self.assertTrue(xinhua.names.filter(name="新华社").exists())
        again = reference.load_outlets()
        self.assertEqual((again.created, again.updated), (0, 0))

    def test_a_curators_edit_is_never_overwritten_and_a_new_fact_arrives(self):
        reference.load_outlets(self.write([self.OUTLET]))
        kcna = Source.objects.get(reference_key="kcna")
        kcna.note = "Curated: the state's own agency."
        kcna.kind = "government"  # a curator's choice
        kcna.save()
        changed = {**self.OUTLET, "homepage": "https://kcna.kp", "kind": "wire"}
        report = reference.load_outlets(self.write([changed]))
        kcna.refresh_from_db()
        self.assertEqual(kcna.kind, "government")
        self.assertEqual(kcna.homepage, "https://kcna.kp")
        self.assertIn(("kcna", "kind", "government"), report.kept)

    def test_an_outlet_the_importer_made_is_adopted_by_its_variant(self):
        made = Source.objects.create(name="KCNA")
        reference.load_outlets(self.write([self.OUTLET]))
        made.refresh_from_db()
        self.assertEqual(
            (made.name, made.reference_key, made.kind, made.control),
            ("Korean Central News Agency", "kcna", "wire", "state"),
        )
        self.assertEqual(Source.objects.count(), 1)

    def test_a_bad_file_is_refused_whole_with_every_problem(self):
        bad = [
            {**self.OUTLET, "country": "XX"},
            {**self.OUTLET, "key": "kcna-2", "kind": "tabloid", "domains": ["not a domain"]},
            {**self.OUTLET, "key": "Bad Key", "variants": ["KCNA"]},
            {**self.OUTLET, "key": "empty", "name": " "},
        ]
        with self.assertRaises(reference.ReferenceError) as raised:
            reference.load_outlets(self.write(bad))
        text = str(raised.exception)
        for expected in (
            "'XX' is not an ISO 3166",
            "kind 'tabloid'",
            "not a web domain",
            "not a lower-case slug",
            "no name",
            "also belongs to kcna",
        ):
            self.assertIn(expected, text)
        self.assertFalse(Source.objects.exists(), "nothing half-saved")
        with self.assertRaises(CommandError):
            call_command("load_reference", "--outlets", str(self.write(bad)), stdout=io.StringIO())


class ResolutionTests(TestCase):
    def setUp(self):
        reference.load_outlets()
        self.directory = OutletDirectory.from_db()

    def test_feed_names_and_domains_resolve_to_one_outlet_with_the_section_kept(self):
        names = ["CNN", "CNN (Web News)", "CNN - Editorial"]
        found = {resolve(n, "", self.directory).source for n in names}
        self.assertEqual({s.name for s in found}, {"CNN"})
        self.assertEqual(resolve("CNN - Editorial", "", self.directory).section, "editorial")
        by_url = resolve(
            "", "https://www.nytimes.com/2019/06/20/world/asia/xi.html", self.directory
        )
        self.assertEqual(by_url.source.name, "The New York Times")

    def test_an_unknown_outlet_is_made_for_curators_and_a_person_is_not(self):
        unknown = resolve("Pyongyang Gazette Online", "", self.directory)
        self.assertEqual(
            (unknown.source.name, unknown.source.kind, unknown.source.control),
            ("Pyongyang Gazette", "unknown", "unknown"),
        )
        self.assertIn(unknown.source, Source.objects.needing_attention())
        person = resolve("Phil Helsel", "", self.directory)
        self.assertIsNone(person.source)
        self.assertIn("person's name", person.notes[0])
        # A columnist's name on a known site still resolves by the site.
        on_site = resolve("Guest Writer", "https://apnews.com/article/x", self.directory)
        self.assertEqual(on_site.source.name, "Associated Press")


class ImportOutletTests(ArchiveTestCase):
    def setUp(self):
        super().setUp()
        self.folder = Path(tempfile.mkdtemp(prefix="outlets-import-"))
        self.addCleanup(shutil.rmtree, self.folder, True)

    def run_import(self, *args):
        out = io.StringIO()
        with contextlib.suppress(CommandError):
            call_command("import_articles", *map(str, args), stdout=out, no_progress=True)
        return out.getvalue()

    def test_variants_of_one_outlet_import_as_one_source_with_sections(self):
        lines = [
            {"title": f"Report {n}", "body": f"{BODY} Number {n}.", "source": name}
            for n, name in enumerate(
                ["Fox News", "Fox Online News", "Fox News (Online)", "New York Times - Opinion"]
            )
        ]
        path = self.folder / "feeds.jsonl"
        path.write_text("\n".join(json.dumps(line) for line in lines))
        self.run_import(path)
        fox = Article.objects.filter(title__in=["Report 0", "Report 1", "Report 2"])
        self.assertEqual({a.source.name for a in fox}, {"Fox News"})
        opinion = Article.objects.get(title="Report 3")
        self.assertEqual((opinion.source.name, opinion.section), ("The New York Times", "opinion"))

    def test_a_name_that_is_no_outlet_is_flagged_not_made_an_outlet(self):
        path = self.folder / "guest.jsonl"
        path.write_text(json.dumps({"title": "Op-ed", "body": BODY, "source": "Guest Writer"}))
        out = self.run_import(path)
        article = Article.objects.get(title="Op-ed")
        self.assertIsNone(article.source)
        self.assertEqual(article.source_label, "Guest Writer")
        self.assertIn("not an outlet", article.import_notes)
        self.assertIn("NOTE", out)
        self.assertFalse(Source.objects.filter(name="Guest Writer").exists())

    def test_source_option_names_the_outlet_of_copy_that_names_none(self):
        (self.folder / "one.txt").write_text(f"Kim in Beijing\n\n{BODY}\n")
        self.run_import("--source", "Yonhap News Agency", self.folder)
        self.assertEqual(Article.objects.get(title="Kim in Beijing").source.name, "Yonhap")

    def test_agency_credits_are_recorded_and_their_lines_removed(self):
        copy = (
            "Kim heads to Beijing\n\nBy The Associated Press\n\n"
            f"SEOUL, South Korea (AP) — {BODY}\n\n"
            "The visit follows a summit, KCNA said on Tuesday, describing warm talks.\n\n"
            "Copyright 2019 The Associated Press. All rights reserved.\n"
        )
        (self.folder / "story.txt").write_text(copy)
        self.run_import("--source", "ABC News", self.folder)
        article = Article.objects.get(title="Kim heads to Beijing")
        credits = {c.agency.name: c.how for c in article.agency_credits.select_related("agency")}
        self.assertEqual(credits["Associated Press"], "dateline")
        self.assertEqual(credits["Korean Central News Agency"], "cited")
        self.assertNotIn("Copyright", article.body)
        self.assertNotIn("By The Associated Press", article.body)
        self.assertEqual(article.byline, "")
        page = self.client.get(article.get_absolute_url())
        self.assertContains(page, "Story by")
        self.assertContains(page, "published by ABC News")

    def test_two_agency_credits_are_both_kept(self):
        copy = f"Talks in Seoul\n\nSEOUL (Yonhap) — {BODY}\n\nReuters contributed to this report.\n"
        (self.folder / "two.txt").write_text(copy)
        self.run_import(self.folder)
        article = Article.objects.get(title="Talks in Seoul")
        self.assertEqual(
            {c.agency.name for c in article.agency_credits.select_related("agency")},
            {"Yonhap", "Reuters"},
        )


class SourceModelTests(TestCase):
    def test_bad_names_domains_countries_and_variants_are_refused(self):
        cnn = Source.objects.create(name="CNN")
        fox = Source.objects.create(name="Fox News")
        SourceName.objects.create(source=cnn, name="Cable News Network")
        cases = [
            (Source(name="  "), "needs a name"),
            (Source(name="Somewhere", country="XX"), "not an ISO 3166"),
            (SourceDomain(source=cnn, domain="not a domain"), "not a web domain"),
            (SourceName(source=fox, name="cable news network"), "already a name of CNN"),
        ]
        for row, message in cases:
            with self.subTest(message=message), self.assertRaisesMessage(ValidationError, message):
                row.full_clean()

    def test_a_merge_moves_everything_redirects_and_is_logged(self):
        cnn = Source.objects.create(name="CNN", kind="broadcaster", control="independent")
        twin = Source.objects.create(name="CNN Online Edition", country="US")
        SourceDomain.objects.create(source=twin, domain="edition.cnn.com")
        article = Article.objects.create(title="T", body="<p>x</p>", content_hash="m1", source=twin)
        agency = Source.objects.create(name="Wire")
        ArticleAgency.objects.create(article=article, agency=twin, how="cited")
        entry = merge_sources(cnn, twin)
        article.refresh_from_db()
        cnn.refresh_from_db()
        self.assertEqual(article.source, cnn)
        self.assertEqual(cnn.country, "US")
        self.assertTrue(
            SourceRedirect.objects.filter(old_slug="cnn-online-edition", source=cnn).exists()
        )
        self.assertTrue(cnn.names.filter(name="CNN Online Edition").exists())
        self.assertTrue(cnn.domains.filter(domain="edition.cnn.com").exists())
        self.assertEqual(SourceMergeLog.objects.get(), entry)
        self.assertRedirects(
            self.client.get("/sources/cnn-online-edition/"), "/sources/cnn/", status_code=301
        )
        with self.assertRaisesMessage(ValidationError, "into itself"):
            merge_sources(agency, agency)

    def test_the_merge_in_the_admin_asks_first(self):
        admin = User.objects.create_superuser("boss", "", "x")
        self.client.force_login(admin)
        a = Source.objects.create(name="Fox News")
        b = Source.objects.create(name="Fox Online")
        url = reverse("admin:archive_source_changelist")
        page = self.client.post(url, {"action": "merge_action", "_selected_action": [a.pk, b.pk]})
        self.assertContains(page, "Which source is kept?")
        self.assertEqual(Source.objects.count(), 2)
        self.client.post(
            url,
            {
                "action": "merge_action",
                "_selected_action": [a.pk, b.pk],
                "confirm": "yes",
                "survivor": a.pk,
            },
        )
        self.assertEqual(list(Source.objects.values_list("name", flat=True)), ["Fox News"])


class SourcePagesTests(ArchiveTestCase):
    def test_the_sources_index_lists_kind_control_country_and_counts_and_filters(self):
        Source.objects.filter(pk=self.ap.pk).update(
            kind="wire", control="independent", country="US"
        )
        Source.objects.filter(pk=self.kcna.pk).update(kind="wire", control="state", country="KP")
        page = self.client.get(reverse("sources"))
        self.assertContains(page, "Associated Press")
        self.assertContains(page, "State-controlled")
        state = self.client.get(reverse("sources"), {"control": "state"})
        self.assertContains(state, "Korean Central News Agency")
        self.assertNotContains(state, "Associated Press</a>")
        korea = self.client.get(reverse("sources"), {"country": "kp"})
        self.assertContains(korea, "Korean Central News Agency")
        for bad in ({"country": "XX"}, {"kind": "<script>"}, {"page": "999"}):
            with self.subTest(bad=bad):
                self.assertIn(
                    self.client.get(reverse("sources"), bad).status_code,
                    (200, 404) if "page" in bad else (200,),
                )

    def test_a_source_page_lists_its_articles_between_dates_without_repeating_its_name(self):
        import datetime

        from archive.models import Article

        for year in (2017, 2018, 2019):
            Article.objects.create(
                title=f"AP {year}", body=f"<p>Text {year}.</p>", source=self.ap,
                published=datetime.date(year, 5, 1), date_precision="day",
            )  # fmt: skip
        url = reverse("source", args=[self.ap.slug])
        page = self.client.get(url, {"from": "2018", "to": "2018-12"})
        self.assertEqual([a.title for a in page.context["page"]], ["AP 2018"])
        self.assertContains(page, "in those dates")
        rows = page.content.decode().split('class="article-list"')[1]
        self.assertNotIn('<span class="source">', rows)
        bad = self.client.get(url, {"from": "yesterday", "to": "2018"})
        self.assertEqual(bad.status_code, 200)
        self.assertContains(bad, "Left out")
        self.assertEqual(len(bad.context["page"]), 2)  # to 2018 kept: 2017 and 2018
        reversed_dates = self.client.get(url, {"from": "2019", "to": "2017"})
        self.assertContains(reversed_dates, "before the start date")

    def test_search_facets_count_outlets_by_kind_control_and_country(self):
        Source.objects.filter(pk=self.ap.pk).update(
            kind="wire", control="independent", country="US"
        )
        self.index_everything()
        response = self.client.get(reverse("search"), {"q": "beijing"})
        facets = response.context["facets"]
        self.assertEqual([(f["name"], f["count"]) for f in facets["kinds"]], [("Wire agency", 1)])
        self.assertEqual(
            [(f["name"], f["count"]) for f in facets["controls"]], [("Independent", 1)]
        )
        self.assertEqual(facets["countries"][0]["count"], 1)
        narrowed = self.client.get(reverse("search"), {"q": "beijing", "control": "state"})
        self.assertEqual(narrowed.context["total"], 0)
        bad = self.client.get(reverse("search"), {"q": "beijing", "country": "ZZ"})
        self.assertEqual(bad.status_code, 200)
        self.assertEqual(bad.context["total"], 1, "a bad filter is left out, not applied")

    def test_browse_lists_only_outlets_with_articles_and_filters_by_country(self):
        reference.load_outlets()  # 500-odd outlets, most with no article here
        Source.objects.filter(pk=self.kcna.pk).update(country="KP")
        Article.objects.create(
            title="KCNA on the visit",
            body="<p>x</p>",
            content_hash="kcna-1",
            source=self.kcna,
            published=datetime.date(2019, 6, 20),
            date_precision="day",
        )
        page = self.client.get(reverse("browse"))
        self.assertEqual(
            {s.name for s in page.context["sources"]},
            set(Source.objects.filter(articles__isnull=False).values_list("name", flat=True)),
        )
        self.assertNotContains(page, "Rodong Sinmun")
        self.assertIn(("KP", "North Korea"), page.context["countries"])
        korea = self.client.get(reverse("browse"), {"country": "KP"})
        self.assertTrue(all(a.source_id == self.kcna.pk for a in korea.context["page"]))
        self.assertGreater(korea.context["page"].paginator.count, 0)
        sitemap = self.client.get("/sitemap-sources.xml").content.decode()
        self.assertNotIn("/sources/rodong-sinmun/", sitemap)
        self.assertIn(self.kcna.get_absolute_url(), sitemap)
