from django.http import Http404
from django.shortcuts import redirect, render

from archive import coverage
from archive.models import Mention, Person, PersonRedirect
from archive.views.paging import page_of_ids


def find_person(slug):
    """The person with this slug, or the survivor of a merge for an old slug (redirect)."""
    person = Person.objects.filter(slug=slug).first()
    if person:
        return person, False
    moved = PersonRedirect.objects.select_related("person").filter(old_slug=slug).first()
    if moved:
        return moved.person, True
    raise Http404("No such person")


def person_detail(request, slug):
    person, moved = find_person(slug)
    if moved:
        return redirect("person", slug=person.slug, permanent=True)
    figures = coverage.cached("person", person.pk, compute=lambda: _person_figures(person))
    ids = coverage.ids_of(person)

    def mentions(page_ids):
        found = {
            m.article_id: m
            for m in Mention.objects.visible()
            .filter(person=person, article_id__in=page_ids)
            .select_related("article__source")
        }
        return [found[i] for i in page_ids if i in found]

    ctx = {
        "person": person,
        "aliases": list(person.aliases.all()),
        **figures,
        "page": page_of_ids(request, ids, mentions),
    }
    return render(request, "archive/person.html", ctx)


def _person_figures(person):
    articles = coverage.articles_of(person)
    numbers = coverage.stats(articles)
    outlets, kinds = coverage.sources_breakdown(articles)
    return {
        "stats": numbers,
        "chart": coverage.timeline(articles, numbers["first"], numbers["last"]),
        "outlets": outlets,
        "kinds": kinds,
        "companions": coverage.companions(person),
    }


def person_pair(request, slug, other):
    person, moved_a = find_person(slug)
    partner, moved_b = find_person(other)
    if moved_a or moved_b:
        return redirect("person_pair", slug=person.slug, other=partner.slug, permanent=True)
    if person.pk == partner.pk:
        return redirect("person", slug=person.slug)
    articles = coverage.articles_of(person, partner)

    def figures():
        numbers = coverage.stats(articles)
        return {
            "stats": numbers,
            "chart": coverage.timeline(articles, numbers["first"], numbers["last"]),
        }

    pair = coverage.cached("pair", person.pk, partner.pk, compute=figures)
    numbers = pair["stats"]
    page = page_of_ids(request, coverage.ids_of(person, partner), coverage.articles_by_ids)
    contexts = {}
    for mention in Mention.objects.filter(
        article_id__in=[a.id for a in page], person__in=[person, partner]
    ).only("article_id", "person_id", "context"):
        contexts.setdefault(mention.article_id, {})[mention.person_id] = mention.context
    rows = [
        {
            "article": article,
            "contexts": [
                c
                for c in dict.fromkeys(
                    (
                        contexts.get(article.id, {}).get(person.pk, ""),
                        contexts.get(article.id, {}).get(partner.pk, ""),
                    )
                )
                if c
            ],
        }
        for article in page
    ]
    ctx = {
        "person": person,
        "partner": partner,
        "stats": numbers,
        "chart": pair["chart"],
        "page": page,
        "rows": rows,
    }
    return render(request, "archive/pair.html", ctx)
