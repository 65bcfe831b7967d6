"""Finding the people an article names.

One pass over the text with an Aho-Corasick automaton of every alias of every person
(word boundaries, longest match first, case-aware), then the rules that keep the tags
honest:

- a full name ("Kim Jong Un", "Kim Jong-un", "김정은") tags the person;
- a short form ("Mr Kim", "President Xi", a bare surname) counts only where the same
  article names that person in full; alone, it gives a ``suggested`` mention at most;
- a byline, a photo credit or a writer's credit is not a mention;
- someone else who shares a surname ("Hyung-jin Kim", "Kim Yo Jong", "Melania Trump") or a
  word ("the moon") is not the leader.

``find_mentions`` is pure (text in, findings out); ``tag_article`` writes them, never
touching ``confirmed`` or ``rejected`` mentions.
"""

import re
import unicodedata
from dataclasses import dataclass, field

import ahocorasick
from django.db import transaction
from django.db.models import Count, Max

from archive.sentences import sentence_at

HONORIFICS = (
    "Mr",
    "Mr.",
    "Mrs",
    "Mrs.",
    "Ms",
    "Ms.",
    "Dr",
    "Dr.",
    "President",
    "Chairman",
    "Leader",
    "General Secretary",
    "Secretary",
    "Premier",
    "Prime Minister",
    "Chancellor",
    "Minister",
    "Comrade",
    "Marshal",
    "Supreme Leader",
    "Ambassador",
    "Professor",
    "Prof",
    "Prof.",
    "Senator",
    "Sen.",
    "Governor",
    "Gov.",
    "King",
    "Queen",
    "Prince",
    "Emperor",
    "Vice President",
    "Foreign Minister",
    "Defence Minister",
    "Defense Minister",
    "Envoy",
    "Special Envoy",
)
# Words that start a capitalised run after a name without making it another person's name.
FOLLOWERS = {
    "administration",
    "administrations",
    "government",
    "governments",
    "regime",
    "era",
    "years",
    "doctrine",
    "summit",
    "summits",
    "visit",
    "visits",
    "said",
    "says",
    "tower",
    "campaign",
    "organization",
    "organisation",
    "foundation",
    "and",
    "or",
    "on",
    "in",
    "at",
    "as",
    "to",
    "for",
    "with",
    "of",
    "the",
    "is",
    "was",
    "has",
    "had",
    "will",
    "would",
    "also",
    "met",
    "meets",
    "told",
    "wants",
    "warned",
    "who",
    "whose",
    "himself",
    "herself",
    "i",
    "ii",
}
# A capitalised word before a bare surname that does not make it someone else's name.
TITLE_WORDS = {h.split()[-1].rstrip(".").lower() for h in HONORIFICS} | {
    "leader",
    "north",
    "south",
    "korean",
    "chinese",
    "russian",
    "american",
    "us",
    "u.s",
    "when",
    "after",
    "before",
    "but",
    "and",
    "as",
    "then",
    "while",
    "if",
    "that",
    "said",
    "said,",
    "with",
    "by",
    "from",
    "for",
    "to",
    "of",
    "on",
    "at",
    "in",
    "between",
    "both",
    "whom",
    "whether",
    "since",
    "because",
    "so",
    "why",
    "how",
    "what",
    "where",
    "who",
    "the",
    "a",
    "an",
    "general",
    "chief",
    "commander",
    "dictator",
    "strongman",
    "supremo",
}
GENERATIONAL = re.compile(r"^\s*,?\s*(?:Jr|Sr|Junior|Senior|II|III|IV)\b\.?")

_CREDIT_SENTENCE_RE = re.compile(
    r"\b(?:contribut(?:ed|ing) (?:to )?(?:this|the) (?:story|report|article)|"
    r"(?:additional )?reporting by|writing by|editing by|photo(?:graph)? by|"
    r"photograph:|photo:|image:|picture:|compiled by)\b",
    re.IGNORECASE,
)
_BYLINE_LINE_RE = re.compile(r"^\s*by\s+[A-Z]", re.IGNORECASE)
_CJK_RE = re.compile(
    r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)
_COMMON_ONE_WORD_NAMES = {
    # Surnames shared by millions and ordinary words: as a one-word full name they would tag
    # every article that uses them.
    "kim",
    "lee",
    "park",
    "choi",
    "jung",
    "jeong",
    "kang",
    "cho",
    "yoon",
    "jang",
    "lim",
    "han",
    "oh",
    "seo",
    "shin",
    "kwon",
    "hwang",
    "ahn",
    "song",
    "ryu",
    "hong",
    "moon",
    "ri",
    "pak",
    "wang",
    "li",
    "zhang",
    "liu",
    "chen",
    "yang",
    "huang",
    "zhao",
    "wu",
    "zhou",
    "xu",
    "sun",
    "ma",
    "zhu",
    "hu",
    "guo",
    "he",
    "lin",
    "luo",
    "gao",
    "xi",
    "smith",
    "johnson",
    "brown",
    "jones",
    "miller",
    "davis",
    "wilson",
    "taylor",
    "white",
    "black",
    "green",
    "young",
    "king",
    "rice",
    "bush",
    "may",
    "price",
    "long",
    "little",
    "north",
    "south",
    "west",
    "east",
    "rose",
    "hope",
    "will",
    "mark",
    "page",
    "bell",
    "hill",
    "wood",
    "stone",
    "march",
    "june",
    "august",
    "grant",
    "bond",
    "love",
    "trump",
    "abe",
    "tanaka",
    "suzuki",
    "sato",
    "nguyen",
    "singh",
    "khan",
    "ali",
    "ivanov",
    "putin",
}


def is_cjk(text):
    return bool(_CJK_RE.search(text))


def _fold(ch):
    """One character in its matching form: lower case, dashes and NBSP as spaces, curly
    apostrophes straight. Always one character, so offsets map back to the original."""
    if ch in "-\u2010\u2011\u2012\u2013\u2014\u00a0\t\n\r":
        return " "
    if ch in "\u2019\u2018\u02bc":
        return "'"
    low = ch.lower()
    return low if len(low) == 1 else ch


def fold_text(text):
    """(folded text with runs of spaces collapsed, offsets into the original)."""
    out = []
    offsets = []
    previous_space = True
    for index, ch in enumerate(text):
        folded = _fold(ch)
        if folded == " ":
            if previous_space:
                continue
            previous_space = True
        else:
            previous_space = False
        out.append(folded)
        offsets.append(index)
    return "".join(out), offsets


def fold_name(name):
    folded, _offsets = fold_text(unicodedata.normalize("NFKC", name).strip())
    return folded.strip()


def alias_problem(name, kind="full"):
    """Why an alias cannot be saved, or None."""
    name = " ".join((name or "").split())
    if not name:
        return "An alias needs a name."
    if len(name) < 2:
        return "An alias needs at least two characters."
    if not any(ch.isalpha() for ch in name):
        return "An alias needs letters."
    words = fold_name(name).split()
    if (
        kind == "full"
        and len(words) == 1
        and not is_cjk(name)
        and words[0].strip(".'") in _COMMON_ONE_WORD_NAMES
    ):
        return (
            f"{name!r} alone is a common word or a surname many people share: as a full name "
            "it would tag every article that uses it. Add it as a short form, which counts "
            "only where the article names the person in full."
        )
    return None


@dataclass(frozen=True)
class Form:
    person_id: int
    strong: bool  # a full name (True) or a short form (False)
    bare: bool  # a bare surname, with no honorific


@dataclass
class Finding:
    person_id: int
    status: str  # "auto" or "suggested"
    count: int
    context: str


@dataclass
class _Person:
    id: int
    is_leader: bool
    strong: list = field(default_factory=list)  # (segment, start, end) of each match
    weak: list = field(default_factory=list)


class Gazetteer:
    """Every alias of every person, compiled once into one automaton."""

    def __init__(self, people):
        """``people``: iterable of (id, is_leader, short_name, [(alias, kind), ...])."""
        self.leaders = set()
        forms = {}
        for person_id, is_leader, short_name, aliases in people:
            if is_leader:
                self.leaders.add(person_id)
            for alias, kind in aliases:
                key = fold_name(alias)
                if key:
                    forms.setdefault(key, set()).add(Form(person_id, kind == "full", False))
            if short_name:
                key = fold_name(short_name)
                forms.setdefault(key, set()).add(Form(person_id, False, True))
                for honorific in HONORIFICS:
                    forms.setdefault(fold_name(f"{honorific} {short_name}"), set()).add(
                        Form(person_id, False, False)
                    )
        self.size = len(forms)
        self.automaton = ahocorasick.Automaton()
        for key, value in forms.items():
            self.automaton.add_word(key, (len(key), tuple(value), is_cjk(key)))
        if forms:
            self.automaton.make_automaton()

    @classmethod
    def from_db(cls):
        from archive.models import Alias, Person

        aliases = {}
        for person_id, name, kind in Alias.objects.values_list("person_id", "name", "kind"):
            aliases.setdefault(person_id, []).append((name, kind))
        people = [
            (pid, leader, short, [*aliases.get(pid, []), (name, "full")])
            for pid, name, short, leader in Person.objects.values_list(
                "id", "name", "short_name", "is_leader"
            )
        ]
        return cls(people)

    def find_mentions(self, segments):
        """Findings for an article given as segments [(text, is_title), ...]."""
        people = {}
        for segment, (text, is_title) in enumerate(segments):
            if not text:
                continue
            for start, end, forms in self._matches(text, is_title):
                for form in forms:
                    person = people.setdefault(
                        form.person_id, _Person(form.person_id, form.person_id in self.leaders)
                    )
                    match = (segment, start, end)
                    (person.strong if form.strong else person.weak).append(match)
        return self._resolve(people, segments)

    def _matches(self, text, is_title):
        """Matches that pass the boundary, case, credit and other-person rules, then chosen
        without overlaps: full names first, then the longest (so "President Kim Jong Un" is
        Kim Jong Un in full, not the short form "President Kim")."""
        if self.size == 0:
            return []
        folded, offsets = fold_text(text)
        candidates = []
        for end_index, (length, forms, cjk) in self.automaton.iter(folded):
            start_index = end_index - length + 1
            if not cjk and not _on_word_boundaries(folded, start_index, end_index):
                continue
            start, end = offsets[start_index], offsets[end_index] + 1
            if self._acceptable(text, start, end, forms, cjk, is_title):
                strong = any(f.strong for f in forms)
                candidates.append((not strong, -(end - start), start, end, forms))
        candidates.sort(key=lambda c: c[:3])
        taken = []
        for _weak, _length, start, end, forms in candidates:
            if any(start < t_end and t_start < end for t_start, t_end, _f in taken):
                continue
            taken.append((start, end, forms))
        return sorted(taken, key=lambda t: t[0])

    @staticmethod
    def _acceptable(text, start, end, forms, cjk, is_title):
        if cjk:
            return not _is_credit(text, start, end)
        span = text[start:end]
        if not _capitalised(span, strict=not all(f.strong for f in forms)):
            return False
        if _is_credit(text, start, end) or GENERATIONAL.match(text[end:]):
            return False  # a credit is not a mention; "Donald Trump Jr." is someone else
        if any(f.bare for f in forms):
            if _other_given_name_before(text, start):
                return False
            if not is_title and _other_name_after(text, end):
                return False
        return True

    def _resolve(self, people, segments):
        named = {pid for pid, p in people.items() if p.strong}
        strong_at = sorted((m, pid) for pid in named for m in people[pid].strong)
        owners_at = {}
        for pid, person in people.items():
            for match in person.weak:
                owners_at.setdefault(match, set()).add(pid)

        counted = {pid: list(people[pid].strong) for pid in named}
        unresolved = {}
        for match, owners in owners_at.items():
            candidates = owners & named
            if candidates:
                # A short form goes to the person named in full nearest before it (or, failing
                # that, the first named after it): "Kim Jong Un ... his sister Kim Yo Jong ...
                # Ms Kim".
                before = [pid for m, pid in strong_at if m <= match and pid in candidates]
                after = [pid for m, pid in strong_at if m > match and pid in candidates]
                counted[(before[-1:] or after[:1])[0]].append(match)
            else:
                for pid in owners:
                    unresolved.setdefault(pid, set()).update(owners)

        findings = {
            pid: Finding(pid, "auto", len(matches), _context(segments, min(matches)))
            for pid, matches in counted.items()
        }
        for pid, owners in unresolved.items():
            # Unsure: suggest the leader who carries the name (when few do), or the only
            # person who does; a curator decides.
            leaders = owners & self.leaders
            if (pid in leaders and len(leaders) <= 3) or (not leaders and len(owners) == 1):
                matches = people[pid].weak
                findings[pid] = Finding(
                    pid, "suggested", len(matches), _context(segments, min(matches))
                )
        return findings


def _on_word_boundaries(folded, start, end):
    before = folded[start - 1] if start > 0 else " "
    after = folded[end + 1] if end + 1 < len(folded) else " "
    return not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_")


def _capitalised(span, strict):
    """Names are written with capitals: 'Moon' is a name, 'moon' is not. Short forms must be
    Title Case ('XI' in 'Pope Pius XI' is not Xi); full names may also be in capitals."""
    # Hyphenated parts of a romanised name may be lower case: "Kim Jong-un", "Moon Jae-in".
    words = [w for w in span.split() if w and w[0].isalpha()]
    if not words:
        return True
    if not strict and span.isupper():
        return True
    for word in words:
        if not word[0].isupper():
            return False
        if strict and len(word) > 1 and word.isupper() and word.lower() not in ("mr", "ms", "dr"):
            return False
    return True


def _is_credit(text, start, end):
    # Inside a parenthesis or bracket with a slash: a photo credit "(Vladimir Voronin/AP)".
    opening = max(text.rfind("(", 0, start), text.rfind("[", 0, start))
    if opening >= 0:
        closing_round = text.find(")", end)
        closing_square = text.find("]", end)
        closing = min(c for c in (closing_round, closing_square, len(text)) if c >= 0)
        if (
            closing < len(text)
            and text.rfind(")", opening, start) < 0
            and text.rfind("]", opening, start) < 0
        ):
            inside = text[opening:closing]
            if "/" in inside or " via " in inside:
                return True
    left, right = sentence_at(text, start, end)
    sentence = text[left:right]
    if _BYLINE_LINE_RE.match(sentence) and len(sentence) < 120:
        return True
    return bool(_CREDIT_SENTENCE_RE.search(sentence))


_WORD_BEFORE_RE = re.compile(r"([A-Z][\w'’\-]*)\s+$")
_WORD_AFTER_RE = re.compile(r"^\s+([A-Z][\w'’\-]*)")


def _other_given_name_before(text, start):
    """'Hyung-jin Kim', 'Melania Trump': a capitalised word right before a bare surname."""
    match = _WORD_BEFORE_RE.search(text[max(0, start - 40) : start])
    if not match:
        return False
    word = match.group(1)
    if word.endswith(("'s", "’s", "s'", "s’")):
        return False
    return word.lower().rstrip(".") not in TITLE_WORDS


def _other_name_after(text, end):
    """'Kim Yo Jong', 'Kim Dae-jung': a bare surname followed by another capitalised name."""
    match = _WORD_AFTER_RE.match(text[end : end + 40])
    if not match:
        return False
    return match.group(1).lower().strip("'’") not in FOLLOWERS


def _context(segments, match):
    """The sentence of a match, at most about 400 characters."""
    segment, start, end = match
    text = segments[segment][0]
    left, right = sentence_at(text, start, end)
    sentence = " ".join(text[left:right].split())
    if len(sentence) > 400:
        middle = start - left
        sentence = "…" + sentence[max(0, middle - 180) : middle + 180].strip() + "…"
    return sentence


# Writing mentions ---------------------------------------------------------------------------


def gazetteer_fingerprint():
    from archive.models import Alias, Person

    people = Person.objects.aggregate(n=Count("id"), m=Max("id"))
    aliases = Alias.objects.aggregate(n=Count("id"), m=Max("id"))
    return (people["n"], people["m"], aliases["n"], aliases["m"])


def article_segments(article):
    from archive.sanitize import html_to_text

    return [
        (article.title, True),
        (article.standfirst, False),
        (html_to_text(article.body), False),
    ]


def tag_article(article, gazetteer, segments=None):
    """Write ``auto``/``suggested`` mentions for one article from its text.

    Confirmed and rejected mentions are never changed; machine mentions no longer found are
    removed. Returns (created, changed, removed).
    """
    from archive.models import Mention

    findings = gazetteer.find_mentions(segments or article_segments(article))
    existing = {m.person_id: m for m in Mention.objects.filter(article=article)}
    created = changed = removed = 0
    with transaction.atomic():
        for pid, finding in findings.items():
            mention = existing.get(pid)
            if mention is None:
                Mention.objects.create(
                    article=article,
                    person_id=pid,
                    status=finding.status,
                    count=finding.count,
                    context=finding.context,
                )
                created += 1
            elif mention.status in Mention.DECIDED_STATUSES:
                continue
            elif (mention.status, mention.count, mention.context) != (
                finding.status,
                finding.count,
                finding.context,
            ):
                mention.status = finding.status
                mention.count = finding.count
                mention.context = finding.context
                mention.save(update_fields=["status", "count", "context"])
                changed += 1
        stale = [
            m.pk
            for pid, m in existing.items()
            if pid not in findings and m.status not in Mention.DECIDED_STATUSES
        ]
        if stale:
            Mention.objects.filter(pk__in=stale).delete()
            removed = len(stale)
    return created, changed, removed


def person_names(person):
    """Every written form of a person that can tag an article: name, aliases, short name."""
    names = {person.name, *person.aliases.values_list("name", flat=True)}
    if person.short_name:
        names.add(person.short_name)
    return sorted(n for n in names if n)


def articles_naming(person, queryset=None):
    """Articles whose title or body contains one of the person's names (in any of the
    hyphen/space forms), the candidates for re-tagging after a name changes."""
    from django.db.models import Q

    from archive.models import Article

    queryset = Article.objects.all() if queryset is None else queryset
    condition = Q()
    for name in person_names(person):
        for form in {name, name.replace("-", " "), name.replace(" ", "-")}:
            condition |= Q(title__icontains=form) | Q(body__icontains=form)
    return queryset.filter(condition) if condition else queryset.none()
