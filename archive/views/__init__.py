from archive.views.pages import article_detail, home, source_detail
from archive.views.people import person_detail, person_pair
from archive.views.search import person_autocomplete, search

__all__ = [
    "article_detail",
    "home",
    "person_autocomplete",
    "person_detail",
    "person_pair",
    "search",
    "source_detail",
]
