"""What an attack on the production setup found (issue 11), each proven absent: no write
lock held across slow import work, no HTML in feeds, throttled sign-in, every 500 logged
with its request id, an unchanged person saves, a strict Content-Security-Policy, an index
deleted while serving, a killed rebuild, an index that grows with updates, and the bad
files the importer used to pass over in silence."""

import codecs
import contextlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import mock
from xml.etree import ElementTree

import feedparser
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import SimpleTestCase, TestCase, override_settings, tag
from django.urls import reverse

from archive import indexing
from archive.ingest import importer as importer_module
from archive.models import Alias, Article, Job, Person
from archive.search.index_files import DELETED_SHARE_TO_MERGE
from tests.base import ArchiveTestCase, backend, skip_unless_whoosh
from tests.scratch import environment, scratch_database_url

ROOT = Path(__file__).resolve().parent.parent
BODY = (
    "North Korean leader Kim Jong Un met Chinese President Xi Jinping in Beijing on Tuesday, "
    "state media said, in their fourth meeting in less than a year."
)


def record(n, **fields):
    return json.dumps(
        {"title": f"Report {n}", "body": f"{BODY} Report {n}.", "source": "AP", **fields}
    )


class ImportFolderTestCase(ArchiveTestCase):
    def setUp(self):
        super().setUp()
        self.folder = Path(tempfile.mkdtemp(prefix="hardening-"))
        self.addCleanup(shutil.rmtree, self.folder, True)

    def run_import(self, *paths):
        out = io.StringIO()
        with contextlib.suppress(CommandError):
            call_command("import_articles", *map(str, paths), stdout=out, no_progress=True)
        return out.getvalue()


class ImportLockTests(ImportFolderTestCase):
    def test_no_transaction_is_open_while_an_article_is_parsed(self):
        (self.folder / "lines.jsonl").write_text(
            "\n".join([record(1), record(2, body="<div>" + "<p></p>" * 50 + "</div>"), record(3)])
        )
        (self.folder / "page.html").write_text(
            f"<html><head><title>A page</title></head><body><article><p>{BODY}</p>"
            f"<p>{BODY} Again, at length, for the extractor.</p></article></body></html>"
        )
        (self.folder / "copy.txt").write_text(f"Kim in Beijing\n\n{BODY}\n")
        seen = []
        for name in ("parse_line", "parse_html", "parse_text"):
            original = getattr(importer_module, name)

            def spy(*args, original=original, **kwargs):
                seen.append(len(connection.savepoint_ids))
                return original(*args, **kwargs)

            self.enterContext(mock.patch.object(importer_module, name, spy))
        # The test case's own transaction (and its savepoint) are open; the importer must
        # add none while it parses.
        outside = len(connection.savepoint_ids)
        self.run_import(self.folder)
        self.assertEqual(seen, [outside] * 5)
        self.assertEqual(Article.objects.filter(title__startswith="Report").count(), 2)

    def test_a_fifo_in_a_folder_is_skipped_with_a_note_not_read(self):
        (self.folder / "good.jsonl").write_text(record(1) + "\n")
        os.mkfifo(self.folder / "pipe.txt")

        def blocked(signum, frame):
            raise AssertionError("the import blocked reading a FIFO")

        previous = signal.signal(signal.SIGALRM, blocked)
        signal.alarm(30)  # interrupts a read that would wait forever
        try:
            out = self.run_import(self.folder)
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
        self.assertIn("skipped: a FIFO, not a regular file", out)
        self.assertIn("created 1", out)

    def test_an_unreadable_subfolder_is_reported_as_a_failure(self):
        (self.folder / "good.jsonl").write_text(record(1) + "\n")
        real_walk = os.walk

        def walk(top, onerror=None, **kwargs):
            onerror(PermissionError(13, "Permission denied", str(Path(top) / "secret")))
            yield from real_walk(top, onerror=onerror, **kwargs)

        with mock.patch("archive.ingest.files.os.walk", walk):
            out = self.run_import(self.folder)
        self.assertIn(f"FAILED {self.folder / 'secret'}: cannot read the folder", out)
        self.assertIn("created 1", out)

    def test_a_truncated_last_line_is_a_failure_not_a_silent_loss(self):
        path = self.folder / "cut.jsonl"
        path.write_text(record(1) + "\n" + record(2)[:60])
        out = self.run_import(path)
        self.assertIn(f"FAILED {path}:2: the file ends in the middle of this line", out)
        self.assertIn("created 1", out)

    def test_one_nul_byte_rejects_its_line_not_the_file(self):
        path = self.folder / "nul.jsonl"
        path.write_bytes((record(1) + "\n").encode() + b"\x00junk\n" + (record(3) + "\n").encode())
        out = self.run_import(path)
        self.assertIn(f"FAILED {path}:2: the line holds binary data", out)
        self.assertIn("created 2", out)

    def test_utf16_with_a_bom_is_read_not_refused_as_binary(self):
        (self.folder / "utf16.jsonl").write_bytes(
            (record(1) + "\n" + record(2) + "\n").encode("utf-16")
        )
        (self.folder / "utf16.txt").write_bytes(
            codecs.BOM_UTF16_LE + f"Délégation à Pékin\n\n{BODY} Délégation.\n".encode("utf-16-le")
        )
        out = self.run_import(self.folder)
        self.assertNotIn("FAILED", out)
        self.assertEqual(Article.objects.filter(title__startswith="Report").count(), 2)
        self.assertTrue(Article.objects.filter(title="Délégation à Pékin").exists())


class FeedTests(ArchiveTestCase):
    HOSTILE = '<img src=x onerror=alert(1)>"<script>alert("feed")</script>&amp; <b>bold</b>'

    def test_every_feed_carries_hostile_text_as_plain_text(self):
        self.article.title = "Kim " + self.HOSTILE
        self.article.standfirst = self.HOSTILE
        self.article.save()
        for url in (
            reverse("person_feed", args=[self.kim.slug]),
            reverse("pair_feed", args=[self.kim.slug, self.xi.slug]),
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                root = ElementTree.fromstring(response.content)  # noqa: S314 (our own feed)
                ns = {"a": "http://www.w3.org/2005/Atom"}
                entry = root.find("a:entry", ns)
                summary = entry.find("a:summary", ns)
                self.assertEqual(summary.get("type"), "text")
                self.assertEqual(summary.text, self.HOSTILE)
                self.assertIn(entry.find("a:title", ns).get("type", "text"), ("text",))
                parsed = feedparser.parse(response.content)
                self.assertFalse(parsed.bozo, parsed.get("bozo_exception"))
                self.assertEqual(parsed.entries[0].summary_detail.type, "text/plain")
                self.assertEqual(parsed.entries[0].summary, self.HOSTILE)


class LoginThrottleTests(TestCase):
    def test_after_five_wrong_passwords_even_the_right_one_is_refused_for_a_while(self):
        User.objects.create_superuser("curator", "", "the-right-password")
        url = reverse("admin:login")
        for _ in range(5):
            self.client.post(url, {"username": "curator", "password": "wrong"})
        response = self.client.post(url, {"username": "curator", "password": "the-right-password"})
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Too many failed sign-in attempts", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_right_password_first_time_signs_in(self):
        User.objects.create_superuser("curator", "", "the-right-password")
        response = self.client.post(
            reverse("admin:login"), {"username": "curator", "password": "the-right-password"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertIn("_auth_user_id", self.client.session)


class ErrorReportTests(TestCase):
    def test_a_500_is_logged_with_its_request_id_which_the_page_shows(self):
        self.client.raise_request_exception = False
        with (
            mock.patch("archive.views.pages.coverage.cached", side_effect=RuntimeError("boom")),
            self.assertLogs("django.request", "ERROR") as logs,
        ):
            response = self.client.get("/", headers={"X-Request-ID": "reader-report-1234"})
        self.assertEqual(response.status_code, 500)
        self.assertEqual(response["X-Request-ID"], "reader-report-1234")
        self.assertContains(response, "reader-report-1234", status_code=500)
        self.assertEqual(logs.records[0].request_id, "reader-report-1234")
        self.assertIn("boom", logs.output[0] + str(logs.records[0].exc_info))

    def test_a_hostile_request_id_is_replaced(self):
        response = self.client.get("/robots.txt", headers={"X-Request-ID": "<script>x</script>"})
        self.assertRegex(response["X-Request-ID"], r"^[0-9a-f]{16}$")


class PersonAdminSaveTests(TestCase):
    def test_a_person_whose_alias_folds_to_the_name_saves_unchanged(self):
        admin = User.objects.create_superuser("boss", "", "x")
        kim = Person.objects.create(name="Kim Jong Un", short_name="Kim", is_leader=True)
        alias = Alias.objects.create(person=kim, name="Kim Jong-un")  # saved before the fix
        self.client.force_login(admin)
        url = reverse("admin:archive_person_change", args=[kim.pk])
        data = {
            "name": "Kim Jong Un",
            "slug": kim.slug,
            "short_name": "Kim",
            "is_leader": "on",
            "aliases-TOTAL_FORMS": "1",
            "offices-TOTAL_FORMS": "0",
            "offices-INITIAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "1",
            "aliases-0-id": alias.pk,
            "aliases-0-person": kim.pk,
            "aliases-0-name": "Kim Jong-un",
            "aliases-0-kind": "full",
        }
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content[:3000])
        # A new alias that is the name again is still refused.
        xi = Person.objects.create(name="Xi Jinping", short_name="Xi")
        response = self.client.post(
            reverse("admin:archive_person_change", args=[xi.pk]),
            {
                "name": "Xi Jinping",
                "slug": xi.slug,
                "short_name": "Xi",
                "aliases-TOTAL_FORMS": "1",
                "offices-TOTAL_FORMS": "0",
                "offices-INITIAL_FORMS": "0",
                "aliases-INITIAL_FORMS": "0",
                "aliases-0-name": "XI  JINPING",
                "aliases-0-kind": "full",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("already the person&#x27;s name", response.content.decode())
        self.assertFalse(xi.aliases.exists())

    def test_the_seed_has_no_alias_that_is_its_person_s_name_again(self):
        from archive.names import normalize_name

        seed = json.loads((ROOT / "fixtures" / "seed.json").read_text())
        names = {x["pk"]: x["fields"]["name"] for x in seed if x["model"] == "archive.person"}
        for item in seed:
            if item["model"] == "archive.alias":
                fields = item["fields"]
                self.assertNotEqual(
                    normalize_name(fields["name"]), normalize_name(names[fields["person"]])
                )


class SecurityHeaderTests(TestCase):
    def test_every_page_has_a_strict_content_security_policy(self):
        response = self.client.get("/")
        policy = response["Content-Security-Policy"]
        self.assertIn("script-src 'self'", policy)
        self.assertIn("default-src 'self'", policy)
        self.assertIn("frame-ancestors 'none'", policy)
        self.assertNotIn("unsafe-inline", policy)
        self.assertNotIn("unsafe-eval", policy)


@skip_unless_whoosh
@override_settings(ARCHIVE_BACKGROUND="worker")
class IndexFolderTests(ArchiveTestCase):
    def test_an_index_deleted_while_serving_says_so_and_is_rebuilt(self):
        self.index_everything()
        self.assertEqual(self.client.get(reverse("search"), {"q": "beijing"}).context["total"], 1)
        shutil.rmtree(backend().generations.path)
        response = self.client.get(reverse("search"), {"q": "beijing"})
        self.assertEqual(response.status_code, 503)
        self.assertContains(response, "being rebuilt", status_code=503)
        job = Job.objects.get(kind="rebuild_index")
        self.client.get(reverse("search"), {"q": "kim"})
        self.assertEqual(Job.objects.filter(kind="rebuild_index").count(), 1, "queued once")
        from archive.jobs import Worker

        Worker(name="test").loop(once=True)
        job.refresh_from_db()
        self.assertEqual(job.status, "done")
        self.assertEqual(self.client.get(reverse("search"), {"q": "beijing"}).context["total"], 1)

    def test_a_killed_rebuild_leaves_an_orphan_that_the_next_rebuild_removes(self):
        generations = backend().generations
        indexing.rebuild()
        live = generations.current_name()
        orphan = generations.new()  # what a rebuild killed with SIGKILL leaves
        (Path(orphan) / "half-written").write_text("x")
        indexing.rebuild()
        names = sorted(n for n in os.listdir(generations.path) if n.startswith("gen-"))
        self.assertNotIn(os.path.basename(orphan), names)
        self.assertIn(live, names, "the previous live generation stays for its readers")
        self.assertEqual(os.readlink(os.path.join(generations.path, "previous")), live)
        self.assertEqual(len(names), 2)
        self.assertEqual(self.client.get(reverse("search"), {"q": "beijing"}).context["total"], 1)

    def test_updates_in_place_keep_the_index_near_its_rebuilt_size(self):
        for n in range(60):
            Article.objects.create(
                title=f"Update {n}", body=f"<p>{BODY} {n}</p>", content_hash=f"upd-{n}"
            )
        indexing.rebuild()
        ids = list(Article.objects.values_list("id", flat=True))
        for _round in range(12):
            for start in range(0, len(ids), 20):
                indexing.enqueue(ids[start : start + 20])
                indexing.drain_index_queue(blocking=True)
        with backend().searcher() as searcher:
            live, stored = searcher.doc_count(), searcher.doc_count_all()
        self.assertEqual(live, len(ids))
        self.assertLessEqual(stored, live * (1 + DELETED_SHARE_TO_MERGE) + 20)


class ProductionSettingsTests(SimpleTestCase):
    def env(self, data):
        return {
            **os.environ,
            "ARCHIVE_ENV": "production",
            "DJANGO_SECRET_KEY": "x" * 20 + "a-real-looking-secret-key-for-tests-0123456789",
            "DJANGO_ALLOWED_HOSTS": "archive.example",
            "ARCHIVE_DATA_DIR": data,
            "SEARCH_URL": "",
            "DATABASE_URL": "",
        }

    def manage(self, data, *args):
        return subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=self.env(data),
            capture_output=True,
            text=True,
            timeout=300,
        )

    def test_migrate_creates_a_new_data_folder_and_check_deploy_is_clean(self):
        data = Path(tempfile.mkdtemp(prefix="archive-prod-")) / "new" / "folder"
        self.addCleanup(shutil.rmtree, data.parent.parent, True)
        done = self.manage(str(data), "migrate", "-v", "0")
        self.assertEqual(done.returncode, 0, done.stderr[-2000:])
        self.assertTrue((data / "archive.sqlite3").exists())
        check = self.manage(str(data), "check", "--deploy", "--fail-level", "WARNING")
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
        self.assertIn("no issues", check.stdout)


RETAG_WHILE_WRITING = """
import time
from django.db import transaction
from archive.models import Article
for step in range(300):
    with transaction.atomic():
        Article.objects.filter(pk=1).update(byline=f"edit {step}")
    time.sleep(0.005)
print("edits done")
"""
MAKE_ARTICLES = """
from archive.models import Article, Person
Person.objects.create(name="Kim Jong Un", short_name="Kim", is_leader=True)
Article.objects.bulk_create([
    Article(title=f"Report {n}", slug=f"r-{n}", content_hash=f"h-{n}",
            body=f"<p>Kim Jong Un spoke, report {n} said.</p>") for n in range(1500)])
"""


@tag("slow")
class TagWhileWritingTests(SimpleTestCase):
    def test_tag_articles_while_another_process_writes_never_dies_with_a_traceback(self):
        data = tempfile.mkdtemp(prefix="archive-locked-")
        self.addCleanup(shutil.rmtree, data, True)
        database_url = self.enterContext(scratch_database_url())
        env = environment(data, database_url, ARCHIVE_BACKGROUND="manual")
        manage = [sys.executable, str(ROOT / "manage.py")]
        for args in (["migrate", "-v", "0"], ["shell", "-c", MAKE_ARTICLES]):
            subprocess.run(manage + args, cwd=ROOT, env=env, check=True, capture_output=True)
        editor = subprocess.Popen(
            [*manage, "shell", "-c", RETAG_WHILE_WRITING],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        tagging = subprocess.run(
            [*manage, "tag_articles", "--no-progress"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        editor.communicate(timeout=300)
        self.assertNotIn("Traceback", tagging.stderr, tagging.stderr[-3000:])
        self.assertEqual(tagging.returncode, 0, tagging.stderr[-3000:])
        self.assertIn("Tagged 1500 article(s): 1500 mention(s) created", tagging.stdout)
