"""Every view of the archive as data: a search (every hit, copies included) or a person's,
a pair's, a source's, an event's or a story's articles, as CSV or JSON lines, and cited as
RIS or CSL-JSON; one article cited on its own. Streamed (archive.exports)."""

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from archive import coverage, exports
from archive.models import Article, Event, Person, Source, Story
from archive.search.errors import IndexMissing
from archive.search.forms import SearchForm


def _format(fmt):
    if fmt not in exports.FORMATS:
        raise Http404("No such format")
    return fmt


def _base_url(request):
    return request.build_absolute_uri("/")[:-1]


def _body(request):
    return request.GET.get("body") == "1"


@require_GET
def search_export(request, fmt):
    """Every article the search finds (copies of a story included), newest first unless
    the search sorts otherwise."""
    fmt = _format(fmt)
    params = request.GET.copy()
    params["collapse"] = "0"
    form = SearchForm(params).resolve()
    if not form.can_search:
        return HttpResponseBadRequest(
            "Nothing to export: give a query or a filter, as on /search/.",
            content_type="text/plain; charset=utf-8",
        )
    sqs = form.search_queryset()
    try:
        sqs.count()  # the index is there (the count is kept for the export's slices)
    except IndexMissing:
        response = HttpResponseBadRequest(
            "The search index is being rebuilt: try again in a few minutes.",
            content_type="text/plain; charset=utf-8",
        )
        response.status_code = 503
        response["Retry-After"] = "120"
        return response
    name = "search-" + "-".join(w for w in (form.parsed.text or "all").split()[:5])[:60]
    return exports.streamed(
        fmt, exports.search_ids(sqs), _safe(name), body=_body(request), base_url=_base_url(request)
    )


def _person(slug):
    person, _moved = Person.objects.find_by_slug(slug)
    if person is None:
        raise Http404("No such person")
    return person


@require_GET
def person_export(request, slug, fmt, other=None):
    fmt = _format(fmt)
    people = [_person(slug), *([_person(other)] if other else [])]
    ids = coverage.ids_of(*people)
    name = "-".join(p.slug for p in people)
    return exports.streamed(fmt, ids, name, body=_body(request), base_url=_base_url(request))


@require_GET
def source_export(request, slug, fmt):
    fmt = _format(fmt)
    source = get_object_or_404(Source, slug=slug)
    ids = Article.objects.filter(source=source).newest_first().values_list("id", flat=True)
    return exports.streamed(
        fmt, ids.iterator(chunk_size=2000), source.slug, body=_body(request),
        base_url=_base_url(request),
    )  # fmt: skip


@require_GET
def event_export(request, slug, fmt):
    fmt = _format(fmt)
    event = get_object_or_404(Event, slug=slug)
    ids = list(event.coverage.order_by("article__published", "article_id").values_list(
        "article_id", flat=True))  # fmt: skip
    return exports.streamed(fmt, ids, event.slug, body=_body(request), base_url=_base_url(request))


@require_GET
def story_export(request, pk, fmt):
    fmt = _format(fmt)
    story = get_object_or_404(Story, pk=pk)
    ids = list(story.articles.order_by("published", "id").values_list("id", flat=True))
    return exports.streamed(
        fmt, ids, f"story-{story.pk}", body=_body(request), base_url=_base_url(request)
    )


@require_GET
def article_cite(request, slug, fmt):
    fmt = _format(fmt)
    article = get_object_or_404(Article, slug=slug)
    return exports.streamed(
        fmt, [article.pk], _safe(article.slug[:60]), base_url=_base_url(request)
    )


def _safe(name):
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in name) or "export"
