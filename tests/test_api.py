"""The read-only JSON API: what it answers, how it pages, its errors, its limits, and a
contract test of every operation against its own OpenAPI schema with generated requests
(schemathesis)."""

import datetime

from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings, tag
from django.urls import reverse

from archive.models import (
    Article,
    ArticleVersion,
    Event,
    EventArticle,
    Mention,
    OfficeHolding,
)
from tests.base import ArchiveTestCase
from tests.test_search import make_article

DAY = datetime.date


class ApiTestCase(ArchiveTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        OfficeHolding.objects.create(
            person=cls.kim, kind="supreme_leader", title="Supreme Leader of North Korea",
            country="KP", start=DAY(2011, 12, 17),
        )  # fmt: skip
        cls.event = Event.objects.create(
            title="Kim Jong Un's visit to China", kind="visit", country="CN", city="Beijing",
            start=DAY(2019, 1, 7), end=DAY(2019, 1, 10),
        )  # fmt: skip
        cls.event.participants.create(person=cls.kim, role="guest")
        cls.event.participants.create(person=cls.xi, role="host")
        EventArticle.objects.create(event=cls.event, article=cls.article, relation="reports")
        ArticleVersion.objects.create(
            article=cls.article, title="Kim to meet Xi", body="<p>An earlier text.</p>",
            content_hash="old", seen_at="2019-01-07T00:00:00Z",
        )  # fmt: skip
        cls.hostile = make_article(
            '=HYPERLINK("http://evil")', "<script>alert(1)</script> Kim said.", source=cls.kcna,
            published=DAY(2019, 1, 9), people=[cls.kim],
        )  # fmt: skip
        for n in range(7):
            make_article(f"Filler {n}", f"Text number {n}.", published=DAY(2018, 1, 1 + n))

    def get(self, path, **params):
        response = self.client.get(path, params)
        self.assertEqual(response["Content-Type"].split(";")[0], "application/json", path)
        return response


class ApiTests(ApiTestCase):
    def test_the_root_lists_every_collection(self):
        body = self.get("/api/v1/").json()
        self.assertEqual(
            set(body), {"articles", "sources", "stories", "people", "mentions", "events"}
        )

    def test_an_article_whole_with_body_text_versions_people_and_events(self):
        body = self.get(f"/api/v1/articles/{self.article.pk}/").json()
        self.assertEqual(body["title"], "Kim meets Xi in Beijing")
        self.assertIn("<p>", body["body"])
        self.assertNotIn("<", body["text"])
        self.assertEqual([v["title"] for v in body["versions"]], ["Kim to meet Xi"])
        self.assertEqual({p["slug"] for p in body["people"]}, {"kim-jong-un", "xi-jinping"})
        self.assertEqual(body["events"][0]["slug"], self.event.slug)
        self.assertEqual(body["source"]["kind"], "wire")
        self.assertTrue(body["page"].startswith("http://testserver/articles/"))

    def test_lists_page_by_cursor_and_filter(self):
        first = self.get("/api/v1/articles/", page_size=4).json()
        self.assertEqual(len(first["results"]), 4)
        ids = [a["id"] for a in first["results"]]
        self.assertEqual(ids, sorted(ids, reverse=True))
        second = self.client.get(first["next"]).json()
        self.assertFalse(set(ids) & {a["id"] for a in second["results"]})
        by_person = self.get("/api/v1/articles/", person="xi-jinping").json()["results"]
        self.assertEqual([a["id"] for a in by_person], [self.article.pk])
        dated = self.get("/api/v1/articles/", **{"from": "2019-01-09", "to": "2019-12-31"})
        self.assertEqual([a["id"] for a in dated.json()["results"]], [self.hostile.pk])

    def test_people_with_offices_events_with_participants_and_coverage(self):
        kim = self.get("/api/v1/people/kim-jong-un/").json()
        self.assertIn("김정은", kim["aliases"])
        self.assertEqual(kim["offices"][0]["title"], "Supreme Leader of North Korea")
        self.assertEqual(kim["role"], "Supreme Leader of North Korea")
        event = self.get(f"/api/v1/events/{self.event.slug}/").json()
        self.assertEqual(event["dates"], "7-10 January 2019")
        self.assertEqual({p["role"] for p in event["participants"]}, {"guest", "host"})
        self.assertEqual(event["coverage"][0]["article"]["id"], self.article.pk)
        listed = self.get("/api/v1/events/", person="xi-jinping", country="cn").json()
        self.assertEqual([e["slug"] for e in listed["results"]], [self.event.slug])
        mentions = self.get("/api/v1/mentions/", article=self.article.pk).json()["results"]
        self.assertEqual(len(mentions), 2)

    def test_search_answers_like_the_search_page(self):
        self.index_everything()
        body = self.get("/api/v1/search/", q="Kim", person="xi-jinping").json()
        self.assertEqual(body["total"], 1)
        self.assertEqual(body["results"][0]["id"], self.article.pk)
        self.assertIn("person", body["facets"])
        self.assertIn({"value": "Kim Jong Un", "count": 1}, body["facets"]["person"])
        self.assertEqual(body["page"], 1)
        page = self.client.get(reverse("search"), {"q": "Kim", "person": "xi-jinping"})
        self.assertEqual(page.context["total"], body["total"])
        noted = self.get("/api/v1/search/", q="Kim", person="nobody", to="2019-99").json()
        self.assertTrue(noted["notes"])
        # Several values of a facet (any of them) and exclusions, as on the page.
        both = self.client.get(
            "/api/v1/search/?q=Kim&source=associated-press&source=korean-central-news-agency"
        ).json()
        self.assertEqual(both["total"], 2)
        without = self.get("/api/v1/search/", q="Kim", not_source="korean-central-news-agency")
        self.assertEqual(without.json()["total"], 1)

    def test_hostile_parameters_get_json_errors(self):
        cases = [
            ("/api/v1/search/", {"page": "-1"}, 400),
            ("/api/v1/search/", {"page": "x"}, 400),
            ("/api/v1/search/", {"q": "k" * 5000}, 400),
            ("/api/v1/search/", {"q": "Kim", "page": "99"}, 404),
            ("/api/v1/articles/", {"from": "2019-13-01"}, 400),
            ("/api/v1/articles/", {"person": "<script>"}, 400),
            ("/api/v1/articles/", {"cursor": "-1"}, 404),
            ("/api/v1/mentions/", {"article": "9" * 40}, 400),
            ("/api/v1/mentions/", {"status": "bogus"}, 400),
            ("/api/v1/events/", {"kind": "war"}, 400),
            ("/api/v1/articles/999999/", {}, 404),
            ("/api/v1/nothing/", {}, 404),
            ("/api/v2/", {}, 404),
            ("/api/v1/articles/", {"format": "api"}, 400),
            ("/api/v1/articles/", {"sauce": "x"}, 400),
            ("/api/v1/search/", {"q": "Kim", "format": "html"}, 400),
        ]
        self.index_everything()
        for path, params, status in cases:
            with self.subTest(path=path, params=params):
                response = self.client.get(path, params)
                self.assertEqual(response.status_code, status)
                self.assertEqual(response["Content-Type"].split(";")[0], "application/json")
                self.assertEqual(response.json()["error"]["status"], status)

    def test_conditional_get_cors_and_read_only(self):
        url = f"/api/v1/articles/{self.article.pk}/"
        first = self.client.get(url, HTTP_ORIGIN="https://notebook.example")
        self.assertEqual(first["Access-Control-Allow-Origin"], "*")
        again = self.client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        self.assertEqual(again.status_code, 304)
        since = self.client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        self.assertEqual(since.status_code, 304)
        self.assertEqual(self.client.post(url, {}).status_code, 405)
        self.assertEqual(self.client.delete(url).status_code, 405)

    @override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        REST_FRAMEWORK={
            "DEFAULT_THROTTLE_CLASSES": ["archive.api.throttling.AnonymousRate"],
            "DEFAULT_THROTTLE_RATES": {"anon": "3/min"},
            "EXCEPTION_HANDLER": "archive.api.errors.json_errors",
            "DEFAULT_AUTHENTICATION_CLASSES": [],
            "UNAUTHENTICATED_USER": None,
        },
        ARCHIVE_API_UNLIMITED_KEYS=["bench"],
    )
    def test_anonymous_clients_are_rate_limited_with_retry_after(self):
        statuses = [self.client.get("/api/v1/sources/").status_code for _n in range(4)]
        self.assertEqual(statuses, [200, 200, 200, 429])
        limited = self.client.get("/api/v1/sources/")
        self.assertIn("Retry-After", limited)
        self.assertEqual(limited.json()["error"]["status"], 429)
        exempt = self.client.get("/api/v1/sources/", HTTP_X_ARCHIVE_KEY="bench")
        self.assertEqual(exempt.status_code, 200)

    def test_the_schema_and_the_docs_page(self):
        schema = self.client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
        self.assertEqual(schema["openapi"][:2], "3.")
        self.assertIn("/api/v1/search/", schema["paths"])
        docs = self.client.get("/api/v1/docs/")
        self.assertEqual(docs.status_code, 200)
        html = docs.content.decode()
        self.assertIn("/static/drf_spectacular_sidecar/", html)
        self.assertNotIn("<style", html)
        self.assertNotIn("cdn.", html)
        self.assertRegex(html, r'<script src="/api/v1/docs/\?script=')


@tag("slow")
class SchemaContractTests(ApiTestCase):
    """Every operation, with requests generated from the schema (valid and edge-case
    values): no 5xx, every response valid against the schema."""

    def test_generated_requests_against_the_schema(self):
        import schemathesis
        from hypothesis import HealthCheck, given, settings

        self.index_everything()
        # Called as a WSGI app, Django closes the database connection after each request
        # (the test client turns that off): off here too, or the test's transaction ends.
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        self.addCleanup(signals.request_started.connect, close_old_connections)
        self.addCleanup(signals.request_finished.connect, close_old_connections)
        app = get_wsgi_application()
        schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", app)
        calls, failures = [], []

        def checker(operation):
            @settings(
                max_examples=40, deadline=None, database=None,
                suppress_health_check=list(HealthCheck),
            )  # fmt: skip
            @given(operation.as_strategy())
            def check(case):
                response = case.call()
                calls.append(response.status_code)
                try:
                    case.validate_response(response)
                except BaseException as exc:
                    failures.append(f"{operation.label} {case.query}: {str(exc)[:300]}")

            return check

        for result in schema.get_all_operations():
            checker(result.ok())()
        self.assertGreaterEqual(len(calls), 300)
        self.assertFalse([s for s in calls if s >= 500])
        self.assertEqual(failures, [])


class ApiDataTests(ApiTestCase):
    def test_hostile_text_is_plain_json(self):
        body = self.get(f"/api/v1/articles/{self.hostile.pk}/").json()
        self.assertEqual(body["title"], '=HYPERLINK("http://evil")')
        self.assertNotIn("<script>", body["body"])
        response = self.client.get(f"/api/v1/articles/{self.hostile.pk}/")
        self.assertNotIn(b"<script>", response.content)

    def test_rejected_tags_are_not_shown_as_people(self):
        Mention.objects.filter(article=self.article, person=self.xi).update(status="rejected")
        body = self.get(f"/api/v1/articles/{self.article.pk}/").json()
        self.assertEqual([p["slug"] for p in body["people"]], ["kim-jong-un"])
        self.assertEqual([m["person"] for m in body["mentions"]], ["kim-jong-un"])
        self.assertTrue(Article.objects.filter(pk=self.article.pk).exists())
