"""The API's endpoints: read-only lists (by cursor) and details, and search."""

import datetime

from django.core.paginator import EmptyPage, Paginator
from django.db.models import Prefetch
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from archive.api import serializers as s
from archive.models import (
    Article,
    Event,
    EventArticle,
    EventParticipant,
    Mention,
    Person,
    Source,
    Story,
)
from archive.search.collapsing import article_count
from archive.search.errors import IndexMissing
from archive.search.forms import SearchForm
from archive.views.paging import PER_PAGE
from archive.views.search import MAX_PAGE

MAX_PAGE_SIZE = 100


class KnownParameters:
    """Refuses a parameter the endpoint does not take (a typo, ``format=``): a 400 that
    names it, rather than a filter silently not applied."""

    parameters = frozenset()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        taken = set(self.parameters)
        if getattr(self, "action", None) == "list":
            taken |= {"cursor", "page_size"}
        unknown = sorted(set(request.query_params) - taken)
        if unknown:
            raise ValidationError(
                {name[:40]: "This endpoint takes no such parameter." for name in unknown[:10]}
            )


class LastModified:
    """A detail's Last-Modified from the object's last change (ConditionalGetMiddleware
    then answers If-Modified-Since with 304)."""

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        updated = getattr(self.get_object(), "updated", None)
        if updated is not None:
            response["Last-Modified"] = http_date(updated.timestamp())
        return response


class ById(CursorPagination):
    """Newest id first; ``cursor`` from the previous page's ``next`` link."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class ByEventDate(ById):
    ordering = ("-first_day", "-id")


def _slug(params, name):
    value = params.get(name)
    if value is None:
        return None
    if not value or len(value) > 100 or not all(c.isalnum() or c in "-_" for c in value):
        raise ValidationError({name: f"{value[:100]!r} is not an address (slug)."})
    return value


def _date(params, name):
    value = params.get(name)
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise ValidationError({name: f"{value[:40]!r} is not a date (YYYY-MM-DD)."}) from exc


def _choice(params, name, choices):
    value = params.get(name)
    if value is None:
        return None
    if value not in dict(choices):
        raise ValidationError({name: f"{value[:40]!r} is not one of {sorted(dict(choices))}."})
    return value


SLUG = OpenApiParameter.QUERY
# What a parameter accepts, declared so that the schema says what the API checks.
SLUG_SCHEMA = {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$", "minLength": 1, "maxLength": 100}
COUNTRY_SCHEMA = {"type": "string", "pattern": "^[A-Za-z]{2}$"}
LANGUAGE_SCHEMA = {"type": "string", "pattern": "^[a-z]{2,3}$"}
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": 2**62}
FILTERS = {
    "articles": [
        OpenApiParameter("source", SLUG_SCHEMA, SLUG, description="a source's slug"),
        OpenApiParameter("person", SLUG_SCHEMA, SLUG, description="a person's slug (visible tags)"),
        OpenApiParameter("event", SLUG_SCHEMA, SLUG, description="an event's slug"),
        OpenApiParameter("language", LANGUAGE_SCHEMA, SLUG, description="ISO 639-1, und: unknown"),
        OpenApiParameter("from", OpenApiTypes.DATE, SLUG, description="dated from (overlap)"),
        OpenApiParameter("to", OpenApiTypes.DATE, SLUG, description="dated to (overlap)"),
    ],
    "events": [
        OpenApiParameter("person", SLUG_SCHEMA, SLUG, description="a participant's slug"),
        OpenApiParameter("country", COUNTRY_SCHEMA, SLUG, description="ISO 3166 code"),
        OpenApiParameter("kind", str, SLUG, enum=Event.Kind.values),
        OpenApiParameter("status", str, SLUG, enum=Event.Status.values),
    ],
}


def article_queryset():
    """Articles with their source, visible people and events: three queries a page."""
    return Article.objects.select_related("source").prefetch_related(
        Prefetch(
            "mentions",
            queryset=Mention.objects.visible().select_related("person"),
            to_attr="visible_mentions",
        ),
        Prefetch(
            "event_links",
            queryset=EventArticle.objects.select_related("event"),
            to_attr="event_list",
        ),
    )


@extend_schema(parameters=FILTERS["articles"])
class ArticleViewSet(KnownParameters, LastModified, viewsets.ReadOnlyModelViewSet):
    """Articles, newest id first (cursor pages); an article whole with its body, text,
    versions and mentions."""

    pagination_class = ById
    parameters = frozenset({"source", "person", "event", "language", "from", "to"})

    def get_serializer_class(self):
        return s.ArticleDetailSerializer if self.action == "retrieve" else s.ArticleSerializer

    def get_queryset(self):
        articles = article_queryset()
        if self.action == "retrieve":
            return articles.prefetch_related("versions")
        params = self.request.query_params
        if slug := _slug(params, "source"):
            articles = articles.filter(source__slug=slug)
        if slug := _slug(params, "person"):
            articles = articles.filter(
                mentions__person__slug=slug, mentions__status__in=Mention.VISIBLE_STATUSES
            )
        if slug := _slug(params, "event"):
            articles = articles.filter(event_links__event__slug=slug)
        if language := params.get("language"):
            articles = articles.filter(language=language[:8])
        if start := _date(params, "from"):
            articles = articles.filter(published_until__gte=start)
        if end := _date(params, "to"):
            articles = articles.filter(published__lte=end)
        return articles


class SourceViewSet(KnownParameters, viewsets.ReadOnlyModelViewSet):
    """Outlets: kind, control, country, the names feeds give them, their domains."""

    serializer_class = s.SourceSerializer
    pagination_class = ById
    lookup_field = "slug"
    queryset = Source.objects.prefetch_related("names", "domains")


class PersonViewSet(KnownParameters, viewsets.ReadOnlyModelViewSet):
    """People: aliases in every script, dated offices."""

    serializer_class = s.PersonSerializer
    pagination_class = ById
    lookup_field = "slug"
    queryset = Person.objects.prefetch_related("aliases", "offices")


class StoryViewSet(KnownParameters, viewsets.ReadOnlyModelViewSet):
    """Stories: the copies of one wire story."""

    serializer_class = s.StorySerializer
    pagination_class = ById
    queryset = Story.objects.all()


@extend_schema(
    parameters=[
        OpenApiParameter("article", ID_SCHEMA, SLUG, description="an article's id"),
        OpenApiParameter("person", SLUG_SCHEMA, SLUG, description="a person's slug"),
        OpenApiParameter("status", str, SLUG, enum=Mention.Status.values),
    ]
)
class MentionViewSet(KnownParameters, viewsets.ReadOnlyModelViewSet):
    """Tags: who is named in which article, with the status of the tag (auto, suggested,
    confirmed, rejected) and the sentence that names them."""

    serializer_class = s.MentionSerializer
    pagination_class = ById
    parameters = frozenset({"article", "person", "status"})

    def get_queryset(self):
        mentions = Mention.objects.select_related("person")
        params = self.request.query_params
        if (article := params.get("article")) is not None:
            if not article.isdigit() or not 1 <= int(article) <= 2**62:
                raise ValidationError({"article": "An article's id is a positive number."})
            mentions = mentions.filter(article_id=int(article))
        if slug := _slug(params, "person"):
            mentions = mentions.filter(person__slug=slug)
        if status := _choice(params, "status", Mention.Status.choices):
            mentions = mentions.filter(status=status)
        return mentions


@extend_schema(parameters=FILTERS["events"])
class EventViewSet(KnownParameters, LastModified, viewsets.ReadOnlyModelViewSet):
    """Curated events, newest first: participants; one event with its coverage."""

    pagination_class = ByEventDate
    parameters = frozenset({"person", "country", "kind", "status"})
    lookup_field = "slug"

    def get_serializer_class(self):
        return s.EventDetailSerializer if self.action == "retrieve" else s.EventSerializer

    def get_queryset(self):
        events = Event.objects.select_related("parent").prefetch_related(
            Prefetch("participants", queryset=EventParticipant.objects.select_related("person")),
            Prefetch("coverage", queryset=EventArticle.objects.select_related("article__source")),
        )
        params = self.request.query_params
        if slug := _slug(params, "person"):
            events = events.filter(participants__person__slug=slug)
        if country := params.get("country"):
            events = events.filter(country=country.upper()[:2])
        if kind := _choice(params, "kind", Event.Kind.choices):
            events = events.filter(kind=kind)
        if status := _choice(params, "status", Event.Status.choices):
            events = events.filter(status=status)
        return events


PARTIAL_DATE = {"type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"}


def _many(name, items, description):
    return OpenApiParameter(
        name, {"type": "array", "items": items, "maxItems": 10}, SLUG, style="form",
        explode=True, description=description,
    )  # fmt: skip


KIND_SCHEMA = {"type": "string", "enum": Source.Kind.values}
CONTROL_SCHEMA = {"type": "string", "enum": Source.Control.values}
YEAR_SCHEMA = {"type": "integer", "minimum": 1900, "maximum": 2100}
FACET_SCHEMAS = {
    "source": (SLUG_SCHEMA, "sources' slugs"), "event": (SLUG_SCHEMA, "events' slugs"),
    "year": (YEAR_SCHEMA, "years"), "kind": (KIND_SCHEMA, "kinds of outlet"),
    "control": (CONTROL_SCHEMA, "who controls the outlet"),
    "country": (COUNTRY_SCHEMA, "outlets' countries (ISO 3166)"),
    "language": (LANGUAGE_SCHEMA, "languages (ISO 639-1, und: unknown)"),
    "person": (SLUG_SCHEMA, "people's slugs"),
}  # fmt: skip
SEARCH_PARAMETERS = [
    OpenApiParameter(
        "q", {"type": "string", "maxLength": 2000}, SLUG,
        description="the query, in the search page's syntax (cut at 500 characters)",
    ),
    _many("person", SLUG_SCHEMA, "people's slugs: articles naming all of them"),
    *(
        _many(name, items, f"{label}: any of them")
        for name, (items, label) in FACET_SCHEMAS.items()
        if name != "person"
    ),
    *(
        _many(f"not_{name}", items, f"{label}: none of them")
        for name, (items, label) in FACET_SCHEMAS.items()
    ),
    OpenApiParameter("from", PARTIAL_DATE, SLUG, description="YYYY-MM-DD, YYYY-MM or YYYY"),
    OpenApiParameter("to", PARTIAL_DATE, SLUG, description="YYYY-MM-DD, YYYY-MM or YYYY"),
    OpenApiParameter("collapse", str, SLUG, enum=["0", "1"], description="0: every copy"),
    OpenApiParameter("sort", str, SLUG, enum=["relevance", "newest", "oldest"]),
    OpenApiParameter(
        "page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}, SLUG,
        description=f"1 to {MAX_PAGE}",
    ),
]  # fmt: skip

FACET = inline_serializer(
    "Facet", {"value": serializers.CharField(), "count": serializers.IntegerField()}
)


class SearchView(KnownParameters, APIView):
    """Search, as /search/ does it: the full query syntax, every filter, the sort, copies of
    a story collapsed unless collapse=0; the page of results, the exact totals and the
    facets with their counts. Bad filters are left out and listed in ``notes``."""

    parameters = frozenset(p.name for p in SEARCH_PARAMETERS)

    @extend_schema(
        parameters=SEARCH_PARAMETERS,
        responses=inline_serializer(
            "SearchResults",
            {
                "query": serializers.CharField(),
                "total": serializers.IntegerField(),
                "articles": serializers.IntegerField(),
                "page": serializers.IntegerField(),
                "pages": serializers.IntegerField(),
                "sort": serializers.CharField(),
                "notes": serializers.ListField(child=serializers.CharField()),
                "results": s.ArticleSerializer(many=True),
                "facets": serializers.DictField(child=serializers.ListField(child=FACET)),
            },
        ),
    )
    def get(self, request):
        raw = request.query_params.get("page", "1")
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
            raise ValidationError({"page": f"A page is a number from 1 to {MAX_PAGE}."})
        number = int(raw)
        if len(request.query_params.get("q", "")) > 2000:
            raise ValidationError({"q": "A query is at most 2,000 characters."})
        form = SearchForm(request.query_params).resolve()
        body = {
            "query": form.parsed.text, "total": 0, "articles": 0, "page": number, "pages": 0,
            "sort": form.chosen_sort, "notes": list(form.notes), "results": [], "facets": {},
        }  # fmt: skip
        if not form.can_search:
            return Response(body)
        sqs = form.search_queryset()
        start = (number - 1) * PER_PAGE
        try:
            hits = list(sqs[start : start + PER_PAGE])
        except IndexMissing:
            return Response(
                {"error": {"status": 503, "message": "The search index is being rebuilt."}},
                status=503,
                headers={"Retry-After": "120"},
            )
        total = sqs.count()
        paginator = Paginator(range(total), PER_PAGE)
        try:
            paginator.page(number)
        except EmptyPage as exc:
            if number != 1:
                raise NotFound(f"No page {number}: there are {paginator.num_pages}.") from exc
        ids = [int(hit.pk) for hit in hits]
        articles = article_queryset().in_bulk(ids)
        rows = [articles[i] for i in ids if i in articles]
        counts = sqs.facet_counts().get("fields", {})
        body.update(
            total=total,
            articles=article_count(sqs),
            pages=paginator.num_pages if total else 0,
            results=s.ArticleSerializer(rows, many=True, context={"request": request}).data,
            facets={
                name: [{"value": value, "count": count} for value, count in values]
                for name, values in counts.items()
            },
        )
        return Response(body)
