import time
from collections.abc import Iterable
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, Paginator
from django.db.models import Q
from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import render
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
from archive.search.forms import FACET_COUNTS, SearchForm
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
        ctx["facets"] = _facets(_facet_counts(sqs, form), form, request)
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
    page dropped: what ``{% querystring page=None ... %}`` gives in a template, for the
    links the view lists (a results page has hundreds: the tag copies the QueryDict and
    builds a context for each, a tenth of a search's time)."""
    base = getattr(request, "_search_link_base", None)
    if base is None:
        base = request._search_link_base = {
            key: request.GET.getlist(key) for key in request.GET if key != "page"
        }
    params = dict(base)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        elif isinstance(value, Iterable) and not isinstance(value, str):
            params[key] = list(value)
        else:
            params[key] = [value]
    if not params and not request.GET:
        return ""
    return "?" + urlencode([(key, str(v)) for key, values in params.items() for v in values])


def _with(people, person):
    return [p.slug for p in people if p.pk != person.pk] + [person.slug]


def _without(people, person):
    return [p.slug for p in people if p.pk != person.pk]


SHOWN = 10  # a facet's first values; the rest under "show all"


def _rows_for(request, form, name, entries):
    """Facet rows: (index value, label, parameter value, count) -> dicts with the links
    that add the value (any of the chosen ones), remove it, or exclude it."""
    chosen = form.chosen.get(name, [])
    chosen_params = [param for _v, _l, param in chosen]
    excluded = [param for _v, _l, param in form.excluded.get(name, [])]
    rows = []
    for _value, label, param, count in entries:
        active = param in chosen_params
        if active:
            url = _link(request, **{name: [p for p in chosen_params if p != param] or None})
        else:
            url = _link(request, **{name: [*chosen_params, param]})
        rows.append({
            "name": label, "count": count, "url": url, "active": active,
            "exclude_url": None if active or param in excluded
            else _link(request, **{f"not_{name}": [*excluded, param]}),
        })  # fmt: skip
    return rows


def _facet_counts(sqs, form):
    """The facet counts; a facet with values chosen is counted without its own filter, so
    that it still offers its other values (any of them may be added)."""
    counts = sqs.facet_counts() or {}
    fields = dict(counts.get("fields", {}))
    for name, chosen in form.chosen.items():
        if chosen:
            others = form.search_queryset(skip=name).facet_counts() or {}
            key = FACET_COUNTS[name]
            fields[key] = others.get("fields", {}).get(key, fields.get(key, []))
    return {**counts, "fields": fields}


def _facets(counts, form, request):
    fields = counts.get("fields", {}) if counts else {}
    sources = dict(fields.get("source", []))
    people = dict(fields.get("person", [])[: SHOWN + 2])
    events = dict(fields.get("event", []))
    years = sorted(fields.get("year", []), key=lambda item: item[0], reverse=True)
    source_entries = sorted(
        (
            (s.name, s.name, s.slug, sources[s.name])
            for s in Source.objects.filter(name__in=sources)
        ),
        key=lambda e: (-e[3], e[1]),
    )
    event_entries = sorted(
        ((e.slug, e.title, e.slug, events[e.slug]) for e in Event.objects.filter(slug__in=events)),
        key=lambda e: (-e[3], e[1]),
    )
    active_people = {p.pk for p in form.people}
    person_rows = [
        {
            "name": p.name,
            "count": people[p.name],
            "url": _link(request, person=_with(form.people, p)),
            "active": p.pk in active_people,
            "exclude_url": None
            if p.pk in active_people
            else _link(request, not_person=[*[x for _v, _l, x in form.excluded["person"]], p.slug]),
        }
        for p in Person.objects.filter(name__in=people)
    ]
    kinds, controls = dict(Source.Kind.choices), dict(Source.Control.choices)
    return {
        "sources": _rows_for(request, form, "source", source_entries),
        "people": sorted(person_rows, key=lambda r: (-r["count"], r["name"])),
        "events": _rows_for(request, form, "event", event_entries),
        "years": _rows_for(request, form, "year", [(y, y, y, c) for y, c in years]),
        "kinds": _rows_for(request, form, "kind", [
            (v, kinds[v], v, c) for v, c in fields.get("source_kind", []) if v in kinds
        ]),
        "controls": _rows_for(request, form, "control", [
            (v, controls[v], v, c) for v, c in fields.get("source_control", []) if v in controls
        ]),
        "countries": _rows_for(request, form, "country", [
            (code, country_name(code), code, c) for code, c in fields.get("source_country", [])
        ]),
        "languages": _rows_for(request, form, "language", [
            (code, language_name(code), code, c) for code, c in fields.get("language", [])
        ]),
    }  # fmt: skip


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
    """Each active filter with the URL that removes it: the values of one facet are any of
    them ("Source: Reuters or AP"), an excluded value says so ("Not: Press TV")."""
    filters = []
    labels = {"source": "Source", "event": "Event", "year": "Year", "kind": "Outlet",
              "control": "Outlet", "country": "Outlet in", "language": "Language"}  # fmt: skip
    for person in form.people:
        filters.append(
            {
                "label": f"Person: {person.name}",
                "url": _link(request, person=_without(form.people, person)),
            }
        )
    for name, chosen in form.chosen.items():
        params = [param for _v, _l, param in chosen]
        for index, (_value, label, param) in enumerate(chosen):
            rest = [p for p in params if p != param] or None
            text = f"or {label}" if index else f"{labels[name]}: {label}"
            filters.append({"label": text, "url": _link(request, **{name: rest})})
    for name, excluded in form.excluded.items():
        params = [param for _v, _l, param in excluded]
        for _value, label, param in excluded:
            rest = [p for p in params if p != param] or None
            filters.append(
                {"label": f"Not: {label}", "url": _link(request, **{f"not_{name}": rest})}
            )
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
