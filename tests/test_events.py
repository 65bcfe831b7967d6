"""Visits, summits and talks: date phrases, reading articles for events, suggestions and
curators' decisions, the event pages, the person's travels and the pair's meetings, search,
Atom and iCalendar feeds, and the bad input of each."""

import datetime
import io
import json
import tempfile
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from haystack.query import SearchQuerySet
from icalendar import Calendar

from archive import curation, reference
from archive.events import dates
from archive.events.suggest import find_events
from archive.models import (
    Article,
    Event,
    EventArticle,
    EventDecision,
    EventParticipant,
    EventSuggestion,
    Job,
    Person,
)
from tests.base import ArchiveTestCase
from tests.test_search import SearchTestCase, make_article

ROOT = Path(__file__).resolve().parent.parent
DAY = datetime.date


class DatePhraseTests(SimpleTestCase):
    MONDAY = DAY(2019, 6, 17)

    def when(self, sentence, today=MONDAY):
        found = dates.resolve(sentence, today)
        return found and (found.first, found.last, found.precision)

    def test_relative_phrases_resolve_on_the_article_day(self):
        cases = [
            ("Xi will visit on Thursday and Friday.", (DAY(2019, 6, 20), DAY(2019, 6, 21), "day")),
            ("Kim arrived on Saturday.", (DAY(2019, 6, 15), DAY(2019, 6, 15), "day")),
            ("Xi will make a state visit this week.", (DAY(2019, 6, 17), DAY(2019, 6, 23), "week")),
            ("The summit is next week.", (DAY(2019, 6, 24), DAY(2019, 6, 30), "week")),
            ("Talks are due later this month.", (DAY(2019, 6, 1), DAY(2019, 6, 30), "month")),
            ("They met yesterday.", (DAY(2019, 6, 16), DAY(2019, 6, 16), "day")),
            ("He will travel in April.", (DAY(2020, 4, 1), DAY(2020, 4, 30), "month")),
            ("They met in April.", (DAY(2019, 4, 1), DAY(2019, 4, 30), "month")),
            ("The summit is planned for June 20-21.", (DAY(2019, 6, 20), DAY(2019, 6, 21), "day")),
            ("Kim visited from January 7 to 10, 2019.", (DAY(2019, 1, 7), DAY(2019, 1, 10), "day")),
            ("Talks on 2 July went well.", (DAY(2019, 7, 2), DAY(2019, 7, 2), "day")),
        ]  # fmt: skip
        for sentence, expected in cases:
            with self.subTest(sentence):
                self.assertEqual(self.when(sentence), expected)

    def test_a_duration_and_the_day_of_a_report(self):
        # "reported Tuesday" is the report's day, not the trip's.
        self.assertIsNone(self.when("Kim is on a trip to China, state media reported Tuesday."))
        self.assertEqual(
            self.when("He left on Monday for a four-day visit.", DAY(2019, 1, 8)),
            (DAY(2019, 1, 7), DAY(2019, 1, 10), "day"),
        )

    def test_no_date_is_guessed(self):
        self.assertIsNone(self.when("Xi will visit on Thursday.", today=None))
        self.assertIsNone(self.when("A visit is planned.", today=None))
        self.assertIsNone(self.when("They met on February 30."))
        # An absolute date stands without the article's day.
        self.assertEqual(
            self.when("Kim visited on 8 January 2019.", today=None),
            (DAY(2019, 1, 8), DAY(2019, 1, 8), "day"),
        )

    def test_an_undated_article_dated_by_a_birthday_on_a_weekday(self):
        text = "The train reached Beijing on Tuesday morning, which happens to be Kim's birthday."
        terms = [[(DAY(2017, 1, 20), DAY(2021, 1, 20))]]  # a titled office-holder's term
        found = dates.infer_day(text, {"Kim": (1, 8)}, terms, DAY(2026, 11, 29))
        self.assertEqual(found, DAY(2019, 1, 8))
        # Without a term, every Tuesday 8 January fits: no day.
        self.assertIsNone(dates.infer_day(text, {"Kim": (1, 8)}, [], DAY(2026, 11, 29)))
        # Two years fit: no day.
        wide = [[(DAY(2010, 1, 1), DAY(2026, 1, 1))]]
        self.assertIsNone(dates.infer_day(text, {"Kim": (1, 8)}, wide, DAY(2026, 11, 29)))

    def test_an_anniversary_gives_its_year(self):
        known = [("end of the second world war", 1945)]
        text = "a parade to mark the 80th anniversary of the end of the Second World War, said"
        self.assertEqual(dates.anniversary_year(text, known), 2025)
        self.assertIsNone(dates.anniversary_year("the 5th anniversary of his wedding", known))


class SeedEventTests(TestCase):
    """The three seed events, suggested from their five articles alone."""

    fixtures = [str(ROOT / "fixtures" / "seed.json")]

    def setUp(self):
        reference.load_people()

    def test_the_seed_fixture_holds_the_three_curated_events(self):
        events = {e.slug: e for e in Event.objects.all()}
        self.assertEqual(len(events), 3)
        xi = events["xi-jinping-state-visit-to-north-korea-2019-06"]
        self.assertEqual((xi.first_day, xi.last_day, xi.kind), (DAY(2019, 6, 20),
                         DAY(2019, 6, 21), "state_visit"))  # fmt: skip
        self.assertEqual(xi.coverage.count(), 2)
        self.assertEqual(
            {p.person.slug: p.role for p in xi.participants.all()},
            {"xi-jinping": "guest", "kim-jong-un": "host"},
        )

    def test_all_three_are_suggested_from_their_articles_with_the_right_dates(self):
        Event.objects.all().delete()
        read, touched = find_events(Article.objects.values_list("pk", flat=True))
        # The three, and two real meetings the articles recall: the Hanoi summit (February
        # 2019) and Kim's meeting with Putin in the Russian Far East (April 2019).
        self.assertEqual((read, touched), (5, 5))
        found = {
            (s.kind, s.country): (s.first_day, s.last_day, s.start_precision, s)
            for s in EventSuggestion.objects.all()
        }
        visit = found[("visit", "CN")]
        # Both undated articles: one dated by Kim's birthday on a Tuesday, the other joined.
        self.assertEqual(visit[:3], (DAY(2019, 1, 7), DAY(2019, 1, 10), "day"))
        self.assertEqual(set(visit[3].evidence.values_list("article_id", flat=True)), {3, 5})
        state = found[("state_visit", "KP")]
        self.assertEqual(state[:3], (DAY(2019, 6, 20), DAY(2019, 6, 21), "day"))
        self.assertEqual(state[3].announced, DAY(2019, 6, 17))
        self.assertEqual(set(state[3].evidence.values_list("relation", flat=True)), {"announces"})
        parade = found[("ceremony", "CN")]
        # Undated: the 80th anniversary of the end of the Second World War gives the year.
        self.assertEqual(parade[:3], (DAY(2025, 1, 1), DAY(2025, 12, 31), "year"))
        self.assertEqual(parade[3].city, "Beijing")
        hanoi = found[("summit", "VN")]
        self.assertEqual(hanoi[:3], (DAY(2019, 2, 1), DAY(2019, 2, 28), "month"))
        # Re-run: nothing twice.
        self.assertEqual(find_events(Article.objects.values_list("pk", flat=True))[1], 0)
        self.assertEqual(EventSuggestion.objects.count(), 5)

    def test_curated_events_are_not_suggested_again(self):
        find_events(Article.objects.values_list("pk", flat=True))
        # Only the two recalled meetings no curator keeps yet.
        self.assertEqual(
            sorted(EventSuggestion.objects.values_list("kind", "country")),
            [("summit", "VN"), ("visit", "")],
        )


class CurationTests(ArchiveTestCase):
    def suggestion(self, **fields):
        made = EventSuggestion.objects.create(
            kind="state_visit", title="Xi Jinping's state visit to North Korea", country="KP",
            city="Pyongyang", start=DAY(2019, 6, 20), end=DAY(2019, 6, 21), hosts=[self.kim.pk],
            **fields,
        )  # fmt: skip
        made.people.add(self.kim, self.xi)
        made.evidence.create(article=self.article, sentence="Xi will visit.", relation="announces")
        return made

    def test_accept_makes_the_event_with_people_and_articles_and_records_it(self):
        user = User.objects.create_user("curator")
        suggestion = self.suggestion()
        event = curation.accept_suggestion(suggestion, user)
        self.assertEqual((event.kind, event.first_day, event.last_day, event.status),
                         ("state_visit", DAY(2019, 6, 20), DAY(2019, 6, 21), "held"))  # fmt: skip
        self.assertEqual(
            {p.person_id: p.role for p in event.participants.all()},
            {self.kim.pk: "host", self.xi.pk: "guest"},
        )
        self.assertEqual(list(event.coverage.values_list("relation", flat=True)), ["announces"])
        decision = EventDecision.objects.get()
        self.assertEqual(
            (decision.action, decision.event, decision.user), ("accepted", event, user)
        )
        with self.assertRaisesMessage(ValidationError, "accepted (made an event) already"):
            curation.accept_suggestion(suggestion, user)

    def test_a_future_event_is_announced_and_a_bad_one_saves_nothing(self):
        future = self.suggestion(announced=DAY(2026, 11, 1))
        event = curation.accept_suggestion(future, None, start=DAY(2099, 1, 1), end=None)
        self.assertEqual(event.status, "announced")
        other = self.suggestion()
        with self.assertRaisesMessage(ValidationError, "ends before it starts"):
            curation.accept_suggestion(other, None, start=DAY(2019, 6, 25))
        other.refresh_from_db()
        self.assertEqual(other.status, "open")
        self.assertEqual(Event.objects.count(), 1)

    def test_merge_adds_what_is_missing_and_reject_is_final(self):
        event = Event.objects.create(
            title="Xi in Pyongyang", kind="state_visit", start=DAY(2019, 6, 20)
        )
        EventParticipant.objects.create(event=event, person=self.xi, role="guest")
        curation.merge_suggestion(self.suggestion(), event)
        self.assertEqual(event.participants.count(), 2)
        self.assertEqual(event.coverage.count(), 1)
        rejected = self.suggestion()
        self.assertEqual(curation.reject_suggestions([rejected]), 1)
        self.assertEqual(curation.reject_suggestions([rejected]), 0)

    def test_bad_events_are_refused(self):
        event = Event(title="Talks", kind="bilateral_talks", start=DAY(2019, 6, 20),
                      end=DAY(2019, 6, 19))  # fmt: skip
        with self.assertRaisesMessage(ValidationError, "ends before it starts"):
            event.full_clean()
        with self.assertRaisesMessage(ValidationError, "not an ISO 3166"):
            Event(title="X", kind="other", start=DAY(2019, 1, 1), country="XX").full_clean()
        a = Event.objects.create(title="Summit", kind="multilateral_summit", start=DAY(2019, 6, 28))
        b = Event.objects.create(title="Meeting", kind="bilateral_talks", start=DAY(2019, 6, 29),
                                 parent=a)  # fmt: skip
        a.parent = b
        with self.assertRaisesMessage(ValidationError, "within itself"):
            a.full_clean()
        with self.assertRaisesMessage(ValidationError, "merged into itself"):
            curation.merge_events(a, a)
        EventParticipant.objects.create(event=a, person=self.kim)
        with self.assertRaises(IntegrityError), transaction.atomic():
            EventParticipant.objects.create(event=a, person=self.kim, role="host")
        EventArticle.objects.create(event=a, article=self.article)
        with self.assertRaises(IntegrityError), transaction.atomic():
            EventArticle.objects.create(event=a, article=self.article, relation="analyses")

    def test_merging_two_events_moves_people_articles_and_children(self):
        keep = Event.objects.create(title="Summit", kind="summit", start=DAY(2019, 2, 27))
        gone = Event.objects.create(title="Hanoi summit", kind="summit", start=DAY(2019, 2, 27))
        EventParticipant.objects.create(event=gone, person=self.kim)
        EventArticle.objects.create(event=gone, article=self.article)
        child = Event.objects.create(title="Dinner", kind="other", start=DAY(2019, 2, 27),
                                     parent=gone)  # fmt: skip
        sequence = keep.sequence
        curation.merge_events(keep, gone)
        keep.refresh_from_db()
        child.refresh_from_db()
        self.assertEqual((keep.participants.count(), keep.coverage.count()), (1, 1))
        self.assertEqual(child.parent, keep)
        self.assertGreater(keep.sequence, sequence)
        self.assertFalse(Event.objects.filter(pk=gone.pk).exists())


class AdminTests(ArchiveTestCase):
    def setUp(self):
        super().setUp()
        self.curator = User.objects.create_user("curator", password="x", is_staff=True)
        self.curator.groups.add(Group.objects.get(name="Curators"))
        self.client.force_login(self.curator)

    def test_the_queue_accepts_with_a_confirmation_page(self):
        suggestion = EventSuggestion.objects.create(
            kind="visit", title="Kim Jong Un's visit to China", country="CN",
            start=DAY(2019, 1, 7), end=DAY(2019, 1, 10),
        )  # fmt: skip
        suggestion.people.add(self.kim)
        suggestion.evidence.create(article=self.article, sentence="Kim arrived <b>in</b> Beijing.")
        url = reverse("admin:archive_eventsuggestion_changelist")
        listing = self.client.get(url)
        self.assertContains(listing, "Kim Jong Un&#x27;s visit to China")
        page = self.client.post(
            url, {"action": "accept_action", "_selected_action": [suggestion.pk]}
        )
        self.assertContains(page, "The event to make")
        self.assertContains(page, "Kim arrived &lt;b&gt;in&lt;/b&gt; Beijing.")
        data = {
            "action": "accept_action", "_selected_action": [suggestion.pk], "confirm": "yes",
            "title": "Kim Jong Un's visit to China, January 2019", "kind": "visit",
            "status": "held", "city": "Beijing", "country": "CN", "start": "2019-01-07",
            "start_precision": "day", "end": "2019-01-10", "end_precision": "day",
            "announced_precision": "day",
        }  # fmt: skip
        self.client.post(url, data)
        event = Event.objects.get()
        self.assertEqual((event.title, event.city), ("Kim Jong Un's visit to China, January 2019",
                                                      "Beijing"))  # fmt: skip
        self.assertEqual(event.coverage.get().article, self.article)

    def test_the_event_admin_refuses_a_participant_twice(self):
        url = reverse("admin:archive_event_add")
        data = {
            "title": "Talks", "kind": "bilateral_talks", "status": "held", "start": "2019-06-20",
            "start_precision": "day", "end_precision": "day", "announced_precision": "day",
            "participants-TOTAL_FORMS": "2", "participants-INITIAL_FORMS": "0",
            "participants-0-person": self.kim.pk, "participants-0-role": "host",
            "participants-1-person": self.kim.pk, "participants-1-role": "guest",
            "coverage-TOTAL_FORMS": "0", "coverage-INITIAL_FORMS": "0",
        }  # fmt: skip
        response = self.client.post(url, data)
        self.assertContains(response, "duplicate data for person")
        self.assertFalse(Event.objects.exists())

    def test_a_reader_who_is_not_staff_cannot_decide(self):
        self.client.logout()
        url = reverse("admin:archive_eventsuggestion_changelist")
        self.assertEqual(self.client.get(url).status_code, 302)


class PagesTests(ArchiveTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.putin = Person.objects.create(name="Vladimir Putin", country="RU", is_leader=True)
        cls.visit = Event.objects.create(
            title="Kim Jong Un's visit to China, January 2019", kind="visit", city="Beijing",
            country="CN", start=DAY(2019, 1, 7), end=DAY(2019, 1, 10), announced=DAY(2019, 1, 8),
        )  # fmt: skip
        cls.visit.participants.create(person=cls.kim, role="guest")
        cls.visit.participants.create(person=cls.xi, role="host")
        cls.visit.coverage.create(article=cls.article, relation="reports")
        cls.state = Event.objects.create(
            title="Xi Jinping's state visit to North Korea", kind="state_visit", city="Pyongyang",
            country="KP", start=DAY(2019, 6, 20), end=DAY(2019, 6, 21),
        )  # fmt: skip
        cls.state.participants.create(person=cls.kim, role="host")
        cls.state.participants.create(person=cls.xi, role="guest")
        cls.summit = Event.objects.create(
            title="Kim and Putin in <script>Vladivostok</script>", kind="summit",
            country="RU", start=DAY(2019, 4, 1), start_precision="month",
        )  # fmt: skip
        cls.summit.participants.create(person=cls.kim, role="guest")
        cls.summit.participants.create(person=cls.putin, role="host")
        cls.kcna_article = make_article(
            "KCNA on the visit", "Kim visited China.", source=cls.kcna,
            published=DAY(2019, 1, 9), people=[cls.kim],
        )  # fmt: skip
        cls.visit.coverage.create(article=cls.kcna_article, relation="reports")

    def test_the_list_filters_and_reports_bad_filters(self):
        response = self.client.get(reverse("events"))
        titles = [e.title for e in response.context["page"]]
        self.assertEqual(titles[0], "Xi Jinping's state visit to North Korea")  # newest first
        self.assertNotContains(response, "<script>Vladivostok")
        for params, expected in (
            ({"person": "vladimir-putin"}, 1), ({"country": "cn"}, 1), ({"kind": "state_visit"}, 1),
            ({"year": "2019", "person": "kim-jong-un"}, 3), ({"year": "2018"}, 0),
        ):  # fmt: skip
            with self.subTest(params=params):
                page = self.client.get(reverse("events"), params).context["page"]
                self.assertEqual(page.paginator.count, expected)
        bad = self.client.get(reverse("events"), {"country": "ZZ", "year": "x", "person": "nobody"})
        self.assertEqual(bad.status_code, 200)
        self.assertContains(bad, "left out")
        self.assertEqual(bad.context["page"].paginator.count, 3)

    def test_the_event_page_groups_articles_by_relation_and_by_who_controls_the_outlet(self):
        response = self.client.get(self.visit.get_absolute_url())
        self.assertContains(response, "7-10 January 2019")
        self.assertContains(response, "Announced")
        groups = {g["value"]: g for g in response.context["by_control"]}
        self.assertEqual(list(groups), ["state", "unknown"])  # state media first
        self.assertEqual(response.context["by_relation"][0]["relation"], "reports")
        chart = response.context["coverage_chart"]
        self.assertEqual([(b["day"], b["n"]) for b in chart["rows"]],
                         [(DAY(2019, 1, 8), 1), (DAY(2019, 1, 9), 1)])  # fmt: skip
        self.assertEqual(self.client.get("/events/no-such-event/").status_code, 404)

    def test_the_person_page_shows_travels_and_trips_abroad(self):
        response = self.client.get(reverse("person", args=["kim-jong-un"]))
        travels = response.context["travels"]
        self.assertEqual([e.pk for e in travels["events"]],
                         [self.visit.pk, self.summit.pk, self.state.pk])  # fmt: skip
        self.assertEqual(travels["trips"], [("China", 1), ("Russia", 1)])
        self.assertContains(response, "Travels and meetings")

    def test_the_pair_page_shows_meetings_last_met_and_gaps(self):
        response = self.client.get(reverse("person_pair", args=["kim-jong-un", "xi-jinping"]))
        meetings = response.context["meetings"]
        self.assertEqual([r["event"].pk for r in meetings["rows"]], [self.visit.pk, self.state.pk])
        self.assertEqual([r["gap"] for r in meetings["rows"]], [None, 161])
        self.assertEqual(meetings["last_met"], self.state)
        self.assertContains(response, "Last met")

    def test_atom_feeds_and_calendars(self):
        from xml.etree import ElementTree

        for url in (
            reverse("events_feed"),
            reverse("person_events_feed", args=["kim-jong-un"]),
            reverse("pair_meetings_feed", args=["kim-jong-un", "xi-jinping"]),
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                root = ElementTree.fromstring(response.content)  # noqa: S314 - our own feed
                entries = root.findall("{http://www.w3.org/2005/Atom}entry")
                self.assertGreaterEqual(len(entries), 2)
                self.assertNotIn(b"<script>", response.content)
        calendar = Calendar.from_ical(self.client.get(reverse("events_ics")).content)
        entries = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
        visit = entries[f"event-{self.visit.pk}@diplomatic-news-archive"]
        self.assertEqual(visit.decoded("dtstart"), DAY(2019, 1, 7))
        self.assertEqual(visit.decoded("dtend"), DAY(2019, 1, 11))  # all day, exclusive end
        self.assertEqual(str(visit["status"]), "CONFIRMED")
        month = entries[f"event-{self.summit.pk}@diplomatic-news-archive"]
        self.assertEqual((month.decoded("dtstart"), month.decoded("dtend")),
                         (DAY(2019, 4, 1), DAY(2019, 5, 1)))  # fmt: skip
        self.assertIn("known only to the month", str(month["summary"]))
        # A change raises SEQUENCE; cancelling says so.
        before = int(visit["sequence"])
        self.visit.status = "cancelled"
        self.visit.save()
        calendar = Calendar.from_ical(
            self.client.get(reverse("person_events_ics", args=["kim-jong-un"])).content
        )
        changed = next(e for e in calendar.walk("VEVENT") if str(e["uid"]) == str(visit["uid"]))
        self.assertEqual(int(changed["sequence"]), before + 1)
        self.assertEqual(str(changed["status"]), "CANCELLED")
        self.assertEqual(self.client.get("/people/nobody/events.ics").status_code, 404)


class ImportTests(ArchiveTestCase):
    def test_an_import_queues_the_reading_and_a_suggestion_waits_unpublished(self):
        lines = [
            {"title": "Xi to make state visit to North Korea", "source": "Xinhua",
             "published": "2019-06-17",
             "body": "Chinese President Xi Jinping will make a state visit to North Korea on "
                     "Thursday and Friday, state media said. Xi will meet Kim Jong Un."},
        ]  # fmt: skip
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
            handle.write("\n".join(json.dumps(line) for line in lines))
        self.addCleanup(Path(handle.name).unlink)
        with self.captureOnCommitCallbacks(execute=True):
            call_command("import_articles", handle.name, stdout=io.StringIO(), no_progress=True)
        self.assertTrue(Job.objects.filter(kind="find_events").exists())
        suggestion = EventSuggestion.objects.get()
        self.assertEqual((suggestion.first_day, suggestion.last_day, suggestion.country),
                         (DAY(2019, 6, 20), DAY(2019, 6, 21), "KP"))  # fmt: skip
        self.assertEqual(self.client.get(reverse("events")).context["page"].paginator.count, 0)

    def test_the_command_reports_and_refuses_bad_arguments(self):
        out = io.StringIO()
        call_command("find_events", stdout=out, no_progress=True)
        self.assertIn("Read 1 article(s)", out.getvalue())
        with self.assertRaisesMessage(CommandError, "not a date"):
            call_command("find_events", since="2019-13-01", stdout=io.StringIO())
        with self.assertRaisesMessage(CommandError, "not a list of numbers"):
            call_command("find_events", ids="1,x", stdout=io.StringIO())


class EventSearchContractTests(SearchTestCase):
    """Part of the backend contract: `event:` and the event facet on every engine."""

    def test_event_field_facet_and_filter(self):
        event = Event.objects.create(
            title="Military parade in Beijing, September 2025", kind="ceremony",
            country="CN", start=DAY(2025, 9, 3),
        )  # fmt: skip
        with self.captureOnCommitCallbacks(execute=True):
            EventArticle.objects.create(event=event, article=self.parade)
        self.index_everything()
        self.assertEqual(self.titles(self.search(q='event:"military parade"')),
                         ["Military parade in Beijing"])  # fmt: skip
        facets = self.search(q="putin").context["facets"]["events"]
        self.assertEqual([(f["name"], f["count"]) for f in facets],
                         [("Military parade in Beijing, September 2025", 1)])  # fmt: skip
        narrowed = self.search(event=event.slug)
        self.assertEqual(self.titles(narrowed), ["Military parade in Beijing"])
        self.assertEqual(narrowed.context["rows"][0]["events"], [event])
        counts = SearchQuerySet().filter(content="parade").facet("event").facet_counts()
        self.assertEqual(dict(counts["fields"]["event"]), {event.slug: 1})
        # Renamed: the index follows.
        with self.captureOnCommitCallbacks(execute=True):
            event.title = "Victory Day parade"
            event.save()
        self.index_everything()
        self.assertEqual(
            self.titles(self.search(q="event:victory")), ["Military parade in Beijing"]
        )
        unknown = self.search(event="no-such-event", q="parade")
        self.assertIn("No event 'no-such-event'", " ".join(unknown.context["form"].notes))


class ConfirmationPageTests(ArchiveTestCase):
    def test_every_merge_asks_for_the_row_to_merge_into(self):
        from archive.models import Candidate

        admin_user = User.objects.create_superuser("boss", "", "x")
        self.client.force_login(admin_user)
        event = Event.objects.create(title="Talks", kind="bilateral_talks", start=DAY(2019, 6, 20))
        suggestion = EventSuggestion.objects.create(
            kind="visit", title="A visit", country="CN", start=DAY(2019, 6, 20)
        )
        candidate = Candidate.objects.create(name="Wang Yi")
        for url, pk, label in (
            (reverse("admin:archive_event_changelist"), event.pk, "Event&#x27;s address (slug)"),
            (reverse("admin:archive_eventsuggestion_changelist"), suggestion.pk,
             "Event&#x27;s address (slug)"),
            (reverse("admin:archive_candidate_changelist") + "?status=open", candidate.pk,
             "Person&#x27;s address (slug)"),
        ):  # fmt: skip
            with self.subTest(url=url):
                page = self.client.post(url, {"action": "merge_action", "_selected_action": [pk]})
                self.assertContains(page, label)
                wrong = self.client.post(
                    url,
                    {"action": "merge_action", "_selected_action": [pk], "confirm": "yes",
                     "event": "nope", "person": "nope"},
                    follow=True,
                )  # fmt: skip
                self.assertContains(wrong, "with that address (slug)")
