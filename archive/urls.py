from django.contrib import admin
from django.urls import path

from archive import views
from archive.feeds import PersonFeed

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("search/people.json", views.person_autocomplete, name="person_autocomplete"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("sources/<slug:slug>/", views.source_detail, name="source"),
    path("people/<slug:slug>/", views.person_detail, name="person"),
    path("people/<slug:slug>/feed/", PersonFeed(), name="person_feed"),
    path("people/<slug:slug>/with/<slug:other>/", views.person_pair, name="person_pair"),
    path("people/<slug:slug>/with/<slug:other>/feed/", PersonFeed(), name="pair_feed"),
    path("admin/", admin.site.urls),
]
