import datetime

from django import forms
from django.db.models import Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render

from archive import coverage
from archive.countries import country_problem
from archive.models import Article, Mention, OfficeHolding, Person
from archive.names import normalize_name
from archive.views import events as events_views
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
    share = request.GET.get("share") == "1"
    if share and figures["stats"]["first"]:
        numbers = figures["stats"]
        figures = {
            **figures,
            "chart": coverage.cached(
                "person-share",
                person.pk,
                compute=lambda: coverage.timeline(
                    Article.objects.naming(person), numbers["first"], numbers["last"], share=True
                ),
            ),
        }
    prefetch_related_objects([person], "offices")  # the role line reads them too
    offices = list(person.offices.all())
    ctx = {
        "person": person,
        "aliases": list(person.aliases.all()),
        "offices": offices,
        "office_chart": office_timeline(offices),
        "travels": events_views.travels(person),
        "share": share,
        **figures,
        "page": page_of_ids(request, coverage.ids_of(person), lambda ids: _rows(ids, [person])),
    }
    return render(request, "archive/person.html", ctx)


def office_timeline(offices, width=640, row=18):
    """The offices as horizontal bars on one time axis (from the first start to today)."""
    if not offices:
        return None
    today = datetime.date.today()
    first = min(o.start for o in offices)
    span = max(1, (today - first).days)
    bars = []
    for index, office in enumerate(sorted(offices, key=lambda o: o.start)):
        end = office.end or today
        x = round(width * (office.start - first).days / span, 1)
        bars.append(
            {
                "office": office,
                "x": x,
                "y": index * row,
                "width": max(2.0, round(width * (end - office.start).days / span, 1)),
            }
        )
    years = list(range(first.year + 1, today.year + 1, max(1, (today.year - first.year) // 6)))
    ticks = [
        {"x": round(width * (datetime.date(y, 1, 1) - first).days / span, 1), "year": y}
        for y in years
    ]
    # A year's label is about 32 units wide: none may run off the right edge.
    ticks = [tick for tick in ticks if tick["x"] <= width - 32]
    return {"bars": bars, "width": width, "height": len(bars) * row + 20, "ticks": ticks}


class PeopleForm(forms.Form):
    """The people index's filters; a bad value is left out with a note."""

    q = forms.CharField(required=False, max_length=100)
    country = forms.CharField(required=False, max_length=2)
    office = forms.ChoiceField(required=False, choices=OfficeHolding.Kind.choices)
    leader = forms.ChoiceField(required=False, choices=[("yes", "yes"), ("no", "no")])

    def clean_country(self):
        code = (self.cleaned_data.get("country") or "").strip().upper()
        if country_problem(code):
            raise forms.ValidationError(country_problem(code))
        return code

    def people(self):
        self.is_valid()
        values = {k: v for k, v in self.cleaned_data.items() if v and k not in self.errors}
        people = Person.objects.all()
        if values.get("q"):
            folded = normalize_name(values["q"])
            people = people.filter(
                Q(name__icontains=values["q"]) | Q(aliases__normalized__contains=folded)
            ).distinct()
        if values.get("country"):
            people = people.filter(country=values["country"])
        if values.get("office"):
            people = people.filter(offices__kind=values["office"]).distinct()
        if values.get("leader"):
            people = people.filter(is_leader=values["leader"] == "yes")
        # Everyone's article count comes from one cached table (kept until the next tag
        # change): counting mentions for every person on every request grows with them.
        # Sorted by their ids and names alone; the page's people are read whole afterwards.
        counts = coverage.cached("article-counts", compute=_article_counts)
        rows = sorted(
            people.values_list("id", "name"), key=lambda row: (-counts.get(row[0], 0), row[1])
        )
        return [person_id for person_id, _name in rows], counts


def _article_counts():
    return dict(
        Person.objects.with_article_counts()
        .filter(article_count__gt=0)
        .values_list("id", "article_count")
    )


def people_index(request):
    form = PeopleForm(request.GET)
    ids, counts = form.people()

    def fetch(page_ids):
        found = Person.objects.in_bulk(page_ids)
        people = [found[i] for i in page_ids if i in found]
        for person in people:
            person.article_count = counts.get(person.pk, 0)
        return people

    page = page_of_ids(request, ids, fetch, per_page=50)
    current = {
        o.person_id: o.title
        for o in OfficeHolding.objects.filter(person__in=list(page), end__isnull=True)
    }
    for person in page:
        person.current_office = current.get(person.pk, "")
    ctx = {
        "form": form,
        "page": page,
        "countries": Person.objects.exclude(country="").countries(),
        "offices": OfficeHolding.Kind.choices,
    }
    return render(request, "archive/people.html", ctx)


MAX_COMPARED = 5


def people_compare(request):
    """Up to five people's coverage on one time axis: ``?p=a&p=b&p=c``."""
    slugs = [s for s in request.GET.getlist("p") if s][: MAX_COMPARED + 1]
    notes = []
    if len(slugs) > MAX_COMPARED:
        notes.append(f"At most {MAX_COMPARED} people can be compared: the first five are shown.")
        slugs = slugs[:MAX_COMPARED]
    found = {p.slug: p for p in Person.objects.filter(slug__in=[s[:80] for s in slugs])}
    people = []
    for slug in slugs:
        if slug in found and found[slug] not in people:
            people.append(found[slug])
        elif slug not in found:
            notes.append(f"No person {slug[:80]!r}: left out.")
    share = request.GET.get("share") == "1"
    chart = coverage.compare(people, share=share) if people else None
    ctx = {"people": people, "chart": chart, "share": share, "notes": notes}
    return render(request, "archive/compare.html", ctx)


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
        "meetings": events_views.meetings(person, partner),
        "page": page,
    }
    return render(request, "archive/pair.html", ctx)
