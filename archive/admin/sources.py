"""Outlets in the admin: their names and domains, the sources that need attention, merging two
sources, and stories."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse

from archive import curation
from archive.admin.common import CountedAdmin
from archive.countries import country_problem
from archive.models import (
    Source,
    SourceDomain,
    SourceMergeLog,
    SourceName,
    Story,
)
from archive.names import source_key


class SourceNameFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE") or not data.get("name"):
                continue
            key = source_key(data["name"])
            if key in seen:
                form.add_error("name", f"{data['name']!r} is listed twice.")
            seen.add(key)


class SourceNameInline(admin.TabularInline):
    model = SourceName
    formset = SourceNameFormSet
    extra = 1
    fields = ["name"]


class SourceDomainInline(admin.TabularInline):
    model = SourceDomain
    extra = 1
    fields = ["domain"]


class SourceAttentionFilter(admin.SimpleListFilter):
    title = "needs attention"
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [("yes", "Kind, control or country unknown")]

    def queryset(self, request, queryset):
        return queryset.needing_attention() if self.value() == "yes" else queryset


class SourceForm(forms.ModelForm):
    class Meta:
        model = Source
        fields = ["name", "slug", "kind", "control", "country", "homepage", "note"]

    def clean_name(self):
        name = " ".join((self.cleaned_data.get("name") or "").split())
        if not name:
            raise ValidationError("A source needs a name.")
        other = SourceName.objects.filter(normalized=source_key(name))
        if self.instance.pk:
            other = other.exclude(source=self.instance)
        clash = other.select_related("source").first()
        if clash:
            raise ValidationError(f"{name!r} is a name of {clash.source}: merge instead.")
        return name

    def clean_country(self):
        code = (self.cleaned_data.get("country") or "").strip().upper()
        problem = country_problem(code)
        if problem:
            raise ValidationError(problem)
        return code


@admin.register(Source)
class SourceAdmin(CountedAdmin):
    form = SourceForm
    list_display = ["name", "kind", "control", "country", "article_count", "public_page"]
    list_filter = [SourceAttentionFilter, "kind", "control", "country"]
    search_fields = ["name", "names__name", "domains__domain"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SourceNameInline, SourceDomainInline]
    actions = ["merge_action"]
    readonly_fields = ["reference_key"]

    @admin.action(description="Merge two selected sources…", permissions=["merge"])
    def merge_action(self, request, queryset):
        sources = list(queryset[:3])
        if len(sources) != 2:
            self.message_user(request, "Select exactly two sources to merge.", messages.ERROR)
            return None
        if request.POST.get("confirm") == "yes":
            survivor = next((s for s in sources if str(s.pk) == request.POST.get("survivor")), None)
            if survivor is None:
                self.message_user(request, "Choose which source to keep.", messages.ERROR)
                return None
            merged = sources[1] if survivor is sources[0] else sources[0]
            try:
                entry = curation.merge_sources(survivor, merged, request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
                return None
            self.message_user(
                request,
                f"Merged {entry.merged_name} into {survivor.name}: "
                f"{entry.details['articles_moved']} article(s) moved; "
                f"/sources/{entry.merged_slug}/ now redirects.",
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge two sources",
            "sources": sources,
            "plans": [
                curation.source_merge_plan(sources[0], sources[1]),
                curation.source_merge_plan(sources[1], sources[0]),
            ],
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/archive/source/merge.html", context)

    def has_merge_permission(self, request):
        return request.user.has_perm("archive.merge_source")


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["title", "origin", "copies", "created"]
    list_select_related = ["origin"]
    search_fields = ["title"]
    readonly_fields = ["created"]
    autocomplete_fields = ["origin"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_copies=Count("articles"))

    @admin.display(description="Copies", ordering="_copies")
    def copies(self, obj):
        return obj._copies


@admin.register(SourceMergeLog)
class SourceMergeLogAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "merged_name", "survivor"]
    list_select_related = ["user", "survivor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
