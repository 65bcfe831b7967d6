"""Synthetic diplomatic news for benchmarking the archive at 1k, 10k and 100k articles.

    python benchmark/corpus.py --size 10000 --seed 1 --out /tmp/corpus.jsonl \\
        [--people-out people.json] [--sources-out sources.json] [--jobs 2]

Writes JSON lines in the importer's format (archive.ingest.jsonl): ``title``, ``body`` (plain
text, paragraphs split by a blank line), ``source``, ``url``, ``published`` (a day, a month,
or absent when unknown), ``authors`` and ``language``.

How the text is made, and why:

- Fluency comes from a word-level trigram chain trained on the seed articles in
  fixtures/seeds (with a bigram back-off, so that it splices sentences instead of reciting
  them) and from hand-written sentences for each topic (summits, missile tests, sanctions,
  parades, visits, trade, talks...).
- Realistic word frequencies come from replacing some content words of those sentences with
  real English words drawn by their real frequency: wordfreq gives the frequencies, and the
  english-words dictionaries keep out what wordfreq counts but a reporter would not write in
  lower case (names, brands, abbreviations). The draw keeps the suffix class
  ("establishment" becomes another "-ment" word) so the copy stays roughly grammatical, and
  the frequencies give the Zipf-shaped vocabulary, with its long tail of rare terms, that a
  search index must cope with.
- People (``generate_people``) and sources (``generate_sources``) are fixed tables built from
  the seed. Mentions follow newsroom habits: a full name with a descriptor first ("Chinese
  President Xi Jinping"), short forms after ("Mr Xi", "President Xi", "Xi"), with the hard
  cases a tagger meets (writer credits, photo captions, "the moon", two Kims in one story).

Deterministic: article i depends only on (seed, i) and on tables built from the seed, so the
1k corpus is the first 1,000 lines of the 10k corpus with the same seed, and the output does
not depend on --jobs. The word lists come from wordfreq==3.1.1 and english-words==2.0.2: pin
both (requirements-dev.txt), since other versions give other text.
"""

import argparse
import bisect
import datetime
import functools
import itertools
import json
import math
import multiprocessing
import os
import random
import re
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: archive.countries names the countries
    sys.path.insert(0, str(ROOT))
SEEDS_DIR = ROOT / "fixtures" / "seeds"

FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2026, 10, 31)
PEOPLE_TOTAL = 1000
GENERATED_SOURCES = 250
VOCABULARY_SIZE = 60000  # wordfreq's most frequent words considered for substitution
CHUNK = 100  # articles per unit of work (and per write)
# Share of the swappable words of a sentence replaced by vocabulary draws: seed-chain copy,
# and hand-written sentences (which read better untouched, but would repeat word for word).
CHAIN_SWAPS = 0.35
TEMPLATE_SWAPS = 0.2


class Topic(NamedTuple):
    weight: int  # how often stories have this topic
    ev: tuple  # (singular event nouns, plural event nouns): "summit", "talks"
    terms: tuple  # topical terms that word swaps may draw
    places: tuple
    titles: tuple  # headline templates: {A}, {B}, {place}, {country}, {term}...
    ledes: tuple
    sentences: tuple


# The generator's tables (sources, people, topics and sentences, word lists) are data, in
# benchmark/data/*.json, each with its type and what it is for.
DATA = Path(__file__).resolve().parent / "data"


def _tuples(value):
    if isinstance(value, list):
        return tuple(_tuples(item) for item in value)
    if isinstance(value, dict):
        return {key: _tuples(item) for key, item in value.items()}
    return value


def _table(entry):
    kind, value = entry["type"], entry["value"]
    if kind == "frozenset":
        return frozenset(_tuples(value))
    if kind == "set":
        return set(_tuples(value))
    if kind == "topics":
        return {name: Topic(**_tuples(fields)) for name, fields in value.items()}
    return _tuples(value)


def _load_tables():
    tables = {}
    for group in ("sources", "people", "topics", "words"):
        data = json.loads((DATA / f"{group}.json").read_text(encoding="utf-8"))
        tables.update({name: _table(entry) for name, entry in data["tables"].items()})
    return tables


_TABLES = _load_tables()
REAL_SOURCES = _TABLES["REAL_SOURCES"]
OUTLET_PLACES = _TABLES["OUTLET_PLACES"]
OUTLET_REGIONS = _TABLES["OUTLET_REGIONS"]
PAPER_WORDS = _TABLES["PAPER_WORDS"]
SPELLING_BY_COUNTRY = _TABLES["SPELLING_BY_COUNTRY"]
TLD_BY_COUNTRY = _TABLES["TLD_BY_COUNTRY"]
REAL_PEOPLE = _TABLES["REAL_PEOPLE"]
REAL_ANALYSTS = _TABLES["REAL_ANALYSTS"]
REAL_JOURNALISTS = _TABLES["REAL_JOURNALISTS"]
SK_SURNAMES = _TABLES["SK_SURNAMES"]
SK_SURNAME_WEIGHTS = _TABLES["SK_SURNAME_WEIGHTS"]
SK_SYLLABLES = _TABLES["SK_SYLLABLES"]
NK_SURNAMES = _TABLES["NK_SURNAMES"]
NK_SURNAME_WEIGHTS = _TABLES["NK_SURNAME_WEIGHTS"]
NK_SYLLABLES = _TABLES["NK_SYLLABLES"]
CN_SURNAMES = _TABLES["CN_SURNAMES"]
CN_SYLLABLES = _TABLES["CN_SYLLABLES"]
JP_GIVEN = _TABLES["JP_GIVEN"]
JP_FAMILY = _TABLES["JP_FAMILY"]
RU_GIVEN = _TABLES["RU_GIVEN"]
RU_FAMILY = _TABLES["RU_FAMILY"]
RU_PATRONYMICS = _TABLES["RU_PATRONYMICS"]
EN_GIVEN = _TABLES["EN_GIVEN"]
EN_FAMILY = _TABLES["EN_FAMILY"]
UNIVERSITIES = _TABLES["UNIVERSITIES"]
INSTITUTES = _TABLES["INSTITUTES"]
FIELDS = _TABLES["FIELDS"]
OFFICIAL_TITLES = _TABLES["OFFICIAL_TITLES"]
JOURNALIST_OUTLETS = _TABLES["JOURNALIST_OUTLETS"]
PHOTO_AGENCIES = _TABLES["PHOTO_AGENCIES"]
CITY_OF = _TABLES["CITY_OF"]
DEMONYM = _TABLES["DEMONYM"]
TOPICS = _TABLES["TOPICS"]
WEAPONS = _TABLES["WEAPONS"]
ANNIVERSARIES = _TABLES["ANNIVERSARIES"]
MEDIA = _TABLES["MEDIA"]
COUNTRIES = _TABLES["COUNTRIES"]
CITIES = _TABLES["CITIES"]
DATELINES = _TABLES["DATELINES"]
GENERIC_SENTENCES = _TABLES["GENERIC_SENTENCES"]
ANALYST_SENTENCES = _TABLES["ANALYST_SENTENCES"]
BACKGROUND_SENTENCES = _TABLES["BACKGROUND_SENTENCES"]
MOON_SENTENCES = _TABLES["MOON_SENTENCES"]
CAPTION_ACTIONS = _TABLES["CAPTION_ACTIONS"]
SUBHEADINGS = _TABLES["SUBHEADINGS"]
NORTH_KOREAN_TOPICS = _TABLES["NORTH_KOREAN_TOPICS"]
NTH = _TABLES["NTH"]
NUMBER_WORDS = _TABLES["NUMBER_WORDS"]
MONTHS = _TABLES["MONTHS"]
BRITISH = _TABLES["BRITISH"]
IZE_WORDS = _TABLES["IZE_WORDS"]
STOPWORDS = _TABLES["STOPWORDS"]
DETERMINERS = _TABLES["DETERMINERS"]
SUFFIXES = _TABLES["SUFFIXES"]
BLOCKED = _TABLES["BLOCKED"]
INFLECTIONS = _TABLES["INFLECTIONS"]

# Adjective classes, pooled as one more class drawn for adjectives slipped in before nouns.
ADJECTIVE_CLASSES = frozenset(
    SUFFIXES.index(suffix)
    for suffix in ("ous", "ive", "ful", "less", "able", "ible", "ical", "al", "ic")
)
ADJECTIVES = len(SUFFIXES) + 1
# Classes that say little about the part of speech: swapped only after a determiner.
LOOSE_CLASSES = frozenset(
    {SUFFIXES.index("s"), SUFFIXES.index("er"), SUFFIXES.index("ers"), len(SUFFIXES)}
)

_IZE_RE = re.compile(r"^([a-z]{3,}[^s])iz(e|ed|es|ing|ation|ations|er|ers)$")


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def _normalize(name):
    """The form names are compared in (as archive.names.normalize_name, without Django)."""
    text = unicodedata.normalize("NFKC", name or "")
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = "".join(" " if ch in "-\u2010\u2011\u2012\u2013\u2014\u00a0" else ch for ch in text)
    return " ".join(text.casefold().split())


def _is_cjk(text):
    return any(
        "\u1100" <= ch <= "\u11ff"
        or "\u3040" <= ch <= "\u30ff"
        or "\u3400" <= ch <= "\u9fff"
        or "\uac00" <= ch <= "\ud7af"
        for ch in text
    )


def _cumulative(weights):
    return list(itertools.accumulate(weights))


def _choice(rng, items):
    """rng.choice, without its rejection sampling: this is the hot path, and it is just as
    deterministic."""
    return items[int(rng.random() * len(items))]


def _pick(rng, items, cum):
    """One item by cumulative weight (bisect: far cheaper than random.choices per call)."""
    return items[bisect.bisect(cum, rng.random() * cum[-1])]


def _title_case(text):
    """'vice foreign minister' -> 'Vice Foreign Minister', as a title before a name."""
    small = {"of", "the", "for", "to", "and", "on", "in"}
    return " ".join(
        word if (index and word in small) or not word[:1].islower() else word.capitalize()
        for index, word in enumerate(text.split())
    )


def _article_word(word):
    """'a' or 'an' before word ('an analyst', 'a US envoy', 'a university', 'an 80th')."""
    if word[:1].lower() in "aeio" or (word[:1] == "u" and not word.startswith("uni")):
        return "an"
    if word[:1] == "8" or (word[:2] in ("11", "18") and not word[2:3].isdigit()):
        return "an"
    return "a"


def _ordinal(n):
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------


class _Person:
    """One person as the generator uses them; ``public()`` is their --people-out entry."""

    __slots__ = (
        "aliases", "cjk", "country", "gender", "intros", "kind", "leader", "name", "outlet",
        "role", "short", "title", "variants", "weight", "years",
    )  # fmt: skip

    def __init__(self, name, short, leader, country, role, aliases, years, intros, title,
                 gender, weight, kind, outlet=""):  # fmt: skip
        self.name = name
        self.short = short
        self.leader = leader
        self.country = country
        self.role = role
        self.aliases = list(aliases)
        self.years = years
        self.intros = intros
        self.title = title
        self.gender = gender
        self.weight = weight
        # principal, official, analyst, journalist, photographer or diplomat
        self.kind = kind
        self.outlet = outlet
        # Latin-script spellings a story may use instead of the canonical name.
        self.variants = [
            alias
            for alias in self.aliases
            if len(alias.split()) > 1 and all(ch.isascii() or ch in "áó" for ch in alias)
        ]
        self.cjk = [alias for alias in self.aliases if _is_cjk(alias)]

    def active(self, year):
        return self.years is None or any(first <= year <= last for first, last in self.years)

    def public(self):
        return {
            "name": self.name,
            "short_name": self.short,
            "is_leader": self.leader,
            "country": self.country,
            "role": self.role,
            "aliases": [{"name": alias, "kind": "full"} for alias in self.aliases],
        }


def _korean_given(rng, syllables, north):
    """A two-syllable given name: ('Ji-won', 'Jiwon', '지원') or ('Yong Chol', ...) in the North."""
    (r1, h1), (r2, h2) = rng.sample(syllables, 2)
    if north:
        return f"{r1} {r2}", r1 + r2.lower(), h1 + h2
    return f"{r1.capitalize()}-{r2}", r1.capitalize() + r2, h1 + h2


def _made_up_name(rng, origin, kind):
    """(name, short name, country, gender, alias candidates) for a made-up person."""
    gender = _choice(rng, "mf")
    if origin == "sk":
        surname, hangul, others = _pick(
            rng, SK_SURNAMES, _cumulative(SK_SURNAME_WEIGHTS)
        )  # fmt: skip
        given, joined, hangul_given = _korean_given(rng, SK_SYLLABLES, north=False)
        # Korean reporters at foreign outlets often sign given name first: "Hyung-jin Kim".
        if kind in ("journalist", "photographer") and rng.random() < 0.4:
            options = [f"{surname} {given}", hangul + hangul_given, f"{joined} {surname}"]
            return f"{given} {surname}", surname, "South Korea", gender, options
        options = [
            f"{surname} {given.replace('-', ' ')}",
            f"{surname} {joined}",
            f"{given} {surname}",
            hangul + hangul_given,
        ]
        options += [f"{other} {given}" for other in others]
        return f"{surname} {given}", surname, "South Korea", gender, options
    if origin == "nk":
        surname, hangul = _pick(rng, NK_SURNAMES, _cumulative(NK_SURNAME_WEIGHTS))
        given, joined, hangul_given = _korean_given(rng, NK_SYLLABLES, north=True)
        first, second = given.split()
        options = [
            f"{surname} {first}-{second.lower()}",
            hangul + hangul_given,
            f"{surname} {joined}",
        ]
        return f"{surname} {given}", surname, "North Korea", gender, options
    if origin == "cn":
        surname, hanzi = _choice(rng, CN_SURNAMES)
        if rng.random() < 0.25:
            syllable, char = _choice(rng, CN_SYLLABLES)
            given, given_hanzi = syllable.capitalize(), char
        else:
            (s1, c1), (s2, c2) = rng.sample(CN_SYLLABLES, 2)
            given, given_hanzi = s1.capitalize() + s2, c1 + c2
        options = [hanzi + given_hanzi, f"{given} {surname}"]
        return f"{surname} {given}", surname, "China", gender, options
    if origin == "jp":
        given, gender = _choice(rng, JP_GIVEN)
        family = _choice(rng, JP_FAMILY)
        # Japanese names in English copy: given name first, or family first as Tokyo now asks.
        return f"{given} {family}", family, "Japan", gender, [f"{family} {given}"]
    if origin == "ru":
        given, other, cyrillic_given, gender = _choice(rng, RU_GIVEN)
        family, cyrillic_family = _choice(rng, RU_FAMILY)
        if gender == "f":
            family, cyrillic_family = family + "a", cyrillic_family + "а"
        patronymic = _choice(rng, RU_PATRONYMICS)[0 if gender == "m" else 1]
        options = [f"{given} {patronymic} {family}", f"{cyrillic_given} {cyrillic_family}"]
        if other != given:
            options.append(f"{other} {family}")
        return f"{given} {family}", family, "Russia", gender, options
    given, gender = _choice(rng, EN_GIVEN)
    family = _choice(rng, EN_FAMILY)
    country = _choice(
        rng, ("United States", "United States", "United Kingdom", "Australia", "Canada")
    )
    initial = _choice(rng, "ABCDEFGHJKLMNPRSTW")
    return f"{given} {family}", family, country, gender, [f"{given} {initial}. {family}"]


def _made_up_role(rng, kind, country):
    """(role, descriptor before the name, outlet) for a made-up person."""
    demonym = DEMONYM[country]
    if kind == "analyst":
        if rng.random() < 0.55:
            university = _choice(rng, UNIVERSITIES[country])
            role = f"professor of {_choice(rng, FIELDS)} at {university}"
            return role, f"{university.removeprefix('the ')} professor", ""
        institute = _choice(rng, INSTITUTES[country])
        label = _choice(rng, ("senior fellow", "analyst", "researcher", "research fellow"))
        return f"{label} at {institute}", f"{demonym} analyst", ""
    if kind in ("journalist", "photographer"):
        outlet = _choice(rng, JOURNALIST_OUTLETS[country])
        if kind == "photographer":
            return f"photographer for {outlet}", f"{outlet} photographer", outlet
        city = CITY_OF[country]
        if rng.random() < 0.4:
            city = _choice(rng, ("Seoul", "Beijing", "Tokyo", "Washington", "Moscow"))
        label = _choice(rng, ("correspondent", "reporter", "bureau chief"))
        return f"{outlet} {label} in {city}", f"{outlet} {label}", outlet
    if kind == "diplomat":
        hosts = [c for c in ("China", "South Korea", "North Korea", "Japan", "Russia")
                 if c != country]  # fmt: skip
        host = _choice(rng, hosts)
        if rng.random() < 0.4:
            return f"former {demonym} ambassador to {host}", f"former {demonym} ambassador", ""
        return f"{demonym} ambassador to {host}", f"{demonym} Ambassador", ""
    title = _choice(rng, OFFICIAL_TITLES[country])
    # "South Korean Vice Foreign Minister Park Ji-won", but "South Korean lawmaker Park".
    lowercase = any(word in title for word in ("spokesperson", "lawmaker", "aide", "chief"))
    descriptor = f"{demonym} {title if lowercase else _title_case(title)}"
    return f"{demonym} {title}", descriptor, ""


# Origins and kinds of the made-up people, in proportions a Korea desk would meet them.
ORIGINS = (("sk", 34), ("nk", 12), ("cn", 18), ("jp", 10), ("ru", 8), ("en", 18))
KINDS = {
    "sk": (("official", 30), ("analyst", 30), ("journalist", 25), ("photographer", 5),
           ("diplomat", 10)),
    "nk": (("official", 80), ("diplomat", 20)),
    "cn": (("official", 40), ("analyst", 25), ("journalist", 20), ("photographer", 5),
           ("diplomat", 10)),
    "jp": (("official", 35), ("analyst", 25), ("journalist", 25), ("photographer", 5),
           ("diplomat", 10)),
    "ru": (("official", 45), ("analyst", 25), ("journalist", 15), ("diplomat", 15)),
    "en": (("official", 25), ("analyst", 30), ("journalist", 30), ("photographer", 8),
           ("diplomat", 7)),
}  # fmt: skip


def _people_table(seed):
    """Every person, real ones first in order of prominence, then the made-up ones."""
    rng = random.Random(f"people:{seed}")
    people = []
    taken = set()  # every name and alias, normalised: no two people may share one
    for row in REAL_PEOPLE:
        name = row[0]
        kind, outlet = "principal", ""
        if name in REAL_ANALYSTS:
            kind = "analyst"
        elif name in REAL_JOURNALISTS:
            kind, outlet = "journalist", REAL_JOURNALISTS[name]
        people.append(_Person(*row, kind, outlet))
        taken.add(_normalize(name))
        taken.update(_normalize(alias) for alias in row[5])
    origins = [origin for origin, _ in ORIGINS]
    origin_cum = _cumulative(weight for _, weight in ORIGINS)
    while len(people) < PEOPLE_TOTAL:
        origin = _pick(rng, origins, origin_cum)
        kinds = KINDS[origin]
        kind = _pick(rng, [k for k, _ in kinds], _cumulative(w for _, w in kinds))
        name, short, country, gender, options = _made_up_name(rng, origin, kind)
        key = _normalize(name)
        if key in taken:
            continue
        # Most people have no alias or one; a few have two.
        wanted = _pick(rng, (0, 1, 2), (40, 85, 100))
        rng.shuffle(options)
        aliases = []
        for option in options:
            folded = _normalize(option)
            if len(aliases) < wanted and folded not in taken and folded != key:
                aliases.append(option)
                taken.add(folded)
        taken.add(key)
        role, descriptor, outlet = _made_up_role(rng, kind, country)
        people.append(
            _Person(name, short, False, country, role, aliases, None, (descriptor,), "",
                    gender, 0, kind, outlet)
        )  # fmt: skip
    return people


def generate_people(seed):
    """About 1,000 people as --people-out writes them: the real leaders and officials first."""
    return [person.public() for person in _people_table(seed)]


# ---------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------


class _Source:
    __slots__ = ("country", "domain", "honorific", "kind", "name", "spelling", "weight")

    def __init__(self, name, kind, country, domain, weight, spelling, honorific):
        self.name = name
        self.kind = kind
        self.country = country
        self.domain = domain
        self.weight = weight
        self.spelling = spelling
        self.honorific = honorific

    def public(self):
        """As the archive files an outlet: kind and control apart (the tables' "state_media"
        is a state broadcaster), the country as its ISO code."""
        from archive.countries import country_code

        kind, control = (
            ("broadcaster", "state") if self.kind == "state_media" else (self.kind, "independent")
        )
        return {
            "name": self.name,
            "kind": "unknown" if kind == "other" else kind,
            "control": control,
            "country": country_code(self.country),
        }


def _made_up_outlet(rng):
    """(name, kind, country) of a plausible outlet."""
    place, country = _choice(rng, OUTLET_PLACES)
    region, region_country = _choice(rng, OUTLET_REGIONS)
    roll = rng.random()
    if roll < 0.55:
        return f"The {place} {_choice(rng, PAPER_WORDS)}", "newspaper", country
    if roll < 0.63:
        if rng.random() < 0.3:
            return f"{place} News Service", "wire", country
        label = _choice(rng, ("Wire Service", "News Agency", "Press Agency"))
        return f"{region} {label}", "wire", region_country
    if roll < 0.8:
        label = _choice(rng, ("{} Broadcasting Corporation", "{} Television", "{} Public Radio",
                            "Radio {}", "{} TV News"))  # fmt: skip
        return label.format(place), "broadcaster", country
    if roll < 0.85:
        label = _choice(rng, ("Voice of {}", "{} Central Television"))
        return label.format(region), "state_media", region_country
    if rng.random() < 0.3:
        return _choice(rng, (f"The {place} Review", f"{place} Insider")), "other", country
    label = _choice(rng, ("{} Policy Review", "The {} Monitor", "{} Affairs Digest",
                        "{} Security Brief"))  # fmt: skip
    return label.format(region), "other", region_country


def _sources_table(seed):
    rng = random.Random(f"sources:{seed}")
    sources = [_Source(*row) for row in REAL_SOURCES]
    taken = {_normalize(source.name) for source in sources}
    domains = {source.domain for source in sources}
    made = 0
    while made < GENERATED_SOURCES:
        name, kind, country = _made_up_outlet(rng)
        key = _normalize(name)
        if key in taken:
            continue
        taken.add(key)
        stem = re.sub(r"[^a-z0-9]+", "", key.removeprefix("the "))
        domain = f"www.{stem}.{TLD_BY_COUNTRY.get(country, 'com')}"
        while domain in domains:
            domain = domain.replace(".", "1.", 1)
        domains.add(domain)
        made += 1
        # Zipf over the made-up outlets: a handful are busy, most file now and then.
        weight = 4.0 / (made + 3)
        spelling = SPELLING_BY_COUNTRY.get(country, "us")
        honorific = _choice(rng, ("", "", "Mr." if spelling == "us" else "Mr"))
        sources.append(_Source(name, kind, country, domain, weight, spelling, honorific))
    return sources


def generate_sources(seed):
    """A few hundred sources as --sources-out writes them: the real outlets first."""
    return [source.public() for source in _sources_table(seed)]


# ---------------------------------------------------------------------------------------------
# Vocabulary and spelling
# ---------------------------------------------------------------------------------------------


_SUFFIX_INDEX = {suffix: index for index, suffix in enumerate(SUFFIXES)}
_LONGEST_SUFFIX = max(len(suffix) for suffix in SUFFIXES)


@functools.cache
def _suffix_class(word):
    """The index of the longest suffix in SUFFIXES that word ends with (leaving at least
    three letters), else len(SUFFIXES). Longer suffixes come first in SUFFIXES, so this is
    also the first one listed."""
    for length in range(min(_LONGEST_SUFFIX, len(word) - 3), 0, -1):
        index = _SUFFIX_INDEX.get(word[-length:])
        if index is not None:
            return index
    return len(SUFFIXES)


def _in_dictionary(word, lower_case_words):
    """Whether word, or the headword it inflects, is a lower-case dictionary entry."""
    if word in lower_case_words:
        return True
    for suffix, replacement in INFLECTIONS:
        if word.endswith(suffix) and word[: -len(suffix)] + replacement in lower_case_words:
            return True
    for suffix in ("ed", "ing", "er"):  # "planned", "shipping": a doubled consonant
        stem = word[: -len(suffix) - 1]
        doubled = len(stem) > 2 and word[-len(suffix) - 1] == stem[-1]
        if word.endswith(suffix) and doubled and stem in lower_case_words:
            return True
    return False


@functools.lru_cache(maxsize=1)
def _vocabulary():
    """Real English words by suffix class: [(words, cumulative weights)] per class.

    wordfreq ranks and weighs the words; a word is kept only where the english-words
    dictionaries (Webster's and GCIDE, capitals as printed) hold it in lower case, which
    leaves out the names, brands and abbreviations that wordfreq counts in lower case.
    """
    try:
        from english_words import get_english_words_set
        from wordfreq import get_frequency_list
    except ImportError as exc:  # pragma: no cover - a missing dev dependency
        raise SystemExit(
            "benchmark/corpus.py needs wordfreq==3.1.1 and english-words==2.0.2 "
            "(requirements-dev.txt)"
        ) from exc
    dictionary = get_english_words_set(["web2", "gcide"], lower=False)
    lower_case_words = {word for word in dictionary if word.islower()}
    buckets = [([], []) for _ in range(ADJECTIVES + 1)]
    # wordfreq's list, most frequent first, in bins of equal frequency: bin i holds the
    # words of frequency 10 ** (-i / 100).
    ranked = (
        (word, level)
        for level, words in enumerate(get_frequency_list("en", wordlist="large"))
        for word in words
    )
    # The top 150 are function words; below them the real frequencies give the Zipf tail.
    for word, level in itertools.islice(ranked, 150, VOCABULARY_SIZE):
        if not (word.isascii() and word.isalpha() and len(word) >= 3):
            continue
        if word in STOPWORDS or word in BLOCKED or not _in_dictionary(word, lower_case_words):
            continue
        # The real frequency, flattened a little (to the power 0.6): still Zipf-shaped, but
        # rare words turn up often enough for a few hundred articles to hold thousands of
        # distinct terms.
        weight = 10 ** (-level / 100 * 0.6)
        classes = [_suffix_class(word)]
        if classes[0] in ADJECTIVE_CLASSES:
            classes.append(ADJECTIVES)
        for index in classes:
            buckets[index][0].append(word)
            buckets[index][1].append(weight)
    return [(words, _cumulative(weights)) for words, weights in buckets]


@functools.lru_cache(maxsize=1)
def _spelling_maps():
    """({american: british}, {british: american}) for whole words."""
    british = dict(BRITISH)
    words = {word for bucket, _cum in _vocabulary() for word in bucket}
    for word in sorted(words):
        match = _IZE_RE.match(word)
        if match and f"{match.group(1)}is{match.group(2)}" in words:
            british[word] = f"{match.group(1)}is{match.group(2)}"
    for word in IZE_WORDS:
        british[word] = word.replace("iz", "is")
    american = {b: a for a, b in british.items() if " " not in b}
    # British forms in the seed copy.
    american.update({"denuclearising": "denuclearizing", "travelled": "traveled"})
    return british, american


_WORD_RE = re.compile(r"[A-Za-z][A-Za-z-]*[A-Za-z]|[A-Za-z]")


def _respell(text, spelling):
    """Text in the house spelling ("us" or "uk"), keeping initial capitals."""
    british, american = _spelling_maps()
    table = british if spelling == "uk" else american
    # Most sentences have nothing to respell: a set test in C skips them cheaply.
    if table.keys().isdisjoint(_WORD_RE.findall(text.lower())):
        return text

    def swap(match):
        word = match.group()
        new = table.get(word.lower(), word)
        return new[0].upper() + new[1:] if word[0].isupper() else new

    return _WORD_RE.sub(swap, text)


def _house_style(text, spelling):
    """American copy (with AP's 'U.S.') or British copy."""
    text = _respell(text, spelling)
    if spelling == "us" and "US" in text:
        text = re.sub(r"\bUS\b", "U.S.", text).replace("U.S..", "U.S.")
    return text


# ---------------------------------------------------------------------------------------------
# The seed chain
# ---------------------------------------------------------------------------------------------

PERSON_MARK = "\x01"
ANALYST_MARK = "\x02"
# A person named in the seed copy, with the descriptor before the name: one person mark.
_SEED_NAME_RE = re.compile(
    r"(?:(?:North Korean|South Korean|Chinese|Russian|US|North Korea['’]s|China['’]s) "
    r"(?:leader|[Pp]resident|general secretary) |President |Mr |general secretary )?"
    r"(?:Kim Jong Un|Kim Jong-un|Xi Jinping|Donald Trump|Vladimir Putin|Moon Jae-in|"
    r"John Bolton|Hong Lei|Ahn Yinhay|Christopher Hill|Kim|Xi|Trump|Putin|Bolton|Ahn|Hill|"
    r"Gopalan)\b"
)
# An expert with their role: "Christopher Hill, a former US ambassador to South Korea,".
_SEED_APPOSITIVE_RE = re.compile(
    r"(?:Ahn Yinhay|Christopher Hill|Hong Lei), (?:a|an|the|China['’]s) [^,]+,"
)


def _seed_sentences():
    """The sentences of the seed articles, names replaced by person marks."""
    sentences = []
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = " ".join(raw.split())
            line = re.sub(r"^date \d{4}-\d\d-\d\d ", "", line)
            line = re.sub(r"^[A-Z]{3,}(?:, [A-Z][a-z]+(?: [A-Z][a-z]+)?)? — ", "", line)
            line = re.sub(r" – AP$", "", line)
            # Headlines, captions ("[Jason Lee/Reuters]") and page furniture are not copy.
            if len(line.split()) < 8 or "[" in line or "/" in line:
                continue
            line = line.replace("U.S.", "US").replace('"', "”")
            line = re.sub(r"(^|[\s(])”", "\\1“", line)
            line = line.replace("his wife Ri Sol Ju", "his wife")
            line = _SEED_APPOSITIVE_RE.sub(ANALYST_MARK, line)
            line = _SEED_NAME_RE.sub(PERSON_MARK, line)
            if "Divya" in line or "Hyung-jin" in line:
                continue
            for sentence in re.split(r"(?<=[.?!])\s+(?=[“A-Z\x01\x02])|(?<=[.?!]”)\s+", line):
                sentence = sentence.strip()
                if len(sentence.split()) >= 6 and sentence[-1] in ".?!”":
                    sentences.append(sentence)
    return sentences


def _balanced(sentence):
    """Whether quotes and brackets open before they close, and all close."""
    depth = dict.fromkeys("“([", 0)
    closing = {"”": "“", ")": "(", "]": "["}
    for ch in sentence:
        if ch in depth:
            depth[ch] += 1
        elif ch in closing:
            depth[closing[ch]] -= 1
            if depth[closing[ch]] < 0:
                return False
    return not any(depth.values())


def _chain_sentences(rng, sentences, count):
    """New sentences from a trigram chain over the seeds.

    The seeds are small, so a pure trigram chain mostly recites them; where a state has a
    single successor the chain sometimes backs off to the bigram, which splices sentences.
    Recited sentences are dropped.
    """
    trigrams = defaultdict(list)
    bigrams = defaultdict(list)
    for sentence in sentences:
        tokens = ["<s>", "<s>", *sentence.split(), "</s>"]
        for i in range(2, len(tokens)):
            trigrams[(tokens[i - 2], tokens[i - 1])].append(tokens[i])
            bigrams[tokens[i - 1]].append(tokens[i])
    originals = set(sentences)
    made = []
    seen = set()
    for _attempt in range(count * 40):
        if len(made) == count:
            break
        state = ("<s>", "<s>")
        tokens = []
        while len(tokens) < 60:
            options = trigrams[state]
            if len(options) == 1 and rng.random() < 0.3 and len(bigrams[state[1]]) > 1:
                options = bigrams[state[1]]
            word = _choice(rng, options)
            if word == "</s>":
                break
            tokens.append(word)
            state = (state[1], word)
        sentence = " ".join(tokens)
        if not 8 <= len(tokens) <= 45 or sentence in seen or sentence in originals:
            continue
        if _balanced(sentence) and sentence[-1] in ".?!”":
            seen.add(sentence)
            made.append(sentence)
    return made


# ---------------------------------------------------------------------------------------------
# Compiled sentences: a format string and the slots it takes
# ---------------------------------------------------------------------------------------------

# Slot codes are negative; non-negative codes are vocabulary classes (suffix classes).
S_ANY, S_ANY2, S_MAIN, S_OTHER, S_ANALYST, S_ANALYST_END = -1, -2, -3, -4, -5, -6
S_PLACE, S_COUNTRY, S_DAY, S_MONTH, S_YEAR, S_NUM, S_ORD, S_NTH = range(-7, -15, -1)
S_EV, S_EVS, S_TERM, S_WEAPON, S_ANNIV, S_MEDIA, S_KM, S_DIGITS, S_CITY = range(-15, -24, -1)
# An "a" or "an" that the next slot's word decides (lower case, or capitalised).
S_ARTICLE, S_ARTICLE_CAP = -24, -25
NAMED_SLOTS = {
    "any": S_ANY, "any2": S_ANY2, "main": S_MAIN, "other": S_OTHER, "analyst": S_ANALYST,
    "analyst_end": S_ANALYST_END, "place": S_PLACE, "country": S_COUNTRY, "day": S_DAY,
    "month": S_MONTH, "year": S_YEAR, "num": S_NUM, "ord": S_ORD, "nth": S_NTH, "ev": S_EV,
    "evs": S_EVS, "term": S_TERM, "weapon": S_WEAPON, "anniv": S_ANNIV, "media": S_MEDIA,
    "km": S_KM,
}  # fmt: skip
EVENT_SINGULAR = frozenset({"summit", "visit", "parade", "meeting", "trip"})
EVENT_PLURAL = frozenset({"summits", "talks", "meetings", "negotiations", "visits"})
SEED_CITIES = frozenset(
    {"Beijing", "Pyongyang", "Washington", "Seoul", "Moscow", "Hanoi", "Singapore", "Osaka"}
)
_ORDINAL_RE = re.compile(r"\d{1,3}(?:st|nd|rd|th)")
_YEAR_RE = re.compile(r"(?:19|20)\d\d[.,]?")
_SMALL_NUMBER_RE = re.compile(r"\d{1,2}")
_TOKEN_RE = re.compile(r"^([“(\[‘]*)([A-Za-z][A-Za-z’'-]*?)((?:['’]s)?[^A-Za-z]*)$")


def _substitutable(core, previous):
    """Whether a word may be swapped for a vocabulary word of its suffix class.

    Suffixes such as -tion, -ment, -ing or -ous say enough about the part of speech; a word
    without one (or with a bare -s or -er) is swapped only after a determiner, where it is
    most likely a noun.
    """
    if not (core.isalpha() and core.islower() and len(core) >= 4) or core in STOPWORDS:
        return False
    if _suffix_class(core) in LOOSE_CLASSES:
        return previous in DETERMINERS
    return True


def _compile_token(rng, token, previous, rate, seed_text, out, specs):
    """Append one token: a slot where it is a name, a content word picked for substitution or
    (in seed text) an event noun, a city or a number; the token itself otherwise."""
    for mark, slot in ((PERSON_MARK, S_ANY), (ANALYST_MARK, S_ANALYST)):
        if mark in token:
            before, after = (part.replace("{", "{{").replace("}", "}}")
                             for part in token.split(mark, 1))  # fmt: skip
            out.append(f"{before}{{}}{after}")
            specs.append(slot)
            return
    match = _TOKEN_RE.match(token)
    if seed_text:
        # Seed copy names its own events, dates and numbers; each story supplies its own.
        if token[0].isdigit():
            if _ORDINAL_RE.fullmatch(token):
                out.append("{}")
                specs.append(S_ORD)
                return
            if _YEAR_RE.fullmatch(token):
                out.append("{}" + token[4:])
                specs.append(S_YEAR)
                return
            if _SMALL_NUMBER_RE.fullmatch(token):
                out.append("{}")
                specs.append(S_DIGITS)
                return
        if match:
            core = match.group(2)
            slot = None
            if core in EVENT_SINGULAR and rng.random() < 0.7:
                slot = S_EV
            elif core in EVENT_PLURAL and rng.random() < 0.7:
                slot = S_EVS
            elif core in SEED_CITIES and rng.random() < 0.4:
                slot = S_CITY
            if slot is not None:
                out.append(f"{match.group(1)}{{}}{match.group(3)}")
                specs.append(slot)
                return
    if match and previous in DETERMINERS and rng.random() < rate * 0.6:
        # An adjective slipped in before the noun ("the [strategic] visit"): new words
        # without breaking the sentence.
        core = match.group(2)
        if core.isalpha() and core.islower() and core not in STOPWORDS:
            out.append(f"{match.group(1)}{{}} ")  # the opening quote, if any, goes first
            specs.append(ADJECTIVES)
            token = token[len(match.group(1)) :]
            match = _TOKEN_RE.match(token)
    if match and _substitutable(match.group(2), previous) and rng.random() < rate:
        out.append(f"{match.group(1)}{{}}{match.group(3)}")
        # Some swaps in seed copy draw the story's own topical terms, not general English.
        topical = seed_text and rng.random() < 0.12
        specs.append(S_TERM if topical else _suffix_class(match.group(2)))
        return
    out.append(token.replace("{", "{{").replace("}", "}}"))


_ARTICLE_RE = re.compile(r"([“(]?)([Aa]n?)")


def _article_slot(out, specs, start=None, slots=None):
    """Make an "a" or "an" just before a slot into a slot of its own ("a [eight]-day visit"
    would be wrong): the word drawn after it decides."""
    start = len(out) if start is None else start
    slots = len(specs) if slots is None else slots
    if start < 2 or out[start - 1] != " ":
        return
    match = _ARTICLE_RE.fullmatch(out[start - 2])
    if match:
        specs.insert(slots, S_ARTICLE_CAP if match.group(2)[0] == "A" else S_ARTICLE)
        out[start - 2] = match.group(1) + "{}"


def _compile(rng, text, rate, seed_text=False):
    """A sentence (with {named} slots) as (format string, slot codes)."""
    out = []
    specs = []
    previous = ""
    for piece in re.split(r"(\{\w+\})", text):
        if not piece:
            continue
        if piece.startswith("{") and piece[1:-1] in NAMED_SLOTS:
            _article_slot(out, specs)
            out.append("{}")
            specs.append(NAMED_SLOTS[piece[1:-1]])
            previous = ""
            continue
        words = piece.split(" ")
        for index, word in enumerate(words):
            if word:
                start, slots = len(out), len(specs)
                _compile_token(rng, word, previous, rate, seed_text, out, specs)
                if len(specs) > slots and out[start].startswith("{}"):
                    _article_slot(out, specs, start, slots)
                previous = word.lower()
            if index < len(words) - 1:
                out.append(" ")
    return "".join(out), tuple(specs)


def _styled(templates):
    """{"us": [...], "uk": [...]}: the same compiled sentences in each house spelling."""
    return {
        spelling: [(_house_style(fmt, spelling), specs) for fmt, specs in templates]
        for spelling in ("us", "uk")
    }


class _Model:
    """Everything an article is drawn from: built once per seed, read-only afterwards."""

    def __init__(self, seed):
        rng = random.Random(f"model:{seed}")
        self.people = _people_table(seed)
        self.sources = _sources_table(seed)
        self.source_cum = _cumulative(source.weight for source in self.sources)
        vocabulary = _vocabulary()
        british, american = _spelling_maps()
        # Vocabulary words in each house spelling (the weights are shared).
        self.words = {
            "us": [[american.get(w, w) for w in words] for words, _ in vocabulary],
            "uk": [[british.get(w, w) for w in words] for words, _ in vocabulary],
        }
        self.word_cums = [cum for _, cum in vocabulary]

        real = self.people[: len(REAL_PEOPLE)]
        made_up = self.people[len(REAL_PEOPLE) :]
        # Principals by year: the real people in office that year, leaders weighing most,
        # then made-up officials on a Zipf tail.
        officials = [p for p in made_up if p.kind in ("official", "diplomat")]
        for rank, person in enumerate(officials):
            person.weight = 6.0 / (rank + 6)
        self.principals = {}
        self.north_koreans = {}  # who leads a missile, nuclear or parade story
        for year in range(FIRST_DAY.year, LAST_DAY.year + 1):
            pool = [p for p in real if p.weight and p.active(year)] + officials
            self.principals[year] = (pool, _cumulative(p.weight for p in pool))
            north = [p for p in pool if p.country == "North Korea"]
            self.north_koreans[year] = (north, _cumulative(p.weight for p in north))
        # Secondary people (experts quoted, officials named once): Zipf over a seeded order.
        secondary = [p for p in made_up if p.kind in ("analyst", "official", "diplomat")]
        secondary += [p for p in real if p.kind == "analyst"]
        rng.shuffle(secondary)
        self.secondary = secondary
        self.secondary_cum = _cumulative(1 / (r + 3) ** 0.9 for r in range(len(secondary)))
        self.journalists = [p for p in self.people if p.kind == "journalist"]
        self.journalist_cum = _cumulative(1 / (r + 2) ** 0.8 for r in range(len(self.journalists)))
        self.staff = defaultdict(list)
        for person in self.journalists:
            self.staff[person.outlet].append(person)
        self.photographers = [p for p in self.people if p.kind == "photographer"]
        self.intros = {
            spelling: {p.name: [_house_style(d, spelling) for d in p.intros] for p in self.people}
            for spelling in ("us", "uk")
        }

        chain = _chain_sentences(rng, _seed_sentences(), 1500)
        # Each chain sentence twice, with different words marked for substitution.
        self.chain = _styled([_compile(rng, s, CHAIN_SWAPS, seed_text=True) for s in chain
                              for _ in range(2)])  # fmt: skip
        quotes = []
        for sentence in chain:
            if len(quotes) == 1200:
                break
            # Quoted words name nobody: a mark inside quotes would read as a misquote.
            if any(ch in sentence for ch in "“”\x01\x02") or not sentence.endswith("."):
                continue
            body = sentence[:-1]
            form = rng.random()
            if form < 0.5:
                text = f"“{body},” {{any}} said."
            elif form < 0.8:
                text = f"“{body},” said {{analyst_end}}."
            else:
                text = f"{{any}} said: “{body}.”"
            quotes.append(_compile(rng, text, CHAIN_SWAPS, seed_text=True))
        self.quotes = _styled(quotes)
        self.generic = _styled([_compile(rng, s, TEMPLATE_SWAPS) for s in GENERIC_SENTENCES
                                for _ in range(3)])  # fmt: skip
        self.analyst = _styled([_compile(rng, s, TEMPLATE_SWAPS) for s in ANALYST_SENTENCES
                                for _ in range(3)])  # fmt: skip
        self.topics = sorted(TOPICS)
        self.topic_cum = _cumulative(TOPICS[topic].weight for topic in self.topics)
        self.topic_sentences = {
            topic: _styled([_compile(rng, s, TEMPLATE_SWAPS / 2) for s in TOPICS[topic].sentences
                            for _ in range(2)])
            for topic in self.topics
        }  # fmt: skip
        self.ledes = {
            topic: _styled([_compile(rng, s, 0.05) for s in TOPICS[topic].ledes])
            for topic in self.topics
        }
        self.background = [
            (year, _styled([_compile(rng, text, 0.0)])) for year, text in BACKGROUND_SENTENCES
        ]
        self.moon = _styled([_compile(rng, s, 0.0) for s in MOON_SENTENCES])
        self.years = list(range(FIRST_DAY.year, LAST_DAY.year + 1))
        # Recent years dominate, as in any news archive; the 2018-19 summits were the peak.
        self.year_cum = _cumulative(
            1.0 if year < 2017 else {2017: 5, 2018: 8, 2019: 7}.get(year, 4.5)
            for year in self.years
        )


@functools.lru_cache(maxsize=4)
def _model(seed):
    return _Model(seed)


# ---------------------------------------------------------------------------------------------
# One article
# ---------------------------------------------------------------------------------------------


class _Writer:
    """Writes article ``index``: its draws, who has been named so far, its house style."""

    def __init__(self, model, seed, index):
        self.model = model
        self.index = index
        self.rng = rng = random.Random(f"article:{seed}:{index}")
        self.source = _pick(rng, model.sources, model.source_cum)
        self.spelling = self.source.spelling
        self.words = model.words[self.spelling]
        self.year = _pick(rng, model.years, model.year_cum)
        first = datetime.date(self.year, 1, 1).toordinal()
        last = min(datetime.date(self.year, 12, 31), LAST_DAY).toordinal()
        self.date = datetime.date.fromordinal(rng.randint(first, last))
        self.topic = _pick(rng, model.topics, model.topic_cum)
        self.spec = TOPICS[self.topic]
        self.place = _choice(rng, self.spec.places)
        self.last_person = None
        self.expert_turn = 0
        self.used = set()  # hand-written sentences already in this story
        self._choose_people()
        # The other country in the story: the second principal's, where that is a third party.
        home = self.main[0].country
        country = self.main[1].country
        if country in ("", "Portugal", "North Korea", home):
            country = _choice(rng, [c for c in COUNTRIES if c not in (home, "North Korea")])
        self.country = "the United States" if country == "United States" else country
        self.fill = {
            S_ANY: self._any, S_ANY2: self._any2, S_MAIN: self._main, S_OTHER: self._other,
            S_ANALYST: self._analyst, S_ANALYST_END: self._analyst_end, S_PLACE: self._place,
            S_CITY: self._city, S_COUNTRY: self._country, S_DAY: self._day,
            S_MONTH: self._month, S_YEAR: self._year, S_NUM: self._num, S_ORD: self._ord,
            S_NTH: self._nth, S_EV: self._ev, S_EVS: self._evs, S_TERM: self._term,
            S_WEAPON: self._weapon, S_ANNIV: self._anniv, S_MEDIA: self._media, S_KM: self._km,
            S_DIGITS: self._digits,
        }  # fmt: skip

    # -- people ---------------------------------------------------------------------------------

    def _choose_people(self):
        rng = self.rng
        pool, cum = self.model.principals[self.year]
        count = _pick(rng, (2, 3), (65, 100))
        main = []
        if self.topic in NORTH_KOREAN_TOPICS and rng.random() < 0.8:
            main.append(_pick(rng, *self.model.north_koreans[self.year]))
        while len(main) < count:
            person = _pick(rng, pool, cum)
            if person not in main:
                main.append(person)
        extra = _pick(rng, (0, 1, 2, 3), (15, 50, 80, 100))
        secondary = []
        while len(secondary) < extra:
            person = _pick(rng, self.model.secondary, self.model.secondary_cum)
            if person not in secondary and person not in main:
                secondary.append(person)
        self.main = main
        self.secondary = secondary
        self.people = main + secondary
        # Anyone may be named, the principals most, the first of them most of all.
        self.any_cum = _cumulative([6, 3, 2][: len(main)] + [1] * len(secondary))
        # The spelling this story uses for each name (now and then a variant: "Kim Jong-un").
        self.display = {}
        for person in self.people:
            name = person.name
            if person.variants and rng.random() < 0.25:
                name = _choice(rng, person.variants)
            self.display[person.name] = name
        shorts = [person.short for person in self.people]
        self.ambiguous = {short for short in shorts if shorts.count(short) > 1}
        self.introduced = set()

    def _mention(self, person):
        """The person as running text names them: in full the first time, short after."""
        rng = self.rng
        name = self.display[person.name]
        if person.name not in self.introduced:
            self.introduced.add(person.name)
            if person.cjk and rng.random() < 0.03:
                return f"{name} ({_choice(rng, person.cjk)})"
            intros = self.model.intros[self.spelling][person.name]
            if intros and rng.random() < 0.85:
                return f"{_choice(rng, intros)} {name}"
            return name
        roll = rng.random()
        if roll < 0.1:
            return name
        short = person.short
        if person.title and roll < 0.35:
            return f"{person.title} {short}"
        honorific = self.source.honorific
        if honorific:
            if person.gender == "f":
                honorific = "Ms." if honorific.endswith(".") else "Ms"
            if roll < 0.85 or short in self.ambiguous:
                return f"{honorific} {short}"
        # A bare surname two people in the story share would be ambiguous: repeat the name.
        return name if short in self.ambiguous else short

    def _any(self):
        person = _pick(self.rng, self.people, self.any_cum)
        for _attempt in range(3):  # "talks between Kim and Kim" reads as a glitch
            if person is not self.last_person:
                break
            person = _pick(self.rng, self.people, self.any_cum)
        self.last_person = person
        return self._mention(person)

    def _any2(self):
        others = [p for p in self.people if p is not self.last_person]
        person = _choice(self.rng, others)
        self.last_person = person
        return self._mention(person)

    def _main(self):
        self.last_person = self.main[0]
        return self._mention(self.main[0])

    def _other(self):
        self.last_person = self.main[1]
        return self._mention(self.main[1])

    def _expert(self, comma):
        """An expert, with their role the first time: 'Name, a professor at X,'."""
        if self.secondary:
            person = self.secondary[self.expert_turn % len(self.secondary)]
            self.expert_turn += 1
        else:
            person = self.main[-1]
        self.last_person = person
        if person.name in self.introduced or person.kind == "principal":
            return self._mention(person)
        self.introduced.add(person.name)
        role = person.role
        if role.startswith("former "):
            role = role.removeprefix("former ")
            return f"{self.display[person.name]}, a former {role}{comma}"
        return f"{self.display[person.name]}, {_article_word(role)} {role}{comma}"

    def _analyst(self):
        return self._expert(",")

    def _analyst_end(self):
        return self._expert("")

    # -- other slots ----------------------------------------------------------------------------

    def _place(self):
        return self.place if self.rng.random() < 0.7 else _choice(self.rng, CITIES)

    def _city(self):
        return self.place if self.rng.random() < 0.5 else _choice(self.rng, CITIES)

    def _country(self):
        return self.country

    def _day(self):
        return self.date.strftime("%A")

    def _month(self):
        return _choice(self.rng, MONTHS)

    def _year(self):
        return str(max(1990, self.year - self.rng.randint(0, 9)))

    def _num(self):
        return _choice(self.rng, NUMBER_WORDS)

    def _digits(self):
        return str(self.rng.randint(2, 28))

    def _ord(self):
        return _ordinal(self.rng.randint(2, 80))

    def _nth(self):
        return _choice(self.rng, NTH)

    def _ev(self):
        return _choice(self.rng, self.spec.ev[0])

    def _evs(self):
        return _choice(self.rng, self.spec.ev[1])

    def _term(self):
        return _choice(self.rng, self.spec.terms)

    def _weapon(self):
        return _choice(self.rng, WEAPONS)

    def _anniv(self):
        anniversary = _choice(self.rng, ANNIVERSARIES)
        return f"the {_ordinal(self.rng.randint(50, 80))} anniversary of {anniversary}"

    def _media(self):
        return _choice(self.rng, MEDIA)

    def _km(self):
        return f"{self.rng.randint(2, 99) * 10:,}"

    # -- sentences ------------------------------------------------------------------------------

    def render(self, template):
        """Fill a compiled sentence: vocabulary draws inline (the hot path), slots by call."""
        fmt, specs = template
        if specs:
            rng = self.rng
            words = self.words
            cums = self.model.word_cums
            fill = self.fill
            values = []
            article = None  # the index of an "a"/"an" waiting for the word after it
            for spec in specs:
                if spec >= 0:
                    cum = cums[spec]
                    value = words[spec][bisect.bisect(cum, rng.random() * cum[-1])]
                elif spec <= S_ARTICLE:
                    article = len(values)
                    values.append(spec)
                    continue
                else:
                    value = fill[spec]()
                if article is not None:
                    chosen = _article_word(value)
                    capital = values[article] == S_ARTICLE_CAP
                    values[article] = chosen.capitalize() if capital else chosen
                    article = None
                values.append(value)
            text = fmt.format(*values)
        else:
            text = fmt
        if text[0].islower():
            return text[0].upper() + text[1:]
        if text[0] == "“" and text[1:2].islower():
            return "“" + text[1].upper() + text[2:]
        return text

    def sentence(self):
        model = self.model
        rng = self.rng
        roll = rng.random()
        if roll < 0.5:
            pool = model.chain
        elif roll < 0.62:
            pool = model.quotes
        elif roll < 0.76:
            pool = model.generic
        elif roll < 0.86:
            pool = model.topic_sentences[self.topic]
        elif roll < 0.94:
            pool = model.analyst
        else:
            pool = _choice(rng, [b for year, b in model.background if year <= self.year])
        template = _choice(rng, pool[self.spelling])
        if pool is not model.chain:
            # A story does not repeat itself word for word: draw again (a few times at most).
            for _attempt in range(3):
                if id(template) not in self.used:
                    break
                template = _choice(rng, pool[self.spelling])
            self.used.add(id(template))
        return self.render(template)

    # -- the article ----------------------------------------------------------------------------

    def title(self):
        rng = self.rng
        names = {}
        for key, person in (("A", self.main[0]), ("B", self.main[1])):
            # Headlines use the surname of a well-known leader, the full name of anyone else.
            if rng.random() < 0.55 or person.short in self.ambiguous or not person.leader:
                names[key] = person.name
            else:
                names[key] = person.short
        values = dict(
            names,
            place=self.place,
            country=self.country.removeprefix("the "),
            nth=_choice(rng, NTH),
            ord=_ordinal(rng.randint(50, 80)),
            term=_choice(rng, self.spec.terms),
            weapon=_choice(rng, WEAPONS),
        )
        for _attempt in range(6):
            title = _choice(rng, self.spec.titles).format(**values)
            if 6 <= len(title.split()) <= 14:
                break
        else:
            title = f"{names['A']} and {names['B']} discuss {values['term']} in {self.place}"
        # Headlines keep "US" (as AP's do); only the spelling follows the house.
        return _respell(title[0].upper() + title[1:], self.spelling)

    def body(self):
        rng = self.rng
        model = self.model
        target = min(2500, max(150, int(rng.lognormvariate(math.log(600), 0.5))))
        lede = self.render(_choice(rng, model.ledes[self.topic][self.spelling]))
        if rng.random() < 0.35:
            city = self.place if self.place in DATELINES else _choice(rng, sorted(DATELINES))
            tag = {"Associated Press": " (AP)", "Reuters": " (Reuters)"}.get(self.source.name, "")
            dash = " - " if self.source.name == "Reuters" else " — "
            lede = f"{DATELINES[city]}{tag}{dash}{lede}"
        paragraphs = [lede]
        words = lede.count(" ") + 1
        # Hard cases, placed up front so that the loop below only counts words.
        caption_at = rng.randint(2, 5) if rng.random() < 0.12 else -1
        heading_at = rng.randint(4, 9) if rng.random() < 0.1 else -1
        moon_jae_in = any(person.name == "Moon Jae-in" for person in self.people)
        moon_at = rng.randint(1, 6) if rng.random() < (0.3 if moon_jae_in else 0.03) else -1
        while words < target:
            count = _pick(rng, (1, 2, 3, 4), (30, 65, 90, 100))
            sentences = [self.sentence() for _ in range(count)]
            if len(paragraphs) == moon_at:
                sentences.append(self.render(_choice(rng, model.moon[self.spelling])))
            paragraph = " ".join(sentences)
            words += paragraph.count(" ") + 1
            paragraphs.append(paragraph)
            if len(paragraphs) == caption_at:
                paragraphs.append(self.caption())
            if len(paragraphs) == heading_at:
                country = self.country.removeprefix("the ")
                heading = _choice(rng, SUBHEADINGS).format(country=country)
                paragraphs.append(heading[0].upper() + heading[1:])
        roll = rng.random()
        if roll < 0.08:
            paragraphs.append(self.credit())
        elif roll < 0.11:
            paragraphs[-1] += _choice(rng, (" – AP", " – AFP", " – Reuters"))
        return "\n\n".join(paragraphs)

    def caption(self):
        """A photo caption and its credit: 'Kim Jong Un waves at the parade [Jason Lee/Reuters]'."""
        rng = self.rng
        person = _choice(rng, self.main)
        action = _choice(rng, CAPTION_ACTIONS).format(place=self.place)
        photographer = _choice(rng, self.model.photographers).name
        roll = rng.random()
        if roll < 0.6:
            return f"{person.name} {action} [{photographer}/{_choice(rng, PHOTO_AGENCIES)}]"
        if roll < 0.85:
            return f"{person.name} {action} ({photographer}/{_choice(rng, PHOTO_AGENCIES)})"
        return f"{person.name} {action} [File: {photographer}/Xinhua via The Associated Press]"

    def credit(self):
        """A writer's credit line: it names a journalist, but is not a mention."""
        rng = self.rng
        model = self.model
        staff = model.staff.get(self.source.name)
        writer = _choice(rng, staff) if staff else _pick(rng, model.journalists,
                                                       model.journalist_cum)  # fmt: skip
        city = _choice(rng, ("Seoul", "Beijing", "Tokyo", "Washington", "Moscow"))
        roll = rng.random()
        if roll < 0.5:
            outlet = self.source.name if staff else writer.outlet
            return f"{outlet} writer {writer.name} contributed to this report."
        if roll < 0.75:
            editor = _pick(rng, model.journalists, model.journalist_cum)
            return f"Reporting by {writer.name} in {city}; Editing by {editor.name}"
        return f"Additional reporting by {writer.name} in {city}."

    def authors(self):
        rng = self.rng
        model = self.model
        count = _pick(rng, (0, 1, 2, 3), (30, 80, 95, 100))
        staff = model.staff.get(self.source.name)
        names = []
        for _attempt in range(count * 3):
            if len(names) == count:
                break
            if staff and rng.random() < 0.6:
                person = _choice(rng, staff)
            else:
                person = _pick(rng, model.journalists, model.journalist_cum)
            if person.name not in names:
                names.append(person.name)
        return names

    def record(self):
        title = self.title()
        body = self.body()
        authors = self.authors()
        slug = "-".join(re.findall(r"[a-z0-9]+", title.lower())[:8])
        record = {
            "title": title,
            "body": body,
            "source": self.source.name,
            "url": f"https://{self.source.domain}/{self.year}/{slug}-{self.index}",
        }
        roll = self.rng.random()
        # About 5% have no known date and 3% only a month.
        if roll >= 0.08:
            record["published"] = self.date.isoformat()
        elif roll >= 0.05:
            record["published"] = self.date.isoformat()[:7]
        record["authors"] = authors
        record["language"] = "en"
        return record


# ---------------------------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------------------------


# Wire copy republished: a share of the articles are another outlet's run of a recent wire
# story (a new headline, the outlet's spelling, the dateline credit, the end cut), as papers
# and aggregators run it. Their story grouping is what the archive's import has to do.
REPUBLISHED_SHARE = 0.1
REPUBLISHED_WITHIN = 200  # a copy runs within this many articles of its wire original
WIRE_CODES = {"Associated Press": "AP", "Reuters": "Reuters", "Agence France-Presse": "AFP",
              "Yonhap": "Yonhap", "Kyodo News": "Kyodo", "Bloomberg": "Bloomberg",
              "United Press International": "UPI", "dpa": "dpa"}  # fmt: skip
DATELINE_CITIES = ("SEOUL", "BEIJING", "TOKYO", "WASHINGTON", "MOSCOW", "PYONGYANG")


def _copy_roll(seed, index):
    """(random.Random, whether article ``index`` republishes an earlier wire story)."""
    rng = random.Random(f"copy:{seed}:{index}")
    return rng, index > 0 and rng.random() < REPUBLISHED_SHARE


def _article(model, seed, index):
    """The record of article ``index``: fresh copy, or a republished wire story."""
    rng, republished = _copy_roll(seed, index)
    if republished:
        original = max(0, index - rng.randint(1, REPUBLISHED_WITHIN))
        writer = _Writer(model, seed, original)
        if writer.source.kind == "wire" and not _copy_roll(seed, original)[1]:
            return _republish(rng, model, writer, index)
    return _Writer(model, seed, index).record()


def _republish(rng, model, writer, index):
    """Another outlet's copy of ``writer``'s wire story."""
    original = writer.record()
    outlets = [s for s in model.sources if s.kind != "wire"]
    outlet = outlets[rng.randrange(len(outlets))]
    paragraphs = original["body"].split("\n\n")
    # Papers cut from the end (never word for word: an exact copy is skipped on import).
    keep = min(len(paragraphs) - 1, max(2, round(len(paragraphs) * rng.uniform(0.55, 1.0))))
    paragraphs = [_house_style(p, outlet.spelling) for p in paragraphs[: max(keep, 1)]]
    if keep < 2:
        paragraphs.append("Further details were not immediately available.")
    code = WIRE_CODES.get(writer.source.name)
    if code and rng.random() < 0.7:
        paragraphs[0] = f"{_choice(rng, DATELINE_CITIES)} ({code}) — {paragraphs[0]}"
    title = original["title"]
    headline = rng.random() if len(title.split()) <= 12 else 1.0
    if headline < 0.4:
        title = f"{title}: {_choice(rng, ('report', 'state media', 'officials', 'analysts'))}"
    elif headline < 0.6:
        title = f"{_choice(rng, ('UPDATE', 'WATCH', 'Explainer', 'Analysis'))}: {title}"
    slug = "-".join(re.findall(r"[a-z0-9]+", title.lower())[:8])
    record = {
        "title": title,
        "body": "\n\n".join(paragraphs),
        "source": outlet.name,
        "url": f"https://{outlet.domain}/{writer.year}/{slug}-{index}",
        "authors": [],
        "language": "en",
    }
    if "published" in original:
        record["published"] = original["published"]
    return record


def generate_article(seed, index):
    """Article ``index`` of the corpus for ``seed``: the dict its JSON line holds."""
    return _article(_model(seed), seed, index)


def _render_chunk(task):
    """Articles start..stop-1 as UTF-8 JSON lines (a worker's unit of work)."""
    seed, start, stop = task
    model = _model(seed)
    lines = [
        json.dumps(_article(model, seed, index), ensure_ascii=False) + "\n"
        for index in range(start, stop)
    ]
    return "".join(lines).encode("utf-8")


def write_corpus(out, size, seed, *, jobs=1):
    """Write ``size`` articles for ``seed`` to ``out`` (a path, or a binary file) as JSON lines.

    Streams chunk by chunk, so memory does not grow with ``size``. With ``jobs`` > 1 the
    chunks are made in worker processes and written in order: the bytes are the same.
    Returns {"articles": ..., "bytes": ...}.
    """
    if isinstance(out, (str, os.PathLike)):
        with open(out, "wb") as handle:
            return write_corpus(handle, size, seed, jobs=jobs)
    _model(seed)  # built before any fork, so that workers share it
    tasks = ((seed, start, min(start + CHUNK, size)) for start in range(0, size, CHUNK))
    written = 0
    if jobs > 1 and size > CHUNK and "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            # imap keeps the order, and the writer keeps up, so few chunks wait in memory.
            for data in pool.imap(_render_chunk, tasks):
                out.write(data)
                written += len(data)
    else:
        for task in tasks:
            data = _render_chunk(task)
            out.write(data)
            written += len(data)
    return {"articles": size, "bytes": written}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, required=True, help="number of articles")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True, help="the JSON lines file to write")
    parser.add_argument("--people-out", help="also write the people table (JSON) here")
    parser.add_argument("--sources-out", help="also write the sources table (JSON) here")
    parser.add_argument(
        "--jobs",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="worker processes (default: up to 2); the output does not depend on it",
    )
    args = parser.parse_args(argv)
    if args.size < 0:
        parser.error("--size must be 0 or more")
    started = time.monotonic()
    for path, table in ((args.people_out, generate_people), (args.sources_out, generate_sources)):
        if path:
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(table(args.seed), handle, ensure_ascii=False, indent=1)
                handle.write("\n")
    stats = write_corpus(args.out, args.size, args.seed, jobs=max(1, args.jobs))
    seconds = time.monotonic() - started
    print(
        f"{stats['articles']} articles, {stats['bytes'] / 1e6:.1f} MB, {seconds:.1f} s "
        f"({stats['articles'] / max(seconds, 1e-9):.0f} articles/s) -> {args.out}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
