from django.http import Http404
from django.shortcuts import redirect, render

from archive import coverage
from archive.models import Article, Mention, Person
from archive.views.paging import page_of_ids


def find_person(slug):
    """(person, moved) for a slug (an old slug of a merged person is moved), else a 404."""
    person, moved = Person.objects.find_by_slug(slug)
    if person is None:
        raise Http404("No such person")
    return person, moved


def _rows(article_ids, people):
    """The articles with these ids, in order, each with the sentences that name ``people``:
    one query (every listed article has a mention of each of them)."""
    articles, contexts = {}, {}
    for mention in (
        Mention.objects.filter(article_id__in=article_ids, person__in=people)
        .select_related("article__source")
        .only("article_id", "person_id", "context", *_ARTICLE_FIELDS)
    ):
        articles[mention.article_id] = mention.article
        contexts.setdefault(mention.article_id, {})[mention.person_id] = mention.context
    return [
        {
            "article": articles[article_id],
            "contexts": [
                c for c in dict.fromkeys(contexts[article_id].get(p.pk, "") for p in people) if c
            ],
        }
        for article_id in article_ids
        if article_id in articles
    ]


_ARTICLE_FIELDS = [
    f"article__{name}"
    for name in ("id", "title", "slug", "published", "date_precision", "dateline", "source_id")
] + ["article__source__name", "article__source__slug"]


def person_detail(request, slug):
    person, moved = find_person(slug)
    if moved:
        return redirect("person", slug=person.slug, permanent=True)
    figures = coverage.cached("person", person.pk, compute=lambda: _person_figures(person))
    ctx = {
        "person": person,
        "aliases": list(person.aliases.all()),
        **figures,
        "page": page_of_ids(request, coverage.ids_of(person), lambda ids: _rows(ids, [person])),
    }
    return render(request, "archive/person.html", ctx)


def _person_figures(person):
    articles = Article.objects.naming(person)
    numbers = coverage.stats(articles)
    outlets, kinds, controls = coverage.sources_breakdown(articles)
    return {
        "stats": numbers,
        "chart": coverage.timeline(articles, numbers["first"], numbers["last"]),
        "outlets": outlets,
        "kinds": kinds,
        "controls": controls,
        "companions": coverage.companions(person),
    }


def person_pair(request, slug, other):
    person, moved_a = find_person(slug)
    partner, moved_b = find_person(other)
    if moved_a or moved_b:
        return redirect("person_pair", slug=person.slug, other=partner.slug, permanent=True)
    if person.pk == partner.pk:
        return redirect("person", slug=person.slug)
    articles = Article.objects.naming(person, partner)

    def figures():
        numbers = coverage.stats(articles)
        return {
            "stats": numbers,
            "chart": coverage.timeline(articles, numbers["first"], numbers["last"]),
        }

    pair = coverage.cached("pair", person.pk, partner.pk, compute=figures)
    page = page_of_ids(
        request, coverage.ids_of(person, partner), lambda ids: _rows(ids, [person, partner])
    )
    ctx = {
        "person": person,
        "partner": partner,
        "stats": pair["stats"],
        "chart": pair["chart"],
        "page": page,
    }
    return render(request, "archive/pair.html", ctx)
