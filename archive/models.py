"""The archive's data: sources, articles, people, their aliases and the mentions (tags).

The database is the source of truth; the search index is derived from it (archive.indexing).
"""

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models, transaction
from django.db.models import Count, Q
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from archive.names import alias_problem, normalize_name
from archive.sanitize import html_to_text

# Sent after the commit of a transaction that queued index updates (archive.indexing
# listens: it applies the queue and refreshes cached figures).
index_updates_queued = Signal()


def unique_slug(model, text, *, max_length=80, exclude_pk=None, field="slug"):
    """A slug for ``text`` that no other row of ``model`` uses (suffixes -2, -3...)."""
    base = slugify(text, allow_unicode=False)[:max_length].strip("-") or "item"
    slug = base
    n = 2
    qs = model.objects.all()
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(**{field: slug}).exists():
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)] + suffix
        n += 1
    return slug


class LoadedNameMixin:
    """Remembers the name a row was loaded with, so a save can tell whether it changed."""

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_name = instance.__dict__.get("name")
        return instance


class SourceQuerySet(models.QuerySet):
    def with_article_counts(self):
        return self.annotate(article_count=Count("articles"))


class Source(LoadedNameMixin, models.Model):
    class Kind(models.TextChoices):
        STATE_MEDIA = "state_media", "State media"
        WIRE = "wire", "Wire agency"
        NEWSPAPER = "newspaper", "Newspaper"
        BROADCASTER = "broadcaster", "Broadcaster"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    homepage = models.URLField(blank=True)
    country = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Source, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("source", args=[self.slug])


class ArticleQuerySet(models.QuerySet):
    # The check constraint ties an unknown precision to a NULL date, so these filter on the
    # date itself: the (published, id) index then counts and lists without reading rows.
    def dated(self):
        return self.filter(published__isnull=False)

    def undated(self):
        return self.filter(published__isnull=True)

    def needing_attention(self):
        """Articles a curator should look at: no date or no source."""
        return self.filter(Q(date_precision=Article.Precision.UNKNOWN) | Q(source__isnull=True))

    def newest_first(self):
        # Undated articles sort after every dated one, never among them.
        return self.order_by(models.F("published").desc(nulls_last=True), "-id")

    def naming(self, *people):
        """Articles where every one of ``people`` has a visible mention."""
        articles = self
        for person in people:
            articles = articles.filter(
                id__in=Mention.objects.visible().filter(person=person).values("article_id")
            )
        return articles

    def containing_names(self, names):
        """Articles whose title or body contains one of ``names`` (in any of the
        hyphen/space forms): the candidates for re-tagging after a name changes."""
        condition = Q()
        for name in names:
            for form in {name, name.replace("-", " "), name.replace(" ", "-")}:
                condition |= Q(title__icontains=form) | Q(body__icontains=form)
        return self.filter(condition) if condition else self.none()

    def for_listing(self):
        return self.select_related("source").only(
            "id",
            "title",
            "slug",
            "standfirst",
            "published",
            "date_precision",
            "dateline",
            "source__name",
            "source__slug",
            "source__kind",
        )


class Article(models.Model):
    class Precision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"
        UNKNOWN = "unknown", "Unknown"

    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=120, unique=True)
    standfirst = models.TextField(blank=True)
    body = models.TextField(help_text="Sanitized HTML paragraphs.")
    published = models.DateField(
        null=True, blank=True, help_text="First day of the month or year when less precise."
    )
    date_precision = models.CharField(
        max_length=10, choices=Precision.choices, default=Precision.UNKNOWN
    )
    dateline = models.CharField(max_length=200, blank=True)
    byline = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    language = models.CharField(max_length=20, blank=True, default="en")
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    tagged_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the tagger last read it."
    )
    imported_from = models.CharField(max_length=1000, blank=True)
    import_notes = models.TextField(
        blank=True, help_text="What the importer could not settle, for curators."
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="article_unique_url"
            ),
            models.CheckConstraint(
                condition=Q(date_precision="unknown", published__isnull=True)
                | (~Q(date_precision="unknown") & Q(published__isnull=False)),
                name="article_date_matches_precision",
            ),
        ]
        indexes = [
            # The partial unique index on url cannot serve `url = %s` lookups in SQLite.
            models.Index(fields=["url"], name="article_url_idx"),
            models.Index(fields=["published", "id"], name="article_published_idx"),
            models.Index(fields=["source", "published"], name="article_source_published_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.content_hash:
            # Rows made by hand (admin, scripts): the same identity the importer gives.
            words = " ".join(html_to_text(self.body).casefold().split())
            self.content_hash = hashlib.sha256(words.encode("utf-8")).hexdigest()
        if not self.slug:
            base = slugify(self.title)[:100].strip("-") or "article"
            taken = Article.objects.filter(slug=base).exclude(pk=self.pk).exists()
            # Headlines repeat ("Kim meets Xi"); the content hash makes a unique suffix in
            # one step instead of probing -2, -3, ... one query each.
            self.slug = f"{base[:90]}-{self.content_hash[:8]}" if taken else base
            if taken and Article.objects.filter(slug=self.slug).exclude(pk=self.pk).exists():
                self.slug = unique_slug(Article, self.title, max_length=100, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("article", args=[self.slug])

    def clean(self):
        if self.date_precision == self.Precision.UNKNOWN:
            self.published = None
        elif self.published is None:
            raise ValidationError({"published": "Give a date, or set the precision to unknown."})
        if self.published:
            problem = date_problem(self.published)
            if problem:
                raise ValidationError({"published": problem})
            if self.date_precision in (self.Precision.MONTH, self.Precision.YEAR):
                self.published = self.published.replace(day=1)
            if self.date_precision == self.Precision.YEAR:
                self.published = self.published.replace(month=1)

    @property
    def date_display(self):
        return format_date(self.published, self.date_precision)

    def tagging_segments(self):
        """The text the tagger reads: [(text, is_headline), ...]."""
        return [(self.title, True), (self.standfirst, False), (html_to_text(self.body), False)]


EARLIEST_DATE = datetime.date(1900, 1, 1)


def date_problem(value):
    """Why ``value`` cannot be an article's publication date, or None if it can."""
    today = timezone.now().date()
    if value < EARLIEST_DATE:
        return f"{value.isoformat()} is before {EARLIEST_DATE.year}: not a plausible date."
    if value > today + datetime.timedelta(days=1):
        return f"{value.isoformat()} is in the future: not a plausible date."
    return None


def format_date(value, precision):
    if value is None or precision == Article.Precision.UNKNOWN:
        return "date unknown"
    if precision == Article.Precision.YEAR:
        return str(value.year)
    if precision == Article.Precision.MONTH:
        return value.strftime("%B %Y")
    return f"{value.day} {value.strftime('%B %Y')}"


class PersonQuerySet(models.QuerySet):
    def leaders(self):
        return self.filter(is_leader=True)

    def with_article_counts(self):
        # Distinct: a caller may join the aliases (one row per alias).
        visible = Q(mentions__status__in=Mention.VISIBLE_STATUSES)
        return self.annotate(article_count=Count("mentions", filter=visible, distinct=True))

    def gazetteer_entries(self):
        """What the tagger needs of these people: (id, is_leader, short_name,
        [(alias, kind), ...]), the canonical name being a full alias (two queries)."""
        aliases = {}
        rows = Alias.objects.filter(person__in=self).values_list("person_id", "name", "kind")
        for person_id, name, kind in rows:
            aliases.setdefault(person_id, []).append((name, kind))
        return [
            (pid, leader, short, [*aliases.get(pid, []), (name, "full")])
            for pid, name, short, leader in self.values_list(
                "id", "name", "short_name", "is_leader"
            )
        ]

    def find_by_slug(self, slug):
        """(person, moved): the person with this slug, or the survivor of a merge for an
        old slug (moved); (None, False) if there is neither."""
        person = self.filter(slug=slug).first()
        if person:
            return person, False
        moved = PersonRedirect.objects.select_related("person").filter(old_slug=slug).first()
        return (moved.person, True) if moved else (None, False)


class Person(LoadedNameMixin, models.Model):
    name = models.CharField(max_length=200, help_text="Canonical name, as the archive shows it.")
    slug = models.SlugField(max_length=80, unique=True)
    short_name = models.CharField(
        max_length=100,
        blank=True,
        help_text=(
            "The name used alone in running text (surname), e.g. 'Kim', 'Xi', 'Trump'. "
            "It counts only where the same article names the person in full."
        ),
    )
    role = models.CharField(max_length=200, blank=True)
    country = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    is_leader = models.BooleanField(default=False)
    wikidata_id = models.CharField(max_length=20, blank=True, help_text="e.g. Q56226")
    # When a name the tagger uses (name, short name, leader flag, an alias) last changed:
    # articles tagged before it may be stale (manage.py check_tags).
    names_changed_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        permissions = [("merge_person", "Can merge two people into one")]

    def __str__(self):
        return self.name

    TAGGER_FIELDS = ("name", "short_name", "is_leader")

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Person, self.name, exclude_pk=self.pk)
        if self.pk:
            before = Person.objects.filter(pk=self.pk).values(*self.TAGGER_FIELDS).first()
            if before and any(before[f] != getattr(self, f) for f in self.TAGGER_FIELDS):
                self.names_changed_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("person", args=[self.slug])

    def names(self):
        """Every written form of the person that can tag an article: name, aliases, short
        name."""
        names = {self.name, *self.aliases.values_list("name", flat=True)}
        if self.short_name:
            names.add(self.short_name)
        return sorted(n for n in names if n)

    def clean(self):
        self.name = " ".join((self.name or "").split())
        if not self.name:
            raise ValidationError({"name": "A person needs a name."})
        self.short_name = " ".join((self.short_name or "").split())
        if self.wikidata_id and not (
            self.wikidata_id.startswith("Q") and self.wikidata_id[1:].isdigit()
        ):
            raise ValidationError({"wikidata_id": "A Wikidata id looks like Q56226."})
        if self.slug:
            clash = Person.objects.filter(slug=self.slug).exclude(pk=self.pk).exists()
            clash = clash or PersonRedirect.objects.filter(old_slug=self.slug).exists()
            if clash:
                raise ValidationError({"slug": f"The slug {self.slug!r} is already taken."})


class Alias(models.Model):
    class Kind(models.TextChoices):
        FULL = "full", "Full name (tags on its own)"
        SHORT = "short", "Short form (counts only beside the full name)"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, unique=True, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FULL)

    class Meta:
        ordering = ["person", "name"]
        verbose_name_plural = "aliases"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)
        Person.objects.filter(pk=self.person_id).update(names_changed_at=timezone.now())

    def delete(self, *args, **kwargs):
        Person.objects.filter(pk=self.person_id).update(names_changed_at=timezone.now())
        return super().delete(*args, **kwargs)

    def clean(self):
        self.name = " ".join((self.name or "").split())
        problem = alias_problem(self.name, self.kind)
        if problem:
            raise ValidationError({"name": problem})
        self.normalized = normalize_name(self.name)
        clash = Alias.objects.filter(normalized=self.normalized).exclude(pk=self.pk)
        other = clash.select_related("person").first()
        if other:
            raise ValidationError(
                {"name": f"{other.name!r} is already an alias of {other.person.name}."}
            )


class MentionQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(status__in=Mention.VISIBLE_STATUSES)

    def suggested(self):
        return self.filter(status=Mention.Status.SUGGESTED)

    def sync(self, article, findings, *, fresh=False, enqueue=True):
        """Write the tagger's findings ({person id: Finding}) for one article: machine
        mentions (``auto``/``suggested``) are created, updated or removed to match them;
        ``confirmed`` and ``rejected`` ones are never touched, even by a curator deciding
        while this runs (existing mentions are read inside the transaction and every write
        is limited to machine statuses). ``fresh``: the article was just created and has no
        mentions yet (saves a query). The article is queued for the index if anything
        changed (``enqueue=False``: the caller has queued it already). Returns (created,
        changed, removed)."""
        machine = (Mention.Status.AUTO, Mention.Status.SUGGESTED)
        created = changed = removed = 0
        # Inside an importer's or a caller's transaction no savepoint is needed: a failure
        # rolls back with the caller's.
        with transaction.atomic(savepoint=False):
            existing = {} if fresh else {m.person_id: m for m in self.filter(article=article)}
            new = []
            for pid, finding in findings.items():
                mention = existing.get(pid)
                found = (finding.status, finding.count, finding.context)
                if mention is None:
                    new.append(
                        Mention(
                            article=article,
                            person_id=pid,
                            status=finding.status,
                            count=finding.count,
                            context=finding.context,
                        )
                    )
                elif (
                    mention.status in machine
                    and (
                        mention.status,
                        mention.count,
                        mention.context,
                    )
                    != found
                ):
                    changed += self.filter(pk=mention.pk, status__in=machine).update(
                        status=finding.status, count=finding.count, context=finding.context
                    )
            if new:
                self.bulk_create(new)
                created = len(new)
            stale = [m.pk for pid, m in existing.items() if pid not in findings]
            if stale:
                removed, _by_model = self.filter(pk__in=stale, status__in=machine).delete()
            if enqueue and (created or changed or removed):
                # Bulk writes send no signals: queue the article here.
                PendingIndexUpdate.objects.enqueue([article.pk])
            Article.objects.filter(pk=article.pk).update(tagged_at=timezone.now())
        return created, changed, removed


class Mention(models.Model):
    class Status(models.TextChoices):
        AUTO = "auto", "Auto (machine, shown)"
        SUGGESTED = "suggested", "Suggested (review queue)"
        CONFIRMED = "confirmed", "Confirmed by a curator"
        REJECTED = "rejected", "Rejected by a curator"

    VISIBLE_STATUSES = (Status.AUTO, Status.CONFIRMED)
    DECIDED_STATUSES = (Status.CONFIRMED, Status.REJECTED)

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mentions")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.AUTO)
    count = models.PositiveIntegerField(default=0)
    context = models.TextField(blank=True, help_text="The sentence of the first mention.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = MentionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="mention_unique_pair")
        ]
        indexes = [
            models.Index(fields=["person", "status"], name="mention_person_status_idx"),
            models.Index(fields=["status"], name="mention_status_idx"),
        ]

    def __str__(self):
        return f"{self.person} in {self.article} ({self.status})"


class SuggestedMention(Mention):
    """The review queue: suggested mentions, for curators to accept or reject."""

    class Meta:
        proxy = True
        verbose_name = "suggested mention (review queue)"
        verbose_name_plural = "review queue: suggested mentions"


class MentionDecision(models.Model):
    """The log of every tag decision: who, when, from which status to which."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="decisions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="decisions")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.person} in {self.article}: {self.from_status or '-'} → {self.to_status}"


class PersonRedirect(models.Model):
    """An old slug (of a person merged away) that redirects to the survivor."""

    old_slug = models.SlugField(max_length=80, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="redirects")

    def __str__(self):
        return f"{self.old_slug} → {self.person.slug}"


class MergeLog(models.Model):
    survivor = models.ForeignKey(
        Person, null=True, on_delete=models.SET_NULL, related_name="merges"
    )
    merged_name = models.CharField(max_length=200)
    merged_slug = models.SlugField(max_length=80)
    details = models.JSONField(default=dict)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.merged_name} merged into {self.survivor}"


class PendingIndexUpdateQuerySet(models.QuerySet):
    def enqueue(self, article_ids):
        """Queue index updates for these articles in the current transaction. The one way
        in: the signal processor (model saves and deletes) and bulk writes, which send no
        signals, both call it. After the commit, ``index_updates_queued`` is sent."""
        ids = sorted({int(i) for i in article_ids if i is not None})
        if not ids:
            return
        self.bulk_create([PendingIndexUpdate(article_id=i) for i in ids], batch_size=500)
        transaction.on_commit(lambda: index_updates_queued.send(sender=PendingIndexUpdate))


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


# Sent after the commit of a transaction that queued a job (archive.jobs listens).
job_queued = Signal()


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
