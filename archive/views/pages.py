import calendar
import datetime
import itertools

from django.db.models import Count, F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from archive import coverage, periods
from archive.diffs import diff_articles
from archive.forms import YEAR_MAX, YEAR_MIN, BrowseForm
from archive.models import Article, Mention, Person, Source
from archive.search.related import related_articles
from archive.views.paging import page_of


def home(request):
    def figures():
        leaders = Person.objects.leaders().with_article_counts().order_by("-article_count", "name")
        sources = (
            Source.objects.with_article_counts()
            .filter(article_count__gt=0)
            .order_by("-article_count", "name")[:12]
        )
        return {
            "leaders": list(leaders),
            "sources": list(sources),
            "total": Article.objects.count(),
        }

    ctx = {
        **coverage.cached("home", compute=figures),
        "latest": Article.objects.for_listing().dated().order_by("-published", "-id")[:10],
    }
    return render(request, "archive/home.html", ctx)


def article_detail(request, slug):
    article = get_object_or_404(Article.objects.select_related("source"), slug=slug)
    mentions = (
        Mention.objects.visible()
        .filter(article=article)
        .select_related("person")
        .order_by("-person__is_leader", "-count", "person__name")
    )
    credits = list(article.agency_credits.select_related("agency"))
    copies = []
    if article.story_id:
        copies = list(
            Article.objects.filter(story_id=article.story_id)
            .exclude(pk=article.pk)
            .for_listing()
            .order_by(F("published").asc(nulls_last=True), "id")
        )
    versions = list(article.versions.all())
    texts = [*versions, article]
    ctx = {
        "article": article,
        "mentions": mentions,
        "related": related_articles(article),
        # The agency whose story it is, when it is not the outlet that published it.
        "origins": [c.agency for c in credits if c.is_origin and c.agency_id != article.source_id],
        "cited": [c.agency for c in credits if not c.is_origin],
        "copies": copies,
        "copy_outlets": len({a.source_id for a in copies if a.source_id} - {article.source_id}),
        "versions": [
            {"version": old, "diff": diff_articles(old, new)}
            for old, new in itertools.pairwise(texts)
        ],
    }
    return render(request, "archive/article.html", ctx)


@require_GET
def browse(request):
    """Every article, newest first, narrowed by source, person, year and month. Undated
    articles are listed apart (?date=unknown), never among the dated ones."""
    form = BrowseForm(request.GET)
    values = form.filters()
    year, month = values["year"], values["month"]
    articles = form.articles(Article.objects.all())
    if values["undated"]:
        listed = articles.undated().order_by("-id")
    else:
        start = end = None
        if year:
            start, end = periods.month_range(year, month) if month else periods.year_range(year)
        listed = articles.overlapping(start, end).newest_first()
    page = page_of(request, listed.for_listing())
    if year and not values["undated"]:
        periods.mark_imprecise(page, start, end)
    source, person = form.source, form.person
    ctx = {
        "form": form,
        "page": page,
        "notes": form.notes,
        "source": source,
        "person": person,
        "year": year,
        "month": month,
        "month_name": values["month_name"],
        "undated": values["undated"],
        "undated_count": (
            page.paginator.count if values["undated"] else articles.undated().count()
        ),
        "years": coverage.cached(
            "years",
            source.pk if source else "",
            person.pk if person else "",
            compute=lambda: coverage.years_of(articles),
        ),
        "sources": Source.objects.with_articles().order_by("name").only("name", "slug"),
        "kinds": Source.Kind.choices,
        "controls": Source.Control.choices,
        "countries": Source.objects.with_articles().countries(),
        "languages": coverage.cached("languages", compute=Article.objects.languages),
        "months": [(number, calendar.month_name[number]) for number in range(1, 13)],
    }
    return render(request, "archive/browse.html", ctx)


def archive_year(request, year):
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404("No such year")
    articles = Article.objects.overlapping(*periods.year_range(year))
    # Articles dated to the year only have no month of their own.
    by_month = articles.exclude(date_precision=Article.Precision.YEAR)
    months = [
        {
            "month": row["published__month"],
            "name": calendar.month_name[row["published__month"]],
            "n": row["n"],
        }
        for row in by_month.values("published__month")
        .annotate(n=Count("id"))
        .order_by("published__month")
    ]
    page = page_of(request, articles.for_listing().newest_first())
    ctx = {
        "year": year,
        "months": months,
        "page": page,
        "total": page.paginator.count,
        # The nearest years that have articles (a gap of empty years is skipped).
        "previous": _dated_year(Article.objects.filter(published__year__lt=year), "-published"),
        "next": _dated_year(Article.objects.filter(published__year__gt=year), "published"),
    }
    return render(request, "archive/archive_year.html", ctx)


def _dated_year(articles, order):
    day = articles.order_by(order).values_list("published", flat=True).first()
    return day.year if day else None


def archive_month(request, year, month):
    if not (YEAR_MIN <= year <= YEAR_MAX and 1 <= month <= 12):
        raise Http404("No such month")
    # The month's articles, then those dated only to its year (marked: they may not be in
    # it), as every date filter does (archive.periods).
    start, end = periods.month_range(year, month)
    articles = Article.objects.overlapping(start, end)
    page = periods.mark_imprecise(
        page_of(request, articles.for_listing().newest_first()), start, end
    )
    first = datetime.date(year, month, 1)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    ctx = {
        "year": year,
        "month": month,
        "month_name": calendar.month_name[month],
        "page": page,
        "total": page.paginator.count,
        "previous": previous,
        "following": following,
    }
    return render(request, "archive/archive_month.html", ctx)


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def opensearch(request):
    """The OpenSearch description: browsers offer the archive as a search engine."""
    base = request.build_absolute_uri("/")[:-1]
    return render(
        request,
        "opensearch.xml",
        {"base": base},
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )
