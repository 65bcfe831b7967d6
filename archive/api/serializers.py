"""What the API says of each thing: the same facts the pages show, as JSON. Text is plain
text (JSON escapes it); the article body is the stored, sanitized HTML, beside its text."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from archive.models import (
    Article,
    ArticleVersion,
    Event,
    EventArticle,
    EventParticipant,
    Mention,
    OfficeHolding,
    Person,
    Source,
    Story,
)
from archive.sanitize import html_to_text


@extend_schema_field(OpenApiTypes.URI)
class PageUrl(serializers.Field):
    """The absolute URL of the object's page on the site."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, obj):
        request = self.context.get("request")
        path = obj.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class SourceBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "slug", "name", "kind", "control", "country"]


class SourceSerializer(serializers.ModelSerializer):
    page = PageUrl()
    names = serializers.SerializerMethodField()
    domains = serializers.SerializerMethodField()

    class Meta:
        model = Source
        fields = [
            "id", "slug", "name", "kind", "control", "country", "homepage", "names", "domains",
            "page",
        ]  # fmt: skip

    def get_names(self, obj) -> list[str]:
        return [n.name for n in obj.names.all()]

    def get_domains(self, obj) -> list[str]:
        return [d.domain for d in obj.domains.all()]


class OfficeSerializer(serializers.ModelSerializer):
    class Meta:
        model = OfficeHolding
        fields = [
            "kind", "title", "country", "org", "to", "start", "start_precision", "end",
            "end_precision", "acting",
        ]  # fmt: skip


class PersonBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "slug", "name"]


class PersonSerializer(serializers.ModelSerializer):
    page = PageUrl()
    aliases = serializers.SerializerMethodField()
    offices = OfficeSerializer(many=True, read_only=True)
    role = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id", "slug", "name", "short_name", "country", "is_leader", "role", "description",
            "wikidata_id", "aliases", "offices", "page",
        ]  # fmt: skip

    def get_aliases(self, obj) -> list[str]:
        return [a.name for a in obj.aliases.all()]

    def get_role(self, obj) -> str:
        return obj.role_line or ""


class ArticleSerializer(serializers.ModelSerializer):
    """An article in a list: no body."""

    page = PageUrl()
    source = SourceBriefSerializer(read_only=True, allow_null=True)
    people = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    original_url = serializers.CharField(source="url", read_only=True)

    class Meta:
        model = Article
        fields = [
            "id", "slug", "title", "standfirst", "source", "published", "date_precision",
            "published_until", "dateline", "byline", "language", "section", "story",
            "original_url", "people", "events", "page",
        ]  # fmt: skip

    def get_people(self, obj) -> list[dict]:
        mentions = getattr(obj, "visible_mentions", None)
        if mentions is None:
            mentions = obj.mentions.visible().select_related("person")
        return [{"slug": m.person.slug, "name": m.person.name} for m in mentions]

    def get_events(self, obj) -> list[dict]:
        links = getattr(obj, "event_list", None)
        if links is None:
            links = obj.event_links.select_related("event")
        return [
            {"slug": link.event.slug, "title": link.event.title, "relation": link.relation}
            for link in links
        ]


class VersionSerializer(serializers.ModelSerializer):
    text = serializers.SerializerMethodField()

    class Meta:
        model = ArticleVersion
        fields = [
            "title", "standfirst", "body", "text", "published", "date_precision", "seen_at",
            "replaced_at",
        ]  # fmt: skip

    def get_text(self, obj) -> str:
        return html_to_text(obj.body)


class ArticleDetailSerializer(ArticleSerializer):
    """An article whole: its sanitized body, that body's plain text, every earlier version,
    its agencies and its mentions with their status."""

    text = serializers.SerializerMethodField()
    versions = VersionSerializer(many=True, read_only=True)
    mentions = serializers.SerializerMethodField()

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body", "text", "versions", "mentions"]

    def get_text(self, obj) -> str:
        return html_to_text(obj.body)

    def get_mentions(self, obj) -> list[dict]:
        return [
            {"person": m.person.slug, "status": m.status, "count": m.count, "context": m.context}
            for m in obj.mentions.exclude(status="rejected").select_related("person")
        ]


class MentionSerializer(serializers.ModelSerializer):
    person = PersonBriefSerializer(read_only=True)
    article = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Mention
        fields = ["id", "article", "person", "status", "count", "context"]


class StorySerializer(serializers.ModelSerializer):
    page = PageUrl()
    articles = serializers.SerializerMethodField()

    class Meta:
        model = Story
        fields = ["id", "title", "origin", "created", "articles", "page"]

    def get_articles(self, obj) -> list[dict]:
        return [
            {"id": a.pk, "title": a.title, "source": a.source.name if a.source_id else None,
             "published": a.published}
            for a in obj.articles.select_related("source").order_by("published", "pk")
        ]  # fmt: skip


class ParticipantSerializer(serializers.ModelSerializer):
    person = PersonBriefSerializer(read_only=True)

    class Meta:
        model = EventParticipant
        fields = ["person", "role"]


class CoverageSerializer(serializers.ModelSerializer):
    article = serializers.SerializerMethodField()

    class Meta:
        model = EventArticle
        fields = ["article", "relation"]

    def get_article(self, obj) -> dict:
        article = obj.article
        source = article.source
        return {
            "id": article.pk,
            "title": article.title,
            "published": article.published,
            "source": source.name if source else None,
            "source_control": source.control if source else None,
        }


class EventSerializer(serializers.ModelSerializer):
    page = PageUrl()
    participants = ParticipantSerializer(many=True, read_only=True)
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    dates = serializers.CharField(source="dates_display", read_only=True)

    class Meta:
        model = Event
        fields = [
            "id", "slug", "title", "kind", "status", "city", "country", "start",
            "start_precision", "end", "end_precision", "first_day", "last_day", "dates",
            "announced", "announced_precision", "description", "parent", "participants",
            "page",
        ]  # fmt: skip


class EventDetailSerializer(EventSerializer):
    coverage = CoverageSerializer(many=True, read_only=True)

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "coverage"]
