"""Curation in the admin: review queue, tag decisions, merges, aliases, permissions."""

from django.contrib.auth.models import Group, Permission, User
from django.test import SimpleTestCase, override_settings
from django.urls import reverse

from archive.models import (
    Alias,
    Article,
    Mention,
    MentionDecision,
    MergeLog,
    Person,
    PersonRedirect,
)
from tests.base import ArchiveTestCase


class CurationTestCase(ArchiveTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.curator = User.objects.create_user("curator", password="x", is_staff=True)
        cls.curator.groups.add(Group.objects.get(name="Curators"))
        cls.outsider = User.objects.create_user("outsider", password="x", is_staff=True)
        cls.outsider.user_permissions.add(
            *Permission.objects.filter(
                codename__in=[
                    "view_article",
                    "view_mention",
                    "view_person",
                    "view_suggestedmention",
                ]
            )
        )
        cls.other = Article.objects.create(
            title="Putin hosts Kim",
            content_hash="putin-kim",
            body="<p>Russian President Vladimir Putin met Kim Jong Un in Vladivostok. "
            "Mr Kim arrived by train.</p>",
        )
        cls.suggestion = Mention.objects.create(
            article=cls.other, person=cls.xi, status="suggested", context="Mr Xi was absent."
        )
        cls.moon = Person.objects.create(name="Moon Jae-in", short_name="Moon", is_leader=True)
        cls.moon_suggestion = Mention.objects.create(
            article=cls.article, person=cls.moon, status="suggested", context="Mr Moon waited."
        )

    def setUp(self):
        super().setUp()
        self.client.force_login(self.curator)

    def queue_action(self, action, mentions):
        return self.client.post(
            reverse("admin:archive_suggestedmention_changelist"),
            {
                "action": action,
                "_selected_action": [m.pk for m in mentions],
            },
        )


class ReviewQueueTests(CurationTestCase):
    def test_the_queue_lists_suggestions_with_their_context(self):
        response = self.client.get(reverse("admin:archive_suggestedmention_changelist"))
        # The sentence with the person's name marked, and the queue's keys loaded.
        self.assertContains(response, "Mr <mark>Xi</mark> was absent.")
        self.assertContains(response, "js/admin-queue.js")
        self.assertContains(response, "Putin hosts Kim")
        self.assertEqual(response.context["cl"].result_count, 2)  # only the suggestions

    def test_it_filters_by_person_and_source(self):
        url = reverse("admin:archive_suggestedmention_changelist")
        by_xi = self.client.get(url, {"person__id__exact": self.xi.pk})
        self.assertContains(by_xi, "Mr <mark>Xi</mark> was absent.")
        self.assertNotContains(by_xi, "Mr Moon waited.")
        by_ap = self.client.get(url, {"source": self.ap.pk})
        self.assertContains(by_ap, "Mr <mark>Moon</mark> waited.")
        self.assertNotContains(by_ap, "Mr Xi was absent.")

    @override_settings(ARCHIVE_BACKGROUND="sync")
    def test_accepting_confirms_records_and_reaches_public_pages_and_facets(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.queue_action("accept", [self.suggestion])
        self.assertEqual(response.status_code, 302)
        self.suggestion.refresh_from_db()
        self.assertEqual(self.suggestion.status, "confirmed")
        self.assertEqual(self.suggestion.decided_by, self.curator)
        decision = MentionDecision.objects.get(article=self.other, person=self.xi)
        self.assertEqual(
            (decision.from_status, decision.to_status, decision.user),
            ("suggested", "confirmed", self.curator),
        )
        page = self.client.get(reverse("person", args=[self.xi.slug]))
        self.assertIn(self.other.pk, [row["article"].id for row in page.context["page"]])
        search = self.client.get(reverse("search"), {"person": self.xi.slug})
        self.assertIn(self.other, [row["article"] for row in search.context["rows"]])

    def test_rejecting_hides_the_tag_and_the_tagger_never_brings_it_back(self):
        from archive.tagger import load_gazetteer, tag_article

        self.queue_action("reject", [self.suggestion])
        self.suggestion.refresh_from_db()
        self.assertEqual(self.suggestion.status, "rejected")
        tag_article(self.other, load_gazetteer())
        self.suggestion.refresh_from_db()
        self.assertEqual(self.suggestion.status, "rejected")

    def test_a_queued_suggestion_is_only_viewed_one_at_a_time(self):
        url = reverse("admin:archive_suggestedmention_change", args=[self.suggestion.pk])
        self.client.post(url, {"status": "confirmed", "person": self.kim.pk})
        self.suggestion.refresh_from_db()
        self.assertEqual((self.suggestion.status, self.suggestion.person), ("suggested", self.xi))
        self.assertFalse(MentionDecision.objects.exists())

    def test_staff_outside_the_curators_cannot_decide(self):
        self.client.force_login(self.outsider)
        response = self.queue_action("accept", [self.suggestion])
        self.suggestion.refresh_from_db()
        self.assertEqual(self.suggestion.status, "suggested")
        self.assertFalse(MentionDecision.objects.exists())
        # The queue is shown again, read-only: no accept action is offered to them.
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'value="accept"')
        change = reverse("admin:archive_mention_change", args=[self.suggestion.pk])
        self.assertEqual(self.client.post(change, {"status": "confirmed"}).status_code, 403)

    def test_a_reader_who_is_not_signed_in_cannot_reach_the_admin(self):
        self.client.logout()
        response = self.client.get(reverse("admin:archive_suggestedmention_changelist"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("admin:login"), response["Location"])


class ArticleInlineTests(CurationTestCase):
    def test_changing_a_status_on_the_article_page_is_recorded(self):
        url = reverse("admin:archive_article_change", args=[self.other.pk])
        form = self.client.get(url).context["adminform"].form
        data = {k: v for k, v in form.initial.items() if v is not None}
        data.update(
            {
                "title": self.other.title,
                "slug": self.other.slug,
                "body": self.other.body,
                "date_precision": "unknown",
                "language": "en",
                "mentions-TOTAL_FORMS": "1",
                "event_links-TOTAL_FORMS": "0",
                "event_links-INITIAL_FORMS": "0",
                "mentions-INITIAL_FORMS": "1",
                "mentions-MIN_NUM_FORMS": "0",
                "mentions-MAX_NUM_FORMS": "1000",
                "mentions-0-id": self.suggestion.pk,
                "mentions-0-article": self.other.pk,
                "mentions-0-person": self.xi.pk,
                "mentions-0-status": "rejected",
            }
        )
        data.pop("source", None)
        data.pop("published", None)
        response = self.client.post(url, data)
        self.assertEqual(
            response.status_code,
            302,
            getattr(response, "context", None) and response.context["errors"],
        )
        decision = MentionDecision.objects.get()
        self.assertEqual((decision.from_status, decision.to_status), ("suggested", "rejected"))


class AliasTests(CurationTestCase):
    def person_form(self, person, aliases, **changes):
        data = {
            "name": person.name,
            "slug": person.slug,
            "short_name": person.short_name,
            "role": "",
            "country": person.country,
            "description": "",
            "is_leader": "on" if person.is_leader else "",
            "wikidata_id": "",
            "aliases-TOTAL_FORMS": str(len(aliases)),
            "offices-TOTAL_FORMS": "0",
            "offices-INITIAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "aliases-MIN_NUM_FORMS": "0",
            "aliases-MAX_NUM_FORMS": "1000",
        }
        for index, (name, kind) in enumerate(aliases):
            data[f"aliases-{index}-name"] = name
            data[f"aliases-{index}-kind"] = kind
            data[f"aliases-{index}-person"] = person.pk
        data.update(changes)
        return self.client.post(reverse("admin:archive_person_change", args=[person.pk]), data)

    def test_adding_an_alias_retags_the_articles_that_contain_it(self):
        putin = Person.objects.create(name="Vladimir Vladimirovich Putin", is_leader=True)
        self.index_everything()
        with self.captureOnCommitCallbacks(execute=True):
            response = self.person_form(putin, [("Vladimir Putin", "full")])
        self.assertEqual(response.status_code, 302)
        self.assertTrue(
            Mention.objects.filter(article=self.other, person=putin, status="auto").exists()
        )

    def test_removing_an_alias_removes_the_tags_it_made_but_not_decisions(self):
        putin = Person.objects.create(name="Vladimir Vladimirovich Putin", is_leader=True)
        alias = Alias.objects.create(person=putin, name="Vladimir Putin")
        Mention.objects.create(article=self.other, person=putin, status="auto")
        Mention.objects.create(article=self.article, person=putin, status="confirmed")
        self.index_everything()
        data = {
            "aliases-TOTAL_FORMS": "1",
            "offices-TOTAL_FORMS": "0",
            "offices-INITIAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "1",
            "aliases-0-id": alias.pk,
            "aliases-0-person": putin.pk,
            "aliases-0-name": alias.name,
            "aliases-0-kind": "full",
            "aliases-0-DELETE": "on",
        }
        with self.captureOnCommitCallbacks(execute=True):
            response = self.person_form(putin, [], **data)
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Mention.objects.filter(article=self.other, person=putin).exists())
        self.assertTrue(
            Mention.objects.filter(article=self.article, person=putin, status="confirmed").exists()
        )

    def test_bad_aliases_get_clear_errors_and_nothing_is_saved(self):
        cases = [
            ([("", "full")], None),
            ([("Moon", "full")], "alone is a common word"),
            ([("Kim", "full")], "alone is a common word"),
            ([("Kim Jong-un", "full")], "already an alias of Kim Jong Un"),
            ([("Jinping Xi", "full"), ("jinping  xi", "full")], "listed twice"),
            ([("Xi Jinping", "full")], "already the person"),
        ]
        for aliases, message in cases:
            with self.subTest(aliases=aliases):
                before = Alias.objects.count()
                response = self.person_form(self.xi, aliases)
                if message:
                    self.assertEqual(response.status_code, 200)
                    self.assertContains(response, message)
                self.assertEqual(Alias.objects.count(), before)

    def test_a_short_form_may_be_a_common_surname(self):
        response = self.person_form(self.xi, [("Chairman Xi", "short")])
        self.assertEqual(response.status_code, 302)

    def test_an_empty_name_or_a_taken_slug_is_refused(self):
        response = self.person_form(self.xi, [], name="   ")
        self.assertContains(response, "This field is required")
        response = self.person_form(self.xi, [], slug=self.kim.slug)
        self.assertContains(response, "already taken")
        PersonRedirect.objects.create(old_slug="old-xi", person=self.kim)
        response = self.person_form(self.xi, [], slug="old-xi")
        self.assertContains(response, "already taken")
        self.xi.refresh_from_db()
        self.assertEqual(self.xi.slug, "xi-jinping")

    def test_a_name_that_is_another_persons_alias_is_refused(self):
        response = self.person_form(self.xi, [], name="Kim Jong-un")
        self.assertContains(response, "is an alias of Kim Jong Un")


class MergeTests(CurationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.duplicate = Person.objects.create(
            name="Kim Jong-eun", role="North Korean leader", wikidata_id="Q56226"
        )
        Alias.objects.create(person=cls.duplicate, name="Kim Jong Eun Chairman")
        # Both tagged on the same article: the confirmed status must win.
        Mention.objects.filter(article=cls.article, person=cls.kim).update(status="auto")
        Mention.objects.create(
            article=cls.article,
            person=cls.duplicate,
            status="confirmed",
            count=5,
            context="Duplicate context.",
        )
        Mention.objects.create(article=cls.other, person=cls.duplicate, status="auto", count=1)
        MentionDecision.objects.create(
            article=cls.article, person=cls.duplicate, from_status="auto", to_status="confirmed"
        )

    def merge(self, keep, confirm=True):
        data = {"action": "merge_action", "_selected_action": [self.kim.pk, self.duplicate.pk]}
        if confirm:
            data.update(confirm="yes", survivor=keep.pk)
        return self.client.post(reverse("admin:archive_person_changelist"), data)

    def test_the_action_shows_what_will_move_before_merging(self):
        response = self.merge(self.kim, confirm=False)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Kim Jong Eun Chairman")
        self.assertContains(response, "auto + confirmed → confirmed")
        self.assertTrue(Person.objects.filter(pk=self.duplicate.pk).exists())

    def test_merging_moves_everything_keeps_the_stronger_status_and_logs(self):
        old_slug = self.duplicate.slug
        response = self.merge(self.kim)
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Person.objects.filter(pk=self.duplicate.pk).exists())
        names = set(self.kim.aliases.values_list("name", flat=True))
        self.assertTrue({"Kim Jong Eun Chairman", "Kim Jong-eun"} <= names)
        mention = Mention.objects.get(article=self.article, person=self.kim)
        self.assertEqual((mention.status, mention.count), ("confirmed", 5))
        # One mention for the merged pair, beside Xi's and Moon's.
        self.assertEqual(Mention.objects.filter(article=self.article).count(), 3)
        self.assertTrue(Mention.objects.filter(article=self.other, person=self.kim).exists())
        self.assertEqual(MentionDecision.objects.filter(person=self.kim).count(), 1)
        self.kim.refresh_from_db()
        self.assertEqual(self.kim.role, "North Korean leader")  # a blank field was filled
        log = MergeLog.objects.get()
        self.assertEqual(
            (log.survivor, log.merged_slug, log.user), (self.kim, old_slug, self.curator)
        )
        redirect = self.client.get(reverse("person", args=[old_slug]))
        self.assertRedirects(redirect, reverse("person", args=[self.kim.slug]), status_code=301)

    def test_an_earlier_merge_keeps_its_survivor_through_a_later_one(self):
        from archive.curation import merge_people

        third = Person.objects.create(name="Kim Jong-un (duplicate)")
        merge_people(self.duplicate, third)
        merge_people(self.kim, self.duplicate)
        self.assertEqual(set(MergeLog.objects.values_list("survivor", flat=True)), {self.kim.pk})
        self.assertEqual(self.client.get("/people/kim-jong-un-duplicate/").status_code, 301)

    def test_a_person_cannot_be_merged_into_themselves(self):
        from django.core.exceptions import ValidationError

        from archive.curation import merge_people

        with self.assertRaises(ValidationError):
            merge_people(self.kim, self.kim)
        response = self.client.post(
            reverse("admin:archive_person_changelist"),
            {"action": "merge_action", "_selected_action": [self.kim.pk]},
            follow=True,
        )
        self.assertContains(response, "Select exactly two people")
        self.assertTrue(Person.objects.filter(pk=self.kim.pk).exists())

    def test_only_curators_may_merge(self):
        self.client.force_login(self.outsider)
        self.merge(self.kim)
        self.assertTrue(Person.objects.filter(pk=self.duplicate.pk).exists())
        self.assertFalse(MergeLog.objects.exists())


class ArticleEditingTests(CurationTestCase):
    def test_html_a_curator_saves_is_sanitized(self):
        self.client.force_login(User.objects.create_superuser("boss", password="x"))
        url = reverse("admin:archive_article_add")
        for n in range(2):  # twice: hand-made rows get their own content hash
            response = self.client.post(
                url,
                {
                    "title": f"Hand-made {n}",
                    "slug": f"hand-made-{n}",
                    "date_precision": "unknown",
                    "language": "en",
                    "body": f"<p>Text {n} <script>alert(1)</script>"
                    "<a href='javascript:x()'>y</a></p><img src=x onerror=alert(1)>",
                    "mentions-TOTAL_FORMS": "0",
                    "event_links-TOTAL_FORMS": "0",
                    "event_links-INITIAL_FORMS": "0",
                    "mentions-INITIAL_FORMS": "0",
                },
            )
            self.assertEqual(response.status_code, 302)
            body = Article.objects.get(slug=f"hand-made-{n}").body
            for bad in ("<script", "javascript:", "onerror", "<img"):
                self.assertNotIn(bad, body)

    def test_a_body_written_behind_the_forms_back_is_sanitized_when_shown(self):
        Article.objects.filter(pk=self.other.pk).update(
            body="<p>Fine</p><script>alert(1)</script><p onclick=x()>ok</p>"
        )
        html = self.client.get(self.other.get_absolute_url()).content.decode()
        self.assertIn("<p>Fine</p>", html)
        self.assertNotIn("<script>alert(1)", html)
        self.assertNotIn("onclick", html)


class CuratorsGroupTests(CurationTestCase):
    def test_the_group_has_exactly_the_curation_permissions(self):
        codenames = set(
            Group.objects.get(name="Curators").permissions.values_list("codename", flat=True)
        )
        self.assertIn("change_mention", codenames)
        self.assertIn("merge_person", codenames)
        self.assertIn("change_article", codenames)
        for forbidden in (
            "add_user",
            "change_user",
            "change_group",
            "delete_article",
            "delete_person",
            "delete_mention",
            "change_mentiondecision",
            "delete_mergelog",
        ):
            self.assertNotIn(forbidden, codenames)

    def test_curators_cannot_reach_users_or_groups(self):
        for url in (reverse("admin:auth_user_changelist"), reverse("admin:auth_group_changelist")):
            self.assertEqual(self.client.get(url).status_code, 403)

    def test_the_decision_log_is_read_only(self):
        url = reverse("admin:archive_mentiondecision_add")
        self.assertEqual(self.client.get(url).status_code, 403)


class MarkingTests(SimpleTestCase):
    def test_names_are_marked_and_everything_else_escaped(self):
        from archive.marking import marked

        self.assertEqual(
            marked("<b>Kim</b> met Xi; Kimchi no.", ["Kim", "Xi"]),
            "&lt;b&gt;<mark>Kim</mark>&lt;/b&gt; met <mark>Xi</mark>; Kimchi no.",
        )
        self.assertEqual(marked("", ["Kim"]), "")
        self.assertEqual(marked("<i>", []), "&lt;i&gt;")
