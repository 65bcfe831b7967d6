"""Outlets the importer recognises by name, sign-off code or web domain (the table is data:
archive/ingest/known_sources.json).

A source the copy names but this table does not know is still created (kind "other") for a
curator to complete; this table only saves them the work for the common outlets.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path

from archive.names import normalize_name


@dataclass(frozen=True)
class KnownSource:
    name: str
    kind: str
    country: str
    homepage: str
    names: tuple = ()  # other spellings, sign-off codes and domains


_TABLE = json.loads(Path(__file__).with_name("known_sources.json").read_text(encoding="utf-8"))
KNOWN_SOURCES = tuple(
    KnownSource(o["name"], o["kind"], o["country"], o["homepage"], tuple(o["names"]))
    for o in _TABLE["outlets"]
)
# Codes that close wire copy: "... the war ends. – AP"
SIGNOFF_CODES = tuple(_TABLE["signoff_codes"])

_BY_NAME = {}
for _known in KNOWN_SOURCES:
    for _name in (_known.name, *_known.names):
        _BY_NAME[normalize_name(_name)] = _known

_DOMAIN_RE = re.compile(r"^(?:https?://)?(?:www\.|m\.|edition\.|english\.)?([^/:\s]+)", re.I)


def known_source(name):
    """The KnownSource for a name, sign-off code or domain, or None."""
    if not name:
        return None
    key = normalize_name(name)
    if key in _BY_NAME:
        return _BY_NAME[key]
    match = _DOMAIN_RE.match(name.strip())
    if match and "." in match.group(1):
        domain = match.group(1).lower()
        while domain.count(".") >= 1:
            if domain in _BY_NAME:
                return _BY_NAME[domain]
            domain = domain.split(".", 1)[1]
    return None


def canonical_source_name(name):
    """The name an outlet is filed under: the known canonical name, else the name as given."""
    known = known_source(name)
    return known.name if known else " ".join(name.split())
