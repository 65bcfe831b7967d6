from django.contrib import admin
from django.urls import path

from archive import views

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("search/people.json", views.person_autocomplete, name="person_autocomplete"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("sources/<slug:slug>/", views.source_detail, name="source"),
    path("people/<slug:slug>/", views.person_detail, name="person"),
    path("admin/", admin.site.urls),
]
