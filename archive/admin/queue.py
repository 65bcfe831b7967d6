"""The review queue of suggested mentions: the sentence, the name marked, accept or reject."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from archive import curation
from archive.admin.common import QueueAdmin
from archive.marking import marked
from archive.models import (
    Mention,
    Source,
    SuggestedMention,
)


class SourceFilter(admin.SimpleListFilter):
    title = "source"
    parameter_name = "source"

    def lookups(self, request, model_admin):
        sources = Source.objects.filter(
            articles__mentions__status=Mention.Status.SUGGESTED
        ).distinct()
        return [(s.pk, s.name) for s in sources]

    def queryset(self, request, queryset):
        return queryset.filter(article__source_id=self.value()) if self.value() else queryset


@admin.register(SuggestedMention)
class ReviewQueueAdmin(QueueAdmin):
    """Suggested mentions with their context, to accept or reject in bulk."""

    list_display = ["context_marked", "person", "article_link", "source", "count"]
    list_display_links = None
    list_filter = [("person", admin.RelatedOnlyFieldListFilter), SourceFilter]
    list_select_related = ["person", "article__source"]
    search_fields = ["person__name", "article__title", "context"]
    actions = ["accept", "reject"]
    list_per_page = 50

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(status=Mention.Status.SUGGESTED)
            .prefetch_related("person__aliases")
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The bulk actions change mentions (and record the decisions); a single row is only
        # viewed here: it is edited on its article's page, where changes are recorded too.
        return obj is None and request.user.has_perm("archive.change_mention")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("archive.view_mention")

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description="Article")
    def article_link(self, obj):
        url = reverse("admin:archive_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.article.title)

    @admin.display(description="Source")
    def source(self, obj):
        return obj.article.source.name if obj.article.source_id else "—"

    @admin.display(
        description="The sentence (the name marked) · keys: tick rows, a accepts, r rejects"
    )
    def context_marked(self, obj):
        person = obj.person
        names = [person.name, person.short_name, *(a.name for a in person.aliases.all())]
        return marked(obj.context, names)

    @admin.action(description="Accept: confirm the selected tags", permissions=["change"])
    def accept(self, request, queryset):
        changed = curation.decide(
            list(queryset), Mention.Status.CONFIRMED, request.user, note="review queue"
        )
        self.message_user(request, f"Confirmed {changed} tag(s).", messages.SUCCESS)

    @admin.action(
        description="Reject: these people are not in these articles", permissions=["change"]
    )
    def reject(self, request, queryset):
        changed = curation.decide(
            list(queryset), Mention.Status.REJECTED, request.user, note="review queue"
        )
        self.message_user(request, f"Rejected {changed} tag(s).", messages.SUCCESS)
