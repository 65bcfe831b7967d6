"""Sources: the outlets articles come from, with what kind of outlet each is and who controls
it, the names feeds use for it and the web domains it publishes on; merges redirect and are
logged, as people's are."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from archive.countries import country_name, country_problem
from archive.models.common import IndexedFieldsMixin, unique_slug
from archive.names import source_key

_DOMAIN_RE = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def domain_of(value):
    """A registrable-looking domain, lower case, without scheme, ``www.`` or path."""
    text = (value or "").strip().lower()
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text).split("/", 1)[0].split(":", 1)[0]
    return text.removeprefix("www.").rstrip(".")


def domain_problem(domain):
    return None if _DOMAIN_RE.match(domain or "") else f"{domain!r} is not a web domain."


class SourceQuerySet(models.QuerySet):
    def with_article_counts(self):
        return self.annotate(article_count=Count("articles"))

    def with_articles(self):
        """The outlets at least one article comes from (an index lookup each, no count)."""
        article = self.model.articles.field.model  # the reverse relation's model: no import
        return self.filter(Exists(article.objects.filter(source=OuterRef("pk"))))

    def countries(self):
        """[(code, name)] of these outlets' countries, by name."""
        codes = self.exclude(country="").values_list("country", flat=True).distinct()
        return sorted(((code, country_name(code)) for code in codes), key=lambda c: c[1])

    def needing_attention(self):
        """Outlets a curator should complete: kind, control or country not known."""
        return self.filter(
            Q(kind=Source.Kind.UNKNOWN) | Q(control=Source.Control.UNKNOWN) | Q(country="")
        )


class Source(IndexedFieldsMixin, models.Model):
    INDEXED_FIELDS = ("name", "kind", "control", "country")

    class Kind(models.TextChoices):
        WIRE = "wire", "Wire agency"
        NEWSPAPER = "newspaper", "Newspaper"
        BROADCASTER = "broadcaster", "Broadcaster"
        DIGITAL = "digital", "Digital outlet"
        MAGAZINE = "magazine", "Magazine"
        GOVERNMENT = "government", "Government"
        THINK_TANK = "think_tank", "Think tank"
        OTHER = "other", "Other"
        UNKNOWN = "unknown", "Unknown"

    class Control(models.TextChoices):
        STATE = "state", "State-controlled"
        PUBLIC = "public", "Public service"
        INDEPENDENT = "independent", "Independent"
        UNKNOWN = "unknown", "Unknown"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    homepage = models.URLField(blank=True)
    country = models.CharField(
        max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code: KP, CN, US..."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.UNKNOWN)
    control = models.CharField(max_length=20, choices=Control.choices, default=Control.UNKNOWN)
    note = models.TextField(blank=True, help_text="Why it is classified so.")
    # The reference list's key (fixtures/outlets.json) and the values last loaded from it:
    # a field whose value differs from them was edited by a curator and is kept.
    reference_key = models.CharField(max_length=80, null=True, blank=True, unique=True)
    reference = models.JSONField(default=dict, blank=True, editable=False)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [("merge_source", "Can merge two sources into one")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Source, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("source", args=[self.slug])

    def clean(self):
        self.name = " ".join((self.name or "").split())
        if not self.name:
            raise ValidationError({"name": "A source needs a name."})
        self.country = (self.country or "").strip().upper()
        problem = country_problem(self.country)
        if problem:
            raise ValidationError({"country": problem})

    @property
    def country_name(self):
        return country_name(self.country)

    @property
    def needs_attention(self):
        return self.kind == self.Kind.UNKNOWN or self.control == self.Control.UNKNOWN


class SourceName(models.Model):
    """Another name feeds use for an outlet ("AP", "The Associated Press", "Associated
    Press (AP)"). Compared in normalised form, without a leading "The"."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, unique=True, editable=False)

    class Meta:
        ordering = ["source", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalized = source_key(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        self.name = " ".join((self.name or "").split())
        if not source_key(self.name):
            raise ValidationError({"name": "A name needs letters."})
        self.normalized = source_key(self.name)
        other = SourceName.objects.filter(normalized=self.normalized).exclude(pk=self.pk).first()
        if other and other.source_id != self.source_id:
            raise ValidationError({"name": f"{self.name!r} is already a name of {other.source}."})
        clash = Source.objects.exclude(pk=self.source_id).filter(name__iexact=self.name).first()
        if clash:
            raise ValidationError({"name": f"{self.name!r} is the name of {clash}."})


class SourceDomain(models.Model):
    """A web domain an outlet publishes on ("apnews.com"); an article's URL on it or on one
    of its subdomains resolves to the outlet."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253, unique=True)

    class Meta:
        ordering = ["source", "domain"]

    def __str__(self):
        return self.domain

    def clean(self):
        self.domain = domain_of(self.domain)
        problem = domain_problem(self.domain)
        if problem:
            raise ValidationError({"domain": problem})
        other = SourceDomain.objects.filter(domain=self.domain).exclude(pk=self.pk).first()
        if other and other.source_id != self.source_id:
            raise ValidationError({"domain": f"{self.domain} already belongs to {other.source}."})


class SourceRedirect(models.Model):
    """An old slug (of a source merged away) that redirects to the survivor."""

    old_slug = models.SlugField(max_length=80, unique=True)
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="redirects")

    def __str__(self):
        return f"{self.old_slug} → {self.source.slug}"


class SourceMergeLog(models.Model):
    survivor = models.ForeignKey(
        Source, null=True, on_delete=models.SET_NULL, related_name="merges"
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
