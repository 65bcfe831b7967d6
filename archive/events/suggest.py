"""Suggested events: what archive.events.reading finds in articles, grouped so that the
articles that plainly report the same event make one suggestion, kept for curators.

An article's readings make one claim per event it reports (the same people, place and
overlapping dates); a claim joins an open suggestion that shares a person and the country
and whose dates overlap its own (three days either side), or starts a new one. A claim like
a rejected suggestion, or about an event a curator already keeps that the article is
attached to, proposes nothing. An undated article is dated by what it says when it can
(archive.events.dates.infer_day); if it cannot, its claim joins the one open suggestion it
plainly matches (same people, place and kind of event), or proposes nothing: no date is
guessed. Suggestions are never public: only curated events are shown."""

import datetime
import logging
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from archive.countries import country_name
from archive.events import dates, reading
from archive.lexicon import entries
from archive.models import (
    Article,
    Event,
    EventArticle,
    EventEvidence,
    EventSuggestion,
    Mention,
    OfficeHolding,
    Person,
)
from archive.models.offices import LEADER_OFFICES

log = logging.getLogger(__name__)

SLACK = datetime.timedelta(days=3)
# The kinds, most specific first: a claim takes the most specific its sentences say.
KIND_ORDER = [kind for _words, kind in reading._KINDS]
VISITS = ("state_visit", "official_visit", "working_visit", "visit")
_TITLE_WORDS = r"(?:President|Prime Minister|Premier|Chancellor|[Ll]eader|King|Emperor|Chairman)"


def anniversaries():
    found = []
    for line in entries("anniversaries"):
        phrase, _colon, year = line.rpartition(":")
        found.append((phrase.strip(), int(year)))
    return found


@dataclass
class Claim:
    kind: str
    people: list
    hosts: set
    country: str
    city: str
    when: dates.When | None
    sentences: list = field(default_factory=list)
    relation: str = "reports"
    announced: datetime.date | None = None
    word: str = ""


def article_people(article):
    """The people visibly tagged in an article, with the names to find them by."""
    people = []
    mentions = (
        Mention.objects.visible()
        .filter(article=article)
        .select_related("person")
        .prefetch_related("person__aliases")
    )
    for mention in mentions:
        person = mention.person
        names = {person.name, *(a.name for a in person.aliases.all() if a.kind == "full")}
        if person.short_name:
            names.add(person.short_name)
        people.append(
            reading.Person(person.pk, sorted(names, key=len, reverse=True), person.country)
        )
    return people


def article_day(article, people):
    """The article's day: its date when known to the day, else the day it says it was
    written on, if it says enough (a birthday on a weekday within its office-holders'
    terms)."""
    if article.published and article.date_precision == "day":
        return article.published
    text = " ".join(t for t, _title in article.tagging_segments() if t)
    birthdays, terms = {}, []
    by_id = {p.pk: p for p in Person.objects.filter(pk__in=[p.id for p in people])}
    for person in by_id.values():
        if person.birthday:
            month, day = int(person.birthday[:2]), int(person.birthday[3:])
            for name in {person.name, person.short_name, *person.name.split()[-1:]} - {""}:
                birthdays[name] = (month, day)
    holdings = OfficeHolding.objects.filter(person__in=by_id, kind__in=LEADER_OFFICES)
    spans = {}
    for holding in holdings:
        spans.setdefault(holding.person_id, []).append(
            (holding.start, holding.end_until or timezone.now().date())
        )
    for pid, periods in spans.items():
        person = by_id[pid]
        names = "|".join(re.escape(n) for n in {person.name, person.short_name} if n)
        titled = re.search(rf"(?<!former )(?<!ex-){_TITLE_WORDS}\s+(?:{names})\b", text)
        if titled:
            terms.append(periods)
    return dates.infer_day(text, birthdays, terms, timezone.now().date())


def claims_of(article, readings):
    """One claim per event the article's readings report."""
    claims = []
    for item in readings:
        claim = next(
            (
                c
                for c in claims
                if (not item.country or not c.country or c.country == item.country)
                and set(item.people) & set(c.people)
                and (c.when is None or item.when is None or _overlap(c.when, item.when))
            ),
            None,
        )
        if claim is None:
            claim = Claim(item.kind, [], set(), item.country, item.city, item.when)
            claims.append(claim)
        claim.people += [p for p in item.people if p not in claim.people]
        claim.hosts |= set(item.hosts)
        claim.country = claim.country or item.country
        claim.city = claim.city or item.city
        if KIND_ORDER.index(item.kind) < KIND_ORDER.index(claim.kind):
            claim.kind = item.kind
        claim.when = _better(claim.when, item.when)
        claim.sentences.append(item.sentence)
        claim.word = claim.word or item.extra.get("word", "")
        if item.analysis:
            claim.relation = "analyses"
    day = readings[0].article_day if readings else None
    for claim in claims:
        if day and claim.when and day < claim.when.first:
            claim.relation, claim.announced = "announces", day
        elif (
            claim.relation != "analyses"
            and not day
            and any(dates.future(s) for s in claim.sentences[:1])
        ):
            claim.relation = "announces"
        claim.when = _with_duration(claim.when, article)
    return [c for c in claims if c.country or len(c.people) > 1]


def _overlap(a, b):
    return a.first <= b.last + SLACK and b.first <= a.last + SLACK


def _better(a, b):
    """The more precise of two periods; of two days, the earlier start (the day of
    departure before the day reported)."""
    if a is None or b is None:
        return a or b
    rank = {dates.DAY: 0, dates.WEEK: 1, dates.MONTH: 2, dates.YEAR: 3}
    if rank[a.precision] != rank[b.precision]:
        return a if rank[a.precision] < rank[b.precision] else b
    if a.precision == dates.DAY:
        return dates.When(min(a.first, b.first), max(a.last, b.last), dates.DAY)
    return a


def _with_duration(when, article):
    if when is None or when.precision != dates.DAY or when.last != when.first:
        return when
    text = " ".join(t for t, _title in article.tagging_segments() if t)
    return dates._with_duration(when, text)


def title_of(claim, names):
    people = [names[p] for p in claim.people if p in names]
    place = claim.city or country_name(claim.country)
    label = dict(Event.Kind.choices).get(claim.kind, "Event").lower()
    guests = [names[p] for p in claim.people if p not in claim.hosts and p in names]
    if claim.kind in VISITS and guests:
        what = "visit" if claim.kind == "visit" else label
        where = country_name(claim.country) or place
        return f"{guests[0]}'s {what}" + (f" to {where}" if where else "")
    if claim.kind == "phone_call":
        return f"{' and '.join(people[:2])}: phone call"
    if claim.kind == "ceremony":
        what = (claim.word or "ceremony").capitalize()
        return f"{what} in {place}" if place else what
    joined = " and ".join(people[:3])
    return f"{joined}: {label}" + (f" in {place}" if place else "")


def suggest(article, readings=None):
    """Record the events ``article`` reports as suggestions (or evidence of open ones);
    returns the suggestions touched. Runs in the caller's transaction."""
    people = article_people(article)
    if not people:
        return []
    day = article_day(article, people)
    if readings is None:
        readings = reading.read(article.tagging_segments(), people, day, anniversaries())
    touched = []
    for claim in claims_of(article, readings):
        suggestion = _record(article, claim)
        if suggestion is not None:
            touched.append(suggestion)
    return touched


def suggest_undated(article):
    """An article no date phrase dated: its claims join the one open suggestion each plainly
    matches (same people, place and kind of event), if there is exactly one."""
    people = article_people(article)
    if not people:
        return []
    undated = []
    for whole, lead in reading.sentences(article.tagging_segments()):
        if not lead:
            continue
        sentence = reading.own_part(whole)
        kind, _word = reading._kind(sentence)
        named = reading._people_in(sentence, people)
        _city, country = reading._place(sentence)
        if kind and named and country:
            hosts = [p.id for p in named if p.country == country]
            undated.append((kind, [p.id for p in named], hosts, country, whole))
    touched = []
    for kind, ids, hosts, country, sentence in undated:
        family = VISITS if kind in VISITS else (kind,)
        matches = list(
            EventSuggestion.objects.filter(
                status=EventSuggestion.Status.OPEN, country=country, kind__in=family,
                people__in=ids,
            ).distinct()[:2]
        )  # fmt: skip
        if len(matches) != 1:
            continue
        suggestion = matches[0]
        suggestion.people.add(*ids)
        if set(hosts) - set(suggestion.hosts):
            suggestion.hosts = sorted(set(suggestion.hosts) | set(hosts))
            suggestion.save(update_fields=["hosts"])
        if not suggestion.evidence.filter(article=article).exists():
            relation = "announces" if dates.future(sentence) else "reports"
            EventEvidence.objects.create(
                suggestion=suggestion, article=article, sentence=sentence, relation=relation
            )
            touched.append(suggestion)
    return touched


def _record(article, claim):
    if claim.when is None:
        return None
    first, last = claim.when.first - SLACK, claim.when.last + SLACK
    near = Q(first_day__lte=last, last_day__gte=first) & Q(people__in=claim.people)
    if claim.country:
        near &= Q(country=claim.country) | Q(country="")
    # Already kept by a curator, with this article attached: nothing to propose.
    if EventArticle.objects.filter(
        article=article,
        event__first_day__lte=last,
        event__last_day__gte=first,
        event__participants__person__in=claim.people,
    ).exists():
        return None
    matches = list(EventSuggestion.objects.filter(near).distinct().order_by("pk"))
    if any(m.status == EventSuggestion.Status.REJECTED for m in matches):
        return None  # rejected: never proposed again
    open_ = [m for m in matches if m.status == EventSuggestion.Status.OPEN]
    if open_:
        suggestion = open_[0]
        changed = False
        better = _better(
            dates.When(suggestion.first_day, suggestion.last_day, suggestion.start_precision),
            claim.when,
        )
        if (better.first, better.precision) != (suggestion.first_day, suggestion.start_precision):
            suggestion.start, suggestion.start_precision = better.first, better.precision
            suggestion.end = better.end
            suggestion.end_precision = better.precision
            changed = True
        if KIND_ORDER.index(claim.kind) < KIND_ORDER.index(suggestion.kind):
            suggestion.kind = claim.kind
            changed = True
        if claim.city and not suggestion.city:
            suggestion.city = claim.city
            changed = True
        if claim.announced and not suggestion.announced:
            suggestion.announced = claim.announced
            changed = True
        if changed:
            suggestion.save()
    elif matches:
        return None  # accepted or merged: a curator decided on this event already
    else:
        names = dict(Person.objects.filter(pk__in=claim.people).values_list("id", "name"))
        suggestion = EventSuggestion.objects.create(
            kind=claim.kind,
            title=title_of(claim, names)[:250],
            city=claim.city,
            country=claim.country,
            start=claim.when.first,
            start_precision=claim.when.precision,
            end=claim.when.end,
            end_precision=claim.when.precision,
            announced=claim.announced,
            hosts=sorted(claim.hosts),
        )
    suggestion.people.add(*claim.people)
    if claim.country:
        # The people of the place's country host it.
        claim.hosts |= set(
            Person.objects.filter(pk__in=claim.people, country=claim.country).values_list(
                "pk", flat=True
            )
        )
    hosts = set(suggestion.hosts) | claim.hosts
    if hosts != set(suggestion.hosts):
        suggestion.hosts = sorted(hosts)
        suggestion.save(update_fields=["hosts"])
    _evidence, created = EventEvidence.objects.get_or_create(
        suggestion=suggestion,
        article=article,
        defaults={"sentence": claim.sentences[0][:500], "relation": claim.relation},
    )
    return suggestion if created else None  # read before: nothing new


def find_events(article_ids, progress=None):
    """Read ``article_ids`` for events (dated articles first, then the undated ones that
    can only join a suggestion); returns (articles read, suggestions touched)."""
    touched = set()
    ids = list(article_ids)
    undated = []
    for done, article in enumerate(
        Article.objects.filter(pk__in=ids).order_by("published_until", "pk").iterator(), 1
    ):
        with transaction.atomic():
            found = suggest(article)
        touched.update(s.pk for s in found)
        if not found and not EventEvidence.objects.filter(article=article).exists():
            undated.append(article.pk)  # read nothing it could date: it may join one
        if progress:
            progress(done, len(ids))
    for article in Article.objects.filter(pk__in=undated):
        with transaction.atomic():
            touched.update(s.pk for s in suggest_undated(article))
    return len(ids), len(touched)
