from django.contrib import admin

from archive.models import (
    Alias,
    Article,
    Mention,
    MentionDecision,
    MergeLog,
    Person,
    PersonRedirect,
    Source,
)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "status", "count", "context"]
    readonly_fields = ["count", "context"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "date_display", "date_precision"]
    list_filter = ["date_precision", "source__kind", "source"]
    list_select_related = ["source"]
    search_fields = ["title"]
    date_hierarchy = "published"
    autocomplete_fields = ["source"]
    inlines = [MentionInline]
    readonly_fields = ["content_hash", "imported_from", "created", "updated"]
    prepopulated_fields = {"slug": ["title"]}

    @admin.display(description="Date", ordering="published")
    def date_display(self, obj):
        return obj.date_display


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 1
    fields = ["name", "kind"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "country", "is_leader"]
    list_filter = ["is_leader", "country"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AliasInline]


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["person", "article", "status", "count"]
    list_filter = ["status"]
    list_select_related = ["person", "article"]
    autocomplete_fields = ["person", "article"]
    search_fields = ["person__name", "article__title"]


@admin.register(MentionDecision)
class MentionDecisionAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "person", "article", "from_status", "to_status"]
    list_select_related = ["user", "person", "article"]
    list_filter = ["to_status"]


admin.site.register(MergeLog)
admin.site.register(PersonRedirect)
admin.site.site_header = "Diplomatic News Archive: curation"
admin.site.site_title = "Archive curation"
