"""Curation in Django's admin, one module for each thing curators decide about (sources,
articles, people, the review queues, candidates, events, jobs); importing this package
registers them all."""

from django.contrib import admin

from archive.admin import (  # noqa: F401 - each module registers its admins
    articles,
    candidates,
    events,
    jobs,
    people,
    queue,
    sources,
)

admin.site.site_header = "Diplomatic News Archive: curation"
admin.site.site_title = "Archive curation"
admin.site.index_title = "Curation"
