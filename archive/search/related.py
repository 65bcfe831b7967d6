"""Related articles ("more like this"), cached per article version."""

import logging

from django.core.cache import cache
from haystack.query import SearchQuerySet

from archive.models import Article

log = logging.getLogger("archive.search")
CACHE_SECONDS = 600


def related_articles(article, limit=5):
    key = f"related:{article.pk}:{article.updated.timestamp() if article.updated else 0}"
    ids = cache.get(key)
    if ids is None:
        try:
            results = SearchQuerySet().more_like_this(article)[:limit]
            ids = [int(r.pk) for r in results if int(r.pk) != article.pk]
        except Exception:
            # Related articles are a courtesy: a busy or rebuilding index must not break
            # the article page.
            log.warning("More-like-this failed for article %s", article.pk, exc_info=True)
            return []
        cache.set(key, ids, CACHE_SECONDS)
    found = Article.objects.for_listing().in_bulk(ids)
    return [found[i] for i in ids if i in found]
