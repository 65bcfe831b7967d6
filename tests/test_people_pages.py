"""Per-leader and pair pages, their feeds, and the home page's leaders."""

import datetime

from django.test import TestCase, override_settings
from django.urls import reverse

from archive.models import Alias, Article, Event, Mention, Person, PersonRedirect, Source


class PeopleTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ap = Source.objects.create(name="Associated Press", kind=Source.Kind.WIRE)
        cls.kcna = Source.objects.create(
            name="KCNA", kind=Source.Kind.WIRE, control=Source.Control.STATE
        )
        cls.kim = Person.objects.create(
            name="Kim Jong Un",
            short_name="Kim",
            is_leader=True,
            role="Leader of North Korea",
            country="KP",
        )
        Alias.objects.create(person=cls.kim, name="김정은")
        cls.xi = Person.objects.create(name="Xi Jinping", short_name="Xi", is_leader=True)
        cls.putin = Person.objects.create(name="Vladimir Putin", short_name="Putin", is_leader=True)
        cls.analyst = Person.objects.create(name="Ahn Yinhay", short_name="Ahn")
        cls.articles = []
        for n in range(6):
            article = Article.objects.create(
                title=f"Kim article {n}",
                body=f"<p>Body {n}</p>",
                content_hash=f"k{n}",
                source=cls.ap if n % 2 else cls.kcna,
                published=datetime.date(2018 + n, 1 + n, 1),
                date_precision="day",
            )
            Mention.objects.create(
                article=article, person=cls.kim, count=1, context=f"Kim said something {n}."
            )
            if n < 3:
                Mention.objects.create(
                    article=article, person=cls.xi, count=1, context=f"Xi answered {n}."
                )
            cls.articles.append(article)
        cls.undated = Article.objects.create(
            title="Undated Kim piece", body="<p>x</p>", content_hash="u"
        )
        Mention.objects.create(article=cls.undated, person=cls.kim, count=1)
        cls.hidden = Article.objects.create(
            title="Suggested only",
            body="<p>x</p>",
            content_hash="s",
            published=datetime.date(2020, 1, 1),
            date_precision="day",
        )
        Mention.objects.create(article=cls.hidden, person=cls.kim, status="suggested")
        cls.rejected = Article.objects.create(
            title="Rejected tag",
            body="<p>x</p>",
            content_hash="r",
            published=datetime.date(2020, 1, 2),
            date_precision="day",
        )
        Mention.objects.create(article=cls.rejected, person=cls.kim, status="rejected")
        Mention.objects.create(article=cls.rejected, person=cls.putin, status="confirmed")


class PersonPageTests(PeopleTestCase):
    def test_it_shows_who_they_are_and_their_coverage(self):
        response = self.client.get(reverse("person", args=["kim-jong-un"]))
        self.assertContains(response, "Leader of North Korea")
        self.assertContains(response, "김정은")
        stats = response.context["stats"]
        self.assertEqual(stats["total"], 7)
        self.assertEqual(stats["undated"], 1)
        self.assertEqual(stats["first"], datetime.date(2018, 1, 1))
        self.assertEqual(stats["last"], datetime.date(2023, 6, 1))

    def test_it_shows_only_auto_and_confirmed_mentions(self):
        response = self.client.get(reverse("person", args=["kim-jong-un"]))
        titles = [row["article"].title for row in response.context["page"]]
        self.assertNotIn("Suggested only", titles)
        self.assertNotIn("Rejected tag", titles)
        self.assertEqual(titles[0], "Kim article 5")  # newest first
        self.assertEqual(titles[-1], "Undated Kim piece")  # undated after the dated
        self.assertContains(response, "Kim said something 5.")

    def test_the_chart_is_an_svg_with_a_table_behind_it(self):
        response = self.client.get(reverse("person", args=["kim-jong-un"]))
        chart = response.context["chart"]
        self.assertEqual(chart.granularity, "year")
        self.assertEqual([b.label for b in chart.bars], [str(y) for y in range(2018, 2024)])
        self.assertEqual(sum(b.count for b in chart.bars), 6)
        self.assertContains(response, "<svg")
        self.assertContains(response, '<th scope="row">2018</th><td>1</td>', html=False)

    def test_a_short_span_is_charted_by_month(self):
        response = self.client.get(reverse("person", args=["vladimir-putin"]))
        self.assertEqual(response.context["chart"].granularity, "month")

    def test_sources_and_kinds_and_companions(self):
        response = self.client.get(reverse("person", args=["kim-jong-un"]))
        outlets = {o["source__name"]: o["n"] for o in response.context["outlets"]}
        self.assertEqual(outlets, {"KCNA": 3, "Associated Press": 3, None: 1})
        kinds = {k["kind"]: k["n"] for k in response.context["kinds"]}
        self.assertEqual(kinds, {"Wire agency": 6, "Source unknown": 1})
        controls = {k["kind"]: k["n"] for k in response.context["controls"]}
        self.assertEqual(controls["State-controlled"], 3)
        self.assertContains(response, "control=state")
        self.assertEqual(
            response.context["companions"], [{"name": "Xi Jinping", "slug": "xi-jinping", "n": 3}]
        )
        self.assertContains(response, reverse("person_pair", args=["kim-jong-un", "xi-jinping"]))

    def test_the_page_costs_the_same_queries_whatever_the_archive_holds(self):
        # Person, offices, aliases, counts, timeline, outlets, kinds, companions, the
        # ordered ids (cached per version of the tags; the test cache keeps nothing), the
        # events and their participants, the page.
        def event(n):
            made = Event.objects.create(
                title=f"Visit {n}", kind="visit", start=datetime.date(2019, 1, 1 + n)
            )
            made.participants.create(person=self.kim, role="guest")
            made.participants.create(person=self.putin, role="host")

        event(0)
        with self.assertNumQueries(12):
            self.client.get(reverse("person", args=["kim-jong-un"]))
        for n in range(40):
            article = Article.objects.create(
                title=f"More {n}",
                body="<p>x</p>",
                content_hash=f"more{n}",
                published=datetime.date(2000 + n % 25, 1, 1),
                date_precision="day",
                source=self.ap,
            )
            Mention.objects.create(article=article, person=self.kim)
            Mention.objects.create(article=article, person=self.putin)
        for n in range(1, 20):
            event(n)
        with self.assertNumQueries(12):
            self.client.get(reverse("person", args=["kim-jong-un"]))

    def test_pages_and_unknown_people(self):
        self.assertEqual(self.client.get(reverse("person", args=["nobody"])).status_code, 404)
        for page in ("2", "x", "0"):
            url = reverse("person", args=["kim-jong-un"]) + f"?page={page}"
            self.assertEqual(self.client.get(url).status_code, 404)

    def test_an_old_slug_redirects_to_the_survivor(self):
        PersonRedirect.objects.create(old_slug="kim-jong-un-2", person=self.kim)
        response = self.client.get(reverse("person", args=["kim-jong-un-2"]))
        self.assertRedirects(response, reverse("person", args=["kim-jong-un"]), status_code=301)

    def test_the_home_page_lists_leaders_with_counts(self):
        response = self.client.get(reverse("home"))
        leaders = {p.name: p.article_count for p in response.context["leaders"]}
        self.assertEqual(leaders, {"Kim Jong Un": 7, "Xi Jinping": 3, "Vladimir Putin": 1})
        self.assertNotIn("Ahn Yinhay", leaders)


class PairPageTests(PeopleTestCase):
    def test_it_lists_the_articles_that_name_both_newest_first(self):
        response = self.client.get(reverse("person_pair", args=["kim-jong-un", "xi-jinping"]))
        titles = [row["article"].title for row in response.context["page"]]
        self.assertEqual(titles, ["Kim article 2", "Kim article 1", "Kim article 0"])
        self.assertEqual(response.context["stats"]["total"], 3)
        self.assertIsNotNone(response.context["chart"])
        self.assertContains(response, "Xi answered 2.")

    def test_a_pair_with_itself_goes_to_the_person(self):
        response = self.client.get(reverse("person_pair", args=["kim-jong-un", "kim-jong-un"]))
        self.assertRedirects(response, reverse("person", args=["kim-jong-un"]))

    def test_the_pair_page_costs_a_fixed_number_of_queries(self):
        # Two people, counts, timeline, the ordered ids, the page with its contexts.
        with self.assertNumQueries(7):
            self.client.get(reverse("person_pair", args=["kim-jong-un", "xi-jinping"]))


class FeedTests(PeopleTestCase):
    def test_a_person_feed_is_atom_newest_first(self):
        response = self.client.get(reverse("person_feed", args=["kim-jong-un"]))
        self.assertEqual(response["Content-Type"], "application/atom+xml; charset=utf-8")
        body = response.content.decode()
        self.assertLess(body.index("Kim article 5"), body.index("Kim article 4"))
        self.assertNotIn("Suggested only", body)

    def test_a_pair_feed_lists_articles_naming_both(self):
        response = self.client.get(reverse("pair_feed", args=["kim-jong-un", "xi-jinping"]))
        body = response.content.decode()
        self.assertIn("Kim article 0", body)
        self.assertNotIn("Kim article 4", body)

    def test_a_feed_escapes_what_it_carries(self):
        Article.objects.filter(pk=self.articles[5].pk).update(
            title="<script>alert(1)</script> & more"
        )
        body = self.client.get(reverse("person_feed", args=["kim-jong-un"])).content.decode()
        self.assertNotIn("<script>", body)
        self.assertIn("&lt;script&gt;", body)

    def test_entries_say_something_and_name_their_outlet_and_date(self):
        import feedparser

        response = self.client.get(reverse("person_feed", args=["kim-jong-un"]))
        feed = feedparser.parse(response.content)
        self.assertFalse(feed.bozo, feed.get("bozo_exception"))
        articles = {a.title: a for a in Article.objects.select_related("source")}
        for entry in feed.entries:
            article = articles[entry.title]
            with self.subTest(entry=entry.title):
                # A summary that says something: never just the outlet's name.
                self.assertNotIn(entry.summary, {"Associated Press", "KCNA", "Unknown source", ""})
                if article.source_id:
                    self.assertEqual(entry.source.title, article.source.name)
                # The article's own date, and none for an undated one.
                self.assertEqual(bool(entry.get("published")), article.published is not None)

    def test_an_unknown_person_feed_is_a_404(self):
        self.assertEqual(self.client.get("/people/nobody/feed/").status_code, 404)


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "people-pages-test",
        }
    },
    ARCHIVE_BACKGROUND="manual",
)
class CachedFiguresTests(PeopleTestCase):
    def setUp(self):
        from django.core.cache import cache

        cache.clear()

    def test_cached_figures_are_refreshed_by_the_next_tag_change(self):
        url = reverse("person", args=["xi-jinping"])
        self.assertEqual(self.client.get(url).context["stats"]["total"], 3)
        # Person, offices, aliases, events, the page: the figures come from the cache.
        with self.assertNumQueries(5):
            self.client.get(url)
        with self.captureOnCommitCallbacks(execute=True):
            Mention.objects.create(article=self.articles[5], person=self.xi, status="confirmed")
        response = self.client.get(url)
        self.assertEqual(response.context["stats"]["total"], 4)
        # The cached order of the person's articles is refreshed too: the page lists it.
        listed = [row["article"].id for row in response.context["page"]]
        self.assertIn(self.articles[5].id, listed)
        self.assertEqual(len(listed), 4)
        home = self.client.get(reverse("home"))
        self.assertEqual(
            {p.name: p.article_count for p in home.context["leaders"]}["Xi Jinping"], 4
        )


class SparseChartTests(PeopleTestCase):
    def test_a_sparse_series_is_drawn_among_labelled_months(self):
        from archive import coverage

        one_month = Article.objects.filter(pk=self.articles[0].pk)
        day = self.articles[0].published
        chart = coverage.timeline(one_month, day, day)
        self.assertEqual(chart.granularity, "month")
        self.assertGreaterEqual(len(chart.bars), 12)
        self.assertEqual(sum(bar.count for bar in chart.bars), 1)
        # The month with the article is not pushed to the edge.
        index = next(i for i, bar in enumerate(chart.bars) if bar.count)
        self.assertTrue(0 < index < len(chart.bars) - 1 or day.month == datetime.date.today().month)
