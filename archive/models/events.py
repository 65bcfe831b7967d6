"""Visits, summits, talks, calls and ceremonies as curated records: who took part (with a
role), where, when (with the precision the sources allow, and when it was announced apart
from when it happened), its status, an optional parent (a meeting on the sidelines of a
summit), and the articles that cover it, each with how (announces, reports, analyses,
mentions in passing).

Events are curated: the archive suggests them from what it reads (EventSuggestion, made by
archive.events) and only a curator's decision makes or extends an Event; every decision is
logged (EventDecision)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from archive import periods
from archive.countries import country_name, country_problem
from archive.models.articles import Article
from archive.models.common import unique_slug
from archive.models.people import Person

WEEK = "week"


class Precision(models.TextChoices):
    DAY = "day", "Day"
    WEEK = "week", "Week (Monday to Sunday)"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


def span(day, precision):
    """(first day, last day) of a date with its precision; a week runs Monday to Sunday."""
    if day is None:
        return None, None
    if precision == WEEK:
        monday = day - datetime.timedelta(days=day.weekday())
        return monday, monday + datetime.timedelta(days=6)
    return periods.period(day, precision)


def days_of(dated):
    """(first day, last day) an event or a suggestion may have taken place in, from its
    start and end and their precision (no end: the start's period)."""
    if dated.end:
        return span(dated.start, dated.start_precision)[0], span(dated.end, dated.end_precision)[1]
    return span(dated.start, dated.start_precision)


def date_text(day, precision):
    """ "20 June 2019", "the week of 17 June 2019", "June 2019", "2019"."""
    if day is None:
        return "date unknown"
    if precision == WEEK:
        monday = span(day, WEEK)[0]
        return f"the week of {monday.day} {monday.strftime('%B %Y')}"
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return day.strftime("%B %Y")
    return f"{day.day} {day.strftime('%B %Y')}"


def span_text(start, start_precision, end, end_precision):
    """An event's dates as a reader says them: "20-21 June 2019", "3 September 2025",
    "the week of 17 June 2019", "8 January 2019 to 10 January 2019"."""
    if end is None or date_text(end, end_precision) == date_text(start, start_precision):
        return date_text(start, start_precision)
    if start_precision == end_precision == "day":
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}-{end.day} {end.strftime('%B %Y')}"
        if start.year == end.year:
            return f"{start.day} {start.strftime('%B')} - {end.day} {end.strftime('%B %Y')}"
    return f"{date_text(start, start_precision)} to {date_text(end, end_precision)}"


class EventQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-first_day", "-pk")

    def of(self, person):
        return self.filter(participants__person=person)


class Event(models.Model):
    class Kind(models.TextChoices):
        STATE_VISIT = "state_visit", "State visit"
        OFFICIAL_VISIT = "official_visit", "Official visit"
        WORKING_VISIT = "working_visit", "Working visit"
        VISIT = "visit", "Visit (kind not stated)"
        SUMMIT = "summit", "Summit"
        BILATERAL_TALKS = "bilateral_talks", "Bilateral talks"
        MULTILATERAL_SUMMIT = "multilateral_summit", "Multilateral summit"
        PHONE_CALL = "phone_call", "Phone call"
        CEREMONY = "ceremony", "Ceremony or parade"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        ANNOUNCED = "announced", "Announced"
        HELD = "held", "Held"
        POSTPONED = "postponed", "Postponed"
        CANCELLED = "cancelled", "Cancelled"

    # Kinds that take someone abroad (a trip counted on the person's page).
    VISITS = ("state_visit", "official_visit", "working_visit", "visit")

    title = models.CharField(max_length=250)
    slug = models.SlugField(max_length=100, unique=True, blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.HELD)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 code.")
    start = models.DateField()
    start_precision = models.CharField(max_length=5, choices=Precision.choices, default="day")
    end = models.DateField(null=True, blank=True, help_text="Empty: the same as the start.")
    end_precision = models.CharField(max_length=5, choices=Precision.choices, default="day")
    announced = models.DateField(
        null=True, blank=True, help_text="When it was announced, apart from when it happened."
    )
    announced_precision = models.CharField(max_length=5, choices=Precision.choices, default="day")
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="The larger event it took place within (a summit's sidelines).",
    )
    # The period it may have taken place in, from its dates and their precision (derived).
    first_day = models.DateField(editable=False, null=True)
    last_day = models.DateField(editable=False, null=True)
    # Raised on every change: calendar clients replace an event whose SEQUENCE grew.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-first_day", "-pk"]
        indexes = [models.Index(fields=["first_day"], name="event_first_day_idx")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.derive()
        if not self.slug:
            year = f"-{self.start.year}" if self.start else ""
            self.slug = unique_slug(Event, f"{self.title}{year}", max_length=100)
        if self.pk:
            self.sequence += 1
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("event", args=[self.slug])

    @property
    def dates_display(self):
        return span_text(self.start, self.start_precision, self.end, self.end_precision)

    @property
    def announced_display(self):
        return date_text(self.announced, self.announced_precision) if self.announced else ""

    @property
    def place_display(self):
        return ", ".join(p for p in (self.city, country_name(self.country)) if p)

    @property
    def imprecise(self):
        return self.start_precision != "day" or (self.end and self.end_precision != "day")

    def derive(self):
        self.first_day, self.last_day = days_of(self)

    def clean(self):
        problems = {}
        self.title = " ".join((self.title or "").split())
        if not self.title:
            problems["title"] = "An event needs a title."
        self.country = (self.country or "").strip().upper()
        if country_problem(self.country):
            problems["country"] = country_problem(self.country)
        if self.start and self.end:
            first = span(self.start, self.start_precision)[0]
            if span(self.end, self.end_precision)[1] < first:
                problems["end"] = "The event ends before it starts."
        last = span(self.end or self.start, self.end_precision)[1] if self.start else None
        if self.announced and last and self.announced > last:
            problems["announced"] = "It cannot have been announced after it ended."
        problem = self.parent_problem(self.parent)
        if problem:
            problems["parent"] = problem
        if problems:
            raise ValidationError(problems)

    def parent_problem(self, parent):
        """Why ``parent`` cannot be this event's parent (itself, or one of its own
        descendants: a cycle), or None."""
        seen = set()
        while parent is not None:
            if self.pk and parent.pk == self.pk:
                return "An event cannot be within itself (directly or through its parents)."
            if parent.pk in seen:
                return "The parents form a cycle."
            seen.add(parent.pk)
            parent = parent.parent
        return None

    def people(self):
        return [p.person for p in self.participants.all()]


class EventParticipant(models.Model):
    class Role(models.TextChoices):
        HOST = "host", "Host"
        GUEST = "guest", "Guest"
        DELEGATION = "delegation", "Delegation member"
        ATTENDEE = "attendee", "Attendee"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="event_roles")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.ATTENDEE)

    class Meta:
        ordering = ["event", "role", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="event_participant_once")
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display().lower()})"


class EventArticle(models.Model):
    class Relation(models.TextChoices):
        ANNOUNCES = "announces", "Announces it"
        REPORTS = "reports", "Reports it"
        ANALYSES = "analyses", "Analyses it"
        MENTIONS = "mentions", "Mentions it in passing"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="coverage")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="event_links")
    relation = models.CharField(max_length=10, choices=Relation.choices, default="reports")

    class Meta:
        ordering = ["event", "relation", "article__published"]
        constraints = [
            models.UniqueConstraint(fields=["event", "article"], name="event_article_once")
        ]

    def __str__(self):
        return f"{self.article} ({self.relation})"


class EventSuggestion(models.Model):
    """An event the archive read about: grouped from the articles that plainly report it,
    with the evidence sentences, waiting for a curator."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACCEPTED = "accepted", "Accepted (made an event)"
        MERGED = "merged", "Merged into an event"
        REJECTED = "rejected", "Rejected"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    kind = models.CharField(max_length=30, choices=Event.Kind.choices)
    title = models.CharField(max_length=250)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2, blank=True)
    start = models.DateField()
    start_precision = models.CharField(max_length=5, choices=Precision.choices, default="day")
    end = models.DateField(null=True, blank=True)
    end_precision = models.CharField(max_length=5, choices=Precision.choices, default="day")
    announced = models.DateField(null=True, blank=True)
    first_day = models.DateField(editable=False, null=True)
    last_day = models.DateField(editable=False, null=True)
    people = models.ManyToManyField(Person, related_name="event_suggestions")
    hosts = models.JSONField(default=list, blank=True, help_text="Ids of the hosts.")
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggestions"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-first_day", "-pk"]
        indexes = [models.Index(fields=["status", "first_day"], name="suggestion_status_idx")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.first_day, self.last_day = days_of(self)
        super().save(*args, **kwargs)

    @property
    def dates_display(self):
        return span_text(self.start, self.start_precision, self.end, self.end_precision)

    @property
    def place_display(self):
        return ", ".join(p for p in (self.city, country_name(self.country)) if p)


class EventEvidence(models.Model):
    """An article behind a suggestion, with the sentence that reports the event."""

    suggestion = models.ForeignKey(
        EventSuggestion, on_delete=models.CASCADE, related_name="evidence"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="event_evidence")
    sentence = models.TextField()
    relation = models.CharField(
        max_length=10, choices=EventArticle.Relation.choices, default="reports"
    )

    class Meta:
        ordering = ["suggestion", "article__published", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "article"], name="evidence_once")
        ]

    def __str__(self):
        return f"{self.article} ({self.relation})"


class EventDecision(models.Model):
    """Who decided what about a suggested event, and when."""

    suggestion = models.ForeignKey(
        EventSuggestion, on_delete=models.CASCADE, related_name="decisions"
    )
    action = models.CharField(max_length=10, choices=EventSuggestion.Status.choices)
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.suggestion}"
