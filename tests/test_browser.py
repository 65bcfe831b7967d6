"""The main journeys in a real browser: Debian's Chromium driven by Playwright, against a live
server holding the seed fixture. No browser is ever downloaded.

Screenshots of every page type, at 360 px and 1280 px, are written to tests/artifacts/.
"""

import os
import shutil
import unittest
from importlib import import_module
from pathlib import Path

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.test import tag

from archive import indexing
from archive.models import Article, Mention, Person
from tests.base import restore_index, use_temporary_index

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("ARCHIVE_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
AXE = ROOT / "tests" / "vendor" / "axe.min.js"
AXE_SOURCE = AXE.read_text(encoding="utf-8") if AXE.exists() else ""
BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - the test command installs it
    sync_playwright = None

HAVE_BROWSER = sync_playwright is not None and shutil.which(CHROMIUM) is not None
REQUIRED = os.environ.get("ARCHIVE_REQUIRE_BROWSER") == "1"


SKIP_REASON = f"no Chromium at {CHROMIUM}: apt-get install chromium"


@tag("slow", "browser")
@unittest.skipUnless(HAVE_BROWSER or REQUIRED, SKIP_REASON)
class BrowserTestCase(StaticLiveServerTestCase):
    fixtures = [str(ROOT / "fixtures" / "seed.json")]
    host = "127.0.0.1"

    @classmethod
    def setUpClass(cls):
        # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
        # test itself are still synchronous.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        use_temporary_index(cls)
        super().setUpClass()
        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.playwright.stop()
        super().tearDownClass()
        restore_index(cls)
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    def setUp(self):
        indexing.rebuild()
        self.context = self.browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.page.set_default_timeout(15000)
        self.errors = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        # The site's own Content-Security-Policy must never block anything it serves.
        self.page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text and self.errors.append(message.text)
            ),
        )

    def tearDown(self):
        self.context.close()
        self.assertEqual(self.errors, [], "JavaScript errors on the page")

    def url(self, path):
        return f"{self.live_server_url}{path}"

    def shoot(self, name):
        for width in (360, 1280):
            self.page.set_viewport_size({"width": width, "height": 900})
            self.page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        self.page.set_viewport_size({"width": 1280, "height": 900})

    def audit(self):
        """axe-core's serious and critical violations on the current page."""
        # Evaluated by the test harness, not loaded by the page: the site's strict CSP rightly
        # refuses inline scripts, and axe is no part of the site.
        self.page.evaluate(AXE_SOURCE)
        result = self.page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        return [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]


class ReaderJourneyTests(BrowserTestCase):
    def test_search_narrow_open_article_person_and_pair(self):
        page = self.page
        page.goto(self.url("/"))
        page.get_by_label("Search the archive").first.fill("Kim Xi visit")
        page.get_by_label("Search the archive").first.press("Enter")
        expect(page.get_by_role("heading", name="5 results")).to_be_visible()
        page.get_by_role("complementary", name="Narrow the results").get_by_role(
            "link", name="Al Jazeera", exact=True
        ).click()
        expect(page.get_by_role("heading", name="1 result")).to_be_visible()
        expect(page.get_by_text("Source: Al Jazeera")).to_be_visible()
        page.get_by_role("link", name="North Korea’s Kim visiting China").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "North Korea’s Kim visiting China at Xi Jinping’s invitation"
        )
        page.get_by_role("list").get_by_role("link", name="Kim Jong Un", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Kim Jong Un")
        expect(page.locator("svg[aria-labelledby=person-chart-title]")).to_be_visible()
        expect(page.locator("svg[aria-labelledby=travels-chart-title]")).to_be_visible()
        page.get_by_role("link", name="Xi Jinping", exact=True).first.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Kim Jong Un and Xi Jinping")
        self.assertEqual(page.locator("ol.article-list > li").count(), 5)

    def test_browse_by_year_and_open_an_undated_article(self):
        page = self.page
        page.goto(self.url("/articles/"))
        page.get_by_label("Year").select_option("2019")
        page.get_by_role("button", name="Show").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("2019")
        self.assertEqual(page.locator("ul.article-list > li").count(), 2)
        page.get_by_role("link", name="undated articles, listed apart").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Undated articles")
        page.locator("ul.article-list > li a").first.click()
        expect(page.locator(".article-meta .date")).to_have_text("date unknown")

    def test_keyboard_only_from_home_to_a_search_result(self):
        page = self.page
        page.goto(self.url("/"))
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.textContent.trim()")
        self.assertEqual(focused, "Skip to content")  # the skip link comes first
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.type") == "search":
                break
        page.keyboard.type("denuclearisation")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="2 results")).to_be_visible()
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate(
                "() => document.activeElement.classList.contains('article-row-title')"
            ):
                break
        outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        self.assertNotEqual(outline, "none", "the focused link must show its focus")
        page.keyboard.press("Enter")
        expect(page.locator("article.article h1")).to_be_visible()
        self.assertIn("/articles/", page.url)


class CuratorJourneyTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        # The database is flushed between live-server tests: recreate the group the same way
        # its migration does.
        import_module("archive.migrations.0003_curators_group").create_group(global_apps, None)
        self.curator = User.objects.create_user(
            "curator", password="a long test password", is_staff=True
        )
        self.curator.groups.add(Group.objects.get(name="Curators"))
        putin = Person.objects.get(slug="vladimir-putin")
        self.article = Article.objects.get(title__startswith="North Korean leader Kim Jong Un is")
        Mention.objects.create(
            article=self.article,
            person=putin,
            status="suggested",
            context="A test suggestion for the curator.",
        )

    def test_a_curator_accepts_a_suggestion_and_the_leader_page_lists_it(self):
        page = self.page
        page.goto(self.url("/people/vladimir-putin/"))
        expect(page.get_by_text(self.article.title)).to_have_count(0)
        page.goto(self.url("/admin/"))
        page.get_by_label("Username").fill("curator")
        page.get_by_label("Password").fill("a long test password")
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("link", name="Review queue: suggested mentions").click()
        expect(page.get_by_text("A test suggestion for the curator.")).to_be_visible()
        page.locator("input.action-select").first.check()
        page.locator("select[name=action]").select_option("accept")
        page.get_by_role("button", name="Go").click()
        expect(page.get_by_text("Confirmed 1 tag(s).")).to_be_visible()
        page.goto(self.url("/people/vladimir-putin/"))
        expect(page.get_by_role("link", name=self.article.title)).to_be_visible()

    def test_the_queue_is_scannable_and_keyboard_friendly(self):
        putin = Person.objects.get(slug="vladimir-putin")
        for n in range(30):
            article = Article.objects.create(
                title=f"Queue article {n}", body=f"<p>Putin was seen {n} times.</p>",
                content_hash=f"queue-{n}",
            )  # fmt: skip
            Mention.objects.create(
                article=article, person=putin, status="suggested",
                context=f"Putin was seen {n} times.",
            )  # fmt: skip
        page = self.page
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(self.url("/admin/"))
        page.get_by_label("Username").fill("curator")
        page.get_by_label("Password").fill("a long test password")
        page.get_by_role("button", name="Log in").click()
        page.goto(self.url("/admin/archive/suggestedmention/"))
        expect(page.locator("#result_list mark").first).to_be_visible()
        rows = page.locator("#result_list tbody tr")
        on_screen = sum(1 for box in (rows.nth(i).bounding_box() for i in range(rows.count()))
                        if box and box["y"] + box["height"] <= 800)  # fmt: skip
        page.screenshot(path=str(ARTIFACTS / "review-queue-1280.png"))
        self.assertGreaterEqual(on_screen, 20)
        page.locator("input.action-select").first.check()
        page.keyboard.press("a")
        expect(page.get_by_text("Confirmed 1 tag(s).")).to_be_visible()
        page.locator("input.action-select").first.check()
        page.keyboard.press("r")
        expect(page.get_by_text("Rejected 1 tag(s).")).to_be_visible()

    def test_a_reader_who_is_not_signed_in_cannot_reach_the_admin(self):
        page = self.page
        page.goto(self.url("/admin/archive/suggestedmention/"))
        expect(page.get_by_role("button", name="Log in")).to_be_visible()
        expect(page.get_by_text("A test suggestion for the curator.")).to_have_count(0)


class StoryJourneyTests(BrowserTestCase):
    """A reader goes from a search result to the other copies of its story, to what each
    copy changed, and to the outlet that published one."""

    def setUp(self):
        import io
        import json
        import tempfile

        from django.core.management import call_command

        from tests.test_stories import WIRE

        edited = [p.replace("armoured train", "armored train") for p in WIRE]
        lines = [
            {"title": "Kim arrives in Beijing", "body": "\n\n".join(WIRE),
             "source": "Associated Press", "published": "2019-01-08"},
            {"title": "North Korea's Kim in China again", "body": "\n\n".join(edited),
             "source": "ABC News", "url": "https://abcnews.go.com/International/kim-china",
             "published": "2019-01-08"},
        ]  # fmt: skip
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
            handle.write("\n".join(json.dumps(line) for line in lines))
        self.addCleanup(os.unlink, handle.name)
        call_command("import_articles", handle.name, stdout=io.StringIO(), no_progress=True)
        super().setUp()

    def test_from_a_result_to_the_copies_of_its_story_and_an_outlet(self):
        page = self.page
        page.goto(self.url("/search/?q=%22black+limousines%22"))
        expect(page.get_by_role("heading", name="1 story, 2 articles")).to_be_visible()
        page.get_by_role("link", name="1 copy of this story").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Kim arrives in Beijing")
        expect(page.get_by_text("2 copies in 2 outlets")).to_be_visible()
        page.get_by_text("What this copy changed").click()
        expect(page.locator("ins", has_text="armored")).to_be_visible()
        self.shoot("story")
        page.get_by_role("link", name="North Korea's Kim in China again").click()
        expect(page.get_by_role("heading", name="The same story in 2 outlets")).to_be_visible()
        page.locator(".article-meta").get_by_role("link", name="ABC News").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("ABC News")
        expect(page.get_by_text("Broadcaster · Independent · United States")).to_be_visible()
        page.get_by_role("link", name="All sources").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Sources")
        page.get_by_label("Control").select_option("state")
        page.get_by_role("button", name="Show").click()
        expect(page.get_by_role("link", name="Press TV")).to_be_visible()
        expect(page.get_by_role("link", name="Associated Press")).to_have_count(0)


class DiscoveryJourneyTests(BrowserTestCase):
    """Import -> a candidate person -> promoted by a curator with an office -> the person's
    page and the search facets."""

    def setUp(self):
        import io
        import json
        import tempfile

        from django.core.management import call_command

        import_module("archive.migrations.0003_curators_group").create_group(global_apps, None)
        import_module("archive.migrations.0012_curators_people").grant(global_apps, None)
        self.curator = User.objects.create_user(
            "curator", password="a long test password", is_staff=True
        )
        self.curator.groups.add(Group.objects.get(name="Curators"))
        lines = [
            {
                "title": title,
                "body": f"PYONGYANG — {sentence} Vice Foreign Minister Choe Son Hui said the "
                "talks were over. Officials gave no details.",
                "source": "Yonhap",
                "published": f"2019-0{n + 3}-1{n}",
            }
            for n, (title, sentence) in enumerate(
                [
                    ("North Korea rejects talks", "Pyongyang said on Friday it would not talk."),
                    ("Choe warns Washington", "A warning came from North Korea on Monday."),
                    ("Pyongyang hardens its tone", "The North spoke again on Tuesday."),
                ]
            )
        ]
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
            handle.write("\n".join(json.dumps(line) for line in lines))
        self.addCleanup(os.unlink, handle.name)
        call_command("import_articles", handle.name, stdout=io.StringIO(), no_progress=True)
        super().setUp()

    def test_a_curator_promotes_a_discovered_name_and_readers_find_the_person(self):
        page = self.page
        page.goto(self.url("/people/choe-son-hui/"))
        expect(page.get_by_role("heading", level=1)).not_to_have_text("Choe Son Hui")
        page.goto(self.url("/admin/"))
        page.get_by_label("Username").fill("curator")
        page.get_by_label("Password").fill("a long test password")
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("link", name="Candidate people (discovered)").click()
        row = page.locator("tr", has_text="Choe Son Hui")
        expect(row).to_contain_text("vice foreign minister")
        row.locator("input.action-select").check()
        page.locator("select[name=action]").select_option("promote_action")
        page.get_by_role("button", name="Go").click()
        expect(page.get_by_text("Vice Foreign Minister Choe Son Hui said").first).to_be_visible()
        page.get_by_label("Office kind").select_option("foreign_minister")
        page.get_by_label("Office title").fill("First Vice Foreign Minister")
        page.get_by_label("Office country").fill("KP")
        page.get_by_label("Office start").fill("2019-04-11")
        page.get_by_role("button", name="Promote to a person").click()
        expect(page.get_by_text("Choe Son Hui is now a person")).to_be_visible()
        page.goto(self.url("/people/choe-son-hui/"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Choe Son Hui")
        expect(page.get_by_text("First Vice Foreign Minister").first).to_be_visible()
        expect(page.get_by_role("link", name="Choe warns Washington")).to_be_visible()
        self.shoot("person-promoted")
        page.goto(self.url("/search/?q=talks"))
        page.locator(".facets").get_by_role("link", name="Choe Son Hui").first.click()
        expect(page.get_by_role("link", name="North Korea rejects talks")).to_be_visible()
        page.goto(self.url("/people/?q=Choe"))
        expect(page.get_by_role("link", name="Choe Son Hui")).to_be_visible()


class EventJourneyTests(BrowserTestCase):
    """A curator accepts a suggested event read from an imported article; a reader goes from
    a leader's page to an event and on to what state media said about it."""

    def setUp(self):
        import io
        import json
        import tempfile

        from django.core.management import call_command

        from archive import reference

        import_module("archive.migrations.0003_curators_group").create_group(global_apps, None)
        import_module("archive.migrations.0014_curators_events").grant(global_apps, None)
        self.curator = User.objects.create_user(
            "curator", password="a long test password", is_staff=True
        )
        self.curator.groups.add(Group.objects.get(name="Curators"))
        reference.load_people()
        line = {
            "title": "Putin to make state visit to North Korea",
            "body": "MOSCOW — Russian President Vladimir Putin will make a state visit to North "
            "Korea on Tuesday and Wednesday, the Kremlin said on Monday. Putin will hold talks "
            "with Kim Jong Un in Pyongyang.",
            "source": "Reuters",
            "published": "2024-06-17",
        }
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
            handle.write(json.dumps(line))
        self.addCleanup(os.unlink, handle.name)
        call_command("import_articles", handle.name, stdout=io.StringIO(), no_progress=True)
        super().setUp()

    def test_a_curator_accepts_a_suggested_event(self):
        page = self.page
        page.goto(self.url("/admin/"))
        page.get_by_label("Username").fill("curator")
        page.get_by_label("Password").fill("a long test password")
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("link", name="Event suggestions").click()
        row = page.locator("tr", has_text="Vladimir Putin's state visit to North Korea")
        expect(row).to_contain_text("18-19 June 2024")
        row.locator("input.action-select").check()
        page.locator("select[name=action]").select_option("accept_action")
        page.get_by_role("button", name="Go").click()
        expect(page.get_by_text("will make a state visit to North Korea").first).to_be_visible()
        page.get_by_label("City").fill("Pyongyang")
        page.get_by_role("button", name="Accept: make it an event").click()
        message = page.locator(".messagelist")
        message.get_by_role("link", name="Vladimir Putin's state visit to North Korea").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Vladimir Putin's state visit to North Korea"
        )
        expect(page.get_by_text("18-19 June 2024")).to_be_visible()
        expect(page.get_by_text("Pyongyang, North Korea")).to_be_visible()
        self.shoot("event-accepted")
        page.goto(self.url("/people/vladimir-putin/"))
        travels = page.locator(
            "section", has=page.get_by_role("heading", name="Travels and meetings")
        )
        expect(
            travels.get_by_role("link", name="Vladimir Putin's state visit to North Korea")
        ).to_be_visible()

    def test_a_reader_goes_from_a_leader_to_an_event_and_its_state_media(self):
        page = self.page
        page.goto(self.url("/people/kim-jong-un/"))
        page.get_by_role(
            "link", name="Xi Jinping's state visit to North Korea, June 2019"
        ).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Xi Jinping's state visit to North Korea, June 2019"
        )
        expect(page.get_by_text("20-21 June 2019")).to_be_visible()
        self.shoot("event")
        state = page.locator(
            ".coverage-columns > div", has=page.get_by_role("heading", name="State-controlled")
        )
        state.get_by_role("link").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "China president's North Korea visit to send strong message to US"
        )
        page.goto(self.url("/events/?person=kim-jong-un&country=CN"))
        expect(
            page.get_by_role("link", name="Kim Jong Un's visit to China, January 2019")
        ).to_be_visible()
        expect(
            page.get_by_role("link", name="Xi Jinping's state visit to North Korea, June 2019")
        ).to_have_count(0)


class ApiDocsTests(BrowserTestCase):
    def test_the_api_docs_page_works_under_the_content_security_policy(self):
        # tearDown fails the test on any CSP violation or script error the page causes.
        page = self.page
        page.goto(self.url("/api/v1/docs/"))
        expect(page.locator(".opblock").first).to_be_visible()
        self.assertGreaterEqual(page.locator(".opblock").count(), 13)
        page.locator(".opblock", has_text="/api/v1/search/").first.click()
        expect(page.get_by_text("the query, in the search page's syntax").first).to_be_visible()
        self.shoot("api-docs")


class PageTypeTests(BrowserTestCase):
    """Every page type: rendered, audited with axe-core, photographed at two widths."""

    def setUp(self):
        # Real-world length: a URL used as a headline, a long name, a long outlet name.
        long_name = Person.objects.create(
            name="Mohammed bin Abdulrahman bin Jassim Al Thani-Longname", country="QA"
        )
        from archive.models import Source

        outlet = Source.objects.create(
            name="The International Herald of Extremely Long Outlet Names and Syndication"
        )
        article = Article.objects.create(
            title="https://www.example.com/news/2019/06/20/world/asia/"
            "xi-jinping-north-korea-visit-kim-jong-un-pyongyang-state-visit.html",
            body="<p>Xi Jinping arrived in Pyongyang on Thursday.</p>",
            published="2019-06-20", date_precision="day", source=outlet,
        )  # fmt: skip
        Mention.objects.create(article=article, person=long_name, status="auto", count=1)
        Mention.objects.create(
            article=article, person=Person.objects.get(slug="xi-jinping"), status="auto"
        )
        super().setUp()

    def pages(self):
        article = Article.objects.get(title__startswith="North Korea’s Kim visiting")
        return {
            "home": "/",
            "search": "/search/?q=Kim+Xi+visit",
            "search-empty": "/search/?q=denuclearizaton",
            "article": article.get_absolute_url(),
            "person": "/people/kim-jong-un/",
            "pair": "/people/kim-jong-un/with/xi-jinping/",
            "person-share": "/people/kim-jong-un/?share=1",
            "events": "/events/",
            "event": "/events/kim-jong-un-visit-to-china-2019-01/",
            "people": "/people/",
            "people-filtered": "/people/?country=KP&leader=1",
            "compare": "/people/compare/?p=kim-jong-un&p=xi-jinping&p=donald-trump",
            "source": "/sources/al-jazeera/",
            "sources": "/sources/",
            "browse": "/articles/",
            "browse-undated": "/articles/?date=unknown",
            "archive-year": "/archive/2019/",
            "long-person": "/people/mohammed-bin-abdulrahman-bin-jassim-al-thani-longname/",
            "long-search": "/search/?q=pyongyang",
            "archive-month": "/archive/2019/06/",
            "not-found": "/no/such/page/",
        }

    def test_every_page_type_passes_the_audit_and_stays_light(self):
        problems = {}
        for name, path in self.pages().items():
            with self.subTest(page=name):
                response = self.page.goto(self.url(path))
                self.assertEqual(response.status, 404 if name == "not-found" else 200)
                html_bytes = len(self.page.content().encode())
                self.assertLess(html_bytes, 100_000, f"{name} HTML is too heavy")
                found = self.audit()
                if found:
                    problems[name] = found
                self.shoot(name)
        self.assertEqual(problems, {}, "axe-core found serious or critical violations")

    def test_pages_fit_a_360_px_phone(self):
        self.page.set_viewport_size({"width": 360, "height": 800})
        for name, path in self.pages().items():
            with self.subTest(page=name):
                self.page.goto(self.url(path))
                overflow = self.page.evaluate(
                    "() => document.documentElement.scrollWidth - window.innerWidth"
                )
                self.assertLessEqual(overflow, 0, f"{name} scrolls sideways at 360 px")

    def test_on_a_phone_the_filters_come_first_folded(self):
        self.page.set_viewport_size({"width": 360, "height": 800})
        self.page.goto(self.url("/search/?q=Kim"))
        summary = self.page.get_by_text("Filter the results")
        expect(summary).to_be_visible()
        heading = self.page.locator("#results-heading")
        self.assertLess(summary.bounding_box()["y"], heading.bounding_box()["y"])
        self.assertLess(heading.bounding_box()["y"], 800)  # the results begin on screen one
        expect(self.page.locator("#facet-people")).to_be_hidden()
        summary.click()
        expect(self.page.locator("#facet-people")).to_be_visible()
        # One search box on the page: the page's own.
        self.assertEqual(self.page.locator("input[type=search][name=q]").count(), 1)

    def test_two_values_of_a_facet_and_an_exclusion(self):
        page = self.page
        page.goto(self.url("/search/?q=Kim"))
        sources = page.locator("#facet-sources").locator("xpath=..")
        sources.get_by_role("link", name="Al Jazeera", exact=True).click()
        sources = page.locator("#facet-sources").locator("xpath=..")
        sources.get_by_role("link", name="Press TV", exact=True).click()
        expect(page.get_by_text("Source: Al Jazeera")).to_be_visible()
        expect(page.get_by_text("or Press TV")).to_be_visible()
        expect(page.locator("#results-heading")).to_contain_text("2 results")
        people = page.locator("#facet-people").locator("xpath=..")
        people.get_by_role("link", name="not Donald Trump").click()
        expect(page.get_by_text("Not: Donald Trump")).to_be_visible()

    def test_dark_mode(self):
        context = self.browser.new_context(
            viewport={"width": 1280, "height": 900}, color_scheme="dark"
        )
        page = context.new_page()
        page.goto(self.url("/people/kim-jong-un/"))
        background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        self.assertEqual(background, "rgb(21, 24, 27)")
        page.screenshot(path=str(ARTIFACTS / "person-dark-1280.png"), full_page=True)
        self.page.emulate_media(color_scheme="dark")
        self.page.goto(self.url("/search/?q=Kim"))
        self.assertEqual(self.audit(), [])
        context.close()

    def test_the_stylesheet_is_served_from_static_without_any_cdn(self):
        self.page.goto(self.url("/"))
        sources = self.page.evaluate(
            "() => [...document.querySelectorAll('link[href], script[src], img[src]')]"
            ".map(e => e.href || e.src)"
        )
        for source in sources:
            self.assertTrue(source.startswith(self.live_server_url), source)
        css = self.page.evaluate("() => document.styleSheets.length")
        self.assertGreaterEqual(css, 1)
        self.assertTrue(settings.STATIC_URL.startswith("/"))
