"""Articles in the admin: their text (sanitized), their mentions and the events they cover."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from archive import curation
from archive.admin.common import UniqueInlineFormSet
from archive.admin.events import ArticleEventInline
from archive.models import (
    Article,
    Mention,
)
from archive.sanitize import sanitize_body


class MentionInlineFormSet(UniqueInlineFormSet):
    unique_field = "person"
    message = "A person can be tagged only once per article."


class MentionInline(admin.TabularInline):
    model = Mention
    formset = MentionInlineFormSet
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "status", "count", "context", "decided_by", "decided_at"]
    readonly_fields = ["count", "context", "decided_by", "decided_at"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # A person a curator adds by hand is a confirmed tag.
        formset.form.base_fields["status"].initial = Mention.Status.CONFIRMED
        return formset


class NeedsAttentionFilter(admin.SimpleListFilter):
    title = "needs attention"
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [
            ("date", "Date unknown"),
            ("source", "Source unknown"),
            ("suggested", "Has suggested tags"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "date":
            return queryset.undated()
        if self.value() == "source":
            return queryset.filter(source__isnull=True)
        if self.value() == "suggested":
            return queryset.filter(mentions__status=Mention.Status.SUGGESTED).distinct()
        return queryset


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "standfirst",
            "body",
            "source",
            "published",
            "date_precision",
            "dateline",
            "byline",
            "url",
            "language",
            "section",
        ]

    def clean_body(self):
        # Curators edit HTML here: it goes through the same allow-list as imported copy.
        return sanitize_body(self.cleaned_data.get("body") or "")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ["title", "source", "date_display", "date_precision"]
    list_filter = [NeedsAttentionFilter, "date_precision", "source__kind", "source"]
    list_select_related = ["source"]
    search_fields = ["title", "url"]
    date_hierarchy = "published"
    autocomplete_fields = ["source"]
    inlines = [MentionInline, ArticleEventInline]
    readonly_fields = [
        "content_hash",
        "imported_from",
        "import_notes",
        "created",
        "updated",
        "source_label",
        "agencies_display",
        "story_link",
        "versions_display",
    ]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "body"]}),
        (
            "Where and when",
            {
                "fields": [
                    "source",
                    "source_label",
                    "section",
                    "agencies_display",
                    "story_link",
                    "published",
                    "date_precision",
                    "dateline",
                    "byline",
                    "url",
                    "language",
                ]
            },
        ),
        (
            "Import",
            {
                "fields": [
                    "import_notes",
                    "versions_display",
                    "content_hash",
                    "imported_from",
                    "created",
                    "updated",
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    @admin.display(description="Date", ordering="published")
    def date_display(self, obj):
        return obj.date_display

    @admin.display(description="Agencies credited")
    def agencies_display(self, obj):
        credits = obj.agency_credits.select_related("agency") if obj.pk else []
        return ", ".join(f"{c.agency} ({c.get_how_display()})" for c in credits) or "—"

    @admin.display(description="Story")
    def story_link(self, obj):
        if not obj.story_id:
            return "—"
        url = reverse("admin:archive_story_change", args=[obj.story_id])
        return format_html('<a href="{}">{}</a>', url, obj.story)

    @admin.display(description="Earlier versions")
    def versions_display(self, obj):
        versions = obj.versions.all() if obj.pk else []
        return ", ".join(f"{v.title} (seen {v.seen_at:%Y-%m-%d})" for v in versions) or "—"

    def save_formset(self, request, form, formset, change):
        if formset.model is not Mention:
            return super().save_formset(request, form, formset, change)
        previous = {f.instance.pk: f.initial.get("status") for f in formset.forms if f.instance.pk}
        instances = formset.save()
        for mention in instances:
            curation.record_decision(
                mention, previous.get(mention.pk), request.user, note="article page"
            )
        return instances
