"""The index never goes stale and never blocks an edit: the queue, the single writer, the
rebuild aside and the drift check."""

import contextlib
import io
import threading
from unittest import mock

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import TransactionTestCase, override_settings
from haystack.query import SearchQuerySet

from archive import indexing
from archive.jobs import Worker
from archive.models import Article, PendingIndexUpdate
from archive.models.queue import index_updates_queued
from archive.search import writing as writing_module
from tests.base import ArchiveTestCase, backend, skip_unless_whoosh


def hits(text):
    return SearchQuerySet().filter(content=text).count()


def hold_whoosh_lock():
    """Take Whoosh's own write lock, as a stock Haystack command or another tool would."""
    return backend()._live_index().writer()


@skip_unless_whoosh
class QueueTests(ArchiveTestCase):
    def setUp(self):
        super().setUp()
        self.index_everything()

    def test_every_change_is_queued_in_the_same_transaction(self):
        self.article.title = "Changed headline"
        self.article.save()
        self.assertTrue(PendingIndexUpdate.objects.filter(article_id=self.article.pk).exists())
        indexing.drain_index_queue()
        self.assertEqual(hits("changed"), 1)
        self.assertFalse(PendingIndexUpdate.objects.exists())

    def test_deleting_a_source_updates_its_articles_documents(self):
        self.assertEqual(SearchQuerySet().filter(source="Associated Press").count(), 1)
        self.ap.delete()
        indexing.drain_index_queue()
        self.assertEqual(SearchQuerySet().filter(source="Associated Press").count(), 0)
        self.assertTrue(indexing.find_drift().clean)

    def test_saving_a_person_without_renaming_them_queues_nothing(self):
        self.kim.description = "Leader of North Korea."
        self.kim.save()
        self.assertFalse(PendingIndexUpdate.objects.exists())
        self.kim.name = "Kim Jong-un"
        self.kim.save()
        self.assertTrue(PendingIndexUpdate.objects.filter(article_id=self.article.pk).exists())

    @mock.patch.object(writing_module, "WRITER_TIMEOUT", 0.2)
    def test_a_delete_while_another_writer_holds_the_lock_is_not_lost(self):
        self.assertEqual(hits("beijing"), 1)
        writer = hold_whoosh_lock()
        try:
            self.article.delete()
            with self.assertLogs("archive.indexing", "WARNING"):
                result = indexing.drain_index_queue()
            self.assertTrue(result.busy)
            self.assertTrue(PendingIndexUpdate.objects.exists(), "the delete stays queued")
        finally:
            writer.cancel()
        indexing.drain_index_queue()
        self.assertEqual(hits("beijing"), 0)
        self.assertFalse(PendingIndexUpdate.objects.exists())

    @mock.patch.object(writing_module, "WRITER_TIMEOUT", 0.2)
    def test_remove_never_fails_silently(self):
        writer = hold_whoosh_lock()
        try:
            # Raised after WRITER_TIMEOUT (0.2 s here) rather than waiting on the lock.
            with self.assertRaises(writing_module.IndexBusy):
                backend().remove(self.article)
        finally:
            writer.cancel()

    @override_settings(ARCHIVE_BACKGROUND="worker")
    def test_an_edit_does_not_wait_while_another_writer_works(self):
        release = threading.Event()
        holding = threading.Event()

        def other_writer():
            with indexing.writer_lock(blocking=True):
                holding.set()
                release.wait(10)

        thread = threading.Thread(target=other_writer)
        thread.start()
        holding.wait(5)
        try:
            result = indexing.drain_index_queue(blocking=False)
            self.assertFalse(result.ran, "a drain must not wait for the busy writer")
            with mock.patch.object(indexing, "drain_index_queue") as drain:
                indexing.request_drain()  # what runs after every commit
            drain.assert_not_called()  # the worker applies the queue, not the request
            # And the worker's own pass does not wait for the busy writer either.
            self.assertFalse(Worker(name="test").step())
            self.assertTrue(thread.is_alive(), "the other writer still holds the lock")
        finally:
            release.set()
            thread.join()

    def test_a_deferred_block_drains_only_when_asked(self):
        with indexing.deferred(), mock.patch.object(indexing, "drain_index_queue") as drain:
            indexing.request_drain()
        drain.assert_not_called()


@skip_unless_whoosh
class RebuildTests(ArchiveTestCase):
    def setUp(self):
        super().setUp()
        self.index_everything()

    def test_readers_keep_finding_documents_during_a_rebuild(self):
        seen = []

        def progress(count):
            seen.append(hits("beijing"))

        for n in range(150):
            Article.objects.create(
                title=f"Filler {n}", body="<p>Filler text.</p>", content_hash=f"filler-{n}"
            )
        indexing.drain_index_queue()
        before = backend().generations.current_name()
        indexing.rebuild(progress=progress)
        self.assertTrue(seen)
        self.assertTrue(all(count == 1 for count in seen), seen)
        self.assertNotEqual(backend().generations.current_name(), before)
        self.assertEqual(hits("filler"), 150)

    def test_changes_made_during_a_rebuild_reach_the_new_index(self):
        def progress(count):
            if not PendingIndexUpdate.objects.exists():
                self.article.title = "Edited during the rebuild"
                self.article.save()  # queued; the rebuild holds the writer lock

        for n in range(120):
            Article.objects.create(
                title=f"Filler {n}", body="<p>Filler.</p>", content_hash=f"f-{n}"
            )
        indexing.drain_index_queue()
        indexing.rebuild(progress=progress)
        self.assertEqual(hits("edited"), 1)
        self.assertFalse(PendingIndexUpdate.objects.exists())

    def test_clear_index_refuses_to_empty_the_live_index(self):
        with self.assertRaisesMessage(CommandError, "rebuild_index"):
            call_command("clear_index", stdout=io.StringIO())
        self.assertEqual(hits("beijing"), 1)

    def test_the_rebuild_command_reports_a_summary(self):
        out = io.StringIO()
        call_command("rebuild_index", "--no-progress", stdout=out)
        self.assertIn("Rebuilt the search index: 1 document(s) from 1 article(s)", out.getvalue())


@skip_unless_whoosh
class DriftTests(ArchiveTestCase):
    def setUp(self):
        super().setUp()
        self.index_everything()
        self.second = Article.objects.create(
            title="Second", body="<p>Second body.</p>", content_hash="second"
        )
        self.third = Article.objects.create(
            title="Third", body="<p>Third body.</p>", content_hash="third"
        )
        indexing.drain_index_queue()

    def tamper(self):
        """Missing, extra and stale documents, made behind the queue's back."""
        ix = backend()._live_index()
        writer = ix.writer()
        writer.delete_by_term("id", f"archive.article.{self.second.pk}")
        writer.add_document(
            id="archive.article.99999",
            django_ct="archive.article",
            django_id="99999",
            text="ghost",
            fingerprint="x",
        )
        writer.commit()
        Article.objects.filter(pk=self.third.pk).update(title="Third, renamed quietly")

    def test_it_finds_missing_extra_and_stale_documents(self):
        self.assertTrue(indexing.find_drift().clean)
        self.tamper()
        drift = indexing.find_drift()
        self.assertEqual(drift.missing, [self.second.pk])
        self.assertEqual(drift.extra, [99999])
        self.assertEqual(drift.stale, [self.third.pk])

    def test_the_command_reports_drift_and_repairs_it(self):
        self.tamper()
        out = io.StringIO()
        with self.assertRaisesMessage(CommandError, "--repair"):
            call_command("check_index", "--no-progress", stdout=out)
        self.assertIn("1 missing from the index, 1 extra in the index, 1 stale", out.getvalue())
        out = io.StringIO()
        call_command("check_index", "--repair", "--no-progress", stdout=out)
        self.assertIn("The index matches the database.", out.getvalue())
        self.assertTrue(indexing.find_drift().clean)
        self.assertEqual(hits("ghost"), 0)
        self.assertEqual(hits("renamed"), 1)


class QueueAnnouncementTests(TransactionTestCase):
    """After a commit that queued index updates, the signal is sent once, however many
    savepoints queued them; never for what was rolled back."""

    def sent(self, body):
        received = []

        def listener(**kwargs):
            received.append(1)

        index_updates_queued.connect(listener)
        self.addCleanup(index_updates_queued.disconnect, listener)
        body()
        return len(received)

    def test_once_a_transaction(self):
        def body():
            with transaction.atomic():
                for n in range(5):
                    with transaction.atomic():
                        PendingIndexUpdate.objects.enqueue([n + 1])

        self.assertEqual(self.sent(body), 1)

    def test_a_rolled_back_savepoint_takes_its_announcement_but_not_the_others(self):
        def body():
            with transaction.atomic():
                with contextlib.suppress(RuntimeError), transaction.atomic():
                    PendingIndexUpdate.objects.enqueue([1])
                    raise RuntimeError
                PendingIndexUpdate.objects.enqueue([2])

        self.assertEqual(self.sent(body), 1)

    def test_nothing_for_a_rolled_back_transaction(self):
        def body():
            with contextlib.suppress(RuntimeError), transaction.atomic():
                PendingIndexUpdate.objects.enqueue([1])
                raise RuntimeError

        self.assertEqual(self.sent(body), 0)

    def test_at_once_outside_a_transaction(self):
        self.assertEqual(self.sent(lambda: PendingIndexUpdate.objects.enqueue([1])), 1)


@skip_unless_whoosh
class FrequentWordsTests(ArchiveTestCase):
    """The words whose pairs answer phrases are chosen at a rebuild; an archive grown far
    past the sample they were chosen from gets one rebuild queued."""

    def test_a_rebuild_records_its_sample_and_a_grown_archive_queues_one(self):
        from archive.models import Job

        indexing.rebuild()
        self.assertFalse(backend().frequent_words_stale(Article.objects.count()))
        small = Article.objects.count()
        self.assertTrue(backend().frequent_words_stale(max(100, 2 * small)))
        with mock.patch.object(Article.objects, "count", return_value=max(100, 2 * small)):
            job = indexing.rebuild_if_words_stale()
        self.assertIsNotNone(job)
        self.assertEqual(job.kind, "rebuild_index")
        self.assertEqual(Job.objects.filter(kind="rebuild_index").count(), 1)
        with backend().searcher() as searcher:
            self.assertEqual(searcher.schema["text__pairs"].sampled, small)
