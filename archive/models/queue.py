"""Work to do after a change: the search-index queue and the durable jobs."""

import datetime

from django.db import connections, models, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

# Sent after the commit of a transaction that queued index updates (archive.indexing
# listens: it applies the queue and refreshes cached figures).
index_updates_queued = Signal()
# Sent after the commit of a transaction that queued a job (archive.jobs listens).
job_queued = Signal()


class PendingIndexUpdateQuerySet(models.QuerySet):
    def enqueue(self, article_ids):
        """Queue index updates for these articles in the current transaction. The one way
        in: the signal processor (model saves and deletes) and bulk writes, which send no
        signals, both call it. After the commit, ``index_updates_queued`` is sent."""
        ids = sorted({int(i) for i in article_ids if i is not None})
        if not ids:
            return
        self.bulk_create([PendingIndexUpdate(article_id=i) for i in ids], batch_size=500)
        # Announced once a commit, however many articles and savepoints queued them (an
        # import's batch queues hundreds): the hooks of one transaction share one flag, and
        # the first to run after the commit announces. A hook whose savepoint was rolled
        # back is no longer listed, so it is never the one relied on.
        connection = transaction.get_connection(self.db)
        shared = next(
            (
                hook.state
                for _ids, hook, _robust in connection.run_on_commit
                if isinstance(hook, _Announcement) and not hook.state["sent"]
            ),
            None,
        )
        transaction.on_commit(_Announcement(shared or {"sent": False}), using=self.db)


class _Announcement:
    def __init__(self, state):
        self.state = state

    def __call__(self):
        if not self.state["sent"]:
            self.state["sent"] = True
            index_updates_queued.send(sender=PendingIndexUpdate)


class PendingIndexUpdate(models.Model):
    """An article whose search document must be rewritten (or removed, if it is gone).

    Written in the same transaction as the change; applied by one writer at a time
    (archive.indexing.drain_index_queue).
    """

    article_id = models.BigIntegerField(db_index=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = PendingIndexUpdateQuerySet.as_manager()

    def __str__(self):
        return f"article {self.article_id}"


class JobQuerySet(models.QuerySet):
    def enqueue(self, kind, payload=None, *, key=""):
        """Record a job in the current transaction: it is as durable as the change that asks
        for it. With a ``key``, a job of that key still waiting is reused instead."""
        if key:
            waiting = self.filter(key=key, status=Job.Status.PENDING).first()
            if waiting is not None:
                return waiting
        job = self.create(kind=kind, payload=payload or {}, key=key)
        transaction.on_commit(lambda: job_queued.send(sender=Job, job_id=job.pk))
        return job

    def runnable(self, now=None):
        """Waiting jobs whose time has come, and running ones whose worker stopped renewing
        its lease (it died: the job is taken again where its last chunk left it)."""
        now = now or timezone.now()
        return self.filter(
            Q(status=Job.Status.PENDING, run_after__lte=now)
            | Q(status=Job.Status.RUNNING, locked_until__lt=now)
        )

    def claim(self, worker, lease_seconds):
        """Take the oldest runnable job for ``worker`` (None if there is none). On PostgreSQL
        several workers claim side by side (SKIP LOCKED); SQLite has one writer at a time."""
        with transaction.atomic():
            candidates = self.runnable().order_by("run_after", "id")
            if connection_vendor(self.db) == "postgresql":
                candidates = candidates.select_for_update(skip_locked=True)
            job = candidates.first()
            if job is None:
                return None
            now = timezone.now()
            job.status = Job.Status.RUNNING
            job.locked_by = worker
            job.locked_until = now + datetime.timedelta(seconds=lease_seconds)
            job.attempts += 1
            job.started = job.started or now
            job.save(update_fields=["status", "locked_by", "locked_until", "attempts", "started"])
            return job

    def unfinished(self):
        return self.filter(status__in=[Job.Status.PENDING, Job.Status.RUNNING])


def connection_vendor(alias):
    return connections[alias or "default"].vendor


class Job(models.Model):
    """Durable background work: re-tagging after a name changes, an index rebuild... Written
    in the same transaction as the change that asks for it, run by ``manage.py run_worker``
    a chunk at a time (each chunk committed with the job's progress, so a worker stopped or
    killed mid-job leaves it to be resumed where its last chunk ended, nothing done twice),
    retried with a growing pause when it fails, listed for curators in the admin."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed (gave up)"

    kind = models.CharField(max_length=40)
    payload = models.JSONField(default=dict, blank=True)
    key = models.CharField(max_length=100, blank=True, db_index=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    progress = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    max_attempts = models.PositiveIntegerField(default=5)
    run_after = models.DateTimeField(default=timezone.now)
    locked_by = models.CharField(max_length=100, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["status", "run_after"], name="job_runnable_idx")]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.status})"
