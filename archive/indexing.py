"""Keeping the search index in step with the database.

Every change to an article, its mentions, its source or a tagged person's names writes a
PendingIndexUpdate row in the same transaction. One writer at a time (an inter-process file
lock) applies the queue: the worker (``manage.py run_worker``, ``ARCHIVE_BACKGROUND=worker``,
the default), inline after each commit (``sync``, for tests) or only when ``manage.py
drain_index_queue`` runs (``manual``). An edit never waits on a busy index and a change is
never lost: a row is deleted only after its article's document is written.

``rebuild`` builds a new index aside and switches to it; ``find_drift`` compares database
and index (missing, extra, stale documents) and ``repair_drift`` queues the fixes.
"""

import contextlib
import fcntl
import logging
import os
import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from haystack import connections
from haystack.signals import BaseSignalProcessor

from archive.coverage import bump_version
from archive.models import (
    Alias,
    Article,
    Event,
    EventArticle,
    Job,
    Mention,
    PendingIndexUpdate,
    Person,
    Source,
    SuggestedMention,
    index_updates_queued,
)
from archive.search.errors import IndexBusy, IndexMissing

log = logging.getLogger("archive.indexing")
BATCH_SIZE = 1000


# Queueing -----------------------------------------------------------------------------------


def enqueue(article_ids):
    """Queue index updates for these articles in the current transaction."""
    PendingIndexUpdate.objects.enqueue(article_ids)


class ArchiveSignalProcessor(BaseSignalProcessor):
    """Haystack's hook for model changes, writing queue rows instead of index documents.

    One mechanism, two entrances: model saves and deletes arrive here through Django's
    signals; bulk writes (``bulk_create``, ``update``), which send none, call
    ``PendingIndexUpdate.objects.enqueue`` themselves, as these handlers do. After the
    commit, ``index_updates_queued`` applies the queue (``ARCHIVE_INDEX_QUEUE``) and
    refreshes the cached figures of the people pages.
    """

    def followed(self):
        """(signal, handler, sender) of every change this processor follows."""
        for sender in (Article, Mention, SuggestedMention):
            # Signals name the proxy class when a proxy instance is saved (the review queue's).
            yield post_save, self.article_changed, sender
            yield post_delete, self.article_changed, sender
        yield post_save, self.coverage_changed, EventArticle
        yield post_delete, self.coverage_changed, EventArticle
        yield post_save, self.event_changed, Event
        for sender in (Person, Source):
            yield post_save, self.listing_changed, sender
            yield post_delete, self.listing_changed, sender
        yield post_save, self.person_changed, Person
        yield post_save, self.alias_changed, Alias
        yield post_delete, self.alias_changed, Alias
        yield post_save, self.source_changed, Source
        yield pre_delete, self.source_deleted, Source
        yield index_updates_queued, self.queued, None

    def setup(self):
        for signal, handler, sender in self.followed():
            signal.connect(handler, sender=sender)

    def teardown(self):
        for signal, handler, sender in self.followed():
            signal.disconnect(handler, sender=sender)

    def article_changed(self, sender, instance, **kwargs):
        enqueue([instance.article_id if isinstance(instance, Mention) else instance.pk])

    def coverage_changed(self, sender, instance, **kwargs):
        enqueue([instance.article_id])

    def event_changed(self, sender, instance, created, **kwargs):
        # A renamed event: the articles it covers carry its title and slug.
        if not created:
            enqueue(
                EventArticle.objects.filter(event=instance).values_list("article_id", flat=True)
            )

    def listing_changed(self, sender, instance, **kwargs):
        # Home page leaders and sources, people pages: recomputed after the commit.
        transaction.on_commit(bump_version)

    def person_changed(self, sender, instance, created, **kwargs):
        if instance.indexed_changed() and not created:
            enqueue(_person_article_ids(instance.pk))

    def alias_changed(self, sender, instance, **kwargs):
        enqueue(_person_article_ids(instance.person_id))

    def source_changed(self, sender, instance, created, **kwargs):
        if instance.indexed_changed() and not created:
            enqueue(Article.objects.filter(source=instance).values_list("id", flat=True))

    def source_deleted(self, sender, instance, **kwargs):
        # Its articles lose their source by one UPDATE, which sends no signal.
        enqueue(Article.objects.filter(source=instance).values_list("id", flat=True))

    def queued(self, sender, **kwargs):
        request_drain()
        bump_version()


def _person_article_ids(person_id):
    return Article.objects.naming(person_id).values_list("id", flat=True)


# Applying the queue ---------------------------------------------------------------------------


def _lock_path():
    options = settings.HAYSTACK_CONNECTIONS["default"]
    base = options.get("PATH") or str(settings.DATA_DIR)
    os.makedirs(base, exist_ok=True)
    return os.path.join(base, ".writer.lock")


@contextlib.contextmanager
def writer_lock(blocking=False):
    """The single-writer lock (yields True if held, False if another writer has it)."""
    handle = open(_lock_path(), "a+")  # noqa: SIM115  (closed in finally)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()


def _backend():
    return connections["default"].get_backend()


def _article_index():
    return connections["default"].get_unified_index().get_index(Article)


def apply_batch(rows):
    """Write the documents for one batch of queue rows, then delete those rows.

    If the batch fails for another reason than a busy index, its articles are written one
    by one, so that one bad document cannot hold up the whole queue; the rows of the ones
    that still fail stay queued (and are logged)."""
    try:
        return _apply(rows)
    except (IndexBusy, IndexMissing):
        raise
    except Exception:
        if len(rows) == 1:
            raise
        log.exception("An index batch failed; applying its articles one by one")
    updated = removed = 0
    for row in rows:
        try:
            u, r = _apply([row])
        except (IndexBusy, IndexMissing):
            raise
        except Exception:
            log.exception("Indexing article %s failed; it stays queued", row[1])
            continue
        updated, removed = updated + u, removed + r
    return updated, removed


def _apply(rows):
    row_ids = [row_id for row_id, _article_id in rows]
    article_ids = {article_id for _row_id, article_id in rows}
    index = _article_index()
    articles = list(index.index_queryset().filter(id__in=article_ids))
    found = {a.id for a in articles}
    removed = [f"archive.article.{i}" for i in sorted(article_ids - found)]
    backend = _backend()
    if hasattr(backend, "apply"):
        backend.apply(index, articles, removed)
    else:
        if articles:
            backend.update(index, articles)
        for identifier in removed:
            backend.remove(identifier)
    PendingIndexUpdate.objects.filter(id__in=row_ids).delete()
    return len(found), len(removed)


@dataclass
class DrainResult:
    ran: bool = False  # False: another writer holds the lock and will apply the queue
    updated: int = 0
    removed: int = 0
    batches: int = 0
    busy: bool = False  # Whoosh's own lock was held by someone else: rows stay queued
    missing: bool = False  # there is no index to write to: a rebuild is queued


def drain_index_queue(blocking=False, progress=None, batch_size=BATCH_SIZE):
    """Apply every pending index update. With ``blocking=False`` it returns at once when
    another writer is at work (that writer picks up what was queued)."""
    result = DrainResult()
    while True:
        with writer_lock(blocking=blocking) as held:
            if not held:
                return result
            result.ran = True
            while True:
                rows = list(
                    PendingIndexUpdate.objects.order_by("id").values_list("id", "article_id")[
                        :batch_size
                    ]
                )
                if not rows:
                    break
                try:
                    updated, removed = apply_batch(rows)
                except IndexBusy:
                    # Someone writes to the index without our lock (e.g. a stock Haystack
                    # command): leave the rows for the next drain rather than lose them.
                    log.warning("The search index is busy; %d update(s) stay queued", len(rows))
                    result.busy = True
                    return result
                except IndexMissing:
                    result.missing = True
                    break
                result.updated += updated
                result.removed += removed
                result.batches += 1
                if progress:
                    progress(result)
        if result.missing:
            # Queued once the lock is released (a rebuild takes it): the rebuild covers
            # every queued change.
            index_missing()
            return result
        # A change committed while we released the lock found it held and left its row to
        # us: look once more after releasing.
        if not PendingIndexUpdate.objects.exists():
            return result


_state = threading.local()


@contextlib.contextmanager
def deferred():
    """Within this block, queue rows are written as usual but not applied after each commit;
    the caller drains once at the end (a bulk import does this)."""
    previous = getattr(_state, "deferred", False)
    _state.deferred = True
    try:
        yield
    finally:
        _state.deferred = previous


def request_drain():
    """After a commit that queued updates: applied at once with ``ARCHIVE_BACKGROUND=sync``
    (the tests); otherwise the worker (``manage.py run_worker``) applies them within a
    second, and a request never waits on the index."""
    if getattr(_state, "deferred", False):
        return
    if settings.ARCHIVE_BACKGROUND == "sync":
        drain_index_queue(blocking=True)


def index_missing():
    """There is no search index (never built, or deleted while serving): queue one rebuild
    (a job, run by the worker; a rebuild already waiting is not queued twice)."""
    with transaction.atomic():
        job = Job.objects.enqueue("rebuild_index", key="rebuild_index")
    log.warning("The search index is missing; rebuild queued (job %s)", job.pk)
    return job


# Rebuild and drift ------------------------------------------------------------------------------


def rebuild(progress=None, procs=1, batch_size=1000):
    """Build a complete new index from the database aside, then switch to it.

    Holds the writer lock throughout, so queued changes wait and are applied to the new
    index afterwards (rather than to the old one, where they would be lost).
    """
    index = _article_index()
    backend = _backend()
    with writer_lock(blocking=True):
        # Rows already committed now are covered by the documents built below.
        covered = list(PendingIndexUpdate.objects.values_list("id", flat=True))
        queryset = index.index_queryset()
        total = queryset.count()
        if hasattr(backend, "build_aside"):
            count = backend.build_aside(
                index,
                _chunked(queryset, batch_size),
                progress=progress,
                procs=procs,
                sample=_sample(queryset, backend.frequent_sample),
            )
        else:
            # Other engines: update every document in place (readers keep finding the old
            # ones), then remove the ones the database no longer has.
            count = 0
            for chunk in _chunks(queryset, batch_size):
                backend.update(index, chunk)
                count += len(chunk)
                if progress:
                    progress(count)
            for article_id in find_drift().extra:
                backend.remove(f"archive.article.{article_id}")
        for start in range(0, len(covered), 500):
            PendingIndexUpdate.objects.filter(id__in=covered[start : start + 500]).delete()
    drain_index_queue(blocking=True)
    return total, count


def rebuild_if_words_stale():
    """After a large import: queue one rebuild (the worker's job, built aside) when the
    index chose its frequent words (those whose pairs answer phrases) from far fewer
    articles than the archive now has. Returns the job or None."""
    backend = _backend()
    if not hasattr(backend, "frequent_words_stale"):
        return None
    if not backend.frequent_words_stale(Article.objects.count()):
        return None
    with transaction.atomic():
        return Job.objects.enqueue("rebuild_index", key="rebuild_index")


def _sample(queryset, size):
    """Up to ``size`` of the objects, evenly spread over them (by id)."""
    ids = list(queryset.order_by("id").values_list("id", flat=True))
    chosen = ids[:: max(1, len(ids) // size)][:size]
    found = []
    for start in range(0, len(chosen), 500):
        found.extend(queryset.filter(id__in=chosen[start : start + 500]))
    return found


def _chunks(queryset, size):
    """Lists of objects, ``size`` at a time, with prefetches applied per chunk."""
    last = 0
    while True:
        chunk = list(queryset.filter(id__gt=last).order_by("id")[:size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].id


def _chunked(queryset, size):
    for chunk in _chunks(queryset, size):
        yield from chunk


@dataclass
class Drift:
    missing: list = field(default_factory=list)  # in the database, not in the index
    extra: list = field(default_factory=list)  # in the index, not in the database
    stale: list = field(default_factory=list)  # in both, but the document is out of date
    checked: int = 0

    @property
    def clean(self):
        return not (self.missing or self.extra or self.stale)


def find_drift(progress=None, batch_size=1000):
    """Compare every article's document with the index."""
    backend = _backend()
    index = _article_index()
    if hasattr(backend, "stored_fingerprints"):
        stored = backend.stored_fingerprints()
    else:
        from haystack.query import SearchQuerySet

        stored = {
            str(pk): fp
            for pk, fp in SearchQuerySet().models(Article).values_list("django_id", "fingerprint")
        }
    drift = Drift()
    seen = set()
    for chunk in _chunks(index.index_queryset(), batch_size):
        for article in chunk:
            key = str(article.id)
            seen.add(key)
            fingerprint = index.full_prepare(article)["fingerprint"]
            if key not in stored:
                drift.missing.append(article.id)
            elif stored[key] != fingerprint:
                drift.stale.append(article.id)
        drift.checked += len(chunk)
        if progress:
            progress(drift.checked)
    drift.extra = sorted(int(k) for k in stored.keys() - seen if k.isdigit())
    return drift


def repair_drift(drift):
    """Queue (and apply) the fixes for a drift report."""
    with transaction.atomic():
        enqueue([*drift.missing, *drift.stale, *drift.extra])
    return drain_index_queue(blocking=True)
