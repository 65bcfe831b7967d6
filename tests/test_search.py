"""The search page over a real (temporary) Whoosh index."""

import contextlib
import datetime
import re
from unittest import mock

from django.test import RequestFactory, SimpleTestCase, override_settings, tag
from django.urls import reverse
from django.utils.html import escape
from haystack import connections
from haystack.query import SearchQuerySet

from archive import indexing
from archive.models import Alias, Article, Mention, PendingIndexUpdate, Person, Source
from archive.search import matching, whoosh_internals
from archive.search.query import MAX_LENGTH, MAX_TERMS, positive_leaves
from tests.base import ArchiveTestCase, backend, skip_unless_whoosh
from tests.test_search_query import HOSTILE


def make_article(title, body, source=None, published=None, people=(), **extra):
    precision = "day" if published else "unknown"
    article = Article.objects.create(
        title=title,
        # As the importer stores it: text escaped inside paragraphs.
        body="".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n")),
        content_hash=f"hash-{title}",
        source=source,
        published=published,
        date_precision=precision,
        **extra,
    )
    for person in people:
        Mention.objects.create(article=article, person=person, count=1)
    return article


@tag("contract")
class SearchTestCase(ArchiveTestCase):
    """The backend contract: what every search engine behind SEARCH_URL must answer alike
    (Whoosh in CI; `SEARCH_URL=elasticsearch://... bash bin/test --tag contract` against a
    cluster)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.reuters = Source.objects.create(name="Reuters", kind=Source.Kind.WIRE)
        cls.putin = Person.objects.create(name="Vladimir Putin", short_name="Putin", is_leader=True)
        Alias.objects.create(person=cls.putin, name="Путин")
        d = datetime.date
        cls.british = make_article(
            "Talks on denuclearisation stall",
            "Negotiators failed to organise a second round on denuclearisation of the "
            "peninsula, officials said in Pyŏngyang.",
            source=cls.reuters,
            published=d(2019, 3, 1),
            people=[cls.kim],
        )
        cls.american = make_article(
            "Envoy pushes denuclearization plan",
            "The envoy will organize meetings about the denuclearization timetable.",
            source=cls.ap,
            published=d(2018, 6, 12),
            people=[cls.kim],
        )
        cls.parade = make_article(
            "Military parade in Beijing",
            "Putin and Kim watched the military parade. No summit was held.",
            source=cls.reuters,
            published=d(2025, 9, 3),
            people=[cls.kim, cls.putin],
        )
        cls.korean = make_article(
            "Korean report on the visit",
            "북한 김정은이 시진핑 주석과 베이징에서 회담했다. 习近平主席会见了金正恩。",
            source=cls.kcna,
            published=d(2019, 1, 9),
            people=[cls.kim, cls.xi],
        )
        cls.undated = make_article(
            "Summit talk without a date",
            "A summit between the leaders is expected, the ministry said.",
            source=cls.reuters,
            people=[cls.putin],
        )
        cls.hostile = make_article(
            "AT&T and <b>bold</b> claims",
            "x <img src=x onerror=alert(1)// and <script>alert('summit')</script> "
            "AT&T said the summit text is plain.",
            source=cls.ap,
            published=d(2020, 2, 2),
        )
        cls.title_match = make_article(
            "Sanctions",
            "Nothing else relevant here at all.",
            source=cls.ap,
            published=d(2017, 1, 1),
        )
        cls.body_match = make_article(
            "Unrelated headline",
            "The sanctions were mentioned in passing in the body.",
            source=cls.ap,
            published=d(2017, 1, 2),
        )

    def setUp(self):
        super().setUp()
        self.index_everything()

    def search(self, **params):
        response = self.client.get(reverse("search"), params)
        self.assertEqual(response.status_code, 200)
        return response

    def titles(self, response):
        return [row["article"].title for row in response.context["rows"]]


class FindingTests(SearchTestCase):
    def test_british_and_american_spellings_find_each_other(self):
        for q in ("denuclearization", "denuclearisation"):
            with self.subTest(q=q):
                titles = self.titles(self.search(q=q))
                self.assertIn("Talks on denuclearisation stall", titles)
                self.assertIn("Envoy pushes denuclearization plan", titles)
        for q in ("organize", "organise"):
            with self.subTest(q=q):
                self.assertEqual(len(self.titles(self.search(q=q))), 2)

    def test_hyphenated_and_spaced_names_find_the_same_articles(self):
        spaced = set(self.titles(self.search(q="Kim Jong Un")))
        hyphenated = set(self.titles(self.search(q="Kim Jong-un")))
        self.assertEqual(spaced, hyphenated)
        self.assertIn("Kim meets Xi in Beijing", spaced)

    def test_accents_are_folded(self):
        self.assertIn("Talks on denuclearisation stall", self.titles(self.search(q="pyongyang")))

    def test_korean_and_chinese_are_found_inside_running_text(self):
        for q in ("김정은", "시진핑", "习近平", "金正恩"):
            with self.subTest(q=q):
                self.assertIn("Korean report on the visit", self.titles(self.search(q=q)))

    def test_any_alias_finds_a_tagged_article(self):
        for q in ('person:"Kim Jong Un"', 'person:"Kim Jong-un"', "person:김정은", "person:Путин"):
            with self.subTest(q=q):
                self.assertTrue(self.titles(self.search(q=q)))
        self.assertIn("Military parade in Beijing", self.titles(self.search(q="person:Путин")))

    def test_the_title_weighs_more_than_the_body(self):
        titles = self.titles(self.search(q="sanctions"))
        self.assertEqual(titles[:2], ["Sanctions", "Unrelated headline"])

    def test_phrases_booleans_fields_and_prefixes(self):
        cases = {
            '"military parade"': {"Military parade in Beijing"},
            "parade OR denuclearization": {
                "Military parade in Beijing",
                "Envoy pushes denuclearization plan",
                "Talks on denuclearisation stall",
                "Kim meets Xi in Beijing",
            },
            "summit NOT parade": {"Summit talk without a date", "AT&T and <b>bold</b> claims"},
            "summit -parade": {"Summit talk without a date", "AT&T and <b>bold</b> claims"},
            "source:Reuters summit": {"Military parade in Beijing", "Summit talk without a date"},
            "title:sanctions": {"Sanctions"},
            "denucl*": {
                "Envoy pushes denuclearization plan",
                "Talks on denuclearisation stall",
                "Kim meets Xi in Beijing",
            },
            "(parade OR envoy) AND kim": {
                "Military parade in Beijing",
                "Envoy pushes denuclearization plan",
            },
        }
        for q, expected in cases.items():
            with self.subTest(q=q):
                self.assertEqual(set(self.titles(self.search(q=q))), expected)

    def test_the_index_holds_plain_text_not_escaped_text(self):
        self.assertEqual(self.titles(self.search(q="amp")), [])
        self.assertEqual(self.titles(self.search(q="lt")), [])
        self.assertIn("AT&T and <b>bold</b> claims", self.titles(self.search(q="AT&T")))


class FacetAndFilterTests(SearchTestCase):
    def test_facets_show_exact_values(self):
        response = self.search(q="summit OR parade OR denuclearization")
        facets = response.context["facets"]
        self.assertIn("Reuters", [f["name"] for f in facets["sources"]])
        self.assertIn("Associated Press", [f["name"] for f in facets["sources"]])
        self.assertIn("Vladimir Putin", [f["name"] for f in facets["people"]])
        # The raw engine values are the exact names, never analysed tokens like "reuter".
        sqs = SearchQuerySet().filter(content="summit").facet("source").facet("person")
        counts = sqs.facet_counts()["fields"]
        self.assertEqual(dict(counts["source"]), {"Reuters": 2, "Associated Press": 1})
        self.assertEqual(dict(counts["person"]), {"Vladimir Putin": 2, "Kim Jong Un": 1})
        self.assertContains(response, ">Reuters</a>")

    def test_a_facet_link_narrows_and_the_filter_can_be_removed(self):
        response = self.search(q="summit")
        reuters = next(f for f in response.context["facets"]["sources"] if f["name"] == "Reuters")
        narrowed = self.client.get(reverse("search") + reuters["url"])
        self.assertEqual(
            set(self.titles(narrowed)), {"Military parade in Beijing", "Summit talk without a date"}
        )
        active = narrowed.context["active_filters"]
        self.assertEqual([f["label"] for f in active], ["Source: Reuters"])
        widened = self.client.get(reverse("search") + active[0]["url"])
        self.assertEqual(len(self.titles(widened)), 3)

    def test_several_values_of_a_facet_and_exclusions(self):
        both = self.search(
            q="summit OR parade OR denuclearization", source=["reuters", "associated-press"]
        )
        alone = {
            slug: set(
                self.titles(self.search(q="summit OR parade OR denuclearization", source=slug))
            )
            for slug in ("reuters", "associated-press")
        }
        # Any of the values within a facet (OR)...
        self.assertEqual(set(self.titles(both)), alone["reuters"] | alone["associated-press"])
        labels = [f["label"] for f in both.context["active_filters"]]
        self.assertEqual(labels, ["Source: Reuters", "or Associated Press"])
        # ...excluded values left out...
        without = self.search(q="summit OR parade OR denuclearization", not_source="reuters")
        self.assertFalse(set(self.titles(without)) & alone["reuters"])
        self.assertIn("Not: Reuters", [f["label"] for f in without.context["active_filters"]])
        no_putin = self.search(q="parade OR summit", not_person=self.putin.slug)
        self.assertNotIn("Military parade in Beijing", self.titles(no_putin))
        # ...and the facets together (AND).
        narrowed = self.search(q="summit OR parade", source=["reuters", "associated-press"],
                               person=self.putin.slug)  # fmt: skip
        self.assertEqual(
            set(self.titles(narrowed)), {"Military parade in Beijing", "Summit talk without a date"}
        )
        # A facet row adds its value, an active one removes it, and any can be excluded.
        rows = {r["name"]: r for r in both.context["facets"]["sources"]}
        self.assertTrue(rows["Reuters"]["active"])
        self.assertIn("not_source=reuters", rows["Reuters"]["exclude_url"] or "not_source=reuters")
        # With a source chosen, the sources facet still offers the others (to add).
        one = self.search(q="summit OR parade OR denuclearization", source="reuters")
        offered = {r["name"]: r["active"] for r in one.context["facets"]["sources"]}
        self.assertEqual(offered, {"Reuters": True, "Associated Press": False})
        bad = self.search(q="summit", source=["reuters", "<x>"], not_kind="bogus")
        self.assertTrue(any("<x>" in n for n in bad.context["notes"]))
        self.assertTrue(any("bogus" in n for n in bad.context["notes"]))

    def test_filters_combine_with_the_query_and_dates(self):
        response = self.search(q="kim", person=self.putin.slug, source="reuters")
        self.assertEqual(self.titles(response), ["Military parade in Beijing"])
        response = self.search(q="denuclearization", **{"from": "2019-02-01", "to": "2019-12"})
        self.assertEqual(self.titles(response), ["Talks on denuclearisation stall"])
        response = self.search(q="denuclearization", year="2018")
        self.assertEqual(self.titles(response), ["Envoy pushes denuclearization plan"])
        response = self.search(person=[self.kim.slug, self.xi.slug])
        self.assertEqual(
            set(self.titles(response)), {"Kim meets Xi in Beijing", "Korean report on the visit"}
        )

    def test_a_bad_date_or_filter_is_reported_and_left_out(self):
        for params in (
            {"from": "2019-13-45"},
            {"to": "yesterday"},
            {"year": "abc"},
            {"from": "2020-01-01", "to": "2019-01-01"},
            {"source": "no-such"},
            {"person": "nobody"},
            {"sort": "sideways"},
            {"year": "-5"},
        ):
            with self.subTest(params=params):
                response = self.search(q="summit", **params)
                self.assertTrue(response.context["rows"])

    def test_sorting_puts_undated_articles_last_both_ways(self):
        newest = self.titles(self.search(q="summit OR parade", sort="newest"))
        oldest = self.titles(self.search(q="summit OR parade", sort="oldest"))
        self.assertEqual(
            newest,
            [
                "Military parade in Beijing",
                "AT&T and <b>bold</b> claims",
                "Summit talk without a date",
            ],
        )
        self.assertEqual(
            oldest,
            [
                "AT&T and <b>bold</b> claims",
                "Military parade in Beijing",
                "Summit talk without a date",
            ],
        )


class CountAndPaginationTests(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for n in range(45):
            make_article(
                f"Missile test {n}",
                "North Korea fired a missile." + (" Sanctions followed." if n % 3 else ""),
                source=cls.ap if n % 2 else cls.reuters,
                published=datetime.date(2010 + n % 15, 1 + n % 12, 1),
                people=[cls.kim] if n % 5 == 0 else [],
            )

    def test_the_total_is_exact_for_ranges_and_negations(self):
        articles = list(Article.objects.filter(title__startswith="Missile test"))
        start, end = datetime.date(2015, 1, 1), datetime.date(2020, 12, 31)
        expected = [
            a
            for a in articles
            if a.published and start <= a.published <= end and "Sanctions" not in a.body
        ]
        response = self.search(q="missile NOT sanctions", **{"from": "2015", "to": "2020"})
        self.assertEqual(response.context["total"], len(expected))
        self.assertContains(response, f"{len(expected)} result")

    def test_pages_and_out_of_range_pages(self):
        first = self.search(q="missile")
        self.assertEqual(first.context["total"], 45)
        self.assertEqual(len(first.context["rows"]), 20)
        third = self.search(q="missile", page="3")
        self.assertEqual(len(third.context["rows"]), 5)
        seen = set(self.titles(first)) | set(self.titles(self.search(q="missile", page="2")))
        self.assertEqual(len(seen | set(self.titles(third))), 45)
        for page in ("4", "0", "-1", "abc", "99999999999999999999", "1.5"):
            with self.subTest(page=page):
                response = self.client.get(reverse("search"), {"q": "missile", "page": page})
                self.assertEqual(response.status_code, 404)

    def test_a_page_costs_a_fixed_number_of_queries(self):
        self.search(q="missile")  # warm the index
        # The page's articles, their people, their events, and the names behind the two
        # facets (the event facet is empty here: no query for its names).
        with self.assertNumQueries(5):
            self.client.get(reverse("search"), {"q": "missile"})


class SnippetTests(SearchTestCase):
    def test_snippets_mark_stemmed_and_variant_forms(self):
        response = self.search(q="denuclearization")
        snippets = {row["article"].title: str(row["snippet"]) for row in response.context["rows"]}
        self.assertIn("<mark>denuclearisation</mark>", snippets["Talks on denuclearisation stall"])
        self.assertIn(
            "<mark>denuclearization</mark>", snippets["Envoy pushes denuclearization plan"]
        )

    def test_korean_and_chinese_marks_do_not_repeat_characters(self):
        response = self.search(q="习近平")
        snippet = str(response.context["rows"][0]["snippet"])
        self.assertIn("<mark>习近平</mark>", snippet)
        self.assertNotIn("近近", snippet.replace("</mark><mark>", ""))

    def test_hostile_article_text_is_escaped_in_snippets_and_titles(self):
        response = self.search(q="summit plain")
        html = response.content.decode()
        self.assertNotIn("<img src=x", html)
        self.assertNotIn("<script>alert", html)
        self.assertNotIn("<b>bold</b>", html)
        self.assertIn("&lt;img src=x onerror=alert(1)//", html)
        self.assertIn("AT&amp;T", html)
        self.assertNotIn("&amp;amp;", html)

    def test_hostile_queries_are_escaped(self):
        for q in (
            '"><script>alert(1)</script>',
            "x <img src=x onerror=alert(1)//",
            "summit <b>",
            'person:"<svg onload=alert(1)>"',
        ):
            with self.subTest(q=q):
                html = self.search(q=q).content.decode()
                self.assertNotIn("<script>alert(1)", html)
                self.assertNotIn("<img src=x", html)
                self.assertNotIn("<svg onload", html)
                self.assertNotIn("<b>", html.split("<main", 1)[1].replace("<b>bold", ""))


class DidYouMeanTests(SearchTestCase):
    def test_it_suggests_a_correction_that_finds_more(self):
        response = self.search(q="denuclearizaton")
        self.assertEqual(response.context["total"], 0)
        self.assertEqual(response.context["suggestion"]["query"], "denuclearization")
        self.assertContains(response, "Did you mean")

    def test_common_mistakes_and_two_in_one_word(self):
        for typo, fixed in [
            ("sumit", "summit"),  # a letter missing
            ("summmit", "summit"),  # one too many
            ("parsde", "parade"),  # one wrong
            ("paarde", "parade"),  # two swapped
            ("denuclearisaton", "denuclearization"),  # two mistakes: Whoosh's corrector
            ("Negotiatros", "negotiators"),
        ]:
            with self.subTest(typo=typo):
                suggestion = self.search(q=typo).context["suggestion"]
                self.assertEqual(suggestion and suggestion["query"].lower(), fixed)

    def test_a_known_name_comes_before_word_by_word_corrections(self):
        # "kim jong unn": not "kim jong cnn" but the name the archive knows.
        suggestion = self.search(q="kim jong unn").context["suggestion"]
        self.assertEqual(suggestion and suggestion["query"], "Kim Jong Un")
        suggestion = self.search(q="vladimir putn parade").context["suggestion"]
        self.assertEqual(suggestion and suggestion["query"], "Vladimir Putin parade")

    def test_it_suggests_nothing_when_the_query_finds_enough(self):
        self.assertIsNone(self.search(q="summit").context["suggestion"])

    def test_spelling_stays_off_the_normal_path(self):
        from haystack import connections

        backend = connections["default"].get_backend()
        calls = []
        original = backend.create_spelling_suggestion
        backend.create_spelling_suggestion = lambda q: calls.append(q) or original(q)
        try:
            self.search(q="summit")
            self.assertEqual(calls, [])
            self.search(q="sumit")
            self.assertEqual(len(calls), 1)
        finally:
            backend.create_spelling_suggestion = original


class HostileQueryTests(SearchTestCase):
    def test_every_hostile_query_renders_a_page_within_the_limits(self):
        for q in HOSTILE:
            with self.subTest(q=q[:40]):
                response = self.client.get(reverse("search"), {"q": q})
                self.assertEqual(response.status_code, 200)
                # Bounded work, not a stopwatch: the query the engine saw keeps to the limits.
                parsed = response.context["form"].parsed
                self.assertLessEqual(len(parsed.text), MAX_LENGTH)
                self.assertLessEqual(len(positive_leaves(parsed.root)), MAX_TERMS)
                self.assertNotIn("\x00", response.content.decode())

    def test_a_query_that_only_excludes_explains_itself(self):
        response = self.search(q="NOT summit")
        self.assertContains(response, "cannot only exclude")
        self.assertIsNone(response.context["page"])

    def test_hostile_parameters_never_fail(self):
        for params in (
            {"q": "kim", "source": "<script>"},
            {"person": "x" * 5000},
            {"q": "kim", "sort": "\x00"},
            {"from": "\x00"},
            {"year": "9" * 50},
            {"q": ["a", "b"]},
            {"person": [str(i) for i in range(50)]},
        ):
            with self.subTest(params=str(params)[:60]):
                self.assertEqual(self.client.get(reverse("search"), params).status_code, 200)


class AutocompleteAndRelatedTests(SearchTestCase):
    def test_person_autocomplete_returns_json(self):
        response = self.client.get(reverse("person_autocomplete"), {"q": "ki"})
        self.assertEqual(response["Content-Type"], "application/json")
        names = [r["name"] for r in response.json()["results"]]
        self.assertEqual(names, ["Kim Jong Un"])
        self.assertEqual(response.json()["results"][0]["query"], 'person:"Kim Jong Un"')
        by_alias = self.client.get(reverse("person_autocomplete"), {"q": "김정"}).json()
        self.assertEqual([r["name"] for r in by_alias["results"]], ["Kim Jong Un"])

    def test_autocomplete_handles_bad_input(self):
        for q in ("", "k", "\x00\x00", "x" * 5000, "%", "'; --"):
            with self.subTest(q=q[:20]):
                response = self.client.get(reverse("person_autocomplete"), {"q": q})
                self.assertEqual(response.status_code, 200)
                self.assertIsInstance(response.json()["results"], list)

    def test_the_article_page_lists_related_articles(self):
        response = self.client.get(self.british.get_absolute_url())
        self.assertIn(self.american, response.context["related"])
        self.assertNotIn(self.british, response.context["related"])

    def test_the_page_works_without_javascript(self):
        html = self.search(q="summit").content.decode()
        # A plain GET form: one search box on the page, the page's own (not the header's).
        self.assertIn('<form class="search-page-form" action="/search/" method="get"', html)
        self.assertTrue(re.search(r'<input id="search-q" type="search" name="q"', html))
        self.assertEqual(html.count('type="search" name="q"'), 1)
        home = self.client.get("/").content.decode()
        self.assertEqual(home.count('type="search" name="q"'), 1)
        other = self.client.get(reverse("sources")).content.decode()
        self.assertIn('<input id="site-search" type="search" name="q"', other)


@override_settings(ARCHIVE_BACKGROUND="sync")
class FreshnessTests(SearchTestCase):
    def test_an_edit_reaches_search_after_commit(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.parade.title = "Grand parade with tanks"
            self.parade.save()
        self.assertEqual(self.titles(self.search(q="tanks")), ["Grand parade with tanks"])

    def test_a_delete_reaches_search_after_commit(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.parade.delete()
        self.assertEqual(self.titles(self.search(q="parade")), [])

    def test_a_tag_decision_reaches_the_person_filter(self):
        with self.captureOnCommitCallbacks(execute=True):
            Mention.objects.create(article=self.title_match, person=self.xi, status="confirmed")
        response = self.search(person=self.xi.slug)
        self.assertIn("Sanctions", self.titles(response))
        with self.captureOnCommitCallbacks(execute=True):
            Mention.objects.filter(article=self.title_match, person=self.xi).update(
                status="rejected"
            )
            # A queryset update sends no signal: code that bulk-updates queues the article.
            from archive.indexing import enqueue

            enqueue([self.title_match.pk])
        self.assertNotIn("Sanctions", self.titles(self.search(person=self.xi.slug)))

    def test_renaming_a_person_updates_the_facet(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.putin.name = "Vladimir V. Putin"
            self.putin.save()
        facets = self.search(q="parade").context["facets"]["people"]
        self.assertIn("Vladimir V. Putin", [f["name"] for f in facets])


@contextlib.contextmanager
def fast_path(on):
    """The search backend set up again with the fast path on or off."""
    with override_settings(ARCHIVE_SEARCH_FAST_PATH=on):
        connections.reload("default")
        try:
            yield
        finally:
            connections.reload("default")


@skip_unless_whoosh
class FastPathFallbackTests(SearchTestCase):
    """Whoosh's insides surprising the fast path: the same answers from Whoosh itself."""

    QUERIES = (
        {"q": "summit"},
        {"q": "denuclearization"},
        {"q": "kim parade"},
        {"q": '"military parade"'},
        {"q": "summit NOT parade"},
        {"q": "denucl*"},
        {"q": "kim", "sort": "newest"},
        {"q": "kim", "from": "2019-01-01", "to": "2019-12-31"},
        {"person": "kim-jong-un"},
    )

    def answers(self):
        out = []
        for params in self.QUERIES:
            response = self.client.get(reverse("search"), params)
            self.assertEqual(response.status_code, 200)
            context = response.context
            facets = {
                name: [(row["name"], row["count"]) for row in rows]
                for name, rows in context["facets"].items()
            }
            out.append((context.get("total"), [r["article"].pk for r in context["rows"]], facets))
        return out

    def test_a_surprise_in_whoosh_internals_falls_back_to_whoosh_with_the_same_answers(self):
        self.index_everything()
        with fast_path(True):
            self.assertTrue(backend().setup() or backend().fast_path)
            expected = self.answers()
            self.assertTrue(any(total for total, _ids, _facets in expected))

            def broken(*args, **kwargs):
                raise AttributeError("'W3LeafMatcher' object has no attribute '_read_ids'")

            matching._warned.clear()
            with (
                mock.patch.object(whoosh_internals, "_block_matcher", broken),
                mock.patch.object(matching.POSTINGS, "get", lambda key: None),
                self.assertLogs("archive.search", "WARNING") as logs,
            ):
                self.assertEqual(self.answers(), expected)
        fallbacks = [line for line in logs.output if "Fast search path failed" in line]
        self.assertEqual(len(fallbacks), 1, "logged once, not once a query")

    def test_with_the_fast_path_off_whoosh_gives_the_same_answers(self):
        self.index_everything()
        with fast_path(True):
            expected = self.answers()
        with fast_path(False):
            backend().setup()
            self.assertFalse(backend().fast_path)
            self.assertEqual(self.answers(), expected)


class QueueAndDriftContractTests(SearchTestCase):
    """The queue reaches the index and the drift check sees what went behind its back,
    through Haystack's own API (whatever the engine)."""

    def test_the_drift_check_finds_missing_extra_and_stale_documents_and_repairs_them(self):
        self.assertTrue(indexing.find_drift().clean)
        ghost = make_article("Ghost report", "A ghost summit.", source=self.ap)
        indexing.enqueue([ghost.pk])
        indexing.drain_index_queue(blocking=True)
        ghost_id = ghost.pk
        with mock.patch.object(PendingIndexUpdate.objects, "enqueue"):
            ghost.delete()  # extra: the index never hears of it
        backend().remove(self.british)  # missing
        Article.objects.filter(pk=self.parade.pk).update(title="Parade, renamed quietly")
        drift = indexing.find_drift()
        self.assertEqual(drift.missing, [self.british.pk])
        self.assertEqual(drift.extra, [ghost_id])
        self.assertEqual(drift.stale, [self.parade.pk])
        indexing.repair_drift(drift)
        self.assertTrue(indexing.find_drift().clean)
        self.assertEqual(self.search(q="ghost").context["total"], 0)
        self.assertEqual(self.titles(self.search(q="renamed")), ["Parade, renamed quietly"])


class FacetLinkTests(SimpleTestCase):
    """The facet links the view builds are exactly what {% querystring %} would give."""

    def test_links_match_the_template_tag(self):
        from django.template import RequestContext
        from django.template.defaulttags import querystring

        from archive.views.search import _link

        factory = RequestFactory()
        for query in (
            "",
            "page=3",
            "q=talks&page=2&source=bbc&source=reuters",
            "q=%22nuclear+test%22&year=2019&not_person=kim&from=2018-01-01",
            "q=caf%C3%A9+%26+co&language=fr",
        ):
            for changes in (
                {},
                {"source": ["bbc"]},
                {"source": None},
                {"year": [2019, 2018]},
                {"not_person": ["kim", "xi"]},
                {"language": "de"},
                {"q": None, "source": None, "year": None, "language": None},
            ):
                request = factory.get("/search/?" + query)
                expected = querystring(RequestContext(request), page=None, **changes)
                self.assertEqual(_link(request, **changes), expected, (query, changes))
