"""Outlets: the index of every source (filterable by kind, control and country) and a
source's page."""

from django import forms
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render

from archive import coverage, periods
from archive.countries import country_problem
from archive.models import Article, Mention, Source, SourceRedirect
from archive.views.paging import page_of


class SourcesForm(forms.Form):
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *Source.Kind.choices])
    control = forms.ChoiceField(
        required=False, choices=[("", "Any control"), *Source.Control.choices]
    )
    country = forms.CharField(required=False, max_length=2)
    q = forms.CharField(required=False, max_length=100, label="Name")

    def clean_country(self):
        code = (self.cleaned_data.get("country") or "").strip().upper()
        if country_problem(code):
            raise forms.ValidationError(country_problem(code))
        return code

    def sources(self):
        """The outlets the valid filters select, with their article counts; a bad filter is
        left out (its error is shown)."""
        self.is_valid()
        values = {k: v for k, v in self.cleaned_data.items() if v and k not in self.errors}
        sources = Source.objects.with_article_counts()
        if values.get("kind"):
            sources = sources.filter(kind=values["kind"])
        if values.get("control"):
            sources = sources.filter(control=values["control"])
        if values.get("country"):
            sources = sources.filter(country=values["country"])
        if values.get("q"):
            sources = sources.filter(name__icontains=values["q"])
        return sources.order_by("-article_count", "name")


def source_index(request):
    form = SourcesForm(request.GET)
    sources = form.sources()
    ctx = {
        "form": form,
        "page": page_of(request, sources, per_page=50),
        "countries": Source.objects.countries(),
        "kinds": Source.Kind.choices,
        "controls": Source.Control.choices,
    }
    return render(request, "archive/sources.html", ctx)


def source_detail(request, slug):
    source = Source.objects.filter(slug=slug).first()
    if source is None:
        moved = SourceRedirect.objects.select_related("source").filter(old_slug=slug).first()
        if moved is None:
            raise Http404("No such source")
        return redirect("source", slug=moved.source.slug, permanent=True)
    articles = Article.objects.filter(source=source)

    def figures():
        numbers = coverage.stats(articles)
        return {
            "stats": numbers,
            "chart": coverage.timeline(articles, numbers["first"], numbers["last"]),
            "people": list(
                Mention.objects.visible()
                .filter(article__source=source)
                .values("person__name", "person__slug")
                .annotate(n=Count("id"))
                .order_by("-n", "person__name")[:12]
            ),
            "agencies": list(
                Source.objects.filter(credits__article__source=source)
                .exclude(pk=source.pk)
                .annotate(n=Count("credits"))
                .order_by("-n", "name")[:8]
            ),
        }

    # The list can be narrowed to dates (a period overlapping them, archive.periods).
    start, end, date_notes = _date_filter(request)
    listed = articles.overlapping(start, end) if (start or end) else articles
    page = page_of(request, listed.for_listing().newest_first())
    if start or end:
        periods.mark_imprecise(page, start, end)
    ctx = {
        "source": source,
        "page": page,
        "total": page.paginator.count,
        "date_from": request.GET.get("from", "")[:10],
        "date_to": request.GET.get("to", "")[:10],
        "dated": bool(start or end),
        "date_notes": date_notes,
        "names": list(source.names.values_list("name", flat=True)),
        "domains": list(source.domains.values_list("domain", flat=True)),
        **coverage.cached("source", source.pk, compute=figures),
    }
    return render(request, "archive/source.html", ctx)


def _date_filter(request):
    """(first day, last day, notes) of ?from= and ?to= (YYYY, YYYY-MM or YYYY-MM-DD); a bad
    value is left out with a note."""
    from django import forms as django_forms

    from archive.search.forms import parse_partial_date

    found, notes = [], []
    for name, end in (("from", False), ("to", True)):
        value = request.GET.get(name, "").strip()
        if not value:
            found.append(None)
            continue
        try:
            found.append(parse_partial_date(value[:10], end=end))
        except django_forms.ValidationError as exc:
            found.append(None)
            notes.append(f"{name.capitalize()} {value[:20]!r}: {exc.messages[0]} Left out.")
    start, end = found
    if start and end and start > end:
        notes.append("The end date is before the start date: the dates were left out.")
        start = end = None
    return start, end, notes
