"""People named by their office: "the South Korean president", "China's foreign minister",
"the president of Russia", "the U.S. secretary of state", "North Korea's leader", "the NATO
secretary-general". Whoever held that office on the article's date is the person named.

``OfficePhrases.find(text)`` finds the phrases (an office of an explicit state or
organisation, not followed by a name: "Chinese Foreign Minister Wang Yi" names Wang Yi
himself); ``OfficeIndex`` knows who held which office when. A phrase names the holder
``auto`` when the article's date is known to the day, the office is explicit and exactly
one person surely held it that day; otherwise (an imprecise or unknown date, a vague
office such as "the Russian leader" for a state without a supreme leader, a handover day)
it suggests the holders for curators. Pure: no database."""

import datetime
import re
from dataclasses import dataclass

from archive.countries import country_problem
from archive.lexicon import entries
from archive.tagging.keywords import KeyWords, alternation

# The office words and the office each names; "leader" is the supreme leader where a state
# has one, else vague (a president or a prime minister).
OFFICE_WORDS = {
    "president": "head_of_state",
    "prime minister": "head_of_government",
    "premier": "head_of_government",
    "chancellor": "head_of_government",
    "foreign minister": "foreign_minister",
    "foreign secretary": "foreign_minister",
    "top diplomat": "foreign_minister",
    "defence minister": "defence_minister",
    "defense minister": "defence_minister",
    "defence secretary": "defence_minister",
    "defense secretary": "defence_minister",
    "vice president": "vice_president",
    "national security adviser": "national_security_adviser",
    "national security advisor": "national_security_adviser",
    "leader": "leader",
    "supreme leader": "supreme_leader",
    "secretary-general": "org_head",
    "secretary general": "org_head",
    "director general": "org_head",
    "director-general": "org_head",
    "chief": "org_head",
}
# Offices named differently in one state: the U.S. "secretary of state" and "secretary of
# defense" (which "the secretary of state" of another state is not).
STATE_OFFICES = {
    ("secretary of state", "US"): "foreign_minister",
    ("secretary of defense", "US"): "defence_minister",
    ("defense secretary", "US"): "defence_minister",
}
ORG_OFFICES = {"org_head"}
# How long before taking an office and after leaving it a person still makes news as
# themselves: a lone surname may suggest them that far from their offices.
ACTIVE_MARGIN = datetime.timedelta(days=3 * 365)
LEADER = "leader"
# States whose "leader" is the head of government (a parliamentary system).
LEADER_IS_HEAD_OF_GOVERNMENT = frozenset(entries("leader-offices"))
# Words before an office phrase that make it someone else than the holder of the day:
# "former Russian prime minister", "any South Korean leader", "set to become Japan's leader".
_NOT_THE_HOLDER_RE = re.compile(
    r"(?:\b(?:former|ex|late|then|future|next|incoming|would-be|any|every|no|another|each|"
    r"past|previous|become|becomes|became|becoming|as)\s*-?\s*(?:the\s+)?"
    # An apposition: "Qian Qichen, China's foreign minister from 1988"
    r"|[A-Z][\w'’-]+,\s+(?:the\s+)?)$",
    re.IGNORECASE,
)


def _places():
    """{lower-case name: code} of the states and organisations the news names."""
    places = {}
    for line in entries("country-words"):
        code, _colon, names = line.partition(":")
        for name in names.split("|"):
            places[name.strip().lower()] = code.strip()
    return places


PLACES = _places()


_PLACE = alternation(PLACES)
_OFFICE = alternation({*OFFICE_WORDS, *(o for o, _c in STATE_OFFICES)})
# A name right after the office makes it a title, not the person ("Foreign Minister Wang").
_NAME_AFTER = r"(?!\s+(?-i:[A-Z][\w'’.-]+|[\u3131-\u318e\uac00-\ud7a3\u4e00-\u9fff]))"
PHRASE_RE = re.compile(
    rf"\b(?:(?P<adj>{_PLACE})(?:'s|’s)?\s+(?P<office>{_OFFICE})"
    rf"|the\s+(?P<office2>{_OFFICE})\s+of\s+(?:the\s+)?(?P<place2>{_PLACE}))\b{_NAME_AFTER}",
    re.IGNORECASE,
)
# Every phrase holds an office word; the longest place name is under 60 characters.
_OFFICE_KEYS = KeyWords([*OFFICE_WORDS, *(o for o, _c in STATE_OFFICES)])


@dataclass(frozen=True)
class OfficePhrase:
    kind: str  # an office kind, or LEADER
    place: str  # a state's or an organisation's code
    start: int
    end: int


def find_phrases(text):
    """The office phrases of ``text``, in order."""
    found = []
    for match in _OFFICE_KEYS.finditer(PHRASE_RE, text, before=70, after=80):
        if _NOT_THE_HOLDER_RE.search(text[max(0, match.start() - 40) : match.start()]):
            continue
        place_text = match.group("adj") or match.group("place2")
        office_text = (match.group("office") or match.group("office2")).lower()
        place = PLACES.get(place_text.lower())
        if place is None:
            continue
        kind = STATE_OFFICES.get((office_text, place)) or OFFICE_WORDS.get(office_text)
        if kind is None:
            continue
        if (kind in ORG_OFFICES) != (country_problem(place) is not None):
            continue  # "the French secretary-general", "the NATO president": not offices
        found.append(OfficePhrase(kind, place, match.start(), match.end()))
    return found


class OfficeIndex:
    """Who held which office when: {(kind, place): [(start, surely_ended, possibly_ended,
    person id, acting)]}."""

    def __init__(self, holdings=()):
        """``holdings``: (person id, kind, country or org, start, end or None, last day the
        end can mean or None, acting, start's last possible day)."""
        self.by_office = {}
        self.leading = {}  # person id -> [(start, surely_ended)] of their leading offices
        self.spans = {}  # person id -> [(start, possibly ended)] of all their offices
        for pid, kind, place, start, end, end_last, acting, start_last in holdings:
            row = (start, start_last, end or datetime.date.max, end_last or datetime.date.max,
                   pid, acting)  # fmt: skip
            self.by_office.setdefault((kind, place), []).append(row)
            # A former head of state or government stays in the news for life ("Clinton in
            # Pyongyang", 2009); other office-holders for ACTIVE_MARGIN after.
            leads = kind in ("supreme_leader", "head_of_state", "head_of_government")
            self.spans.setdefault(pid, []).append(
                (start, datetime.date.max if leads else end_last or datetime.date.max)
            )
            if kind in ("supreme_leader", "head_of_state", "head_of_government",
                        "foreign_minister"):  # fmt: skip
                self.leading.setdefault(pid, []).append(row)

    def holders(self, kind, place, first, last):
        """(surely, possibly): the people surely holding the office throughout [first,
        last], and those who may have held it some time in it."""
        surely, possibly = set(), set()
        for start, start_last, end_first, end_last, pid, _acting in self.by_office.get(
            (kind, place), ()
        ):
            if start_last <= first and end_first >= last:
                surely.add(pid)
            if start <= last and end_last >= first:
                possibly.add(pid)
        return surely, possibly

    def leading_throughout(self, first, last):
        """A container of the people who held a leading office (head of state or
        government, supreme leader, foreign minister) throughout [first, last]; each person
        is looked up only when asked about."""
        return _Leading(self.leading, first, last)

    def in_public_life(self, first, last):
        """A container of the people who may be in the news in [first, last]: those with
        no office on record (nothing to go by), those who held one within ACTIVE_MARGIN of
        it ("Sullivan" in a 1987 story is not the adviser of 2021), and former heads of
        state or government."""
        return _InPublicLife(self.spans, first - ACTIVE_MARGIN, last + ACTIVE_MARGIN)

    def resolve(self, phrase, first, last, precise):
        """(status, people) a phrase names on the article's date period [first, last]
        (``precise``: known to the day): ("auto", {pid}), ("suggested", {pids}) or (None,
        set())."""
        if phrase.kind == LEADER:
            # The supreme leader where there is one, else the head of government of a
            # parliamentary state, else the head of state.
            surely, possibly = self.holders("supreme_leader", phrase.place, first, last)
            if not possibly:
                kind = (
                    "head_of_government"
                    if phrase.place in LEADER_IS_HEAD_OF_GOVERNMENT
                    else "head_of_state"
                )
                surely, possibly = self.holders(kind, phrase.place, first, last)
        else:
            surely, possibly = self.holders(phrase.kind, phrase.place, first, last)
        explicit = True
        if precise and explicit and len(surely) == 1 and possibly == surely:
            return "auto", surely
        if possibly and len(possibly) <= 3:
            return "suggested", possibly
        return None, set()


class _InPublicLife:
    def __init__(self, spans, first, last):
        self.spans, self.first, self.last = spans, first, last

    def __contains__(self, pid):
        spans = self.spans.get(pid)
        return spans is None or any(s <= self.last and e >= self.first for s, e in spans)


class _Leading:
    def __init__(self, leading, first, last):
        self.leading, self.first, self.last = leading, first, last

    def __contains__(self, pid):
        return any(
            s_last <= self.first and e_first >= self.last
            for _s, s_last, e_first, _e, _p, _a in self.leading.get(pid, ())
        )
