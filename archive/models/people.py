"""People, their aliases, and the mentions (tags) that tie them to articles; every decision
on a tag and every merge, recorded."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from archive import periods
from archive.countries import country_name, country_problem
from archive.models.articles import Article
from archive.models.common import IndexedFieldsMixin, unique_slug
from archive.models.offices import OfficeHolding
from archive.models.queue import PendingIndexUpdate
from archive.names import alias_problem, normalize_name


def forms_problem(forms):
    """Why a list of forms of address cannot be a person's, or None."""
    if not isinstance(forms, list) or not all(isinstance(f, str) and f.strip() for f in forms):
        return 'Give the forms of address as a list of words, e.g. ["Mr", "Chairman"].'
    if {"Mr", "Ms"} <= set(forms):
        return 'A person is addressed "Mr" or "Ms", not both.'
    return None


class PersonQuerySet(models.QuerySet):
    def leaders(self):
        return self.filter(is_leader=True)

    def with_article_counts(self):
        # Distinct: a caller may join the aliases (one row per alias).
        visible = Q(mentions__status__in=Mention.VISIBLE_STATUSES)
        return self.annotate(article_count=Count("mentions", filter=visible, distinct=True))

    def gazetteer_entries(self):
        """What the tagger needs of these people: (id, is_leader, short_name,
        [(alias, kind), ...], forms), the canonical name being a full alias (two queries)."""
        aliases = {}
        rows = Alias.objects.filter(person__in=self).values_list("person_id", "name", "kind")
        for person_id, name, kind in rows:
            aliases.setdefault(person_id, []).append((name, kind))
        return [
            (pid, leader, short, [*aliases.get(pid, []), (name, "full")], tuple(forms or ()))
            for pid, name, short, leader, forms in self.values_list(
                "id", "name", "short_name", "is_leader", "forms"
            )
        ]

    def gazetteer_offices(self):
        """Their office-holdings as archive.tagging.offices.OfficeIndex takes them."""
        rows = OfficeHolding.objects.filter(person__in=self).values_list(
            "person_id", "kind", "country", "org", "start", "start_precision", "end",
            "end_until", "acting",
        )  # fmt: skip
        return [
            (pid, kind, country or org, start, end, end_until, acting,
             periods.period(start, precision)[1])
            for pid, kind, country, org, start, precision, end, end_until, acting in rows
        ]  # fmt: skip

    def countries(self):
        """[(code, name)] of these people's countries, by name."""
        codes = self.exclude(country="").values_list("country", flat=True).distinct()
        return sorted(((c, country_name(c)) for c in codes), key=lambda item: item[1])

    def find_by_slug(self, slug):
        """(person, moved): the person with this slug, or the survivor of a merge for an
        old slug (moved); (None, False) if there is neither."""
        person = self.filter(slug=slug).first()
        if person:
            return person, False
        moved = PersonRedirect.objects.select_related("person").filter(old_slug=slug).first()
        return (moved.person, True) if moved else (None, False)


class Person(IndexedFieldsMixin, models.Model):
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
    role = models.CharField(
        max_length=200, blank=True, help_text="Shown when no office is known (offices say it)."
    )
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 code, e.g. KP.")
    description = models.TextField(blank=True)
    is_leader = models.BooleanField(default=False)
    wikidata_id = models.CharField(max_length=20, blank=True, help_text="e.g. Q56226")
    birthday = models.CharField(
        max_length=5,
        blank=True,
        help_text='Month and day, "01-08": dates an undated article that says "on Tuesday, '
        "which happens to be Kim's birthday\".",
    )
    forms = models.JSONField(
        default=list,
        blank=True,
        help_text=(
            'Forms of address that fit the person: "Mr" (a man) or "Ms" (a woman: Mrs, Ms, '
            'Miss, Madam), and honorifics ("Chairman", "Sheikh"). "Mrs Trump" never names a '
            "person whose forms say Mr."
        ),
    )
    reference_key = models.CharField(
        max_length=80, unique=True, null=True, blank=True, editable=False
    )
    reference = models.JSONField(null=True, blank=True, editable=False)
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

    TAGGER_FIELDS = ("name", "short_name", "is_leader", "forms")

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

    @property
    def role_line(self):
        """What the person is, from their offices: the ones held now (or, for someone out of
        office, the last), else the curated role."""
        from archive.models.offices import OfficeHolding

        rank = {kind: n for n, kind in enumerate(OfficeHolding.Kind.values)}
        offices = list(self.offices.all())
        current = [o for o in offices if o.end is None]
        if current:
            # The highest offices first ("President, Chairman of the party").
            current.sort(key=lambda o: (rank.get(o.kind, len(rank)), o.start))
            return ", ".join(dict.fromkeys(o.title for o in current))
        if offices:
            # Out of office: the highest office held, the latest of equal rank ("Former Prime
            # Minister of the United Kingdom", not his last envoy's post).
            best = min(offices, key=lambda o: (rank.get(o.kind, len(rank)), -o.end.toordinal()))
            return f"Former {best.title}"
        return self.role

    @property
    def country_name(self):
        return country_name(self.country)

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
        if self.birthday and birthday_problem(self.birthday):
            raise ValidationError({"birthday": birthday_problem(self.birthday)})
        if self.wikidata_id and not (
            self.wikidata_id.startswith("Q") and self.wikidata_id[1:].isdigit()
        ):
            raise ValidationError({"wikidata_id": "A Wikidata id looks like Q56226."})
        self.country = (self.country or "").strip().upper()
        if country_problem(self.country):
            raise ValidationError({"country": country_problem(self.country)})
        problem = forms_problem(self.forms)
        if problem:
            raise ValidationError({"forms": problem})
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


def birthday_problem(value):
    """Why ``value`` is not a month and day ("01-08"), or None."""
    import datetime

    try:
        datetime.date(2000, int(value[:2]), int(value[3:]))
    except ValueError:
        return f"{value!r} is not a month and day such as 01-08."
    if len(value) != 5 or value[2] != "-":
        return f"{value!r} is not a month and day such as 01-08."
    return None
