from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from archive.api import views
from archive.api.errors import json_error

router = DefaultRouter(trailing_slash=True)
router.include_root_view = True
router.register("articles", views.ArticleViewSet, basename="api-article")
router.register("sources", views.SourceViewSet, basename="api-source")
router.register("stories", views.StoryViewSet, basename="api-story")
router.register("people", views.PersonViewSet, basename="api-person")
router.register("mentions", views.MentionViewSet, basename="api-mention")
router.register("events", views.EventViewSet, basename="api-event")


def not_found(request, *args, **kwargs):
    return json_error(404, "No such API endpoint: see /api/v1/docs/.")


urlpatterns = [
    path("search/", views.SearchView.as_view(), name="api-search"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    *router.urls,
    re_path(r"^.*$", not_found),
]
