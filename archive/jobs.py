"""Running the durable background work (archive.models.Job): the handlers, and the worker
loop of ``manage.py run_worker``, which also applies the search-index queue.

A handler does its work a chunk at a time inside ``with run.chunk() as progress:``: the
chunk's writes and the job's progress commit together, with the worker's lease renewed, so
a worker stopped (SIGTERM: after its current chunk) or killed (its lease runs out, another
worker resumes) never does a chunk twice. A job that raises is tried again after a growing
pause, up to its ``max_attempts``; its error is kept for curators (admin: "Jobs").

``ARCHIVE_BACKGROUND=sync`` (the tests) runs a job as soon as the transaction that queued it
commits, in the same process.
"""

import contextlib
import datetime
import logging
import os
import signal
import socket
import time
import traceback

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from archive import indexing, tagger
from archive.curation import candidate_articles
from archive.database import retry_when_locked
from archive.models import Article, Job, job_queued

log = logging.getLogger("archive.jobs")

POLL_SECONDS = 0.5
HANDLERS = {}


class Interrupted(Exception):
    """The worker was asked to stop: the job goes back to waiting, resumable."""


class LeaseLost(Exception):
    """Another worker took the job (this one's lease ran out): the chunk is rolled back."""


def handler(kind):
    def register(function):
        HANDLERS[kind] = function
        return function

    return register


class Run:
    """One run of a job by a worker: its progress and the chunk transactions."""

    def __init__(self, job, worker, stopping=lambda: False):
        self.job = job
        self.worker = worker
        self.stopping = stopping
        self.progress = dict(job.progress or {})

    @contextlib.contextmanager
    def chunk(self):
        """A transaction for one chunk of work; the progress the body leaves in the yielded
        dict is committed with it (and the lease renewed) or not at all."""
        with transaction.atomic():
            yield self.progress
            renewed = Job.objects.filter(pk=self.job.pk, locked_by=self.worker).update(
                progress=self.progress,
                locked_until=timezone.now()
                + datetime.timedelta(seconds=settings.ARCHIVE_JOB_LEASE_SECONDS),
            )
            if not renewed:
                raise LeaseLost(f"job {self.job.pk} was taken by another worker")
        if settings.ARCHIVE_JOB_PAUSE_MS:
            time.sleep(settings.ARCHIVE_JOB_PAUSE_MS / 1000)
        if self.stopping():
            raise Interrupted


@handler("retag")
def retag(run):
    """Re-tag the articles that contain any of ``payload["names"]`` (or ``payload["ids"]``),
    ARCHIVE_JOB_CHUNK articles a transaction."""
    progress = run.progress
    if "ids" not in progress:
        with run.chunk() as progress:
            names = run.job.payload.get("names") or []
            ids = run.job.payload.get("ids") or candidate_articles(names)
            progress.update(ids=sorted(ids), done=0, total=len(ids), changes=0)
    gazetteer = tagger.load_gazetteer()
    ids = progress["ids"]
    while progress["done"] < len(ids):
        chunk_ids = ids[progress["done"] : progress["done"] + settings.ARCHIVE_JOB_CHUNK]

        def work(chunk_ids=chunk_ids):
            with run.chunk() as progress:
                counts = tagger.tag_articles(chunk_ids, gazetteer)
                progress["done"] += len(chunk_ids)
                progress["changes"] += counts.changes

        retry_when_locked(work, what=f"re-tagging {len(chunk_ids)} article(s)")


@handler("find_events")
def find_events(run):
    """Read ``payload["ids"]`` for the visits, summits and talks they report
    (archive.events.suggest), ARCHIVE_JOB_CHUNK articles a transaction; the undated ones
    that could not be dated last."""
    from archive.events import suggest

    progress = run.progress
    if "ids" not in progress:
        with run.chunk() as progress:
            ids = sorted(run.job.payload.get("ids") or [])
            progress.update(ids=ids, done=0, total=len(ids), undated=[], suggestions=0)
    ids = progress["ids"]
    while progress["done"] < len(ids):
        chunk_ids = ids[progress["done"] : progress["done"] + settings.ARCHIVE_JOB_CHUNK]

        def work(chunk_ids=chunk_ids):
            with run.chunk() as progress:
                for article in Article.objects.filter(pk__in=chunk_ids).order_by("pk"):
                    found = suggest.suggest(article)
                    progress["suggestions"] += len(found)
                    if not found and not article.event_evidence.exists():
                        progress["undated"].append(article.pk)
                progress["done"] += len(chunk_ids)

        retry_when_locked(work, what=f"reading {len(chunk_ids)} article(s) for events")
    if progress["undated"]:
        with run.chunk() as progress:
            for article in Article.objects.filter(pk__in=progress["undated"]):
                progress["suggestions"] += len(suggest.suggest_undated(article))
            progress["undated"] = []


@handler("rebuild_index")
def rebuild_index(run):
    """Build the search index again from the database (aside, then switched)."""
    total, count = indexing.rebuild()
    with run.chunk() as progress:
        progress.update(total=total, indexed=count)


def run_job(job, worker, stopping=lambda: False):
    """Run one claimed job to its end, or leave it resumable (stopped), or schedule its
    retry (failed). Returns the job's new status."""
    run = Run(job, worker, stopping)
    try:
        HANDLERS[job.kind](run)
    except Interrupted:
        Job.objects.filter(pk=job.pk, locked_by=worker).update(
            status=Job.Status.PENDING, locked_by="", locked_until=None
        )
        log.info("Job %s stopped with the worker; it resumes where it left off", job.pk)
        return Job.Status.PENDING
    except LeaseLost:
        log.warning("Job %s was taken over by another worker", job.pk)
        return Job.Status.RUNNING
    except Exception as exc:
        failed = job.attempts >= job.max_attempts
        pause = min(3600, 10 * 2 ** (job.attempts - 1))
        Job.objects.filter(pk=job.pk, locked_by=worker).update(
            status=Job.Status.FAILED if failed else Job.Status.PENDING,
            run_after=timezone.now() + datetime.timedelta(seconds=pause),
            locked_by="",
            locked_until=None,
            error=f"{exc!r}\n\n{traceback.format_exc()[-4000:]}",
            finished=timezone.now() if failed else None,
        )
        log.exception("Job %s (%s) failed, attempt %s", job.pk, job.kind, job.attempts)
        return Job.Status.FAILED if failed else Job.Status.PENDING
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE,
        progress=run.progress,
        locked_by="",
        locked_until=None,
        error="",
        finished=timezone.now(),
    )
    return Job.Status.DONE


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}"


class Worker:
    """The loop of ``manage.py run_worker``: the index queue, then one job, again; a short
    sleep when there is nothing to do. SIGTERM and SIGINT stop it after the current chunk."""

    def __init__(self, name=None, drain=True):
        self.name = name or worker_name()
        self.drain = drain
        self.stop_requested = False

    def stop(self, *args):
        self.stop_requested = True

    def install_signal_handlers(self):
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

    def step(self):
        """One pass: apply the index queue, run one job. Whether there was work."""
        worked = False
        if self.drain:
            result = indexing.drain_index_queue(blocking=False)
            worked = bool(result.updated or result.removed)
        job = retry_when_locked(
            lambda: Job.objects.claim(self.name, settings.ARCHIVE_JOB_LEASE_SECONDS),
            what="claiming a job",
        )
        if job is not None:
            log.info("Running job %s (%s)", job.pk, job.kind)
            run_job(job, self.name, lambda: self.stop_requested)
            worked = True
        return worked

    def loop(self, once=False):
        while not self.stop_requested:
            try:
                worked = self.step()
            finally:
                # Between steps, as between requests: a connection broken or past its age
                # is replaced (not inside a caller's transaction, as in the tests).
                if not connection.in_atomic_block:
                    close_old_connections()
            if not worked:
                if once:
                    return
                time.sleep(POLL_SECONDS)


def _run_now(sender, job_id, **kwargs):
    """ARCHIVE_BACKGROUND=sync: run a job as soon as its transaction commits."""
    if settings.ARCHIVE_BACKGROUND != "sync":
        return
    lease = settings.ARCHIVE_JOB_LEASE_SECONDS
    job = Job.objects.claim(f"sync:{worker_name()}", lease)
    while job is not None:
        run_job(job, job.locked_by)
        job = Job.objects.claim(f"sync:{worker_name()}", lease)


def connect():
    job_queued.connect(_run_now, dispatch_uid="archive.jobs.run_now")
