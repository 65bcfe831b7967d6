from archive.views.pages import article_detail, home, person_detail, source_detail
from archive.views.search import person_autocomplete, search

__all__ = [
    "article_detail",
    "home",
    "person_autocomplete",
    "person_detail",
    "search",
    "source_detail",
]
