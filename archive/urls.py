from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from archive import views
from archive.api.urls import not_found as api_not_found
from archive.feeds import EventFeed, PersonFeed, SearchFeed, events_ics
from archive.sitemaps import SITEMAPS
from archive.views import exports

handler500 = "archive.views.errors.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("search/people.json", views.person_autocomplete, name="person_autocomplete"),
    path("search/feed/", SearchFeed(), name="search_feed"),
    path("opensearch.xml", views.opensearch, name="opensearch"),
    # Exports: <fmt> is csv, jsonl (every row), ris or csl (citations).
    path("search/export.<str:fmt>", exports.search_export, name="search_export"),
    path("people/<slug:slug>/export.<str:fmt>", exports.person_export, name="person_export"),
    path(
        "people/<slug:slug>/with/<slug:other>/export.<str:fmt>",
        exports.person_export,
        name="pair_export",
    ),
    path("sources/<slug:slug>/export.<str:fmt>", exports.source_export, name="source_export"),
    path("events/<slug:slug>/export.<str:fmt>", exports.event_export, name="event_export"),
    path("stories/<int:pk>/export.<str:fmt>", exports.story_export, name="story_export"),
    path("articles/<slug:slug>/cite.<str:fmt>", exports.article_cite, name="article_cite"),
    path("articles/", views.browse, name="browse"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("sources/", views.source_index, name="sources"),
    path("sources/<slug:slug>/", views.source_detail, name="source"),
    path("stories/<int:pk>/", views.story_detail, name="story"),
    path("people/", views.people_index, name="people"),
    path("people/compare/", views.people_compare, name="people_compare"),
    path("people/<slug:slug>/", views.person_detail, name="person"),
    path("people/<slug:slug>/feed/", PersonFeed(), name="person_feed"),
    path("people/<slug:slug>/with/<slug:other>/", views.person_pair, name="person_pair"),
    path("people/<slug:slug>/with/<slug:other>/feed/", PersonFeed(), name="pair_feed"),
    path("people/<slug:slug>/events/feed/", EventFeed(), name="person_events_feed"),
    path("people/<slug:slug>/events.ics", events_ics, name="person_events_ics"),
    path(
        "people/<slug:slug>/with/<slug:other>/meetings/feed/",
        EventFeed(),
        name="pair_meetings_feed",
    ),
    path(
        "people/<slug:slug>/with/<slug:other>/meetings.ics",
        events_ics,
        name="pair_meetings_ics",
    ),
    path("events/", views.event_index, name="events"),
    path("events/feed/", EventFeed(), name="events_feed"),
    path("events.ics", events_ics, name="events_ics"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
    path("archive/<int:year>/", views.archive_year, name="archive_year"),
    path("archive/<int:year>/<int:month>/", views.archive_month, name="archive_month"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("api/v1/", include("archive.api.urls")),
    re_path(r"^api/", api_not_found),
    path("admin/", admin.site.urls),
]
