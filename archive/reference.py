"""Reference data (fixtures/): outlets, and (later) people with their offices and the seed
events, loaded into the database by ``manage.py load_reference`` and ``setup_archive``.

A load adds and updates reference facts and never overwrites a curator's edit: each row
keeps the values it was last loaded with (``reference``); a field whose value still equals
them takes the file's new value, a field a curator changed keeps the curator's. A row that
existed before it was ever loaded (made by an import) gets only what it lacks. A file is
checked whole before anything is written, and a load is one transaction: a bad file
changes nothing. The report says what changed and what was kept."""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from archive.countries import country_problem
from archive.models import (
    Source,
    SourceDomain,
    SourceName,
    domain_problem,
)
from archive.names import source_key

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
OUTLETS_FILE = FIXTURES / "outlets.json"
KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
OUTLET_FIELDS = ("name", "kind", "control", "country", "homepage", "note")


class ReferenceError(ValueError):
    """A reference file that cannot be loaded, with every problem found in it."""

    def __init__(self, path, problems):
        self.problems = problems
        listed = "\n".join(f"  - {p}" for p in problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{path}: {len(problems)} problem(s):\n{listed}{more}")


@dataclass
class LoadReport:
    what: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: list = field(default_factory=list)  # (row, field, kept value): curators' edits
    skipped: list = field(default_factory=list)  # why a name or domain was not added

    def summary(self):
        return (
            f"{self.what}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged; {len(self.kept)} curator edit(s) kept, "
            f"{len(self.skipped)} name(s) or domain(s) left out"
        )


def merge_fields(row, values, report, label, adopt=()):
    """Set ``values`` on ``row`` where no one changed them since the last load; returns
    whether anything changed. ``adopt``: fields a row never loaded takes from the file
    whatever they hold (an outlet the importer named after one of the file's names)."""
    last = row.reference or {}
    changed = False
    for name, new in values.items():
        current = getattr(row, name)
        if current == new:
            continue
        if name in last:
            take = current == last[name]
        else:  # never loaded: fill what is empty or was the importer's default
            take = current in ("", None, "unknown") or name in adopt
        if take:
            setattr(row, name, new)
            changed = True
        else:
            report.kept.append((label, name, current))
    row.reference = dict(values)
    return changed


def _read(path):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReferenceError(path, [f"cannot read it: {exc}"]) from exc


def check_outlets(data, path=OUTLETS_FILE):
    """Every problem of an outlets file (an empty list when it can be loaded)."""
    problems = []
    outlets = data.get("outlets") if isinstance(data, dict) else None
    if not isinstance(outlets, list):
        return ['it needs an "outlets" list']
    kinds, controls = set(Source.Kind.values), set(Source.Control.values)
    keys, names, domains = {}, {}, {}
    for number, outlet in enumerate(outlets, 1):
        where = (
            f"outlet {number} ({outlet.get('key', '?')})"
            if isinstance(outlet, dict)
            else f"outlet {number}"
        )
        if not isinstance(outlet, dict):
            problems.append(f"{where}: not an object")
            continue
        key = outlet.get("key", "")
        if not KEY_RE.match(str(key)):
            problems.append(f"{where}: key {key!r} is not a lower-case slug")
        elif key in keys:
            problems.append(f"{where}: key {key!r} is used twice")
        keys[key] = number
        if not str(outlet.get("name", "")).strip():
            problems.append(f"{where}: no name")
        if outlet.get("kind") not in kinds:
            problems.append(f"{where}: kind {outlet.get('kind')!r} is not one of {sorted(kinds)}")
        if outlet.get("control") not in controls:
            problems.append(
                f"{where}: control {outlet.get('control')!r} is not one of {sorted(controls)}"
            )
        problem = country_problem(outlet.get("country", ""))
        if problem:
            problems.append(f"{where}: {problem}")
        homepage = outlet.get("homepage", "")
        if homepage and not str(homepage).startswith(("http://", "https://")):
            problems.append(f"{where}: homepage {homepage!r} is not a web address")
        for domain in outlet.get("domains", []):
            problem = domain_problem(domain)
            if problem:
                problems.append(f"{where}: {problem}")
            elif domains.setdefault(domain, key) != key:
                problems.append(f"{where}: domain {domain} also belongs to {domains[domain]}")
        for name in [outlet.get("name", ""), *outlet.get("variants", [])]:
            compared = source_key(name)
            if not compared:
                problems.append(f"{where}: the name {name!r} has no letters")
            elif names.setdefault(compared, key) != key:
                problems.append(f"{where}: the name {name!r} also belongs to {names[compared]}")
    return problems


def load_outlets(path=OUTLETS_FILE):
    """Load the outlets list; returns a LoadReport. Raises ReferenceError (nothing written)."""
    data = _read(path)
    problems = check_outlets(data, path)
    if problems:
        raise ReferenceError(path, problems)
    report = LoadReport("Outlets")
    with transaction.atomic():
        for outlet in data["outlets"]:
            apply_outlet(outlet, report)
    return report


def apply_outlet(outlet, report=None):
    """The Source of one reference outlet (a checked entry of the outlets file), made or
    brought up to date without overwriting a curator: the one loaded before, else one an
    import or a curator filed under one of its names (adopted), else a new one. Returns it
    (None when another outlet of the list holds its name)."""
    report = report if report is not None else LoadReport("Outlets")
    key = outlet["key"]
    values = {name: outlet.get(name, "") or "" for name in OUTLET_FIELDS}
    names = [outlet["name"], *outlet.get("variants", [])]
    keys = {source_key(name) for name in names} - {""}
    source = Source.objects.filter(reference_key=key).first()
    adopted = False
    if source is None:
        named = Q()
        for name in names:
            named |= Q(name__iexact=name)
        source = (
            Source.objects.filter(named).first()
            or Source.objects.filter(names__normalized__in=keys).first()
        )
        if source is not None:
            if source.reference_key:  # another outlet of the list holds it
                report.skipped.append(f"{key}: matches {source.reference_key}")
                return None
            source.reference_key = key
            adopted = True
    if source is None:
        source = Source(reference_key=key, **values, reference=dict(values))
        source.save()
        report.created += 1
    else:
        if Source.objects.filter(name__iexact=values["name"]).exclude(pk=source.pk).exists():
            values["name"] = source.name
        # An adopted row was named after one of the file's names: take the canonical one.
        changed = merge_fields(source, values, report, key, ("name",) if adopted else ())
        if changed or adopted:
            source.save()
            report.updated += 1
        else:
            Source.objects.filter(pk=source.pk).update(
                reference=source.reference, reference_key=source.reference_key
            )
            report.unchanged += 1
    owners = dict(
        SourceName.objects.filter(normalized__in=keys).values_list("normalized", "source_id")
    )
    for name in outlet.get("variants", []):
        compared = source_key(name)
        owner = owners.get(compared)
        if compared == source_key(source.name) or owner == source.pk:
            continue
        if owner is not None:
            report.skipped.append(f"{key}: the name {name!r} is another outlet's")
            continue
        SourceName.objects.create(source=source, name=name)
        owners[compared] = source.pk
    domains = outlet.get("domains", [])
    owners = dict(
        SourceDomain.objects.filter(domain__in=domains).values_list("domain", "source_id")
    )
    for domain in domains:
        owner = owners.get(domain)
        if owner == source.pk:
            continue
        if owner is not None:
            report.skipped.append(f"{key}: {domain} is another outlet's")
            continue
        SourceDomain.objects.create(source=source, domain=domain)
        owners[domain] = source.pk
    return source
