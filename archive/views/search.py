import time

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from archive.models import Article, Mention, Person, Source
from archive.sanitize import html_to_text
from archive.search.forms import SearchForm
from archive.search.highlight import needles_for, snippet
from archive.search.query import clean_input
from archive.views.paging import PER_PAGE

MAX_PAGE = 500
FEW_HITS = 3


class SearchWindow:
    """The one page of a SearchQuerySet that a Paginator shows: one search gives the page,
    the exact total and the facets; nothing else is fetched."""

    def __init__(self, sqs, page_number, per_page):
        self.sqs = sqs
        self.start = (page_number - 1) * per_page
        self.end = self.start + per_page
        self.results = list(sqs[self.start : self.end])
        self.total = sqs.count()  # known from the search just run

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        if isinstance(index, slice) and index.start == self.start:
            return self.results[: (index.stop or self.end) - self.start]
        raise IndexError("only the page that was searched is available")


def _page_number(request):
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except (TypeError, ValueError) as exc:
        raise Http404("No such page") from exc
    if number < 1 or number > MAX_PAGE:
        raise Http404("No such page")
    return number


@require_GET
def search(request):
    started = time.perf_counter()
    form = SearchForm(request.GET).resolve()
    number = _page_number(request)
    ctx = {
        "form": form,
        "notes": form.notes,
        "query": form.parsed.text,
        "page": None,
        "rows": [],
        "facets": {},
        "suggestion": None,
        "sort": form.chosen_sort,
    }
    if form.can_search:
        sqs = form.search_queryset()
        window = SearchWindow(sqs, number, PER_PAGE)
        paginator = Paginator(window, PER_PAGE)
        try:
            page = paginator.page(number)
        except (EmptyPage, PageNotAnInteger) as exc:
            if number == 1:
                page = None
            else:
                raise Http404("No such page") from exc
        ctx["page"] = page
        ctx["total"] = window.total
        ctx["rows"] = _rows(window.results, form)
        ctx["facets"] = _facets(sqs.facet_counts(), form, request)
        if window.total < FEW_HITS and form.parsed.root is not None:
            ctx["suggestion"] = _suggestion(sqs, form, window.total)
    ctx["active_filters"] = _active_filters(request, form)
    ctx["elapsed"] = time.perf_counter() - started
    return render(request, "archive/search.html", ctx)


def _rows(results, form):
    """The page's articles (one query), their people (one query) and their snippets."""
    ids = [int(r.pk) for r in results]
    articles = Article.objects.select_related("source").in_bulk(ids)
    people = {}
    for mention in (
        Mention.objects.visible()
        .filter(article_id__in=ids)
        .select_related("person")
        .order_by("-person__is_leader", "-count", "person__name")
    ):
        people.setdefault(mention.article_id, []).append(mention.person)
    needles = needles_for(form.parsed)
    rows = []
    for article_id in ids:
        article = articles.get(article_id)
        if article is None:
            continue  # deleted since it was indexed; the queue removes it shortly
        paragraphs = [article.title, article.standfirst, *html_to_text(article.body).split("\n")]
        rows.append(
            {
                "article": article,
                "people": people.get(article_id, [])[:8],
                "snippet": snippet(paragraphs[1:], needles, fallback=article.standfirst),
                "title": snippet([article.title], needles) if not needles.empty else None,
            }
        )
    return rows


def _link(request, **changes):
    """This search's URL with parameters changed: a value sets, a list appends, None drops."""
    params = request.GET.copy()
    params.pop("page", None)
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        elif isinstance(value, list):
            current = params.getlist(name)
            params.setlist(name, current + [v for v in value if v not in current])
        else:
            params[name] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def _facets(counts, form, request):
    fields = counts.get("fields", {}) if counts else {}
    sources = dict(fields.get("source", [])[:10])
    people = dict(fields.get("person", [])[:12])
    years = sorted(fields.get("year", []), key=lambda item: item[0], reverse=True)
    source_rows = [
        {
            "name": s.name,
            "count": sources[s.name],
            "url": _link(request, source=s.slug),
            "active": bool(form.source_obj and form.source_obj.pk == s.pk),
        }
        for s in Source.objects.filter(name__in=sources)
    ]
    active_people = {p.pk for p in form.people}
    person_rows = [
        {
            "name": p.name,
            "count": people[p.name],
            "url": _link(request, person=[p.slug]),
            "active": p.pk in active_people,
        }
        for p in Person.objects.filter(name__in=people)
    ]
    year_rows = [
        {
            "name": y,
            "count": c,
            "url": _link(request, year=y),
            "active": str(form.values.get("year")) == y,
        }
        for y, c in years[:30]
    ]
    return {
        "sources": sorted(source_rows, key=lambda r: (-r["count"], r["name"])),
        "people": sorted(person_rows, key=lambda r: (-r["count"], r["name"])),
        "years": year_rows,
    }


def _suggestion(sqs, form, hits):
    """'Did you mean': a corrected query, offered only when it finds more."""
    # A fresh clone: the suggestion is computed with its own search, only on this path.
    suggested = sqs.all().spelling_suggestion(form.parsed.text)
    if not suggested or suggested.strip().lower() == form.parsed.text.strip().lower():
        return None
    corrected = SearchForm({"q": suggested}).resolve()
    if not corrected.can_search:
        return None
    found = corrected.search_queryset().count()
    return {"query": suggested, "hits": found} if found > hits else None


def _active_filters(request, form):
    """Each active filter with the URL that removes it."""
    filters = []

    def without(name, value=None):
        if value is None:
            return _link(request, **{name: None})
        params = request.GET.copy()
        params.pop("page", None)
        params.setlist(name, [v for v in params.getlist(name) if v != value])
        encoded = params.urlencode()
        return f"?{encoded}" if encoded else "?"

    if form.source_obj:
        filters.append({"label": f"Source: {form.source_obj.name}", "url": without("source")})
    for person in form.people:
        filters.append({"label": f"Person: {person.name}", "url": without("person", person.slug)})
    if form.values.get("year"):
        filters.append({"label": f"Year: {form.values['year']}", "url": without("year")})
    if form.values.get("date_from"):
        filters.append(
            {"label": f"From {form.values['date_from']:%d %b %Y}", "url": without("from")}
        )
    if form.values.get("date_to"):
        filters.append({"label": f"To {form.values['date_to']:%d %b %Y}", "url": without("to")})
    return filters


@require_GET
def person_autocomplete(request):
    """People whose name or alias starts with the typed text (JSON, for the search box)."""
    text = clean_input(request.GET.get("q", ""))[:100]
    if len(text) < 2:
        return JsonResponse({"results": []})
    people = (
        Person.objects.filter(
            Q(name__istartswith=text)
            | Q(aliases__name__istartswith=text)
            | Q(name__icontains=f" {text}")
        )
        .annotate(
            articles=Count(
                "mentions", filter=Q(mentions__status__in=Mention.VISIBLE_STATUSES), distinct=True
            )
        )
        .order_by("-is_leader", "-articles", "name")
        .distinct()[:8]
    )
    return JsonResponse(
        {
            "results": [
                {
                    "name": p.name,
                    "slug": p.slug,
                    "url": p.get_absolute_url(),
                    "articles": p.articles,
                    "query": f'person:"{p.name}"',
                }
                for p in people
            ]
        }
    )
