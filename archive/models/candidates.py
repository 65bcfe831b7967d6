"""People the archive does not know yet, found in what it reads ("Secretary of State Mike
Pompeo", "Wang Yi, China's foreign minister") by archive.tagging.discovery: each name a
candidate with the articles it was seen in, the roles that introduced it, the outlets and
example sentences; curators promote, merge or dismiss it (archive.curation), and every
decision is logged."""

from django.conf import settings
from django.db import models
from django.db.models import Count
from django.utils import timezone

from archive.names import normalize_name


class CandidateQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Candidate.Status.OPEN)

    def with_counts(self):
        return self.annotate(article_count=Count("sightings", distinct=True))

    def proposed(self):
        """Open candidates seen in at least ARCHIVE_CANDIDATE_MIN_ARTICLES articles, the most
        seen first."""
        return (
            self.open()
            .with_counts()
            .filter(article_count__gte=settings.ARCHIVE_CANDIDATE_MIN_ARTICLES)
            .order_by("-article_count", "name")
        )


class Candidate(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        PROMOTED = "promoted", "Promoted to a person"
        MERGED = "merged", "Merged into a person"
        DISMISSED = "dismissed", "Dismissed (never proposed again)"

    name = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, unique=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    roles = models.JSONField(default=dict, blank=True, help_text="Role words seen: counts.")
    outlets = models.JSONField(default=dict, blank=True, help_text="Outlets: counts.")
    examples = models.JSONField(default=list, blank=True, help_text="Up to three sentences.")
    person = models.ForeignKey(
        "archive.Person", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="candidates",
    )  # fmt: skip
    first_seen = models.DateTimeField(default=timezone.now)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "candidate person"
        verbose_name_plural = "candidate people (discovered)"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)

    @property
    def top_roles(self):
        return sorted(self.roles, key=lambda role: -self.roles[role])[:3]


class CandidateSighting(models.Model):
    """An article a candidate's name was seen in (once an article, however often)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="sightings")
    article = models.ForeignKey(
        "archive.Article", on_delete=models.CASCADE, related_name="candidate_sightings"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidate", "article"], name="sighting_unique_pair")
        ]

    def __str__(self):
        return f"{self.candidate} in article {self.article_id}"


class CandidateDecision(models.Model):
    """The log of every decision on a candidate: who, when, what, and the person it made or
    joined."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="decisions")
    action = models.CharField(max_length=10, choices=Candidate.Status.choices)
    person = models.ForeignKey(
        "archive.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.candidate}: {self.action}"
