"""The people of diplomacy: the reference gazetteer loaded without overwriting curators;
offices and their validation; names resolved by office and date; lone surnames of leading
office-holders; forms of address; new people discovered for curators, promoted, merged or
dismissed; the people index, the offices timeline, the share chart and the compare page."""

import datetime
import io
import json
import shutil
import tempfile
from pathlib import Path

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse

from archive import curation, reference
from archive.candidates import record
from archive.models import (
    Alias,
    Article,
    Candidate,
    CandidateDecision,
    Job,
    Mention,
    OfficeHolding,
    Person,
)
from archive.tagger import article_when, load_gazetteer, tag_article
from archive.tagging import Gazetteer
from archive.tagging.discovery import discover
from archive.tagging.offices import find_phrases
from tests.base import ArchiveTestCase

DAY = datetime.date


def office(pid, kind, place, start, end=None):
    return (pid, kind, place, start, end, end, False, start)


# Three South Korean presidents and two foreign ministers, with their handovers.
MOON, YOON, PARK, WANG, POMPEO, TILLERSON, ABE, KIM = range(1, 9)
PEOPLE = [
    (MOON, True, "Moon", [("Moon Jae-in", "full")], ("Mr",)),
    (YOON, True, "Yoon", [("Yoon Suk Yeol", "full")], ("Mr",)),
    (PARK, True, "Park", [("Park Geun-hye", "full")], ("Ms",)),
    (WANG, False, "Wang", [("Wang Yi", "full")], ("Mr",)),
    (POMPEO, False, "Pompeo", [("Mike Pompeo", "full")], ("Mr",)),
    (TILLERSON, False, "Tillerson", [("Rex Tillerson", "full")], ("Mr",)),
    (ABE, True, "Abe", [("Shinzo Abe", "full")], ("Mr",)),
    (KIM, True, "Kim", [("Kim Jong Un", "full")], ("Mr",)),
]
OFFICES = [
    office(PARK, "head_of_state", "KR", DAY(2013, 2, 25), DAY(2017, 3, 10)),
    office(MOON, "head_of_state", "KR", DAY(2017, 5, 10), DAY(2022, 5, 10)),
    office(YOON, "head_of_state", "KR", DAY(2022, 5, 10)),
    office(WANG, "foreign_minister", "CN", DAY(2013, 3, 16), DAY(2022, 12, 30)),
    office(TILLERSON, "foreign_minister", "US", DAY(2017, 2, 1), DAY(2018, 3, 31)),
    office(POMPEO, "foreign_minister", "US", DAY(2018, 4, 26), DAY(2021, 1, 20)),
    office(ABE, "head_of_government", "JP", DAY(2012, 12, 26), DAY(2020, 9, 16)),
    office(KIM, "supreme_leader", "KP", DAY(2011, 12, 17)),
]
GAZETTEER = Gazetteer(PEOPLE, OFFICES)


def tags(body, day=None, precision="day", title="Talks"):
    when = article_when(day, precision) if day else None
    found = GAZETTEER.find_mentions([(title, True), (body, False)], when)
    return {pid: f.status for pid, f in found.items()}


class OfficeResolutionTests(SimpleTestCase):
    def test_an_office_names_its_holder_on_the_day(self):
        body = "The South Korean president met China's foreign minister in Seoul, aides said."
        self.assertEqual(tags(body, DAY(2019, 6, 20)), {MOON: "auto", WANG: "auto"})
        self.assertEqual(tags(body, DAY(2023, 3, 1)), {YOON: "auto"})
        self.assertEqual(
            tags("The U.S. secretary of state arrived.", DAY(2018, 10, 7)), {POMPEO: "auto"}
        )
        self.assertEqual(
            tags("North Korea's leader inspected a farm.", DAY(2020, 1, 1)), {KIM: "auto"}
        )

    def test_a_handover_day_an_imprecise_date_or_no_date_only_suggests(self):
        self.assertEqual(
            tags("The South Korean president spoke.", DAY(2022, 5, 10)),
            {MOON: "suggested", YOON: "suggested"},
        )
        self.assertEqual(
            tags("The South Korean president spoke.", DAY(2019, 6, 1), "month"),
            {MOON: "suggested"},
        )
        self.assertEqual(tags("The South Korean president spoke.", DAY(2017, 3, 1), "year"), {
            PARK: "suggested", MOON: "suggested"
        })  # fmt: skip
        # Undated: every holder ever, for a curator (here three; more than three: no one).
        self.assertEqual(
            tags("The South Korean president spoke."),
            {PARK: "suggested", MOON: "suggested", YOON: "suggested"},
        )

    def test_vague_or_named_offices_resolve_to_no_one_by_office(self):
        # "a senior Chinese official" is no office; a title before a name is the name's.
        self.assertEqual(tags("A senior Chinese official said so.", DAY(2019, 6, 20)), {})
        self.assertEqual(
            tags("South Korean President Moon Jae-in said so.", DAY(2019, 6, 20)), {MOON: "auto"}
        )
        self.assertEqual(find_phrases("the French secretary-general"), [])

    def test_a_lone_surname_is_the_leading_office_holder_of_the_day(self):
        self.assertEqual(tags("Pompeo said talks went well.", DAY(2018, 10, 7)), {POMPEO: "auto"})
        # Before he held a leading office: a suggestion at most.
        self.assertNotEqual(
            tags("Pompeo said talks went well.", DAY(2016, 10, 7)), {POMPEO: "auto"}
        )
        self.assertEqual(
            tags("Abe met reporters.", DAY(2019, 1, 5), title="Abe in Seoul"), {ABE: "auto"}
        )
        # Undated: never auto on the office rule.
        self.assertNotEqual(tags("Pompeo said talks went well."), {POMPEO: "auto"})

    def test_a_form_of_address_that_does_not_fit_never_matches(self):
        self.assertEqual(tags("Mrs. Moon spoke to pupils.", DAY(2019, 6, 20)), {})
        self.assertEqual(tags("Mr. Moon spoke to pupils.", DAY(2019, 6, 20)), {MOON: "auto"})
        self.assertEqual(tags("Mr Park spoke.", DAY(2014, 6, 20)), {})
        self.assertEqual(tags("Ms Park spoke.", DAY(2014, 6, 20)), {PARK: "auto"})


class RealCopyPitfallTests(SimpleTestCase):
    """What 19,000 Reuters stories of 1987 and the BBC's politics pages showed (benchmark/
    people.py): months, numbers and people long out of office are not the people."""

    MAY, NO, SULLIVAN, CLINTON = 11, 12, 13, 14
    gazetteer = Gazetteer(
        [
            (MAY, True, "May", [("Theresa May", "full")], ("Ms",)),
            (NO, False, "No", [("No Kwang Chol", "full")], ("Mr",)),
            (SULLIVAN, False, "Sullivan", [("Jake Sullivan", "full")], ("Mr",)),
            (CLINTON, True, "Clinton", [("Bill Clinton", "full")], ("Mr",)),
        ],
        [
            office(MAY, "head_of_government", "GB", DAY(2016, 7, 13), DAY(2019, 7, 24)),
            office(NO, "defence_minister", "KP", DAY(2018, 6, 3), DAY(2019, 12, 1)),
            office(SULLIVAN, "national_security_adviser", "US", DAY(2021, 1, 20), DAY(2025, 1, 20)),
            office(CLINTON, "head_of_state", "US", DAY(1993, 1, 20), DAY(2001, 1, 20)),
        ],
    )

    def found(self, body, day):
        found = self.gazetteer.find_mentions(
            [("Talks", True), (body, False)], article_when(day, "day")
        )
        return {pid: f.status for pid, f in found.items()}

    def test_a_month_or_a_number_is_not_a_surname(self):
        day = DAY(2018, 3, 1)
        self.assertEqual(self.found("The vote is due on May 5, officials said.", day), {})
        self.assertEqual(self.found("Talks resume in May, officials said.", day), {})
        self.assertEqual(self.found("A spokesman for No 10 said so.", day), {})
        self.assertEqual(self.found("It was No. 1 on the list.", day), {})
        # The person still: named in full, or alone while she leads.
        self.assertEqual(self.found("Theresa May spoke. May said no.", day), {self.MAY: "auto"})
        self.assertEqual(self.found("On Tuesday May said no.", day), {self.MAY: "auto"})

    def test_a_lone_surname_suggests_no_one_long_out_of_office(self):
        self.assertEqual(self.found("Sullivan said the deal was done.", DAY(1987, 4, 1)), {})
        self.assertEqual(
            self.found("Sullivan said the deal was done.", DAY(2022, 4, 1)),
            {self.SULLIVAN: "suggested"},
        )
        # A former head of state stays in the news: Clinton in Pyongyang, 2009.
        self.assertEqual(
            self.found("Clinton landed in Pyongyang.", DAY(2009, 8, 4)), {self.CLINTON: "suggested"}
        )


class DiscoveryTests(SimpleTestCase):
    def test_companies_and_possessives_are_not_names_and_the_example_holds_the_name(self):
        body = (
            "Daewoo said its venture with General Motors Corp would grow. Analysts ascribe "
            'Prime Minister Yasuhiro Nakasone\'s 1986 victory to low inflation. "Are we sorry?" '
            "he asked. Then Secretary of State George Shultz said on Monday he would go."
        )
        found = discover([("Headline", True), (body, False)], set())
        self.assertEqual([s.name for s in found], ["Yasuhiro Nakasone", "George Shultz"])
        self.assertEqual(
            found[1].sentence, "Then Secretary of State George Shultz said on Monday he would go."
        )

    def test_role_words_introduce_people_the_gazetteer_does_not_know(self):
        body = (
            "Secretary of State Mike Pompeo met Japanese Prime Minister Shinzo Abe. Wang Yi, "
            "China's foreign minister, said talks would go on. Vice Foreign Minister Choe Son "
            "Hui warned on Tuesday. The White House said. General Motors said."
        )
        found = discover([("Headline Words Here", True), (body, False)], {"shinzo abe"})
        self.assertEqual(
            [(s.name, s.role) for s in found],
            [
                ("Mike Pompeo", "secretary of state"),
                ("Choe Son Hui", "vice foreign minister"),
                ("Wang Yi", "foreign minister"),
            ],
        )
        self.assertIn("Choe Son Hui warned", found[1].sentence)


class ReferenceLoadTests(TestCase):
    def write(self, people, folder=None):
        folder = folder or Path(tempfile.mkdtemp(prefix="people-"))
        self.addCleanup(shutil.rmtree, folder, True)
        (folder / "test.json").write_text(
            json.dumps({"about": "test", "as_of": "2025-06-30", "sources": [], "people": people})
        )
        return folder

    PERSON = {
        "key": "wang-yi",
        "name": "Wang Yi",
        "short_name": "Wang",
        "aliases": [["王毅", "full"]],
        "country": "CN",
        "forms": ["Mr"],
        "wikidata": "Q38226",
        "offices": [
            {"office": "foreign_minister", "title": "Minister of Foreign Affairs of China",
             "country": "CN", "start": "2013-03-16", "end": "2022-12-30"},
        ],
    }  # fmt: skip

    def test_the_shipped_gazetteer_loads_whole_and_twice_changes_nothing(self):
        report = reference.load_people()
        self.assertGreaterEqual(report.created, 400)
        kim = Person.objects.get(reference_key="kim-jong-un")
        self.assertEqual(kim.country, "KP")
        self.assertTrue(kim.aliases.filter(name="김정은").exists())
        self.assertTrue(kim.offices.filter(kind="supreme_leader", end__isnull=True).exists())
        again = reference.load_people()
        self.assertEqual((again.created, again.updated, again.offices_added), (0, 0, 0))

    def test_a_curators_edit_and_office_are_kept_and_a_seed_person_adopted(self):
        seed = Person.objects.create(name="Wang Yi", slug="wang-yi", role="curated")
        reference.load_people(self.write([self.PERSON]))
        seed.refresh_from_db()
        self.assertEqual((seed.reference_key, seed.country), ("wang-yi", "CN"))
        self.assertEqual(Person.objects.count(), 1)
        seed.description = "A curator's words."
        seed.save()
        holding = seed.offices.get()
        holding.title = "Foreign Minister of China"  # a curator's wording
        holding.save()
        changed = {**self.PERSON, "description": "From the file.", "offices": []}
        report = reference.load_people(self.write([changed]))
        seed.refresh_from_db()
        self.assertEqual(seed.description, "A curator's words.")
        self.assertTrue(seed.offices.filter(title="Foreign Minister of China").exists())
        self.assertIn(("wang-yi", "description", "A curator's words."), report.kept)

    def test_a_bad_file_is_refused_whole_with_every_problem(self):
        bad = [
            {**self.PERSON, "wikidata": "38226"},
            {**self.PERSON, "key": "wang-yi-2", "name": "Wang Yi Two",
             "aliases": [["王毅", "full"]]},
            {**self.PERSON, "key": "x", "name": "X Y", "aliases": [["Moon", "full"]],
             "offices": [{"office": "foreign_minister", "title": "FM", "country": "CN",
                          "start": "2020-01-01", "end": "2019-01-01"}]},
            {**self.PERSON, "key": "y", "name": "Y Z", "aliases": [], "country": "XX"},
            {**self.PERSON, "key": "z", "name": "Z A", "aliases": [],
             "offices": [{"office": "foreign_minister", "title": "FM", "country": "CN",
                          "start": "2015-01-01", "end": "2016-01-01"}]},
        ]  # fmt: skip
        with self.assertRaises(reference.ReferenceError) as raised:
            reference.load_people(self.write(bad))
        text = str(raised.exception)
        for expected in (
            "is not Q followed by digits",
            "also belongs to wang-yi",
            "a common word",
            "ends before it starts",
            "not an ISO 3166",
            "overlaps",
        ):
            self.assertIn(expected, text)
        self.assertFalse(Person.objects.exists(), "nothing half-saved")


class OfficeModelTests(TestCase):
    def test_bad_offices_are_refused(self):
        moon = Person.objects.create(name="Moon Jae-in")
        yoon = Person.objects.create(name="Yoon Suk Yeol")
        OfficeHolding.objects.create(
            person=moon, kind="head_of_state", title="President", country="KR",
            start=DAY(2017, 5, 10), end=DAY(2022, 5, 10),
        )  # fmt: skip
        cases = [
            (OfficeHolding(person=yoon, kind="head_of_state", title="President", country="KR",
                           start=DAY(2020, 1, 1)), "one holder at a time"),
            (OfficeHolding(person=yoon, kind="minister", title="X", country="KR",
                           start=DAY(2020, 1, 1), end=DAY(2019, 1, 1)), "ends before it starts"),
            (OfficeHolding(person=yoon, kind="minister", title="X", country="XX",
                           start=DAY(2020, 1, 1)), "not an ISO 3166"),
        ]  # fmt: skip
        for holding, message in cases:
            with self.subTest(message=message), self.assertRaisesMessage(ValidationError, message):
                holding.full_clean()
        # The handover day is shared, not an overlap.
        OfficeHolding(person=yoon, kind="head_of_state", title="President", country="KR",
                      start=DAY(2022, 5, 10)).full_clean()  # fmt: skip
        bad = Person(name="X", wikidata_id="38226")
        with self.assertRaisesMessage(ValidationError, "Q56226"):
            bad.full_clean()
        with self.assertRaisesMessage(ValidationError, "not both"):
            Person(name="Y", forms=["Mr", "Ms"]).full_clean()


@override_settings(ARCHIVE_CANDIDATE_MIN_ARTICLES=2)
class CandidateTests(ArchiveTestCase):
    BODY = (
        "<p>Secretary of State Mike Pompeo met North Korean leader Kim Jong Un in Pyongyang "
        "on Sunday, state media said.</p>"
    )

    def make_articles(self, n=2):
        made = []
        for index in range(n):
            article = Article.objects.create(
                title=f"Pompeo in Pyongyang {index}",
                body=self.BODY.replace("Sunday", ["Sunday", "Monday", "Tuesday"][index]),
                published=DAY(2018, 10, 7 + index),
                date_precision="day",
                source=self.ap,
            )
            tag_article(article, load_gazetteer())
            made.append(article)
        return made

    def test_a_name_seen_often_enough_is_proposed_and_retagging_counts_once(self):
        articles = self.make_articles(2)
        tag_article(articles[0], load_gazetteer())  # again: no second sighting
        candidate = Candidate.objects.get(name="Mike Pompeo")
        self.assertEqual(candidate.sightings.count(), 2)
        self.assertEqual(candidate.roles, {"secretary of state": 2})
        self.assertEqual(candidate.outlets, {"Associated Press": 2})
        self.assertEqual(len(candidate.examples), 2)
        self.assertEqual(list(Candidate.objects.proposed()), [candidate])

    def test_promote_creates_the_person_with_an_office_and_retags(self):
        self.make_articles(2)
        candidate = Candidate.objects.get(name="Mike Pompeo")
        person = curation.promote_candidate(
            candidate,
            office={"kind": "foreign_minister", "title": "Secretary of State",
                    "country": "US", "start": DAY(2018, 4, 26)},
        )  # fmt: skip
        self.assertTrue(person.aliases.filter(name="Mike Pompeo", kind="full").exists())
        self.assertEqual(person.offices.get().kind, "foreign_minister")
        self.assertEqual(CandidateDecision.objects.get().action, "promoted")
        self.assertTrue(Job.objects.filter(kind="retag").exists())
        self.index_everything()  # the job finds the articles that name him through the index
        call_command("run_worker", "--once", "--no-index", stdout=io.StringIO())
        self.assertEqual(Mention.objects.filter(person=person, status="auto").count(), 2)
        with self.assertRaisesMessage(ValidationError, "already"):
            curation.promote_candidate(candidate)  # promoted twice: refused

    def test_merge_makes_an_alias_and_dismiss_is_final(self):
        self.make_articles(2)
        candidate = Candidate.objects.get(name="Mike Pompeo")
        pompeo = Person.objects.create(name="Michael R. Pompeo")
        curation.merge_candidate(candidate, pompeo)
        self.assertTrue(Alias.objects.filter(person=pompeo, name="Mike Pompeo").exists())
        other = Candidate.objects.create(name="Choe Son Hui")
        self.assertEqual(curation.dismiss_candidates([other]), 1)
        self.assertEqual(curation.dismiss_candidates([other]), 0)
        # Seen again after dismissal: nothing changes.
        from archive.tagging.discovery import Sighting

        record(Article.objects.first(), [Sighting("Choe Son Hui", "minister", "x")])
        other.refresh_from_db()
        self.assertEqual((other.status, other.sightings.count()), ("dismissed", 0))

    def test_the_admin_queue_promotes_with_a_confirmation_page(self):
        self.make_articles(2)
        admin = User.objects.create_superuser("boss", "", "x")
        self.client.force_login(admin)
        url = reverse("admin:archive_candidate_changelist")
        listing = self.client.get(url)
        self.assertContains(listing, "Mike Pompeo")
        # The most seen first: a name seen in three articles before one seen in two.
        wang = Candidate.objects.create(name="Aaron Wang")
        for index in range(3):
            article = Article.objects.create(
                title=f"Wang {index}", body=f"<p>Text {index}.</p>", source=self.ap
            )
            wang.sightings.create(article=article)
        listing = self.client.get(url)
        self.assertEqual(
            [c.name for c in listing.context["cl"].result_list][:2], ["Aaron Wang", "Mike Pompeo"]
        )
        candidate = Candidate.objects.get(name="Mike Pompeo")
        page = self.client.post(
            url, {"action": "promote_action", "_selected_action": [candidate.pk]}
        )
        self.assertContains(page, "The person to create")
        self.client.post(
            url,
            {"action": "promote_action", "_selected_action": [candidate.pk], "confirm": "yes",
             "name": "Mike Pompeo", "office_kind": ""},
        )  # fmt: skip
        self.assertTrue(Person.objects.filter(name="Mike Pompeo").exists())


class PeoplePagesTests(ArchiveTestCase):
    def test_the_people_index_filters_and_finds_any_script(self):
        OfficeHolding.objects.create(person=self.kim, kind="supreme_leader", title="Supreme Leader",
                                     country="KP", start=DAY(2011, 12, 17))  # fmt: skip
        Alias.objects.get_or_create(person=self.kim, name="김정은")
        page = self.client.get(reverse("people"))
        self.assertContains(page, "Kim Jong Un")
        self.assertContains(page, "Supreme Leader")
        for params, shown in (
            ({"q": "김정은"}, ["Kim Jong Un"]),
            ({"country": "cn"}, ["Xi Jinping"]),
            ({"office": "supreme_leader"}, ["Kim Jong Un"]),
        ):
            with self.subTest(params=params):
                found = self.client.get(reverse("people"), params)
                self.assertEqual([p.name for p in found.context["page"]], shown)
        bad = self.client.get(reverse("people"), {"country": "ZZ", "office": "<x>"})
        self.assertEqual(bad.status_code, 200)
        self.assertContains(bad, "left out")

    def test_the_person_page_shows_offices_and_the_share_chart(self):
        OfficeHolding.objects.create(
            person=self.kim, kind="supreme_leader", title="Supreme Leader of North Korea",
            country="KP", start=DAY(2011, 12, 17),
        )  # fmt: skip
        page = self.client.get(reverse("person", args=[self.kim.slug]))
        self.assertContains(page, "Supreme Leader of North Korea")
        self.assertContains(page, "17 December 2011 to now")
        self.assertEqual(page.context["person"].role_line, "Supreme Leader of North Korea")
        share = self.client.get(reverse("person", args=[self.kim.slug]), {"share": "1"})
        self.assertTrue(share.context["chart"].share)
        self.assertContains(share, "% of all articles")

    def test_the_role_line_of_someone_out_of_office_names_the_highest_office(self):
        blair = Person.objects.create(name="Tony Blair", country="GB")
        OfficeHolding.objects.create(
            person=blair, kind="head_of_government", title="Prime Minister of the United Kingdom",
            country="GB", start=DAY(1997, 5, 2), end=DAY(2007, 6, 27),
        )  # fmt: skip
        OfficeHolding.objects.create(
            person=blair, kind="envoy", title="Quartet Representative", org="UN",
            start=DAY(2007, 6, 27), end=DAY(2015, 5, 27),
        )  # fmt: skip
        self.assertEqual(blair.role_line, "Former Prime Minister of the United Kingdom")

    def test_compare_draws_up_to_five_people_on_one_axis(self):
        page = self.client.get(
            reverse("people_compare"), {"p": [self.kim.slug, self.xi.slug, "nobody"]}
        )
        chart = page.context["chart"]
        self.assertEqual([s.person for s in chart.series], [self.kim, self.xi])
        self.assertContains(page, "<polyline", count=2)
        self.assertContains(page, "No person")
        many = self.client.get(reverse("people_compare"), {"p": ["a", "b", "c", "d", "e", "f"]})
        self.assertContains(many, "At most 5")
        empty = self.client.get(reverse("people_compare"))
        self.assertEqual(empty.status_code, 200)
