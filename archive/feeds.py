"""Atom feeds of a person's articles and of a pair's; Atom and iCalendar feeds of the
events (all, a person's, a pair's meetings).

Everything in them is plain text (``type="text"``): a feed reader shows a title or summary as
written, never as markup, whatever an article's copy holds."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from archive import coverage
from archive.models import Event, Mention, Person
from archive.sanitize import html_to_text
from archive.sentences import first_sentence

FEED_ITEMS = 30


class PlainTextAtomFeed(Atom1Feed):
    """Atom with plain-text summaries (Django's are ``type="html"``, which a reader renders:
    a standfirst holding ``<img onerror=...>`` would run there)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})
        if item.get("outlet"):
            # The outlet as the entry's source (RFC 4287 4.2.11).
            handler.startElement("source", {})
            handler.addQuickElement("title", item["outlet"], {"type": "text"})
            if item.get("outlet_link"):
                handler.addQuickElement("link", "", {"href": item["outlet_link"]})
            handler.endElement("source")


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
        articles = coverage.articles_by_ids(coverage.ids_of(*people)[:FEED_ITEMS])
        # The sentence that names the person (the first of them): one query for the feed.
        contexts = {}
        for article_id, context in Mention.objects.filter(
            article__in=articles, person=people[0]
        ).values_list("article_id", "context"):
            contexts[article_id] = context
        for article in articles:
            article.naming_sentence = contexts.get(article.pk, "")
        return articles

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Plain text (the syndication framework escapes it): the standfirst, else the
        # sentence that names the person, else the first sentence of the text.
        sentence = item.naming_sentence if item.naming_sentence != item.title else ""
        return item.standfirst or sentence or first_sentence(html_to_text(item.body))[:400]

    def item_extra_kwargs(self, item):
        source = item.source
        return {"outlet": source.name if source else "",
                "outlet_link": source.get_absolute_url() if source else ""}  # fmt: skip

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        # The article's own date; an undated article has none (its entry keeps <updated>).
        if item.published:
            return datetime.datetime.combine(item.published, datetime.time(), datetime.UTC)
        return None

    def item_updateddate(self, item):
        return item.updated

    def item_author_name(self, item):
        return item.byline or (item.source.name if item.source_id else None)


# Events: Atom and iCalendar ------------------------------------------------------------------


def _event_scope(kwargs):
    """(people, moved): the people of an events feed's URL (none for every event)."""
    found = [_find(slug) for slug in kwargs.values()]
    return [p for p, _moved in found], any(moved for _p, moved in found)


def events_of(people):
    """The curated events of a feed: every event, a person's, or a pair's (both took part),
    newest first."""
    events = Event.objects.all()
    for person in people:
        events = events.filter(participants__person=person)
    return events.prefetch_related("participants__person").newest_first()


def _scope_title(people):
    if len(people) == 2:
        return f"Meetings of {people[0].name} and {people[1].name}"
    if people:
        return f"{people[0].name}: travels and meetings"
    return "Visits, summits and talks"


class EventFeed(Feed):
    """Atom: every event, a person's (``person_events_feed``), a pair's meetings
    (``pair_meetings_feed``); newest first."""

    feed_type = PlainTextAtomFeed
    names = {0: "events_feed", 1: "person_events_feed", 2: "pair_meetings_feed"}

    def __call__(self, request, *args, **kwargs):
        people, moved = _event_scope(kwargs)
        if moved:
            return redirect(self.names[len(people)], *[p.slug for p in people], permanent=True)
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, slug=None, other=None):
        return [_find(s)[0] for s in (slug, other) if s]

    def title(self, obj):
        return f"{_scope_title(obj)}: Diplomatic News Archive"

    def link(self, obj):
        if len(obj) == 2:
            return reverse("person_pair", args=[obj[0].slug, obj[1].slug])
        return obj[0].get_absolute_url() if obj else reverse("events")

    def subtitle(self, obj):
        return f"{_scope_title(obj)}: curated events, newest first."

    def items(self, obj):
        return events_of(obj)[:FEED_ITEMS]

    def item_title(self, item):
        status = "" if item.status == Event.Status.HELD else f" ({item.get_status_display()})"
        return f"{item.title}{status}"

    def item_description(self, item):
        people = ", ".join(p.person.name for p in item.participants.all())
        parts = [item.dates_display, item.place_display, people, item.description]
        return " · ".join(p for p in parts if p)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"event-{item.pk}"

    def item_pubdate(self, item):
        return item.created

    def item_updateddate(self, item):
        return item.updated


ICS_STATUS = {
    Event.Status.ANNOUNCED: "TENTATIVE",
    Event.Status.HELD: "CONFIRMED",
    Event.Status.POSTPONED: "TENTATIVE",
    Event.Status.CANCELLED: "CANCELLED",
}


def calendar_of(events, name, request):
    """An iCalendar of events: a stable UID each, SEQUENCE raised on every change, STATUS
    (TENTATIVE when announced or postponed, CONFIRMED when held, CANCELLED), all-day spans;
    a date known only to its week, month or year spans the whole period, and the summary
    says so."""
    from icalendar import Calendar
    from icalendar import Event as CalendarEvent

    calendar = Calendar()
    calendar.add("prodid", "-//Diplomatic News Archive//events//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for event in events:
        entry = CalendarEvent()
        # Stable whatever the host name the archive is reached by.
        entry.add("uid", f"event-{event.pk}@diplomatic-news-archive")
        entry.add("sequence", event.sequence)
        entry.add("dtstamp", event.updated)
        summary = event.title
        if event.imprecise:
            summary += f" (dates known only to the {event.start_precision})"
        if event.status == Event.Status.POSTPONED:
            summary += " (postponed)"
        entry.add("summary", summary)
        # All-day: DTEND is the day after the last (RFC 5545).
        entry.add("dtstart", event.first_day)
        entry.add("dtend", event.last_day + datetime.timedelta(days=1))
        entry.add("status", ICS_STATUS[event.status])
        if event.place_display:
            entry.add("location", event.place_display)
        people = ", ".join(p.person.name for p in event.participants.all())
        description = " · ".join(p for p in (event.dates_display, people, event.description) if p)
        entry.add("description", description)
        entry.add("url", request.build_absolute_uri(event.get_absolute_url()))
        calendar.add_component(entry)
    return calendar.to_ical()


def events_ics(request, slug=None, other=None):
    people, moved = _event_scope({k: v for k, v in (("slug", slug), ("other", other)) if v})
    if moved:
        names = {1: "person_events_ics", 2: "pair_meetings_ics"}
        return redirect(names[len(people)], *[p.slug for p in people], permanent=True)
    body = calendar_of(events_of(people)[:500], _scope_title(people), request)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    filename = "-".join(p.slug for p in people) or "events"
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response


# A search as a feed ---------------------------------------------------------------------------


class SearchFeed(Feed):
    """Atom of any search (`/search/feed/?q=...&person=...`, the parameters of /search/),
    newest first: an alert on a search in any feed reader."""

    feed_type = PlainTextAtomFeed

    def get_object(self, request):
        from archive.search.forms import SearchForm

        params = request.GET.copy()
        params["sort"] = "newest"
        form = SearchForm(params).resolve()
        return form, request.GET.urlencode()

    def title(self, obj):
        form, _query = obj
        return f"Search: {form.parsed.text or 'every article'}: Diplomatic News Archive"

    def link(self, obj):
        return reverse("search") + (f"?{obj[1]}" if obj[1] else "")

    def subtitle(self, obj):
        return "The newest articles this search finds."

    def items(self, obj):
        form, _query = obj
        if not form.can_search:
            return []
        hits = list(form.search_queryset()[:FEED_ITEMS])
        return coverage.articles_by_ids([int(hit.pk) for hit in hits])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst or (item.source.name if item.source_id else "Unknown source")

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        if item.published:
            return datetime.datetime.combine(item.published, datetime.time(), datetime.UTC)
        return item.created

    def item_updateddate(self, item):
        return item.updated
