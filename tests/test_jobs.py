"""Durable background work: jobs recorded with the change that asks for them, run by the
worker a chunk at a time, retried when they fail, resumed after the worker stops or dies."""

import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

from django.contrib.auth.models import User
from django.test import SimpleTestCase, TestCase, override_settings, tag
from django.urls import reverse

from archive import jobs
from archive.models import Alias, Article, Job, Mention, Person
from tests.scratch import environment, scratch_database_url

ROOT = Path(__file__).resolve().parent.parent


class JobTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.kim = Person.objects.create(name="Kim Jong Un", short_name="Kim", is_leader=True)
        cls.articles = [
            Article.objects.create(
                title=f"Report {n}",
                body=f"<p>Chairman Kim Jong-un visited a farm, report {n} said.</p>",
                content_hash=f"jobs-{n}",
            )
            for n in range(7)
        ]
        cls.admin = User.objects.create_superuser("boss", "", "x")


@override_settings(ARCHIVE_BACKGROUND="worker", ARCHIVE_JOB_CHUNK=3)
class RetagJobTests(JobTestCase):
    def test_an_alias_added_in_the_admin_queues_a_job_the_worker_runs(self):
        self.client.force_login(self.admin)
        url = reverse("admin:archive_person_change", args=[self.kim.pk])
        data = {
            "name": "Kim Jong Un",
            "slug": "kim-jong-un",
            "short_name": "Kim",
            "is_leader": "on",
            "aliases-TOTAL_FORMS": "1",
            "offices-TOTAL_FORMS": "0",
            "offices-INITIAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-name": "Chairman Kim Jong-un",
            "aliases-0-kind": "full",
        }
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data, follow=True)
        self.assertContains(response, "re-tagged in the background")
        job = Job.objects.get()
        self.assertEqual((job.kind, job.status), ("retag", "pending"))
        self.assertIn("Chairman Kim Jong-un", job.payload["names"])
        self.assertFalse(Mention.objects.exists(), "the request did not re-tag")

        jobs.Worker(name="test", drain=False).loop(once=True)
        job.refresh_from_db()
        self.assertEqual(job.status, "done")
        self.assertEqual((job.progress["done"], job.progress["total"]), (7, 7))
        self.assertEqual(Mention.objects.filter(person=self.kim).count(), 7)

    def test_a_failing_job_is_retried_later_then_given_up_with_its_error(self):
        job = Job.objects.create(kind="retag", payload={"ids": [a.pk for a in self.articles]})
        job.max_attempts = 2
        job.save()
        with mock.patch.object(jobs.tagger, "tag_articles", side_effect=RuntimeError("boom")):
            jobs.Worker(name="test", drain=False).step()
            job.refresh_from_db()
            self.assertEqual((job.status, job.attempts), ("pending", 1))
            self.assertIn("boom", job.error)
            self.assertGreater(job.run_after, job.created, "tried again after a pause")
            Job.objects.filter(pk=job.pk).update(run_after=job.created)
            jobs.Worker(name="test", drain=False).step()
        job.refresh_from_db()
        self.assertEqual((job.status, job.attempts), ("failed", 2))
        self.assertFalse(Mention.objects.exists(), "a failed chunk leaves nothing")
        # Curators see it, and can send it round again.
        self.client.force_login(self.admin)
        listing = self.client.get(reverse("admin:archive_job_changelist"))
        self.assertContains(listing, "Failed (gave up)")
        self.client.post(
            reverse("admin:archive_job_changelist"),
            {"action": "retry_now", "_selected_action": [job.pk]},
        )
        jobs.Worker(name="test", drain=False).loop(once=True)
        job.refresh_from_db()
        self.assertEqual(job.status, "done")
        self.assertEqual(Mention.objects.count(), 7)

    def test_a_stopped_worker_leaves_the_job_resumable_where_it_stopped(self):
        job = Job.objects.enqueue("retag", {"ids": [a.pk for a in self.articles]})
        worker = jobs.Worker(name="test", drain=False)
        chunks = []
        original = jobs.tagger.tag_articles

        def tag_then_stop(ids, gazetteer):
            chunks.append(list(ids))
            worker.stop()  # SIGTERM arriving during the first chunk
            return original(ids, gazetteer)

        with mock.patch.object(jobs.tagger, "tag_articles", tag_then_stop):
            worker.step()
        job.refresh_from_db()
        self.assertEqual((job.status, job.progress["done"]), ("pending", 3))
        self.assertEqual(Mention.objects.count(), 3)
        jobs.Worker(name="again", drain=False).loop(once=True)
        job.refresh_from_db()
        self.assertEqual((job.status, job.progress["done"]), ("done", 7))
        self.assertEqual(Mention.objects.count(), 7)

    def test_a_job_waiting_with_the_same_key_is_not_queued_twice(self):
        first = Job.objects.enqueue("rebuild_index", key="rebuild")
        self.assertEqual(Job.objects.enqueue("rebuild_index", key="rebuild"), first)
        self.assertEqual(Job.objects.count(), 1)


@override_settings(ARCHIVE_BACKGROUND="sync")
class SyncJobTests(JobTestCase):
    def test_with_sync_a_job_runs_when_its_transaction_commits(self):
        Alias.objects.create(person=self.kim, name="Kim Jong-un")
        with self.captureOnCommitCallbacks(execute=True):
            job = Job.objects.enqueue("retag", {"ids": [a.pk for a in self.articles]})
        job.refresh_from_db()
        self.assertEqual(job.status, "done")
        self.assertEqual(Mention.objects.count(), 7)


SETUP = """
from archive.models import Article, Job, Person
kim = Person.objects.create(name="Kim Jong Un", short_name="Kim", is_leader=True)
Article.objects.bulk_create([
    Article(title=f"Report {n}", slug=f"report-{n}", content_hash=f"restart-{n}",
            body=f"<p>Chairman Kim Jong Un visited a farm, report {n} said.</p>")
    for n in range(300)
])
Job.objects.enqueue("retag", {"ids": list(Article.objects.values_list("id", flat=True))})
"""
STATE = """
import json
from archive.models import Job, Mention
job = Job.objects.get()
print(json.dumps({"status": job.status, "done": job.progress.get("done", 0),
                  "total": job.progress.get("total"), "mentions": Mention.objects.count()}))
"""


@tag("slow")
class WorkerRestartTests(SimpleTestCase):
    """A real worker process killed mid-job: the next one finishes it, nothing done twice."""

    def setUp(self):
        self.data = tempfile.mkdtemp(prefix="archive-worker-")
        self.addCleanup(shutil.rmtree, self.data, True)
        database_url = self.enterContext(scratch_database_url())
        self.env = environment(
            self.data,
            database_url,
            ARCHIVE_BACKGROUND="worker",
            ARCHIVE_JOB_CHUNK="4",
            ARCHIVE_JOB_LEASE_SECONDS="2",
            # 75 chunks that take at least 7.5 s in all: the kill lands mid-job, however
            # fast the machine.
            ARCHIVE_JOB_PAUSE_MS="100",
        )

    def manage(self, *args):
        done = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        self.assertEqual(done.returncode, 0, done.stderr[-3000:])
        return done.stdout

    def state(self):
        import json

        return json.loads(self.manage("shell", "-c", STATE).strip().splitlines()[-1])

    def test_a_killed_worker_leaves_the_job_to_the_next_one(self):
        self.manage("migrate", "-v", "0")
        self.manage("shell", "-c", SETUP)
        worker = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "run_worker", "--no-index"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 120
            state = self.state()
            while state["done"] == 0 and time.monotonic() < deadline:
                time.sleep(0.05)
                state = self.state()
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait()
        killed = self.state()
        self.assertEqual(killed["status"], "running", "it died holding the job")
        self.assertLess(killed["done"], 300, "killed mid-job")
        self.assertEqual(killed["mentions"], killed["done"], "a chunk commits with its progress")

        time.sleep(2.5)  # the dead worker's lease runs out
        self.manage("run_worker", "--once", "--no-index")
        after = self.state()
        self.assertEqual(after["status"], "done")
        # Every article once: the progress counts each chunk once, as committed.
        self.assertEqual((after["done"], after["total"], after["mentions"]), (300, 300, 300))


@override_settings(ARCHIVE_BACKGROUND="manual")
class CheckTagsTests(JobTestCase):
    def test_articles_tagged_before_a_name_changed_are_reported_and_repaired(self):
        import io

        from django.core.management import call_command
        from django.core.management.base import CommandError

        from archive.tagger import tag_articles

        tag_articles(Article.objects.all())
        out = io.StringIO()
        call_command("check_tags", stdout=out)
        self.assertIn("0 article(s) tagged before a name they contain changed", out.getvalue())

        Alias.objects.create(person=self.kim, name="Chairman Kim Jong-un", kind="full")
        with self.assertRaises(CommandError):
            call_command("check_tags", stdout=io.StringIO())
        out = io.StringIO()
        call_command("check_tags", "--repair", stdout=out)
        self.assertIn("7 article(s) tagged before", out.getvalue())
        jobs.Worker(name="test", drain=False).loop(once=True)
        out = io.StringIO()
        call_command("check_tags", stdout=out)
        self.assertIn("0 article(s) tagged before", out.getvalue())
