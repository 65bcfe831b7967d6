import time

from django.core.paginator import EmptyPage, Paginator
from django.db.models import Q
from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import render
from django.template import RequestContext
from django.template.defaulttags import querystring
from django.urls import reverse
from django.views.decorators.http import require_GET

from archive import indexing
from archive.countries import country_name
from archive.languages import language_name
from archive.models import Alias, Article, Event, EventArticle, Mention, Person, Source
from archive.names import normalize_name
from archive.sanitize import html_to_text
from archive.search.collapsing import article_count
from archive.search.errors import IndexMissing
from archive.search.forms import SearchForm
from archive.search.highlight import needles_for, snippet
from archive.search.query import clean_input
from archive.search.text import edit_distance
from archive.views.paging import PER_PAGE

MAX_PAGE = 500
FEW_HITS = 3


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
        # One search gives the page, the exact total and the facets: slice it first, so
        # that the Paginator's count and page come from what the search returned.
        start = (number - 1) * PER_PAGE
        try:
            results = list(sqs[start : start + PER_PAGE])
        except IndexMissing:
            indexing.index_missing()
            form.notes.append(
                "The search index is being rebuilt: search will be back in a few minutes. "
                "Meanwhile, browse the articles by date, source or person."
            )
            ctx["unavailable"] = True
            return render(request, "archive/search.html", ctx, status=503)
        try:
            page = Paginator(sqs, PER_PAGE).page(number)
        except EmptyPage as exc:
            if number == 1:
                page = None
            else:
                raise Http404("No such page") from exc
        total = sqs.count()
        ctx["page"] = page
        ctx["total"] = total
        ctx["articles"] = article_count(sqs)
        ctx["collapsing"] = form.collapsing
        ctx["collapse_link"] = _link(request, collapse="0" if form.collapsing else None)
        ctx["rows"] = _rows(results, form)
        ctx["facets"] = _facets(sqs.facet_counts(), form, request)
        if total < FEW_HITS and form.parsed.root is not None:
            ctx["suggestion"] = _suggestion(sqs, form, total)
    ctx["active_filters"] = _active_filters(request, form)
    # The same search as data and as a feed (every hit; the page and sort aside).
    params = request.GET.copy()
    params.pop("page", None)
    query = params.urlencode()
    ctx["export_query"] = f"?{query}" if query else ""
    params.pop("sort", None)
    ctx["feed_url"] = reverse("search_feed") + (f"?{params.urlencode()}" if params else "")
    ctx["elapsed"] = time.perf_counter() - started
    return render(request, "archive/search.html", ctx)


def _rows(results, form):
    """The page's articles (one query), their people (one query) and their snippets."""
    ids = [int(r.pk) for r in results]
    copies = {int(r.pk): getattr(r, "copies", 0) for r in results}
    articles = Article.objects.select_related("source").in_bulk(ids)
    people = {}
    for mention in (
        Mention.objects.visible()
        .filter(article_id__in=ids)
        .select_related("person")
        .order_by("-person__is_leader", "-count", "person__name")
    ):
        people.setdefault(mention.article_id, []).append(mention.person)
    events = {}
    for link in EventArticle.objects.filter(article_id__in=ids).select_related("event"):
        events.setdefault(link.article_id, []).append(link.event)
    needles = needles_for(form.parsed)
    rows = []
    start, end = form.values.get("date_from"), form.values.get("date_to")
    for article_id in ids:
        article = articles.get(article_id)
        if article is None:
            continue  # deleted since it was indexed; the queue removes it shortly
        article.imprecise = bool(start or end) and article.imprecise_within(start, end)
        paragraphs = [article.title, article.standfirst, *html_to_text(article.body).split("\n")]
        rows.append(
            {
                "article": article,
                "people": people.get(article_id, [])[:8],
                "events": events.get(article_id, [])[:3],
                "snippet": snippet(
                    paragraphs[1:], needles, fallback=article.standfirst, language=article.language
                ),
                "title": (
                    snippet([article.title], needles, language=article.language)
                    if not needles.empty
                    else None
                ),
                "copies": copies.get(article_id, 0),
            }
        )
    return rows


def _link(request, **changes):
    """This search's URL with parameters changed (a value or a list sets, None drops), the
    page dropped: what ``{% querystring %}`` gives in a template, for links the view lists."""
    return querystring(RequestContext(request), page=None, **changes)


def _with(people, person):
    return [p.slug for p in people if p.pk != person.pk] + [person.slug]


def _without(people, person):
    return [p.slug for p in people if p.pk != person.pk]


def _facets(counts, form, request):
    fields = counts.get("fields", {}) if counts else {}
    sources = dict(fields.get("source", [])[:10])
    people = dict(fields.get("person", [])[:12])
    events = dict(fields.get("event", [])[:12])
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
            "url": _link(request, person=_with(form.people, p)),
            "active": p.pk in active_people,
        }
        for p in Person.objects.filter(name__in=people)
    ]
    event_rows = [
        {
            "name": e.title,
            "count": events[e.slug],
            "url": _link(request, event=e.slug),
            "active": bool(form.event_obj and form.event_obj.pk == e.pk),
        }
        for e in Event.objects.filter(slug__in=events)
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
        "events": sorted(event_rows, key=lambda r: (-r["count"], r["name"])),
        "years": year_rows,
        "kinds": _choice_rows(request, form, fields, "source_kind", "kind", Source.Kind),
        "controls": _choice_rows(
            request, form, fields, "source_control", "control", Source.Control
        ),
        "countries": [
            {
                "name": country_name(code),
                "count": count,
                "url": _link(request, country=code),
                "active": form.values.get("country") == code,
            }
            for code, count in fields.get("source_country", [])[:15]
        ],
        "languages": [
            {
                "name": language_name(code),
                "count": count,
                "url": _link(request, language=code),
                "active": form.values.get("language") == code,
            }
            for code, count in fields.get("language", [])[:15]
        ],
    }


def _choice_rows(request, form, fields, facet, parameter, choices):
    labels = dict(choices.choices)
    return [
        {
            "name": labels.get(value, value),
            "count": count,
            "url": _link(request, **{parameter: value}),
            "active": form.values.get(parameter) == value,
        }
        for value, count in fields.get(facet, [])
        if value in labels
    ]


def _suggestion(sqs, form, hits):
    """'Did you mean': a corrected query, offered only when it finds more. A known name
    near the words typed ("kim jong unn": Kim Jong Un) comes before the engine's word by
    word corrections, which know no names ("kim jong cnn")."""
    text = form.parsed.text
    # A fresh clone: the engine's suggestion is computed with its own search, only here.
    for suggested in (_name_suggestion(text), sqs.all().spelling_suggestion(text)):
        if not suggested or suggested.strip().lower() == text.strip().lower():
            continue
        corrected = SearchForm({"q": suggested}).resolve()
        if not corrected.can_search:
            continue
        found = corrected.search_queryset().count()
        if found <= hits:
            continue
        params = QueryDict(mutable=True)
        params["q"] = suggested  # the corrected words alone, as they were counted
        return {"query": suggested, "hits": found, "params": params}
    return None


def _name_suggestion(text, limit=2):
    """The query with a run of its words replaced by the known name (a person's name or
    alias) nearest to it, within one edit (two for a long name), or None."""
    words = text.split()
    if not words or len(words) > 12:
        return None
    names = {}
    for name in Person.objects.values_list("name", flat=True):
        names.setdefault(normalize_name(name), name)
    for alias in Alias.objects.filter(kind="full").values_list("name", flat=True):
        names.setdefault(normalize_name(alias), alias)
    best = None
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + 4) + 1):
            run = normalize_name(" ".join(words[i:j]))
            if len(run) < 5 or run in names:
                continue
            allowed = 1 if len(run) < 9 else limit
            for key, display in names.items():
                if abs(len(key) - len(run)) > allowed or key[:1] != run[:1]:
                    continue
                distance = edit_distance(run, key, limit=allowed)
                if distance <= allowed:
                    score = (distance, -(j - i))
                    if best is None or score < best[0]:
                        best = (score, [*words[:i], display, *words[j:]])
    return " ".join(best[1]) if best else None


def _active_filters(request, form):
    """Each active filter with the URL that removes it."""
    filters = []

    if form.source_obj:
        filters.append(
            {"label": f"Source: {form.source_obj.name}", "url": _link(request, source=None)}
        )
    for person in form.people:
        filters.append(
            {
                "label": f"Person: {person.name}",
                "url": _link(request, person=_without(form.people, person)),
            }
        )
    if form.event_obj:
        filters.append(
            {"label": f"Event: {form.event_obj.title}", "url": _link(request, event=None)}
        )
    if form.values.get("year"):
        filters.append({"label": f"Year: {form.values['year']}", "url": _link(request, year=None)})
    for name, choices in (("kind", Source.Kind), ("control", Source.Control)):
        if form.values.get(name):
            label = dict(choices.choices).get(form.values[name], form.values[name])
            filters.append({"label": f"Outlet: {label}", "url": _link(request, **{name: None})})
    if form.values.get("country"):
        country = country_name(form.values["country"])
        filters.append({"label": f"Outlet in {country}", "url": _link(request, country=None)})
    if form.values.get("language"):
        name = language_name(form.values["language"])
        filters.append({"label": f"Language: {name}", "url": _link(request, language=None)})
    if form.values.get("date_from"):
        filters.append(
            {
                "label": f"From {form.values['date_from']:%d %b %Y}",
                "url": _link(request, **{"from": None}),
            }
        )
    if form.values.get("date_to"):
        filters.append(
            {"label": f"To {form.values['date_to']:%d %b %Y}", "url": _link(request, to=None)}
        )
    return filters


@require_GET
def person_autocomplete(request):
    """People whose name or alias starts with the typed text (JSON, for the search box)."""
    text = clean_input(request.GET.get("q", ""))[:100]
    if len(text) < 2:
        return JsonResponse({"results": []})
    # Names compared as aliases are stored (archive.names): case folded in every script, so
    # "путин" finds "Владимир Путин" and "kim jong" finds "Kim Jong-un".
    folded = normalize_name(text)
    people = (
        Person.objects.filter(
            Q(name__istartswith=text)
            | Q(name__icontains=f" {text}")
            | Q(aliases__normalized__startswith=folded)
            | Q(aliases__normalized__contains=f" {folded}")
        )
        .with_article_counts()
        .order_by("-is_leader", "-article_count", "name")
        .distinct()[:8]
    )
    return JsonResponse(
        {
            "results": [
                {
                    "name": p.name,
                    "slug": p.slug,
                    "url": p.get_absolute_url(),
                    "articles": p.article_count,
                    "query": f'person:"{p.name}"',
                }
                for p in people
            ]
        }
    )
