"""The gazetteer: every alias of every person compiled into one Aho-Corasick automaton, and
the one pass over an article's text that finds the matches the rules accept.

``Gazetteer(people).find_mentions(segments)`` is pure (text in, findings out): full names
first, then the longest match (so "President Kim Jong Un" is Kim Jong Un in full, not the
short form "President Kim"); archive.tagging.resolution decides whom each match names.
Loading the people from the database is the models' job (``Person.objects.gazetteer()``)."""

import datetime
import re
from dataclasses import dataclass

import ahocorasick

from archive.names import is_cjk, normalize_name
from archive.tagging.offices import OfficeIndex, find_phrases
from archive.tagging.resolution import Finding, Hit, context_of, resolve
from archive.tagging.rules import (
    GENERATIONAL_AT,
    capitalised,
    compound_name_before,
    date_word_before,
    determiner_before,
    hangul_word,
    key_role,
    named_thing,
    on_word_boundaries,
    other_given_name_before,
    other_name_after,
    other_name_after_in_headline,
    role_before,
    shouting,
    word_where_capitals_prove_nothing,
)
from archive.tagging.segments import ArticleText, is_credit
from archive.tagging.vocabulary import HONORIFICS, WORD_SURNAMES


@dataclass(frozen=True)
class Form:
    person_id: int
    strong: bool  # a full name (True) or a short form (False)
    bare: bool  # a bare surname, with no honorific
    surname: str = ""  # a short form's surname, folded ("kim" in "president kim")


@dataclass(frozen=True)
class Entry:
    """What the automaton holds for one folded key: its forms and what they have in common,
    worked out once when the gazetteer is built rather than at every match."""

    length: int
    forms: tuple
    cjk: bool
    role: str | None  # the role of a short form's own title ("president kim" -> leader)
    strong: bool  # some person's full name
    all_strong: bool  # everyone's full name: capitals may be shouted, "KIM JONG UN"
    bare: bool  # some person's bare surname
    surname: str  # the surname of the short forms ("" if none)
    named: frozenset  # ids of the people it is the full name of
    owners: frozenset  # ids of the people it is a short form of
    addressed: bool  # a form of address and a surname ("mrs trump"): it says the sex

    @classmethod
    def of(cls, key, forms):
        forms = tuple(forms)
        weak = [f for f in forms if not f.strong]
        return cls(
            len(key),
            forms,
            is_cjk(key),
            key_role(key, forms),
            len(weak) < len(forms),
            not weak,
            any(f.bare for f in forms),
            weak[0].surname if weak else "",
            frozenset(f.person_id for f in forms if f.strong),
            frozenset(f.person_id for f in weak),
            key.split(" ", 1)[0] in MALE_FORMS | FEMALE_FORMS,
        )


# Forms of address that say a person's sex: "Mrs Trump" never names a man, "Mr Kim" never a
# woman (a person's ``forms`` say "Mr" or "Ms"; with neither, both fit).
MALE_FORMS = frozenset({"mr", "mr.", "mister", "sir"})
FEMALE_FORMS = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "madam", "madame", "lady"})


def _fitting(honorifics, forms):
    """The honorifics that fit a person with these forms of address."""
    forms = {f.lower().rstrip(".") for f in forms or ()}
    unfit = FEMALE_FORMS if "mr" in forms else MALE_FORMS if "ms" in forms else frozenset()
    return [h for h in honorifics if h not in unfit]


# A number right after a bare surname: a date or a number, not a person ("May 5", "No. 10").
_NUMBER_AFTER = re.compile(r"\.?\s*\d")

# A form of address right before a name: "Mrs. ", "Mr ".
_ADDRESS_RE = re.compile(r"\b(Mrs?\.?|Ms\.?|Miss|Madam|Madame|Mister|Sir|Lady)\s+$", re.IGNORECASE)


class Gazetteer:
    """Every alias of every person, compiled once into one automaton, and who held which
    office when (archive.tagging.offices)."""

    def __init__(self, people, offices=()):
        """``people``: iterable of (id, is_leader, short_name, [(alias, kind), ...]) or
        (..., forms) with the person's forms of address; ``offices``: the holdings
        OfficeIndex takes."""
        self.leaders = set()
        self.surnames = set()
        self.offices = OfficeIndex(offices)
        self.men, self.women = set(), set()  # by their forms of address
        forms = {}

        def add(key, form):
            if key:
                forms.setdefault(key, set()).add(form)

        honorifics = [normalize_name(h) for h in HONORIFICS]
        for row in people:
            person_id, is_leader, short_name, aliases = row[:4]
            person_forms = {f.lower().rstrip(".") for f in (row[4] if len(row) > 4 else ())}
            fitting = _fitting(honorifics, person_forms)
            if "mr" in person_forms:
                self.men.add(person_id)
            elif "ms" in person_forms:
                self.women.add(person_id)
            if is_leader:
                self.leaders.add(person_id)
            for alias, kind in aliases:
                key = normalize_name(alias)
                if kind == "full":
                    add(key, Form(person_id, True, False))
                elif key:
                    # A short alias ("Chairman Kim", "Don"): its last word is the surname.
                    words = key.split()
                    add(key, Form(person_id, False, len(words) == 1, words[-1]))
            if short_name:
                surname = normalize_name(short_name)
                if not surname:
                    continue
                self.surnames.add(surname)
                add(surname, Form(person_id, False, True, surname))
                for honorific in fitting:
                    add(f"{honorific} {surname}", Form(person_id, False, False, surname))
        self.size = len(forms)
        # Every name and short form it knows, folded: discovery leaves them alone.
        self.known = frozenset(forms)
        self.automaton = ahocorasick.Automaton()
        for key, value in forms.items():
            self.automaton.add_word(key, Entry.of(key, value))
        if forms:
            self.automaton.make_automaton()

    def find_mentions(self, segments, when=None):
        """Findings for an article given as segments [(text, is_title), ...]; ``when``: its
        date as (first day, last day, known to the day) (archive.periods), or None."""
        if self.size == 0:
            return {}
        article = ArticleText(segments)
        hits = []
        for segment in article.segments:
            if segment.text:
                hits.extend(self._matches(segment, article))
        if when:
            leading = self.offices.leading_throughout(*when[:2])
            active = self.offices.in_public_life(*when[:2])
        else:
            leading, active = set(), None
        findings = resolve(hits, article, self.leaders, leading, active)
        if self.offices.by_office:
            self._office_findings(article, when, findings)
        return findings

    def _office_findings(self, article, when, findings):
        """Add the people named by their office ("the South Korean president")."""
        first, last, precise = when or (datetime.date.min, datetime.date.max, False)
        for segment in article.segments:
            for phrase in find_phrases(segment.text) if segment.text else ():
                if when is None:
                    status, people = (
                        "suggested",
                        self.offices.resolve(phrase, first, last, False)[1],
                    )
                    people = people if len(people) <= 3 else set()
                else:
                    status, people = self.offices.resolve(phrase, first, last, precise)
                match = (segment.index, phrase.start, phrase.end)
                for pid in people:
                    found = findings.get(pid)
                    if found is None:
                        findings[pid] = Finding(pid, status, 1, context_of(article, match))
                    else:
                        found.count += 1
                        if status == "auto":
                            found.status = "auto"

    def _matches(self, segment, article):
        """Matches that pass the boundary, case, credit and other-person rules, then chosen
        without overlaps: full names first, then the longest (so "President Kim Jong Un" is
        Kim Jong Un in full, not the short form "President Kim")."""
        text, folded, offsets = segment.text, segment.folded, segment.offsets
        candidates = []
        for end_index, entry in self.automaton.iter(folded):
            start_index = end_index - entry.length + 1
            if not entry.cjk and (
                # Most matches inside a word ("li" in "political") fail the first test.
                (start_index and folded[start_index - 1].isalnum())
                or not on_word_boundaries(folded, start_index, end_index)
            ):
                continue
            start, end = offsets[start_index], offsets[end_index] + 1
            candidates.append((not entry.strong, start - end, start, end, entry))
        # Greedy in order of preference; the rules run only on matches not already covered
        # by a preferred one (a rejected match covers nothing).
        candidates.sort(key=lambda c: c[:3])
        covered = bytearray(len(text))
        taken = []
        for weak, _length, start, end, entry in candidates:
            if 1 in covered[start:end]:
                continue
            if entry.cjk:
                if not hangul_word(text, start, end) or is_credit(segment, start, end):
                    continue
            elif not self._acceptable(segment, start, end, entry, article):
                continue
            covered[start:end] = b"\x01" * (end - start)
            role, unsure = entry.role, False
            if not role and not entry.cjk and not entry.strong:
                role = role_before(text, start)  # (for full names only when needed)
            unfit = frozenset()
            if weak and entry.bare:
                unsure = word_where_capitals_prove_nothing(segment, start, end)
                # "Mrs. Trump" is not a man, "Mr Park" not a woman.
                address = _ADDRESS_RE.search(text[max(0, start - 10) : start])
                if address:
                    word = address.group(1).lower()
                    unfit = frozenset(self.men if word in FEMALE_FORMS else self.women)
            taken.append((start, end, entry, role, unsure, unfit))
        taken.sort(key=lambda t: t[0])
        return [
            Hit((segment.index, start, end), entry, role, unsure, unfit)
            for start, end, entry, role, unsure, unfit in taken
        ]

    def _acceptable(self, segment, start, end, entry, article):
        text = segment.text
        span = text[start:end]
        strict = not entry.all_strong
        if not capitalised(span, strict) and not (strict and shouting(segment, start, end)):
            return False
        if GENERATIONAL_AT.match(text, end) or is_credit(segment, start, end):
            return False  # a credit is not a mention; "Donald Trump Jr." is someone else
        bare = entry.bare
        # "Trump International Hotel", "Donald J. Trump State Park"; in a Title Case
        # headline only the next word, or "Xi Visits Hospital" would be a hospital.
        if named_thing(text, end, between=0 if segment.is_title else 1 if bare else 2):
            return False
        if not strict:
            return True
        surname = entry.surname
        if bare and surname in WORD_SURNAMES and determiner_before(text, start, end):
            return False  # "the Moon", "a Trump": the word, not the name
        if bare and (_NUMBER_AFTER.match(text, end) or date_word_before(text, start, surname)):
            return False  # "May 5", "No 10 Downing Street", "in May", "since March"
        if (
            bare
            and (
                other_given_name_before(text, start)
                or compound_name_before(text, start, self.surnames)
            )
        ) or (
            # "Kim Yo Jong", "President Lee Myung-bak": a short form that runs on into a name
            other_name_after_in_headline(text, end, surname, article)
            if segment.is_title
            else other_name_after(text, end)
        ):
            article.others.setdefault(surname, set()).add(role_before(text, start))
            return False
        return True
