"""Atom feeds of a person's articles and of a pair's.

Everything in them is plain text (``type="text"``): a feed reader shows a title or summary as
written, never as markup, whatever an article's copy holds."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from archive import coverage
from archive.models import Person

FEED_ITEMS = 30


class PlainTextAtomFeed(Atom1Feed):
    """Atom with plain-text summaries (Django's are ``type="html"``, which a reader renders:
    a standfirst holding ``<img onerror=...>`` would run there)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


def _find(slug):
    person, moved = Person.objects.find_by_slug(slug)
    if person is None:
        raise Http404("No such person")
    return person, moved


class PersonFeed(Feed):
    feed_type = PlainTextAtomFeed

    def __call__(self, request, *args, **kwargs):
        found = [_find(slug) for slug in kwargs.values()]
        people = [person for person, _moved in found]
        if any(moved for _person, moved in found):
            name = "pair_feed" if len(people) == 2 else "person_feed"
            return redirect(name, *[p.slug for p in people], permanent=True)
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, slug, other=None):
        # One Feed instance serves every request: nothing per request is kept on it.
        person = _find(slug)[0]
        return (person, _find(other)[0] if other else None)

    def title(self, obj):
        person, partner = obj
        if partner:
            return f"{person.name} and {partner.name}: Diplomatic News Archive"
        return f"{person.name}: Diplomatic News Archive"

    def link(self, obj):
        person, partner = obj
        if partner:
            return reverse("person_pair", args=[person.slug, partner.slug])
        return person.get_absolute_url()

    def subtitle(self, obj):
        person, partner = obj
        if partner:
            return f"Articles that name both {person.name} and {partner.name}, newest first."
        return f"Articles that name {person.name}, newest first."

    def items(self, obj):
        people = [p for p in obj if p]
        return coverage.articles_by_ids(coverage.ids_of(*people)[:FEED_ITEMS])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Plain text: the syndication framework escapes it.
        return item.standfirst or f"{item.source.name if item.source_id else 'Unknown source'}"

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        if item.published:
            return datetime.datetime.combine(item.published, datetime.time(), datetime.UTC)
        return item.created

    def item_updateddate(self, item):
        return item.updated

    def item_author_name(self, item):
        return item.byline or (item.source.name if item.source_id else None)
