"""Pagination shared by the listing pages: Django's Paginator, and a 404 (never a 500) for a
page that does not exist or is not a number."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404

PER_PAGE = 20


class CountedPaginator(Paginator):
    """A Paginator told the total it would otherwise count with a query."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self):
        return self._known_count


def page_of(request, queryset, count=None, per_page=PER_PAGE):
    paginator = (
        Paginator(queryset, per_page)
        if count is None
        else CountedPaginator(queryset, per_page, count)
    )
    try:
        return paginator.page(request.GET.get("page") or 1)
    except (InvalidPage, ValueError, OverflowError) as exc:
        raise Http404("No such page") from exc


def page_of_ids(request, ids, fetch, per_page=PER_PAGE):
    """A page of an ordered list of ids (e.g. cached by archive.coverage): only the ids of
    the page are turned into objects, by ``fetch(ids)``, which keeps their order."""
    paginator = Paginator(ids, per_page)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except (InvalidPage, ValueError, OverflowError) as exc:
        raise Http404("No such page") from exc
    page.object_list = fetch(list(page.object_list))
    return page
