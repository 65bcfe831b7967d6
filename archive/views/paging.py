"""Pagination shared by the listing pages: Django's Paginator, and a 404 (never a 500) for a
page that does not exist or is not a number."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404

PER_PAGE = 20


def page_of(request, object_list, per_page=PER_PAGE):
    """The requested page of a queryset, a SearchQuerySet or a list."""
    try:
        return Paginator(object_list, per_page).page(request.GET.get("page") or 1)
    except (InvalidPage, ValueError, OverflowError) as exc:
        raise Http404("No such page") from exc


def page_of_ids(request, ids, fetch, per_page=PER_PAGE):
    """A page of an ordered list of ids (e.g. cached by archive.coverage): only the ids of
    the page are turned into objects, by ``fetch(ids)``, which keeps their order."""
    page = page_of(request, ids, per_page)
    page.object_list = fetch(list(page.object_list))
    return page
