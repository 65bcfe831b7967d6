from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from archive.models import Article, Event, Person, Source


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    limit = 10000

    def items(self):
        return Article.objects.only("slug", "updated").order_by("id")

    def lastmod(self, article):
        return article.updated


class PersonSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Person.objects.only("slug").order_by("id")


class SourceSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Source.objects.with_articles().only("slug").order_by("id")


class EventSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Event.objects.only("slug", "updated").order_by("id")

    def lastmod(self, event):
        return event.updated


class PagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "browse", "people", "events", "sources"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PagesSitemap,
    "articles": ArticleSitemap,
    "people": PersonSitemap,
    "sources": SourceSitemap,
    "events": EventSitemap,
}
