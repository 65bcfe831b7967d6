"""Articles: the copy, its date with a precision, its source."""

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify

from archive import periods
from archive.models.common import date_problem, format_date, unique_slug
from archive.models.sources import Source
from archive.models.stories import Story
from archive.sanitize import html_to_text


class ArticleQuerySet(models.QuerySet):
    # The check constraint ties an unknown precision to a NULL date, so these filter on the
    # date itself: the (published, id) index then counts and lists without reading rows.
    def dated(self):
        return self.filter(published__isnull=False)

    def undated(self):
        return self.filter(published__isnull=True)

    def languages(self):
        """[(code, name)] of the languages these articles are in ("und": unknown)."""
        from archive.languages import UNKNOWN_FACET, language_name

        codes = self.order_by().values_list("language", flat=True).distinct()
        return sorted(
            ((code or UNKNOWN_FACET, language_name(code or UNKNOWN_FACET)) for code in codes),
            key=lambda item: item[1],
        )

    def overlapping(self, start=None, end=None):
        """Dated articles whose period overlaps [start, end] (archive.periods)."""
        found = self.filter(published__isnull=False)
        if end is not None:
            found = found.filter(published__lte=end)
        if start is not None:
            # A period is a year at most: the bound keeps the date index's range short.
            earliest = start - datetime.timedelta(days=366)
            found = found.filter(published_until__gte=start, published__gte=earliest)
        return found

    def needing_attention(self):
        """Articles a curator should look at: no date, no source, or something the importer
        could not settle (an ambiguous date, a declared language the text contradicts...)."""
        return self.filter(
            Q(date_precision=Article.Precision.UNKNOWN)
            | Q(source__isnull=True)
            | ~Q(import_notes="")
        )

    def newest_first(self):
        # Undated articles sort after every dated one, never among them.
        return self.order_by(models.F("published").desc(nulls_last=True), "-id")

    def naming(self, *people):
        """Articles where every one of ``people`` has a visible mention."""
        mentions = self.model._meta.get_field("mentions").related_model.objects.visible()
        articles = self
        for person in people:
            articles = articles.filter(id__in=mentions.filter(person=person).values("article_id"))
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
    # The last day of the date's period (archive.periods): date filters select the articles
    # whose period overlaps the range asked for.
    published_until = models.DateField(null=True, blank=True, editable=False)
    dateline = models.CharField(max_length=200, blank=True)
    byline = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    # ISO 639-1, from the text (archive.languages); "" when nobody can tell.
    language = models.CharField(max_length=20, blank=True, default="")
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    source_label = models.CharField(
        max_length=200, blank=True, help_text="The source's name as the copy or feed gave it."
    )
    section = models.CharField(
        max_length=40, blank=True, help_text="The outlet's section: news, opinion, editorial..."
    )
    agencies = models.ManyToManyField(
        Source, through="ArticleAgency", related_name="agency_articles", blank=True
    )
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
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
        self.published_until = periods.period(self.published, self.date_precision)[1]
        if kwargs.get("update_fields") is not None and "published" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "published_until"}
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

    @property
    def period(self):
        return periods.period(self.published, self.date_precision)

    def imprecise_within(self, start=None, end=None):
        """Whether this article's period reaches outside [start, end] (archive.periods)."""
        return periods.imprecise_within(*self.period, start, end)

    def tagging_segments(self):
        """The text the tagger reads: [(text, is_headline), ...]."""
        return [(self.title, True), (self.standfirst, False), (html_to_text(self.body), False)]


class ArticleAgency(models.Model):
    """A news agency an article's copy credits, and how it says so."""

    class How(models.TextChoices):
        DATELINE = "dateline", "Dateline credit: SEOUL (AP) —"
        SIGNOFF = "signoff", "Sign-off: — AP"
        BYLINE = "byline", "Byline: By The Associated Press"
        COPYRIGHT = "copyright", "Copyright line"
        CONTRIBUTION = "contribution", "Contributed to this report"
        CITED = "cited", "Cited: KCNA said"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="agency_credits")
    agency = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="credits")
    how = models.CharField(max_length=20, choices=How.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "agency"], name="article_agency_once")
        ]

    def __str__(self):
        return f"{self.agency} ({self.how}) in {self.article_id}"

    @property
    def is_origin(self):
        return self.how != self.How.CITED


class ArticleVersion(models.Model):
    """An earlier text of an article: the same URL came back with new content, and what the
    outlet had published before is kept (only the current text is searched)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    title = models.CharField(max_length=500)
    standfirst = models.TextField(blank=True)
    body = models.TextField()
    content_hash = models.CharField(max_length=64)
    published = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=10, default="unknown")
    seen_at = models.DateTimeField(help_text="When this text was imported.")
    replaced_at = models.DateTimeField(auto_now_add=True, help_text="When a newer one arrived.")

    class Meta:
        ordering = ["article", "seen_at", "id"]

    def __str__(self):
        return f"{self.title} (seen {self.seen_at:%Y-%m-%d})"
