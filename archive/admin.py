"""Curation in Django's admin: articles with their mentions, people with their aliases,
the review queue of suggested mentions, and merging two people."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from archive import curation
from archive.countries import country_problem
from archive.marking import marked
from archive.models import (
    Alias,
    Article,
    Candidate,
    CandidateDecision,
    Event,
    EventArticle,
    EventDecision,
    EventEvidence,
    EventParticipant,
    EventSuggestion,
    Job,
    Mention,
    MentionDecision,
    MergeLog,
    OfficeHolding,
    Person,
    PersonRedirect,
    Source,
    SourceDomain,
    SourceMergeLog,
    SourceName,
    Story,
    SuggestedMention,
)
from archive.names import normalize_name, source_key
from archive.sanitize import sanitize_body

admin.site.site_header = "Diplomatic News Archive: curation"
admin.site.site_title = "Archive curation"
admin.site.index_title = "Curation"


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
class SourceAdmin(admin.ModelAdmin):
    form = SourceForm
    list_display = ["name", "kind", "control", "country", "article_count", "public_page"]
    list_filter = [SourceAttentionFilter, "kind", "control", "country"]
    search_fields = ["name", "names__name", "domains__domain"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SourceNameInline, SourceDomainInline]
    actions = ["merge_action"]
    readonly_fields = ["reference_key"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_article_counts()

    @admin.display(description="Articles", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count

    @admin.display(description="Page")
    def public_page(self, obj):
        return format_html('<a href="{}">view</a>', obj.get_absolute_url())

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


class MentionInlineFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        people = [
            f.cleaned_data.get("person")
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        people = [p for p in people if p]
        if len(people) != len(set(people)):
            raise ValidationError("A person can be tagged only once per article.")


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
    inlines = [MentionInline]
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
class PersonAdmin(admin.ModelAdmin):
    form = PersonForm
    list_display = ["name", "role", "country", "is_leader", "article_count", "public_page"]
    list_filter = ["is_leader", "country"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AliasInline, OfficeHoldingInline]
    actions = ["merge_action"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_article_counts()

    @admin.display(description="Articles", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count

    @admin.display(description="Page")
    def public_page(self, obj):
        return format_html('<a href="{}">view</a>', obj.get_absolute_url())

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


class QueueAdmin(admin.ModelAdmin):
    """A review queue: the app's navigation folded away, so the sentences get the width."""

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request, {**(extra_context or {}), "is_nav_sidebar_enabled": False}
        )


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

    class Media:
        css = {"all": ["css/admin-queue.css"]}
        js = ["js/admin-queue.js"]

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


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Background work, for curators to see: what waits, what runs, what failed and why."""

    list_display = ["id", "kind", "status", "progress_display", "attempts", "created", "finished"]
    list_filter = ["status", "kind"]
    readonly_fields = [f.name for f in Job._meta.fields]
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Progress")
    def progress_display(self, obj):
        progress = obj.progress or {}
        if "total" in progress:
            return f"{progress.get('done', progress.get('indexed', 0))} / {progress['total']}"
        return "—"

    @admin.action(description="Retry the selected jobs now", permissions=["change"])
    def retry_now(self, request, queryset):
        count = queryset.exclude(status=Job.Status.RUNNING).update(
            status=Job.Status.PENDING,
            run_after=timezone.now(),
            finished=None,
            max_attempts=F("attempts") + 1,
        )
        self.message_user(request, f"{count} job(s) will run again.", messages.SUCCESS)


@admin.register(PersonRedirect)
class PersonRedirectAdmin(ReadOnlyAdmin):
    list_display = ["old_slug", "person"]
    list_select_related = ["person"]


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

    class Media:
        css = {"all": ["css/admin-queue.css"]}
        js = ["js/admin-queue.js"]

    @admin.display(description="Example (the name marked) · keys: a promotes, r dismisses")
    def example_marked(self, obj):
        # The stored sentence is at most about 300 characters around the name: all of it.
        return marked(obj.examples[0] if obj.examples else "", [obj.name])

    def _confirm(self, request, queryset, action, title, **extra):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "candidates": list(queryset[:20]),
            "action": action,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
            **extra,
        }
        return TemplateResponse(request, "admin/archive/candidate/decide.html", context)

    @admin.action(description="Promote to a person…", permissions=["change"])
    def promote_action(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Promote one candidate at a time.", messages.ERROR)
            return None
        candidate = queryset.first()
        form = PromoteForm(
            request.POST if request.POST.get("confirm") == "yes" else None,
            initial={"name": candidate.name, "office_title": ""},
        )
        if form.is_bound and form.is_valid():
            try:
                person = curation.promote_candidate(
                    candidate, request.user, name=form.cleaned_data["name"], office=form.office()
                )
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
                return None
            self.message_user(
                request,
                f"{person.name} is now a person; the articles that name them are re-tagged in "
                "the background.",
                messages.SUCCESS,
            )
            return None
        return self._confirm(request, queryset, "promote_action", "Promote to a person", form=form)

    @admin.action(description="Merge into an existing person…", permissions=["change"])
    def merge_action(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Merge one candidate at a time.", messages.ERROR)
            return None
        candidate = queryset.first()
        if request.POST.get("confirm") == "yes":
            person = Person.objects.filter(slug=request.POST.get("person", "")[:80]).first()
            if person is None:
                self.message_user(request, "No person with that address (slug).", messages.ERROR)
                return None
            try:
                curation.merge_candidate(candidate, person, request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
                return None
            self.message_user(
                request, f"{candidate.name} is now a name of {person.name}.", messages.SUCCESS
            )
            return None
        surname = candidate.name.split()[-1]
        likely = Person.objects.filter(
            Q(short_name__iexact=surname) | Q(name__icontains=surname)
        ).order_by("-is_leader", "name")[:10]
        return self._confirm(
            request, queryset, "merge_action", "Merge into an existing person", likely=likely
        )

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


class UniqueInlineFormSet(BaseInlineFormSet):
    """An inline whose rows must not repeat one field (a participant, an article)."""

    unique_field = None
    message = ""

    def clean(self):
        super().clean()
        values = [
            f.cleaned_data.get(self.unique_field)
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        values = [v for v in values if v]
        if len(values) != len(set(values)):
            raise ValidationError(self.message)


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


ArticleAdmin.inlines = [MentionInline, ArticleEventInline]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
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
        if queryset.count() != 1:
            self.message_user(request, "Merge one event at a time.", messages.ERROR)
            return None
        gone = queryset.first()
        if request.POST.get("confirm") == "yes":
            keep = Event.objects.filter(slug=request.POST.get("event", "")[:100]).first()
            if keep is None:
                self.message_user(request, "No event with that address (slug).", messages.ERROR)
                return None
            try:
                curation.merge_events(keep, gone)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
                return None
            self.message_user(request, f"{gone.title} is merged into {keep.title}.")
            return None
        likely = Event.objects.exclude(pk=gone.pk).filter(
            first_day__lte=gone.last_day, last_day__gte=gone.first_day
        )[:10]
        return _event_confirm(
            self, request, queryset, "merge_action", "Merge into another event", likely=likely
        )


def _event_confirm(model_admin, request, queryset, action, title, **extra):
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "items": list(queryset[:20]),
        "action": action,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "opts": model_admin.model._meta,
        **extra,
    }
    return TemplateResponse(request, "admin/archive/event_decide.html", context)


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

    class Media:
        css = {"all": ["css/admin-queue.css"]}
        js = ["js/admin-queue.js"]

    @admin.display(description="Evidence (people marked) · keys: a accepts, r rejects")
    def evidence_marked(self, obj):
        first = next(iter(obj.evidence.all()), None)
        return marked(first.sentence if first else "", [p.name for p in obj.people.all()])

    @admin.action(description="Accept: make it an event…", permissions=["change"])
    def accept_action(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Accept one suggestion at a time.", messages.ERROR)
            return None
        suggestion = queryset.first()
        confirmed = request.POST.get("confirm") == "yes"
        initial = {
            field: getattr(suggestion, field)
            for field in ("title", "kind", "city", "country", "start", "start_precision",
                          "end", "end_precision")
        }  # fmt: skip
        form = AcceptEventForm(request.POST if confirmed else None, initial=initial)
        if confirmed and form.is_valid():
            changes = dict(form.cleaned_data)
            try:
                event = curation.accept_suggestion(suggestion, request.user, **changes)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
                return None
            self.message_user(
                request,
                format_html(
                    'The event <a href="{}">{}</a> is made, with its people and articles.',
                    event.get_absolute_url(),
                    event.title,
                ),
                messages.SUCCESS,
            )
            return None
        return _event_confirm(
            self, request, queryset, "accept_action", "Accept: make it an event", form=form
        )

    @admin.action(description="Merge into an existing event…", permissions=["change"])
    def merge_action(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Merge one suggestion at a time.", messages.ERROR)
            return None
        suggestion = queryset.first()
        if request.POST.get("confirm") == "yes":
            event = Event.objects.filter(slug=request.POST.get("event", "")[:100]).first()
            if event is None:
                self.message_user(request, "No event with that address (slug).", messages.ERROR)
                return None
            try:
                curation.merge_suggestion(suggestion, event, request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
                return None
            self.message_user(request, f"Added to {event.title}.", messages.SUCCESS)
            return None
        likely = Event.objects.filter(
            first_day__lte=suggestion.last_day + timezone.timedelta(days=7),
            last_day__gte=suggestion.first_day - timezone.timedelta(days=7),
        )[:10]
        return _event_confirm(
            self, request, queryset, "merge_action", "Merge into an existing event", likely=likely
        )

    @admin.action(description="Reject (never proposed again)", permissions=["change"])
    def reject_action(self, request, queryset):
        count = curation.reject_suggestions(list(queryset), request.user)
        self.message_user(request, f"{count} suggestion(s) rejected.", messages.SUCCESS)


@admin.register(EventDecision)
class EventDecisionAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "suggestion", "action", "event"]
    list_select_related = ["user", "suggestion", "event"]
    list_filter = ["action", "user"]
