"""Reading an article for the events it reports: a visit, trip, summit, meeting, talks, a
call or a ceremony, between people the archive knows, with a place and a date.

``read(article)`` -> [Reading]: one per sentence that names a known person, an event word,
and a place or another person, with the period its date phrase names (archive.events.dates)
on the article's date. A sentence with no date that can be resolved gives no reading: a
date is never guessed. Only the headline, the standfirst and the first sentences of the body
are read (where a story says what it is about); a visit recalled further down ("Last year,
Kim travelled to China three times") is not this story's event. Pure: no Django."""

import re
from dataclasses import dataclass, field

from archive.events import dates
from archive.lexicon import entries
from archive.sentences import sentence_ends
from archive.tagging.offices import PLACES

LEAD_SENTENCES = 10
MEETINGS = ("bilateral_talks", "summit", "phone_call")

# The event words, the most specific first, and the kind each says.
_KINDS = [
    (r"state visit", "state_visit"),
    (r"official visit", "official_visit"),
    (r"working visit", "working_visit"),
    (r"(?:phone|telephone) (?:call|conversation|talks)|spoke by (?:tele)?phone|call with",
     "phone_call"),
    (r"(?:military )?parade|ceremony|commemorations?|celebrations?|inauguration", "ceremony"),
    (r"G-?20|G-?7|APEC|ASEAN|BRICS|SCO summit|multilateral", "multilateral_summit"),
    (r"summit", "summit"),
    (r"talks|meet|meets|met|meeting", "bilateral_talks"),
    (r"visit|visits|visited|visiting|trip|travel|travels|travelled|traveled|travelling|"
     r"traveling|tour|arrive|arrives|arrived|arriving|depart|departs|departed|departing",
     "visit"),
]  # fmt: skip
_KIND_RES = [(re.compile(rf"\b(?:{words})\b", re.IGNORECASE), kind) for words, kind in _KINDS]


def _cities():
    cities = {}
    for line in entries("event-places"):
        name, _colon, code = line.rpartition(":")
        cities[name.strip()] = code.strip()
    return cities


CITIES = _cities()
# Country names as places one goes to (nouns, not adjectives: "to China", not "Chinese").
COUNTRIES = {
    name: code
    for name, code in ((n, c) for n, c in PLACES.items())
    if name[:1].isalpha() and not name.endswith(("ese", "ian", "can", "ish", "ean")) and
    name not in {"kremlin", "the united states"}
}  # fmt: skip
_CITY_ALT = "|".join(re.escape(c) for c in sorted(CITIES, key=len, reverse=True))
_COUNTRY_ALT = "|".join(re.escape(c) for c in sorted(COUNTRIES, key=len, reverse=True))
# A destination: "to China", "in Beijing", "arrived in Pyongyang", "his North Korea visit".
_DESTINATION_RE = re.compile(
    rf"\b(?:to|in|into|for|at|inside)\s+(?:the\s+)?(?:(?P<city>{_CITY_ALT})|(?P<country>(?i:"
    rf"{_COUNTRY_ALT})))\b|\b(?:(?P<city2>{_CITY_ALT})|(?P<country2>(?i:{_COUNTRY_ALT})))\s+"
    rf"(?:visit|trip|summit|talks)\b"
)
# Meetings that are not diplomacy: a board, shareholders, a cabinet, a funeral; a trip
# called off or a summit only proposed.
_NOT_DIPLOMACY_RE = re.compile(
    rf"\b(?:{'|'.join(re.escape(w) for w in entries('event-not-diplomacy'))})\b", re.IGNORECASE
)
# A headline that announces analysis rather than news.
_ANALYSIS_RE = re.compile(
    r"\b(?:analysis|explainer|explained|why|what\b.*\bmeans|opinion|commentary|comment)\b|\?$",
    re.IGNORECASE,
)
# Where a sentence turns to another event: "..., ahead of a summit with Trump", "..., in
# what is likely an effort to...". People, event words, places and dates after it are not
# the sentence's own event.
_TURN_RE = re.compile(
    r"(?:,\s*|\s+)(?:ahead of|before|after|following|amid|since|in what|as preparations|"
    r"weeks after|days after|months after|while)\b|\s[—–-]\s",
    re.IGNORECASE,
)


@dataclass
class Person:
    id: int
    names: list  # the names to find in a sentence: full names, short name
    country: str = ""


@dataclass
class Reading:
    kind: str
    people: list  # person ids named in the sentence, in order
    hosts: list  # those of the place's country
    country: str
    city: str
    when: dates.When
    sentence: str
    lead: bool  # in the headline, the standfirst or the first sentences
    future: bool  # the sentence speaks of what is to come
    analysis: bool = False
    article_day: object = None
    extra: dict = field(default_factory=dict)


def sentences(segments):
    """(text, lead) of the article's sentences: the headline and standfirst are lead, and
    the first LEAD_SENTENCES of the body."""
    found = []
    for text, is_title in segments:
        if not text:
            continue
        if is_title:
            found.append((" ".join(text.split()), True))
            continue
        count = 0
        for paragraph in text.split("\n"):
            start = 0
            for end in [*sentence_ends(paragraph), len(paragraph)]:
                sentence = " ".join(paragraph[start:end].split())
                start = end
                if sentence:
                    found.append((sentence, count < LEAD_SENTENCES))
                    count += 1
    return found


def _people_in(sentence, people):
    found = []
    for person in people:
        positions = [
            m.start()
            for name in person.names
            for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", sentence)
        ]
        if positions:
            found.append((min(positions), person))
    return [p for _position, p in sorted(found, key=lambda f: f[0])]


def own_part(sentence):
    """The part of a sentence about its own event, before it turns to another one."""
    match = _TURN_RE.search(sentence, 20)
    return sentence[: match.start()] if match else sentence


def _kind(sentence):
    """(kind, word): the event the sentence speaks of, by its first event word (a
    qualified visit, a call, a parade... before a bare "visit" or "talks")."""
    found = []
    for order, (pattern, kind) in enumerate(_KIND_RES):
        match = pattern.search(sentence)
        if match:
            found.append((kind in ("visit", "bilateral_talks"), match.start(), order, kind,
                          match.group(0)))  # fmt: skip
    if not found:
        return None, ""
    _generic, _start, _order, kind, word = min(found)
    return kind, word


def _place(sentence):
    match = _DESTINATION_RE.search(sentence)
    if not match:
        return "", ""
    city = match.group("city") or match.group("city2") or ""
    if city:
        return city, CITIES[city]
    country = (match.group("country") or match.group("country2")).lower()
    return "", COUNTRIES.get(country, "")


def read(segments, people, day, anniversaries=()):
    """The readings of an article: ``segments`` [(text, is_title)]; ``people`` [Person]
    tagged in it; ``day``: its date when known to the day, else None (then only absolute
    dates, or the year an anniversary gives, can date what it reports)."""
    if not people:
        return []
    text = " ".join(t for t, _title in segments if t)
    year = dates.anniversary_year(text, anniversaries) if day is None else None
    headline = next((t for t, is_title in segments if is_title and t), "")
    analysis = bool(_ANALYSIS_RE.search(headline))
    readings = []
    for whole, lead in sentences(segments):
        if not lead:
            continue
        sentence = own_part(whole)
        kind, word = _kind(sentence)
        if kind is None or _NOT_DIPLOMACY_RE.search(sentence):
            continue
        named = _people_in(sentence, people)
        if not named:
            continue
        city, country = _place(sentence)
        if len(named) < 2 and (not country or kind in MEETINGS):
            # A visit needs a place; talks, a summit or a call need two known people ("debt
            # talks reopen in New York" names no meeting of anyone the archive knows).
            continue
        countries = {p.country for p in named}
        if kind in MEETINGS and len(countries) == 1 and "" not in countries:
            continue  # people of one country meeting: a cabinet meeting is no diplomacy
        when = dates.resolve(sentence, day)
        if when is None and year is not None:
            when = dates.When(*dates.month_of(year, 1)[:1], dates.month_of(year, 12)[1], "year")
        if when is None:
            continue
        hosts = [p.id for p in named if country and p.country == country]
        readings.append(
            Reading(
                kind=kind,
                people=[p.id for p in named],
                hosts=hosts,
                country=country,
                city=city,
                when=when,
                sentence=whole[:500],
                lead=lead,
                future=dates.future(sentence),
                analysis=analysis,
                article_day=day,
                extra={"word": word},
            )
        )
    return readings
