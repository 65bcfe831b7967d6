from archive.views.events import event_detail, event_index
from archive.views.pages import (
    archive_month,
    archive_year,
    article_detail,
    browse,
    home,
    opensearch,
    robots_txt,
)
from archive.views.people import (
    people_compare,
    people_index,
    person_detail,
    person_pair,
)
from archive.views.search import person_autocomplete, search
from archive.views.sources import source_detail, source_index
from archive.views.stories import story_detail

__all__ = [
    "archive_month",
    "archive_year",
    "article_detail",
    "browse",
    "event_detail",
    "event_index",
    "home",
    "opensearch",
    "people_compare",
    "people_index",
    "person_autocomplete",
    "person_detail",
    "person_pair",
    "robots_txt",
    "search",
    "source_detail",
    "source_index",
    "story_detail",
]
