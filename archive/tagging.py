"""Finding the people an article names.

One pass over the text with an Aho-Corasick automaton of every alias of every person
(word boundaries, longest match first, case-aware), then the rules that keep the tags
honest:

- a full name ("Kim Jong Un", "Kim Jong-un", "김정은") tags the person;
- a short form ("Mr Kim", "President Xi", a bare surname) counts only where the same
  article names that person in full; alone, it gives a ``suggested`` mention at most;
- a byline, a photo credit or a writer's credit is not a mention, nor is a thing named
  after a person ("Trump Tower", "Kim Il Sung Square");
- someone else who shares a surname ("Hyung-jin Kim", "Kim Yo Jong", "Melania Trump",
  "Ban Ki-moon") or a word ("the moon") is not the leader;
- a title chooses between people of one surname: "leader Kim" beside his sister Kim Yo
  Jong is her brother, "Professor Moon" is not the president.

``find_mentions`` is pure (text in, findings out); ``tag_article`` writes them, never
touching ``confirmed`` or ``rejected`` mentions. The labelled set in tests/tagging_cases
measures the rules; benchmark/tagging_quality.py prints the scores.
"""

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import ahocorasick
from django.db import transaction

from archive.sentences import sentence_ends

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
# What a title before a surname says about who carries it: a head of state or government
# ("leader") or somebody else ("other"). "Mr", "Ms", "Comrade" say nothing.
_LEADER, _OTHER = "leader", "other"
ROLES = {
    "president": _LEADER,
    "president elect": _LEADER,
    "chairman": _LEADER,
    "leader": _LEADER,
    "supreme leader": _LEADER,
    "general secretary": _LEADER,
    "premier": _LEADER,
    "prime minister": _LEADER,
    "chancellor": _LEADER,
    "marshal": _LEADER,
    "king": _LEADER,
    "queen": _LEADER,
    "emperor": _LEADER,
    "vice president": _OTHER,
    "vice chairman": _OTHER,
    "vice premier": _OTHER,
    "secretary": _OTHER,
    "minister": _OTHER,
    "foreign minister": _OTHER,
    "defence minister": _OTHER,
    "defense minister": _OTHER,
    "ambassador": _OTHER,
    "envoy": _OTHER,
    "special envoy": _OTHER,
    "professor": _OTHER,
    "prof": _OTHER,
    "dr": _OTHER,
    "senator": _OTHER,
    "sen": _OTHER,
    "governor": _OTHER,
    "gov": _OTHER,
    "prince": _OTHER,
    "general": _OTHER,
    "adviser": _OTHER,
    "advisor": _OTHER,
    "spokesperson": _OTHER,
    "spokesman": _OTHER,
    "spokeswoman": _OTHER,
    "lawmaker": _OTHER,
}
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
    "campaign",
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
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
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
    "japanese",
    "british",
    "french",
    "german",
    "indian",
    "ukrainian",
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
    "former",
    "late",
    # Sentence openers: "Yesterday Kim said", "On Tuesday Xi told".
    "yesterday",
    "today",
    "meanwhile",
    "later",
    "earlier",
    "now",
    "also",
    "however",
    "still",
    "instead",
    "here",
    "there",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
}
# Nouns after a surname that make it the person's: "the Moon government", "a Trump aide".
POLITICAL_NOUNS = {
    "administration",
    "administrations",
    "government",
    "governments",
    "presidency",
    "regime",
    "era",
    "years",
    "doctrine",
    "campaign",
    "camp",
    "cabinet",
    "aide",
    "aides",
    "team",
    "family",
    "dynasty",
    "loyalists",
    "supporters",
    "policy",
    "policies",
}
# Verbs (lower case) after a word-like surname that make it a person: "Trump said", "Moon
# told reporters". Not "Moon rocks", "Moon landing".
SUBJECT_VERBS = {
    "said",
    "says",
    "told",
    "tells",
    "is",
    "was",
    "has",
    "had",
    "will",
    "would",
    "met",
    "meets",
    "warned",
    "warns",
    "added",
    "called",
    "calls",
    "urged",
    "urges",
    "vowed",
    "vows",
    "insisted",
    "insists",
    "tweeted",
    "wrote",
    "writes",
    "announced",
    "signed",
    "pledged",
    "promised",
    "visited",
    "arrived",
    "denied",
    "denies",
    "agreed",
    "replied",
    "wants",
    "wanted",
    "spoke",
    "claimed",
    "claims",
    "accused",
    "praised",
    "threatened",
    "ordered",
    "also",
}
# Things named after people: "Trump Tower", "Kim Il Sung Square", "Kim Dae-jung Convention
# Center". The name there is an address or an institution, not a mention of the person.
NAMED_THINGS = (
    "Tower",
    "Towers",
    "Square",
    "Stadium",
    "University",
    "Organization",
    "Organisation",
    "Hotel",
    "Airport",
    "Library",
    "Center",
    "Centre",
    "Foundation",
    "Street",
    "Bridge",
    "Prize",
    "Institute",
    "Hall",
    "Boulevard",
    "Avenue",
    "Road",
    "Plaza",
    "Museum",
    "Building",
    "Station",
    "Hospital",
    "School",
    "Academy",
    "Mausoleum",
    "Media",
    "Corporation",
    "Winery",
    "Golf",
    # Also a Korean surname, but never written straight after another person's name.
    "Park",
)
# Surnames that are also English words: at the start of a sentence or in a headline, where
# every word may wear a capital, "Moon" ("Moon rocks...") is no evidence of a person.
WORD_SURNAMES = {
    "moon",
    "sun",
    "may",
    "rice",
    "bush",
    "young",
    "king",
    "long",
    "little",
    "white",
    "black",
    "green",
    "brown",
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
    "price",
    "park",
    "song",
    "oh",
    "ma",
    "he",
    "hong",
    "so",
    "do",
    "ban",
}
GENERATIONAL = re.compile(r"^\s*,?\s*(?:Jr|Sr|Junior|Senior|II|III|IV)\b\.?")
_GENERATIONAL_AT = re.compile(GENERATIONAL.pattern[1:])  # for .match(text, position)

_CREDIT_SENTENCE_RE = re.compile(
    r"\b(?:contribut(?:ed|ing) (?:to )?(?:this|the) (?:story|report|article)|"
    r"(?:additional )?reporting by|writing by|editing by|photo(?:graph)? by|"
    r"photograph:|photo:|image:|picture:|compiled by)|"
    # "Associated Press writers Hyung-jin Kim in Seoul and Mari Yamaguchi contributed."
    r"\b(?:writers?|reporters?|correspondents?|journalists?)\b[^.!?\n]*\bcontributed\b",
    re.IGNORECASE,
)
_CREDIT_CUES = (
    "contribut",
    "reporting by",
    "writing by",
    "editing by",
    "photo by",
    "photo:",
    "photograph",
    "image:",
    "picture:",
    "compiled by",
)
_BYLINE_LINE_RE = re.compile(r"\s*by\s+[A-Z]", re.IGNORECASE)  # at a sentence's start
_CJK_RE = re.compile(
    r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)
# What may follow a Korean name inside the same word: particles ("김정은이", "김정은과") and
# titles written without a space ("김정은위원장"). Any other syllable makes a longer name:
# "김건희" is not "김건".
_HANGUL_SUFFIXES = (
    "이",
    "가",
    "은",
    "는",
    "을",
    "를",
    "의",
    "에",
    "와",
    "과",
    "도",
    "만",
    "께",
    "씨",
    "님",
    "측",
    "로",
    "으로",
    "한테",
    "부터",
    "까지",
    "보다",
    "처럼",
    "조차",
    "마저",
    "뿐",
    "대통령",
    "위원장",
    "국무위원장",
    "주석",
    "국가주석",
    "총비서",
    "총리",
    "여사",
    "부부장",
    "정부",
    "정권",
    "시대",
    "체제",
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


def _is_hangul(ch):
    return "\uac00" <= ch <= "\ud7af"


# Folding ------------------------------------------------------------------------------------

_SPACES = "-\u2010\u2011\u2012\u2013\u2014\u00a0\t\n\r"
_APOSTROPHES = "\u2019\u2018\u02bc"
_SPACE_RUN_RE = re.compile(r"  +")


def _fold(ch):
    """One character in its matching form: lower case, dashes and NBSP as spaces, curly
    apostrophes straight. Always one character, so offsets map back to the original."""
    if ch in _SPACES:
        return " "
    if ch in _APOSTROPHES:
        return "'"
    low = ch.lower()
    return low if len(low) == 1 else ch


def fold_text(text):
    """(folded text with runs of spaces collapsed, offsets into the original).

    str.lower and str.replace do the work in C (str.translate is ten times slower on
    non-ASCII text); only when lower-casing changes a character's length (a handful of
    letters, e.g. "İ") does it go character by character."""
    folded = text.lower()
    if len(folded) != len(text):
        return _fold_text_slowly(text)
    for ch in _SPACES:
        if ch in folded:
            folded = folded.replace(ch, " ")
    for ch in _APOSTROPHES:
        if ch in folded:
            folded = folded.replace(ch, "'")
    leading = len(folded) - len(folded.lstrip(" "))
    if "  " not in folded:
        if not leading:
            return folded, range(len(folded))
        return folded[leading:], range(leading, len(folded))
    # Collapse each run to its first space (a leading run goes entirely), keeping offsets.
    pieces, folded_starts, original_starts = [], [], []
    position, length = leading, 0
    for run in _SPACE_RUN_RE.finditer(folded, leading):
        keep_to = run.start() + 1
        pieces.append(folded[position:keep_to])
        folded_starts.append(length)
        original_starts.append(position)
        length += keep_to - position
        position = run.end()
    pieces.append(folded[position:])
    folded_starts.append(length)
    original_starts.append(position)
    return "".join(pieces), _Offsets(folded_starts, original_starts)


class _Offsets:
    """Index in a folded text that dropped runs of spaces -> index in the original: the
    start of each kept chunk in both, searched by bisection (a few lookups an article)."""

    __slots__ = ("folded_starts", "original_starts")

    def __init__(self, folded_starts, original_starts):
        self.folded_starts = folded_starts
        self.original_starts = original_starts

    def __getitem__(self, index):
        chunk = bisect_right(self.folded_starts, index) - 1
        return self.original_starts[chunk] + index - self.folded_starts[chunk]


def _fold_text_slowly(text):
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


# The tagger ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Form:
    person_id: int
    strong: bool  # a full name (True) or a short form (False)
    bare: bool  # a bare surname, with no honorific
    surname: str = ""  # a short form's surname, folded ("kim" in "president kim")


@dataclass
class Finding:
    person_id: int
    status: str  # "auto" or "suggested"
    count: int
    context: str


@dataclass
class _Hit:
    """One accepted match: where, whose forms, and what the words around it say."""

    match: tuple  # (segment, start, end): in reading order
    entry: "_Entry"
    role: str | None  # the title before it: _LEADER, _OTHER or None
    unsure: bool = False  # a word-like surname where capitals prove nothing


@dataclass(frozen=True)
class _Entry:
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

    @classmethod
    def of(cls, key, forms):
        forms = tuple(forms)
        weak = [f for f in forms if not f.strong]
        return cls(
            len(key),
            forms,
            is_cjk(key),
            _key_role(key, forms),
            len(weak) < len(forms),
            not weak,
            any(f.bare for f in forms),
            weak[0].surname if weak else "",
            frozenset(f.person_id for f in forms if f.strong),
            frozenset(f.person_id for f in weak),
        )


class _Lazy:
    """A set worked out on first use (most articles never ask)."""

    def __init__(self, make):
        self.make = make
        self.value = None

    def __contains__(self, item):
        if self.value is None:
            self.value = self.make()
        return item in self.value


class _Segment:
    """One segment of an article with its folded text and (lazily) its sentences."""

    __slots__ = ("_brackets", "_credits", "_ends", "folded", "index", "is_title", "offsets", "text")

    def __init__(self, index, text, is_title):
        self.index = index
        self.text = text
        self.is_title = is_title
        self.folded, self.offsets = fold_text(text)
        self._ends = {}  # paragraph start -> sentence ends in it
        self._brackets = None
        self._credits = None

    def sentence(self, start, end=None):
        """(left, right) of the sentence holding text[start:end], as sentence_at gives it
        (up to white space at the end of a paragraph). A line break always ends a sentence,
        so only the paragraph around it is split, once: most paragraphs never need it."""
        end = start if end is None else end
        text = self.text
        first = text.rfind("\n", 0, start) + 1
        ends = self._ends.get(first)
        if ends is None:
            last = text.find("\n", first)
            last = len(text) if last < 0 else last
            ends = self._ends[first] = [first + e for e in sentence_ends(text[first:last])]
            ends.append(last)
        before = bisect_right(ends, start)
        after = bisect_left(ends, end, before)
        left = ends[before - 1] if before else first
        right = ends[after] if after < len(ends) else ends[-1]
        return left, right

    @property
    def credit_brackets(self):
        if self._brackets is None:
            self._brackets = _credit_brackets(self.text)
        return self._brackets

    def in_credit(self, start):
        """Whether text[start] is inside a byline or a credit."""
        if self._credits is None:
            self._credits = self._credit_spans()
        return any(left <= start < right for left, right in self._credits)

    def _credit_spans(self):
        """(start, end) of the bylines and credits, found once a segment. A credit phrase
        covers the names after it ("Photo by Kim Hong-ji", "reporting by...") or, for a
        writer's credit, before it ("writer Kim Tong-hyung contributed"), not the subject of
        the sentence ("Kim Jong Un tours a factory, in this photo by KCNA"). Literal cues pick
        the few sentences worth the (slow, case-blind) regexes, so an article without
        credits costs a few string searches."""
        text, spans, seen = self.text, set(), set()
        for cue in _CREDIT_CUES:
            position = self.folded.find(cue)
            while position >= 0:
                left, right = self.sentence(self.offsets[position])
                if left not in seen:
                    seen.add(left)
                    for credit in _CREDIT_SENTENCE_RE.finditer(text, left, right):
                        if "contribut" in credit.group().lower():
                            spans.add((left, credit.end()))
                        else:
                            spans.add((credit.start(), right))
                position = self.folded.find(cue, position + len(cue))
        for cue in ("By ", "by ", "BY "):
            position = text.find(cue)
            while position >= 0:
                if _may_start_sentence(text, position):
                    left, right = self.sentence(position)
                    if _is_byline(text, left, right):
                        spans.add((left, right))
                position = text.find(cue, position + 3)
        return sorted(spans)


def _is_byline(text, left, right):
    """'By Hyung-jin Kim', 'By Kim Tong-hyung and Hyung-jin Kim, Associated Press': a short
    sentence of "By" and names. Not 'By Vladimir Putin’s order, troops were moved.'"""
    if right - left >= 120:
        return False
    match = _BYLINE_LINE_RE.match(text, left, right)
    if not match:
        return False
    words = text[match.end() - 1 : right].split()
    return all(
        not word[0].isalpha() or word[0].isupper() or word.strip(",.;") in _BYLINE_SMALL_WORDS
        for word in words
    )


_BYLINE_SMALL_WORDS = {"and", "in", "of", "the", "for", "at", "with", "de", "van", "von", "bin"}


def _may_start_sentence(text, position):
    """Whether only white space stands between text[position] and a sentence end."""
    before = text[max(0, position - 20) : position]
    stripped = before.rstrip()
    if not stripped or "\n" in before[len(stripped) :]:
        return True
    return stripped[-1] in ".!?…\"”’'"


class _Article:
    """What the rules need to know about the whole article while reading one match."""

    def __init__(self, segments):
        self.segments = [
            _Segment(index, text or "", is_title) for index, (text, is_title) in enumerate(segments)
        ]
        # Surnames seen inside someone else's name ("Kim Keon-hee", "Akie Abe"): alone,
        # a short form of them is not evidence of the person we know.
        self.others = {}  # surname -> roles of the titles before those names
        self._running_text = None

    @property
    def running_text(self):
        """The folded text of everything but the headline, where capitals carry meaning."""
        if self._running_text is None:
            self._running_text = " \n ".join(
                s.folded for s in self.segments if not s.is_title and s.folded
            )
        return self._running_text


class Gazetteer:
    """Every alias of every person, compiled once into one automaton."""

    def __init__(self, people):
        """``people``: iterable of (id, is_leader, short_name, [(alias, kind), ...])."""
        self.leaders = set()
        self.surnames = set()
        forms = {}

        def add(key, form):
            if key:
                forms.setdefault(key, set()).add(form)

        honorifics = [fold_name(h) for h in HONORIFICS]
        for person_id, is_leader, short_name, aliases in people:
            if is_leader:
                self.leaders.add(person_id)
            for alias, kind in aliases:
                key = fold_name(alias)
                if kind == "full":
                    add(key, Form(person_id, True, False))
                elif key:
                    # A short alias ("Chairman Kim", "Don"): its last word is the surname.
                    words = key.split()
                    add(key, Form(person_id, False, len(words) == 1, words[-1]))
            if short_name:
                surname = fold_name(short_name)
                if not surname:
                    continue
                self.surnames.add(surname)
                add(surname, Form(person_id, False, True, surname))
                for honorific in honorifics:
                    add(f"{honorific} {surname}", Form(person_id, False, False, surname))
        self.size = len(forms)
        self.automaton = ahocorasick.Automaton()
        for key, value in forms.items():
            self.automaton.add_word(key, _Entry.of(key, value))
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
        if self.size == 0:
            return {}
        article = _Article(segments)
        hits = []
        for segment in article.segments:
            if segment.text:
                hits.extend(self._matches(segment, article))
        return self._resolve(hits, article)

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
                or not _on_word_boundaries(folded, start_index, end_index)
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
                if not _hangul_word(text, start, end) or _is_credit(segment, start, end):
                    continue
            elif not self._acceptable(segment, start, end, entry, article):
                continue
            covered[start:end] = b"\x01" * (end - start)
            role, unsure = entry.role, False
            if not role and not entry.cjk and not entry.strong:
                role = _role_before(text, start)  # (for full names only when needed)
            if weak and entry.bare:
                unsure = _word_where_capitals_prove_nothing(segment, start, end)
            taken.append((start, end, entry, role, unsure))
        taken.sort(key=lambda t: t[0])
        return [
            _Hit((segment.index, start, end), entry, role, unsure)
            for start, end, entry, role, unsure in taken
        ]

    def _acceptable(self, segment, start, end, entry, article):
        text = segment.text
        span = text[start:end]
        strict = not entry.all_strong
        if not _capitalised(span, strict) and not (strict and _shouting(segment, start, end)):
            return False
        if _GENERATIONAL_AT.match(text, end) or _is_credit(segment, start, end):
            return False  # a credit is not a mention; "Donald Trump Jr." is someone else
        bare = entry.bare
        # "Trump International Hotel", "Donald J. Trump State Park"; in a Title Case
        # headline only the next word, or "Xi Visits Hospital" would be a hospital.
        if _named_thing(text, end, between=0 if segment.is_title else 1 if bare else 2):
            return False
        if not strict:
            return True
        surname = entry.surname
        if bare and surname in WORD_SURNAMES and _determiner_before(text, start, end):
            return False  # "the Moon", "a Trump": the word, not the name
        if (
            bare
            and (
                _other_given_name_before(text, start)
                or _compound_name_before(text, start, self.surnames)
            )
        ) or (
            # "Kim Yo Jong", "President Lee Myung-bak": a short form that runs on into a name
            _other_name_after_in_headline(text, end, surname, article)
            if segment.is_title
            else _other_name_after(text, end)
        ):
            article.others.setdefault(surname, set()).add(_role_before(text, start))
            return False
        return True

    def _resolve(self, hits, article):
        strong_hits = []  # (match, person id) in reading order
        counted = {}  # person id -> [match, ...]
        for hit in hits:
            for pid in hit.entry.named:
                strong_hits.append((hit.match, pid))
                counted.setdefault(pid, []).append(hit.match)
        named = set(counted)
        titled = _Lazy(lambda: self._titled(hits, article))
        suggested = {}

        def sentence_of(match):
            return match[0], article.segments[match[0]].sentence(match[1])[0]

        def nearest(candidates, match):
            # The person of the last sentence before that names one of them (the first named
            # in it, usually its subject: "Kim Yo Jong, sister of Kim Jong Un, said... Ms Kim"),
            # or failing that the first named after (a short form in the headline).
            if len(candidates) == 1:
                return next(iter(candidates))
            before = [(m, pid) for m, pid in strong_hits if pid in candidates and m < match]
            if before:
                sentence = sentence_of(before[-1][0])
                return next(pid for m, pid in before if sentence_of(m) == sentence)
            return next(pid for m, pid in strong_hits if pid in candidates and m > match)

        for hit in hits:
            if hit.entry.strong:
                continue
            owners = hit.entry.owners
            candidates = owners & named
            leaders = owners & self.leaders
            target, unresolved = None, owners
            if hit.role == _LEADER:
                # "President Xi" beside his daughter Xi Mingze is not her: only a leader, or
                # someone the article itself titles so ("President Kim Dae-jung").
                eligible = {pid for pid in candidates if pid in self.leaders or pid in titled}
                if eligible:
                    target = nearest(eligible, hit.match)
                elif leaders:
                    unresolved = leaders
                elif candidates:
                    target = nearest(candidates, hit.match)
            elif hit.role == _OTHER:
                # "Professor Moon" is not the president, even where the president is named.
                eligible = candidates - self.leaders
                if eligible:
                    target = nearest(eligible, hit.match)
                unresolved = set() if candidates else owners - self.leaders
            elif candidates:
                if article.segments[hit.match[0]].is_title and candidates & self.leaders:
                    # A headline's bare surname is its most prominent bearer: "Kim's sister
                    # rejects summit" is about Kim Jong Un, whoever the body names first.
                    candidates &= self.leaders
                target = nearest(candidates, hit.match)
            if target is not None:
                counted[target].append(hit.match)
                continue
            others = article.others.get(hit.entry.surname, ())
            if hit.unsure or (others and (hit.role != _LEADER or _LEADER in others)):
                # "Moon rocks"; "Ms Kim" beside "Kim Keon-hee"; "President Lee" beside
                # "Former President Lee Myung-bak": not evidence of the person we know.
                continue
            for pid in self._suggestable(unresolved):
                suggested.setdefault(pid, []).append(hit.match)

        findings = {
            pid: Finding(pid, "auto", len(matches), _context(article, min(matches)))
            for pid, matches in counted.items()
        }
        for pid, matches in suggested.items():
            context = _context(article, min(matches))
            findings[pid] = Finding(pid, "suggested", len(matches), context)
        return findings

    @staticmethod
    def _titled(hits, article):
        """People named in full after a leader's title: "South Korean President Kim Dae-jung"."""
        return {
            pid
            for hit in hits
            if hit.entry.strong
            and _role_before(article.segments[hit.match[0]].text, hit.match[1]) == _LEADER
            for pid in hit.entry.named
        }

    def _suggestable(self, owners):
        """Unsure: suggest the leader who carries the name (when few do), or the only person
        who does; a curator decides."""
        leaders = owners & self.leaders
        if leaders:
            return leaders if len(leaders) <= 3 else set()
        return owners if len(owners) == 1 else set()


def _key_role(key, forms):
    """The role a short form's own title gives ("president kim" -> leader)."""
    surnames = {f.surname for f in forms if not f.strong and f.surname}
    for surname in surnames:
        if key.endswith(" " + surname):
            return _role_of(key[: -len(surname) - 1].split())
    return None


_ROLE_ENDS = {role.split()[-1] for role in ROLES}


def _role_of(words):
    words = [w.rstrip(".") for w in words if w]
    if len(words) >= 2 and " ".join(words[-2:]) in ROLES:
        return ROLES[" ".join(words[-2:])]
    return ROLES.get(words[-1]) if words else None


def _role_before(text, start):
    """The role of the title just before a name: "North Korean leader Kim", "Her father,
    President Xi", "Former South Korean President Kim Dae-jung", "President-elect Trump"."""
    if start == 0 or not text[start - 1].isspace():
        return None
    before = text[max(0, start - 40) : start].split()
    if not before or before[-1].lower().rstrip(".").rsplit("-", 1)[-1] not in _ROLE_ENDS:
        return None  # most names follow "said", "and", "with": no title
    words = []
    for word in reversed(before[-2:]):
        word = word.removesuffix(".") if not words else word
        if not word.replace("-", "").isalpha():
            break  # "father," ends the title: punctuation stands between
        words.insert(0, word.lower().replace("-", " "))
    return _role_of(" ".join(words).split()) if words else None


def _on_word_boundaries(folded, start, end):
    before = folded[start - 1] if start > 0 else " "
    after = folded[end + 1] if end + 1 < len(folded) else " "
    if after == "'" and _APOSTROPHE_WORD_RE.match(folded, end + 1):
        return False  # "Xi'an" is a city; "Xi's" is a possessive
    return not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_")


_APOSTROPHE_WORD_RE = re.compile(r"'(?!s\b)[^\W\d_]")


def _hangul_word(text, start, end):
    """Korean separates words with spaces: a Hangul name glued after another syllable is
    inside a longer word, and glued before one it must be followed by a particle or title
    ("김정은이", "김정은위원장"), not by more of a longer name ("김건희" is not "김건")."""
    if _is_hangul(text[start]) and start > 0 and _is_hangul(text[start - 1]):
        return False
    if _is_hangul(text[end - 1]) and end < len(text) and _is_hangul(text[end]):
        return text.startswith(_HANGUL_SUFFIXES, end)
    return True


def _capitalised(span, strict):
    """Names are written with capitals: 'Moon' is a name, 'moon' is not. Short forms must be
    Title Case ('XI' in 'Pope Pius XI' is not Xi); full names may also be in capitals."""
    if span.istitle():
        return True  # "Kim Jong Un", "Mr Kim": the common case, decided in C
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


def _shouting(segment, start, end):
    """A short form in capitals inside an all-capitals headline or sentence ("KIM AND PUTIN
    HOLD SUMMIT"): there the capitals are the typography, not a Roman numeral or acronym."""
    if not segment.text[start:end].isupper():
        return False
    left, right = segment.sentence(start, end)
    return segment.text[left:right].isupper()


def _is_credit(segment, start, end):
    """A byline, a photo credit or a writer's credit is not a mention."""
    # Inside a parenthesis or bracket with a slash: a photo credit "(Vladimir Voronin/AP)".
    spans = segment.credit_brackets
    if spans:
        index = bisect_right(spans, (start, len(segment.text))) - 1
        if index >= 0 and spans[index][0] < start and end <= spans[index][1]:
            return True
    return segment.in_credit(start)


_BRACKETS_RE = re.compile(r"[(\[][^)\]]*[)\]]")


def _credit_brackets(text):
    """(opening, closing) of the brackets that hold a photo credit, in order."""
    if "/" not in text and " via " not in text:
        return []
    return [
        (m.start(), m.end() - 1)
        for m in _BRACKETS_RE.finditer(text)
        if "/" in m.group() or " via " in m.group()
    ]


_NAMED_THING_RES = {
    # The name, up to ``between`` capitalised words, then the kind of thing.
    between: re.compile(rf"(?:\s+[A-Z][\w'’\-]*){{0,{between}}}\s+(?:{'|'.join(NAMED_THINGS)})\b")
    for between in (0, 1, 2)
}


def _named_thing(text, end, between):
    """'Trump Tower', 'Kim Il Sung Square', 'Kim Dae-jung Peace Center': a place or an
    institution named after the person (with up to ``between`` capitalised words first)."""
    return bool(_NAMED_THING_RES[between].match(text, end, end + 80))


_DETERMINER_BEFORE_RE = re.compile(r"\b(?:the|a|an)\s+$", re.IGNORECASE)
_NEXT_WORD_RE = re.compile(r"\s*([\w'’]+)")


def _determiner_before(text, start, end):
    """'the Moon', 'a Trump card': a word-like surname after an article is the word, unless
    a political noun follows ('the Moon government', 'the Trump administration')."""
    if not _DETERMINER_BEFORE_RE.search(text, max(0, start - 6), start):
        return False
    if text[end : end + 1] in ("-", "\u2010", "\u2011"):
        return False  # "the Trump-Kim summit": two people
    following = _NEXT_WORD_RE.match(text, end)
    word = following.group(1).lower() if following else ""
    return word not in POLITICAL_NOUNS


_WORD_BEFORE_RE = re.compile(r"([A-Z][\w'’\-]*)$")  # the end of the word before
_WORD_AFTER_RE = re.compile(r"^\s+([A-Z][\w'’\-]*)")
_HYPHENATED_BEFORE_RE = re.compile(r"([A-Za-z][\w']*)[\-\u2010\u2011]$")
_GIVEN_NAME_AFTER_RE = re.compile(r"^\s+([A-Z][a-z]+)[\-\u2010\u2011][a-z]+\b")
_SENTENCE_OPENING = " \t\n\"“‘'([—–-"


def _other_given_name_before(text, start):
    """'Hyung-jin Kim', 'Melania Trump': a capitalised word right before a bare surname."""
    if start == 0 or not text[start - 1].isspace():
        return False
    words = text[max(0, start - 40) : start].split()
    match = _WORD_BEFORE_RE.search(words[-1]) if words else None
    if not match:
        return False
    word = match.group(1)
    if word.endswith(("'s", "’s", "s'", "s’")):
        return False
    return word.lower().rstrip(".") not in TITLE_WORDS


def _compound_name_before(text, start, surnames):
    """'Ban Ki-Moon': a surname joined by a hyphen to a capitalised word that is not itself a
    known surname is the end of another name ("Trump-Kim summit" is two people)."""
    if start == 0 or text[start - 1] not in "-\u2010\u2011":
        return False
    match = _HYPHENATED_BEFORE_RE.search(text, max(0, start - 30), start)
    if not match:
        return False
    word = match.group(1)
    return word[0].isupper() and word.lower() not in surnames


def _other_name_after(text, end):
    """'Kim Yo Jong', 'Kim Dae-jung': a bare surname followed by another capitalised name."""
    match = _WORD_AFTER_RE.match(text[end : end + 40])
    if not match:
        return False
    return match.group(1).lower().strip("'’") not in FOLLOWERS


def _other_name_after_in_headline(text, end, surname, article):
    """In a Title Case headline every word has a capital, so 'Kim Visits Beijing' proves
    nothing; but a romanised given name ('Kim Keon-hee') or a pair the article's own text
    writes as a name ('Kim Kardashian', 'Xi Zhongxun') makes it someone else."""
    if _GIVEN_NAME_AFTER_RE.match(text[end : end + 40]):
        return True
    match = _WORD_AFTER_RE.match(text[end : end + 40])
    if not match or match.group(1).lower().strip("'’") in FOLLOWERS:
        return False
    pair = re.escape(f"{surname} {fold_name(match.group(1))}")
    return bool(re.search(rf"(?<!\w){pair}(?!\w)", article.running_text))


def _word_where_capitals_prove_nothing(segment, start, end):
    """A surname that is also a word ('Moon', 'Trump') in a headline or opening a sentence,
    where it would wear a capital anyway: it counts beside the full name, but alone it is
    not enough to suggest the person."""
    text = segment.text
    if text[start:end].lower() not in WORD_SURNAMES:
        return False
    following = _NEXT_WORD_RE.match(text, end)
    word = following.group(1) if following else ""
    if word in ("'s", "’s") or word in SUBJECT_VERBS or text.startswith(",", end):
        # "Trump is a dotard", "Moon’s policy", "Moon, speaking in Seoul,": a person
        return False
    if segment.is_title:
        return True
    left, _right = segment.sentence(start, end)
    return not text[left:start].strip(_SENTENCE_OPENING)


def _context(article, match):
    """The sentence of a match, at most about 400 characters."""
    segment_index, start, end = match
    segment = article.segments[segment_index]
    text = segment.text
    left, right = segment.sentence(start, end)
    sentence = " ".join(text[left:right].split())
    if len(sentence) > 400:
        middle = start - left
        sentence = "…" + sentence[max(0, middle - 180) : middle + 180].strip() + "…"
    return sentence


# Writing mentions ---------------------------------------------------------------------------


def gazetteer_fingerprint():
    """A digest of every name the tagger knows (people, short names, aliases and kinds), so a
    long import notices a renamed alias as well as a new one."""
    import hashlib

    from archive.models import Alias, Person

    digest = hashlib.sha1(usedforsecurity=False)
    for row in Person.objects.order_by("id").values_list("id", "name", "short_name", "is_leader"):
        digest.update(repr(row).encode("utf-8"))
    for row in Alias.objects.order_by("id").values_list("id", "person_id", "name", "kind"):
        digest.update(repr(row).encode("utf-8"))
    return digest.hexdigest()


def article_segments(article):
    from archive.sanitize import html_to_text

    return [
        (article.title, True),
        (article.standfirst, False),
        (html_to_text(article.body), False),
    ]


def tag_article(article, gazetteer, segments=None, *, fresh=False, queue=True):
    """Write ``auto``/``suggested`` mentions for one article from its text.

    Confirmed and rejected mentions are never changed, even by a curator deciding while this
    runs: the existing mentions are read inside the transaction and every write is limited to
    machine statuses. Machine mentions no longer found are removed. ``fresh``: the article
    was just created, so it has no mentions yet (saves a query on import); ``queue=False``:
    the caller queues the article for the index itself. Returns (created, changed, removed).
    """
    from archive.indexing import enqueue
    from archive.models import Mention

    findings = gazetteer.find_mentions(segments or article_segments(article))
    machine = (Mention.Status.AUTO, Mention.Status.SUGGESTED)
    created = changed = removed = 0
    # Inside an importer's or a caller's transaction no savepoint is needed: a failure
    # rolls back with the caller's.
    with transaction.atomic(savepoint=False):
        existing = (
            {} if fresh else {m.person_id: m for m in Mention.objects.filter(article=article)}
        )
        new = []
        for pid, finding in findings.items():
            mention = existing.get(pid)
            if mention is None:
                new.append(
                    Mention(
                        article=article,
                        person_id=pid,
                        status=finding.status,
                        count=finding.count,
                        context=finding.context,
                    )
                )
            elif mention.status in machine and (mention.status, mention.count, mention.context) != (
                finding.status,
                finding.count,
                finding.context,
            ):
                changed += Mention.objects.filter(pk=mention.pk, status__in=machine).update(
                    status=finding.status, count=finding.count, context=finding.context
                )
        if new:
            # Bulk writes send no signals: the article is queued for the index below.
            Mention.objects.bulk_create(new)
            created = len(new)
        stale = [m.pk for pid, m in existing.items() if pid not in findings]
        if stale:
            removed, _by_model = Mention.objects.filter(pk__in=stale, status__in=machine).delete()
        if queue and (created or changed or removed):
            enqueue([article.pk])
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
