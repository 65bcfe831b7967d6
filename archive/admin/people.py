"""People in the admin: aliases, offices, forms of address, merging two people; mentions and
the logs of decisions and merges."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse

from archive import curation
from archive.admin.common import CountedAdmin, ReadOnlyAdmin
from archive.models import (
    Alias,
    Mention,
    MentionDecision,
    MergeLog,
    OfficeHolding,
    Person,
    PersonRedirect,
)
from archive.names import normalize_name


class AliasInlineFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = {}
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE") or not data.get("name"):
                continue
            key = normalize_name(data["name"])
            if key in seen:
                form.add_error("name", f"{data['name']!r} is listed twice.")
            seen[key] = True
            # Only what the curator adds or changes is judged: a row saved before, unchanged,
            # never blocks saving the person.
            if form.has_changed() and key == normalize_name(self.instance.name or ""):
                form.add_error(
                    "name",
                    "That is already the person's name (names are compared without case, "
                    "hyphens or spacing): it would find nothing more.",
                )


class AliasInline(admin.TabularInline):
    model = Alias
    formset = AliasInlineFormSet
    extra = 1
    fields = ["name", "kind"]


class OfficeHoldingInline(admin.TabularInline):
    model = OfficeHolding
    extra = 0
    fields = [
        "kind", "title", "country", "org", "to", "start", "start_precision", "end",
        "end_precision", "acting",
    ]  # fmt: skip


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "name",
            "slug",
            "short_name",
            "role",
            "country",
            "description",
            "is_leader",
            "wikidata_id",
            "forms",
        ]

    def clean_name(self):
        name = " ".join((self.cleaned_data.get("name") or "").split())
        if not name:
            raise ValidationError("A person needs a name.")
        clash = Alias.objects.filter(normalized=normalize_name(name))
        if self.instance.pk:
            clash = clash.exclude(person=self.instance)
        other = clash.select_related("person").first()
        if other:
            raise ValidationError(f"{name!r} is an alias of {other.person.name}: merge instead.")
        return name


@admin.register(Person)
class PersonAdmin(CountedAdmin):
    form = PersonForm
    list_display = ["name", "role", "country", "is_leader", "article_count", "public_page"]
    list_filter = ["is_leader", "country"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AliasInline, OfficeHoldingInline]
    actions = ["merge_action"]

    def save_related(self, request, form, formsets, change):
        before = set(form.instance.aliases.values_list("name", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(form.instance.aliases.values_list("name", flat=True))
        # New names may tag more articles; removed ones may leave tags that must go.
        names = after ^ before
        for field in ("name", "short_name"):
            if field in form.changed_data or not change:
                names.update(
                    value
                    for value in (form.initial.get(field), form.cleaned_data.get(field))
                    if value
                )
        if names:
            job = curation.retag_for_names(names)
            self.message_user(
                request,
                f"The articles that contain {', '.join(sorted(names))} will be re-tagged in "
                f"the background (job {job.pk}; see Jobs).",
                messages.INFO,
            )

    @admin.action(description="Merge two selected people…", permissions=["merge"])
    def merge_action(self, request, queryset):
        people = list(queryset[:3])
        if len(people) != 2:
            self.message_user(request, "Select exactly two people to merge.", messages.ERROR)
            return None
        if request.POST.get("confirm") == "yes":
            survivor_id = request.POST.get("survivor")
            survivor = next((p for p in people if str(p.pk) == survivor_id), None)
            if survivor is None:
                self.message_user(request, "Choose which person to keep.", messages.ERROR)
                return None
            merged = people[1] if survivor is people[0] else people[0]
            try:
                entry = curation.merge_people(survivor, merged, request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
                return None
            details = entry.details
            self.message_user(
                request,
                f"Merged {entry.merged_name} into {survivor.name}: "
                f"{len(details['aliases_moved'])} name(s) and {details['mentions_moved']} "
                f"mention(s) moved, {len(details['overlapping'])} overlapping mention(s) "
                f"combined; /people/{entry.merged_slug}/ now redirects.",
                messages.SUCCESS,
            )
            return None
        plans = [
            curation.merge_plan(people[0], people[1]),
            curation.merge_plan(people[1], people[0]),
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge two people",
            "people": people,
            "plans": plans,
            "queryset": queryset,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/archive/person/merge.html", context)

    def has_merge_permission(self, request):
        return request.user.has_perm("archive.merge_person")


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["person", "article", "status", "count", "decided_by", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["person", "article", "decided_by"]
    autocomplete_fields = ["person", "article"]
    search_fields = ["person__name", "article__title"]
    readonly_fields = ["count", "context", "decided_by", "decided_at"]

    def save_model(self, request, obj, form, change):
        previous = form.initial.get("status") if change else None
        super().save_model(request, obj, form, change)
        curation.record_decision(obj, previous, request.user, note="mention page")


@admin.register(MentionDecision)
class MentionDecisionAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "person", "article", "from_status", "to_status", "note"]
    list_select_related = ["user", "person", "article"]
    list_filter = ["to_status", "user"]
    search_fields = ["person__name", "article__title"]


@admin.register(MergeLog)
class MergeLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "merged_name", "survivor"]
    list_select_related = ["user", "survivor"]


@admin.register(PersonRedirect)
class PersonRedirectAdmin(ReadOnlyAdmin):
    list_display = ["old_slug", "person"]
    list_select_related = ["person"]
