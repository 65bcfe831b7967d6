from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from archive.models import Article, Mention, Person, Source
from archive.search.related import related_articles

PER_PAGE = 20


def _page(request, queryset, per_page=PER_PAGE):
    paginator = Paginator(queryset, per_page)
    number = request.GET.get("page") or 1
    try:
        return paginator.page(number)
    except Exception as exc:  # InvalidPage or a non-numeric page: not found, never a 500
        raise Http404("No such page") from exc


def home(request):
    leaders = (
        Person.objects.leaders()
        .annotate(
            article_count=Count("mentions", filter=Q(mentions__status__in=Mention.VISIBLE_STATUSES))
        )
        .order_by("-article_count", "name")
    )
    ctx = {
        "leaders": leaders,
        "latest": Article.objects.for_listing().newest_first()[:10],
        "sources": Source.objects.annotate(article_count=Count("articles")).order_by(
            "-article_count", "name"
        )[:12],
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
    ctx = {"article": article, "mentions": mentions, "related": related_articles(article)}
    return render(request, "archive/article.html", ctx)


def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    page = _page(request, Article.objects.for_listing().filter(source=source).newest_first())
    ctx = {"source": source, "page": page}
    return render(request, "archive/source.html", ctx)
