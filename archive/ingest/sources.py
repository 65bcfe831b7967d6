"""Outlets as copy and feeds name them: the reference list (fixtures/outlets.json) read for
the parsers, and the rules that turn a feed's source name into an outlet's.

- A name is compared without case, punctuation or a leading "The", and without the section
  suffix feeds add ("New York Times - Opinion", "CNN (Web News)", "Fox News (Online)"): the
  section is returned apart, to be kept on the article, not made another outlet.
- A name that is a person's or a role's ("Guest Writer", "Phil Helsel", "Staff") is not an
  outlet: ``not_an_outlet`` says why.
- Wire agencies are recognised by name, abbreviation and sign-off code ("AP", "AFP", "Xinhua").

Pure: the outlets curators add in the admin are resolved from the database by
archive.outlets; this module only reads the shipped list.
"""

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from archive.lexicon import words
from archive.names import source_key

OUTLETS_FILE = Path(__file__).resolve().parent.parent.parent / "fixtures" / "outlets.json"

# Section words feeds add to an outlet's name; the first group names the section kept.
SECTIONS = {
    "opinion": "opinion",
    "opinions": "opinion",
    "op ed": "opinion",
    "oped": "opinion",
    "commentary": "opinion",
    "comment": "opinion",
    "editorial": "editorial",
    "editorials": "editorial",
    "analysis": "analysis",
    "blog": "blog",
    "blogs": "blog",
    "news": "news",
    "world": "news",
    "world news": "news",
    "latest news": "news",
    "breaking news": "news",
    "top stories": "news",
    "politics": "news",
    "business": "business",
    "asia": "news",
    "asia pacific": "news",
    "web news": "news",
    "online": "news",
    "online news": "news",
    "web": "news",
    "website": "news",
    "digital": "news",
}
_SUFFIX_RE = re.compile(
    r"^(?P<base>.+?)\s*(?:[-–—|:]\s*(?P<dash>[^-–—|:]+)|\((?P<paren>[^()]+)\))$"
)
_SEPARATOR_RE = re.compile(r"\s+[-–—|:]\s+|\s*\|\s*")
_ONLINE_WORDS = ("online", "web", "digital")


@dataclass(frozen=True)
class KnownOutlet:
    key: str
    name: str
    kind: str
    control: str
    country: str
    homepage: str
    names: tuple  # variants
    domains: tuple


def split_section(name):
    """(outlet name, section or "") of a feed's source name: "New York Times - Opinion" is
    ("New York Times", "opinion"); "Fox Online News" is ("Fox News", "news")."""
    name = " ".join((name or "").split())
    section = ""
    for _ in range(2):
        match = _SUFFIX_RE.match(name)
        if not match:
            break
        suffix = source_key(match.group("dash") or match.group("paren") or "")
        if suffix not in SECTIONS:
            break
        name, section = match.group("base").strip(), section or SECTIONS[suffix]
    words_ = name.split()
    kept = [w for w in words_ if w.lower() not in _ONLINE_WORDS]
    if kept and len(kept) < len(words_):
        name = " ".join(kept)
        section = section or "news"
    return name, ("" if section == "news" else section)


_ROLE_WORDS = words("not-outlet-words")
_GIVEN_NAMES = words("given-names")


def not_an_outlet(name):
    """Why a feed's source name is not an outlet's, or None: a role or placeholder ("Guest
    Writer", "Staff", "Username") or a person's name ("Phil Helsel")."""
    key = source_key(name)
    if not key:
        return "it has no letters"
    tokens = key.split()
    if any(token in _ROLE_WORDS for token in tokens):
        return "it names a role or a placeholder, not an outlet"
    raw = name.split()
    written_as_a_name = name.isupper() or (
        all(w[:1].isupper() for w in raw) and not any(w.isupper() and len(w) > 1 for w in raw)
    )
    if 2 <= len(tokens) <= 3 and tokens[0] in _GIVEN_NAMES and written_as_a_name:
        return "it is a person's name, not an outlet's"
    return None


@functools.cache
def known_outlets():
    """The shipped reference list: (records, {compared name: record}, {domain: record})."""
    data = json.loads(OUTLETS_FILE.read_text(encoding="utf-8"))
    records = tuple(
        KnownOutlet(
            o["key"],
            o["name"],
            o["kind"],
            o["control"],
            o["country"],
            o.get("homepage", ""),
            tuple(o.get("variants", ())),
            tuple(o.get("domains", ())),
        )
        for o in data["outlets"]
    )
    by_name, by_domain = {}, {}
    for record in records:
        for name in (record.name, *record.names):
            by_name.setdefault(source_key(name), record)
        for domain in record.domains:
            by_domain.setdefault(domain, record)
    return records, by_name, by_domain


def domain_candidates(url_or_domain):
    """A host and its parent domains, most specific first ("www3.nhk.or.jp", "nhk.or.jp")."""
    text = (url_or_domain or "").strip().lower()
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text).split("/", 1)[0].split(":", 1)[0]
    text = text.removeprefix("www.")
    parts = text.split(".")
    return [".".join(parts[i:]) for i in range(len(parts) - 1)] if len(parts) > 1 else []


def name_candidates(name):
    """The forms of a feed's source name to look up, best first: as given, without its
    section suffix, and the part before a separator ("Yahoo News - Latest News & Headlines"
    is Yahoo News)."""
    base = split_section(name)[0]
    forms = [name, base, _SEPARATOR_RE.split(name.strip())[0]]
    # An edition ("Reuters UK", "Yonhap News Agency (English)") is the outlet: tried last,
    # so that an edition the list knows as an outlet of its own ("Sky News Australia") wins.
    forms.append(without_edition(base))
    return [key for key in dict.fromkeys(source_key(f) for f in forms) if key]


_EDITIONS = words("edition-words")
_PAREN_RE = re.compile(r"^(?P<base>.+?)\s*\((?P<edition>[^()]+)\)$")


def without_edition(name):
    """The name without an edition it ends with ("Reuters UK", "CNN (English)"), or ""."""
    match = _PAREN_RE.match(name)
    if match and source_key(match.group("edition")) in _EDITIONS:
        return match.group("base")
    words_ = name.split()
    for size in (2, 1):
        rest = " ".join(words_[:-size])
        if source_key(" ".join(words_[-size:])) in _EDITIONS and source_key(rest) not in (
            "",
            "the",
        ):
            return rest
    return ""


def known_source(name):
    """The known outlet for a name, abbreviation, sign-off code or domain, or None."""
    if not name:
        return None
    _records, by_name, by_domain = known_outlets()
    for key in name_candidates(name):
        if key in by_name:
            return by_name[key]
    if "." in name and " " not in name.strip():
        for domain in domain_candidates(name):
            if domain in by_domain:
                return by_domain[domain]
    return None


def canonical_source_name(name):
    """The name an outlet is filed under: the known canonical name, else the name as given
    (its section suffix dropped)."""
    known = known_source(name)
    return known.name if known else split_section(name)[0]


@functools.cache
def agency_codes():
    """Names and codes of the wire agencies, longest first, for credits and sign-offs."""
    records, _by_name, _by_domain = known_outlets()
    codes = {
        n
        for r in records
        if r.kind == "wire"
        for n in (r.name, *r.names)
        if n.isascii() and len(n) <= 40
    }
    return tuple(sorted(codes, key=len, reverse=True))


# Codes that close wire copy: "... the war ends. – AP"
SIGNOFF_CODES = (
    "AP", "AFP", "Reuters", "PA", "Xinhua", "Yonhap", "dpa", "Bloomberg", "AAP", "Kyodo",
    "KCNA", "TASS", "UPI", "EFE", "ANSA", "Anadolu", "IRNA", "Sputnik", "Reuter",
)  # fmt: skip
