"""Stories: the copies of one wire story that outlets published (the same text with small
edits, a new headline or a cut), grouped by the importer (archive.stories) with MinHash
signatures whose LSH band keys are kept here, so grouping is incremental and works across
processes."""

from django.db import models
from django.urls import reverse


class Story(models.Model):
    title = models.CharField(max_length=500, help_text="The headline of its first copy.")
    origin = models.ForeignKey(
        "archive.Source",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="originated_stories",
        help_text="The agency whose copy it is, where the copies say so.",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "stories"
        ordering = ["-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("story", args=[self.pk])


class StoryBand(models.Model):
    """One LSH band key of an article's MinHash signature: articles sharing a key are
    candidates for the same story."""

    article = models.ForeignKey("archive.Article", on_delete=models.CASCADE, related_name="bands")
    band = models.PositiveSmallIntegerField()
    key = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["key"], name="storyband_key_idx")]

    def __str__(self):
        return f"article {self.article_id} band {self.band}"
