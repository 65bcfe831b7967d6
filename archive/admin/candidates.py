"""The candidate people discovery finds: promote, merge into a person, dismiss."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q

from archive import curation
from archive.admin.common import QueueAdmin, ReadOnlyAdmin
from archive.marking import marked
from archive.models import (
    Candidate,
    CandidateDecision,
    OfficeHolding,
    Person,
)


class CandidateStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("proposed", "Proposed (open, seen often enough)"), *Candidate.Status.choices]

    def queryset(self, request, queryset):
        if self.value() in (None, "proposed"):
            return queryset.filter(
                status=Candidate.Status.OPEN,
                article_count__gte=settings.ARCHIVE_CANDIDATE_MIN_ARTICLES,
            )
        return queryset.filter(status=self.value())

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            current = self.value() or "proposed"
            yield {
                "selected": current == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class PromoteForm(forms.Form):
    """What a promotion may add besides the name: the office it was seen in."""

    name = forms.CharField(max_length=200)
    office_kind = forms.ChoiceField(
        required=False, choices=[("", "No office"), *OfficeHolding.Kind.choices]
    )
    office_title = forms.CharField(required=False, max_length=200)
    office_country = forms.CharField(required=False, max_length=2)
    office_start = forms.DateField(required=False, help_text="YYYY-MM-DD")

    def office(self):
        data = self.cleaned_data
        if not data.get("office_kind"):
            return None
        if not (data.get("office_title") and data.get("office_start")):
            raise ValidationError("An office needs a title and a start date.")
        return {
            "kind": data["office_kind"],
            "title": data["office_title"],
            "country": (data.get("office_country") or "").upper(),
            "start": data["office_start"],
        }


@admin.register(Candidate)
class CandidateAdmin(QueueAdmin):
    """The candidates queue: names the tagger found that no person has, the most seen
    first. Promote, merge into a person, or dismiss (never proposed again)."""

    list_display = [
        "name",
        "article_count",
        "roles_seen",
        "outlets_seen",
        "example_marked",
        "status",
    ]
    list_filter = [CandidateStatusFilter]
    search_fields = ["name"]
    readonly_fields = ["name", "status", "roles", "outlets", "examples", "person", "first_seen"]
    actions = ["promote_action", "merge_action", "dismiss_action"]

    def get_queryset(self, request):
        # Counted first: the ordering below sorts on the count.
        return self.model._default_manager.get_queryset().with_counts()

    def get_ordering(self, request):
        return ["-article_count", "name"]  # the most seen first, unless a column is clicked

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Articles", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count

    @admin.display(description="Roles")
    def roles_seen(self, obj):
        return ", ".join(obj.top_roles)

    @admin.display(description="Outlets")
    def outlets_seen(self, obj):
        return ", ".join(sorted(obj.outlets, key=lambda o: -obj.outlets[o])[:3])

    @admin.display(description="Example (the name marked) · keys: a promotes, r dismisses")
    def example_marked(self, obj):
        # The stored sentence is at most about 300 characters around the name: all of it.
        return marked(obj.examples[0] if obj.examples else "", [obj.name])

    @admin.action(description="Promote to a person…", permissions=["change"])
    def promote_action(self, request, queryset):
        candidate = self.one_at_a_time(request, queryset, "Promote one candidate")
        if candidate is None:
            return None
        form = PromoteForm(
            request.POST if self.confirmed(request) else None,
            initial={"name": candidate.name, "office_title": ""},
        )
        if form.is_bound and form.is_valid():
            return self.decide(
                request,
                lambda: curation.promote_candidate(
                    candidate, request.user, name=form.cleaned_data["name"], office=form.office()
                ),
                lambda person: (
                    f"{person.name} is now a person; the articles that name them "
                    "are re-tagged in the background."
                ),
            )
        return self.confirm(
            request, queryset, "promote_action", "Promote to a person", form=form,
            heading="The person to create",
        )  # fmt: skip

    @admin.action(description="Merge into an existing person…", permissions=["change"])
    def merge_action(self, request, queryset):
        candidate = self.one_at_a_time(request, queryset, "Merge one candidate")
        if candidate is None:
            return None
        if self.confirmed(request):
            person = self.target(request, Person, "person", "person")
            if person is None:
                return None
            return self.decide(
                request,
                lambda: curation.merge_candidate(candidate, person, request.user),
                lambda _result: f"{candidate.name} is now a name of {person.name}.",
            )
        surname = candidate.name.split()[-1]
        likely = Person.objects.filter(
            Q(short_name__iexact=surname) | Q(name__icontains=surname)
        ).order_by("-is_leader", "name")[:10]
        return self.confirm(
            request, queryset, "merge_action", "Merge into an existing person", likely=likely,
            target_parameter="person", target_label="Person's address (slug)",
            heading="The person it is another name of",
        )  # fmt: skip

    @admin.action(description="Dismiss (never proposed again)", permissions=["change"])
    def dismiss_action(self, request, queryset):
        count = curation.dismiss_candidates(list(queryset), request.user)
        self.message_user(request, f"{count} candidate(s) dismissed.", messages.SUCCESS)


@admin.register(CandidateDecision)
class CandidateDecisionAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "candidate", "action", "person"]
    list_select_related = ["user", "candidate", "person"]
    list_filter = ["action", "user"]


# Events ---------------------------------------------------------------------------------------
