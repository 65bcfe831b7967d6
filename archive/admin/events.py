"""Events in the admin (participants and coverage inline, merging two events) and the queue of
suggested events: accept, merge into an event, reject."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.utils import timezone
from django.utils.html import format_html

from archive import curation
from archive.admin.common import DecidingAdmin, QueueAdmin, ReadOnlyAdmin, UniqueInlineFormSet
from archive.marking import marked
from archive.models import (
    Event,
    EventArticle,
    EventDecision,
    EventEvidence,
    EventParticipant,
    EventSuggestion,
)


class ParticipantFormSet(UniqueInlineFormSet):
    unique_field = "person"
    message = "A person takes part in an event once (one role)."


class CoverageFormSet(UniqueInlineFormSet):
    unique_field = "article"
    message = "An article is attached to an event once (one relation)."


class EventParticipantInline(admin.TabularInline):
    model = EventParticipant
    formset = ParticipantFormSet
    extra = 0
    autocomplete_fields = ["person"]


class EventArticleInline(admin.TabularInline):
    model = EventArticle
    formset = CoverageFormSet
    extra = 0
    autocomplete_fields = ["article"]
    verbose_name = "article about it"
    verbose_name_plural = "Coverage (articles about it)"


class ArticleEventFormSet(UniqueInlineFormSet):
    unique_field = "event"
    message = "An article is attached to an event once (one relation)."


class ArticleEventInline(admin.TabularInline):
    model = EventArticle
    formset = ArticleEventFormSet
    fk_name = "article"
    extra = 0
    autocomplete_fields = ["event"]
    verbose_name = "event it covers"
    verbose_name_plural = "Events it covers"


@admin.register(Event)
class EventAdmin(DecidingAdmin):
    list_display = ["title", "kind", "status", "dates", "place", "article_count"]
    list_filter = ["kind", "status", "country"]
    search_fields = ["title", "city", "description", "participants__person__name"]
    autocomplete_fields = ["parent"]
    inlines = [EventParticipantInline, EventArticleInline]
    readonly_fields = ["sequence", "created", "updated"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "status", "description", "parent"]}),
        ("Where", {"fields": ["city", "country"]}),
        (
            "When",
            {
                "fields": [
                    ("start", "start_precision"),
                    ("end", "end_precision"),
                    ("announced", "announced_precision"),
                    "sequence",
                    "created",
                    "updated",
                ]
            },
        ),
    ]
    actions = ["merge_action"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("coverage"))

    @admin.display(description="Dates", ordering="first_day")
    def dates(self, obj):
        return obj.dates_display

    @admin.display(description="Place")
    def place(self, obj):
        return obj.place_display

    @admin.display(description="Articles", ordering="article_total")
    def article_count(self, obj):
        return obj.article_total

    @admin.action(description="Merge into another event…", permissions=["change"])
    def merge_action(self, request, queryset):
        gone = self.one_at_a_time(request, queryset, "Merge one event")
        if gone is None:
            return None
        if self.confirmed(request):
            keep = self.target(request, Event, "event", "event")
            if keep is None:
                return None
            return self.decide(
                request,
                lambda: curation.merge_events(keep, gone),
                lambda _kept: f"{gone.title} is merged into {keep.title}.",
            )
        likely = Event.objects.exclude(pk=gone.pk).filter(
            first_day__lte=gone.last_day, last_day__gte=gone.first_day
        )[:10]
        return self.confirm(
            request, queryset, "merge_action", "Merge into another event", likely=likely,
            target_parameter="event", target_label="Event's address (slug)",
            heading="The event to keep",
        )  # fmt: skip


class AcceptEventForm(forms.ModelForm):
    """The event a suggestion becomes: what the archive read, for the curator to correct."""

    class Meta:
        model = Event
        fields = [
            "title", "kind", "status", "city", "country", "start", "start_precision",
            "end", "end_precision", "announced", "announced_precision",
        ]  # fmt: skip


class EventEvidenceInline(admin.TabularInline):
    model = EventEvidence
    extra = 0
    fields = ["article", "relation", "sentence"]
    readonly_fields = ["article", "relation", "sentence"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(EventSuggestion)
class EventSuggestionAdmin(QueueAdmin):
    """The suggested-events queue: what the archive read about visits, summits and talks,
    with the evidence sentences. Accept (makes the event), merge into an event, or reject."""

    list_display = [
        "title", "dates", "place", "people_display", "evidence_marked", "evidence_count", "status",
    ]  # fmt: skip
    list_filter = ["status", "kind"]
    search_fields = ["title", "people__name", "evidence__sentence"]
    readonly_fields = [
        "title", "kind", "city", "country", "start", "start_precision", "end",
        "end_precision", "status", "event", "people_display", "created",
    ]  # fmt: skip
    exclude = ["people", "hosts"]
    inlines = [EventEvidenceInline]
    actions = ["accept_action", "merge_action", "reject_action"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(evidence_total=Count("evidence"))
            .prefetch_related("people", "evidence")
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Dates", ordering="first_day")
    def dates(self, obj):
        return obj.dates_display

    @admin.display(description="Place")
    def place(self, obj):
        return obj.place_display

    @admin.display(description="People")
    def people_display(self, obj):
        return ", ".join(p.name for p in obj.people.all())

    @admin.display(description="Articles", ordering="evidence_total")
    def evidence_count(self, obj):
        return obj.evidence_total

    @admin.display(description="Evidence (people marked) · keys: a accepts, r rejects")
    def evidence_marked(self, obj):
        first = next(iter(obj.evidence.all()), None)
        return marked(first.sentence if first else "", [p.name for p in obj.people.all()])

    @admin.action(description="Accept: make it an event…", permissions=["change"])
    def accept_action(self, request, queryset):
        suggestion = self.one_at_a_time(request, queryset, "Accept one suggestion")
        if suggestion is None:
            return None
        initial = {
            field: getattr(suggestion, field)
            for field in ("title", "kind", "city", "country", "start", "start_precision",
                          "end", "end_precision")
        }  # fmt: skip
        form = AcceptEventForm(request.POST if self.confirmed(request) else None, initial=initial)
        if form.is_bound and form.is_valid():
            return self.decide(
                request,
                lambda: curation.accept_suggestion(suggestion, request.user, **form.cleaned_data),
                lambda event: format_html(
                    'The event <a href="{}">{}</a> is made, with its people and articles.',
                    event.get_absolute_url(),
                    event.title,
                ),
            )
        return self.confirm(
            request, queryset, "accept_action", "Accept: make it an event", form=form,
            heading="The event to make",
        )  # fmt: skip

    @admin.action(description="Merge into an existing event…", permissions=["change"])
    def merge_action(self, request, queryset):
        suggestion = self.one_at_a_time(request, queryset, "Merge one suggestion")
        if suggestion is None:
            return None
        if self.confirmed(request):
            event = self.target(request, Event, "event", "event")
            if event is None:
                return None
            return self.decide(
                request,
                lambda: curation.merge_suggestion(suggestion, event, request.user),
                lambda _event: f"Added to {event.title}.",
            )
        likely = Event.objects.filter(
            first_day__lte=suggestion.last_day + timezone.timedelta(days=7),
            last_day__gte=suggestion.first_day - timezone.timedelta(days=7),
        )[:10]
        return self.confirm(
            request, queryset, "merge_action", "Merge into an existing event", likely=likely,
            target_parameter="event", target_label="Event's address (slug)",
            heading="The event to add it to",
        )  # fmt: skip

    @admin.action(description="Reject (never proposed again)", permissions=["change"])
    def reject_action(self, request, queryset):
        count = curation.reject_suggestions(list(queryset), request.user)
        self.message_user(request, f"{count} suggestion(s) rejected.", messages.SUCCESS)


@admin.register(EventDecision)
class EventDecisionAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "suggestion", "action", "event"]
    list_select_related = ["user", "suggestion", "event"]
    list_filter = ["action", "user"]
