"""Which outlet an article comes from: a feed's source name, or its URL's web domain,
resolved against the outlets the database knows (their names, the variants and domains
curators keep, archive.models.Source) and, failing that, the shipped reference list.

A name that is no outlet's ("Guest Writer", a columnist's name) is not made one: the article
keeps the name as given and a note for curators. An unknown outlet is created with kind and
control unknown, and listed for curators ("needs attention")."""

from dataclasses import dataclass, field

from archive.ingest.sources import (
    domain_candidates,
    known_source,
    name_candidates,
    not_an_outlet,
    split_section,
)
from archive.models import Source, SourceDomain, SourceName
from archive.names import source_key
from archive.reference import apply_outlet


@dataclass
class Resolution:
    source: Source | None
    section: str = ""
    label: str = ""  # the name as the feed gave it
    notes: list = field(default_factory=list)


class OutletDirectory:
    """The outlets of the database, by compared name and by domain, for one import. Sources
    created while writing a batch are pending until the batch commits."""

    def __init__(self):
        self.by_name = {}
        self.by_domain = {}
        self.pending = []

    @classmethod
    def from_db(cls):
        directory = cls()
        sources = {s.pk: s for s in Source.objects.all()}
        for source in sources.values():
            directory.by_name.setdefault(source_key(source.name), source)
        for source_id, normalized in SourceName.objects.values_list("source_id", "normalized"):
            directory.by_name.setdefault(normalized, sources[source_id])
        for source_id, domain in SourceDomain.objects.values_list("source_id", "domain"):
            directory.by_domain.setdefault(domain, sources[source_id])
        return directory

    def find_name(self, name):
        for key in name_candidates(name):
            if key in self.by_name:
                return self.by_name[key]
        return None

    def find_url(self, url):
        for domain in domain_candidates(url):
            if domain in self.by_domain:
                return self.by_domain[domain]
        return None

    def add(self, source, names=(), domains=()):
        self.pending.append((source, names, domains))
        self._index(source, names, domains)

    def _index(self, source, names, domains):
        for name in (source.name, *names):
            self.by_name.setdefault(source_key(name), source)
        for domain in domains:
            self.by_domain.setdefault(domain, source)

    def committed(self):
        self.pending = []

    def rolled_back(self):
        """Forget the sources a rolled-back batch created."""
        if not self.pending:
            return
        gone = {id(source) for source, _names, _domains in self.pending}
        self.by_name = {k: s for k, s in self.by_name.items() if id(s) not in gone}
        self.by_domain = {k: s for k, s in self.by_domain.items() if id(s) not in gone}
        self.pending = []


def create_from_reference(known, directory):
    """The Source of a reference outlet the first time an article names it (before
    `load_reference` has run, or for an outlet filed under another name), with its names
    and domains: made, or adopted, as the reference load does it."""
    source = apply_outlet(
        {
            "key": known.key,
            "name": known.name,
            "kind": known.kind,
            "control": known.control,
            "country": known.country,
            "homepage": known.homepage,
            "variants": list(known.names),
            "domains": list(known.domains),
        }
    )
    if source is None:
        return None
    directory.add(source, known.names, known.domains)
    return source


def resolve(name, url, directory, *, create=True):
    """The outlet of an article whose feed names ``name`` and whose address is ``url``."""
    name = " ".join((name or "").split())[:200]
    resolution = Resolution(None, label=name)
    if name:
        resolution.section = split_section(name)[1]
    refusal = not_an_outlet(name) if name else None
    if name and not refusal:
        source = directory.find_name(name)
        if source is None:
            known = known_source(name)
            if known is not None and create:
                source = create_from_reference(known, directory)
        if source is not None:
            resolution.source = source
            return resolution
    if url:
        source = directory.find_url(url)
        if source is None:
            for domain in domain_candidates(url):
                known = known_source(domain)
                if known is not None and create:
                    source = create_from_reference(known, directory)
                    break
        if source is not None:
            resolution.source = source
            return resolution
    if refusal:
        resolution.notes.append(
            f"Source {name!r} left out: {refusal}. The article keeps the name as given."
        )
        return resolution
    if name and create:
        base = split_section(name)[0] or name
        source = Source.objects.filter(name__iexact=base).first() or Source.objects.create(
            name=base
        )
        directory.add(source)
        resolution.source = source
    return resolution
