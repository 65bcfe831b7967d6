"""Reference data (fixtures/): outlets, and (later) people with their offices and the seed
events, loaded into the database by ``manage.py load_reference`` and ``setup_archive``.

A load adds and updates reference facts and never overwrites a curator's edit: each row
keeps the values it was last loaded with (``reference``); a field whose value still equals
them takes the file's new value, a field a curator changed keeps the curator's. A row that
existed before it was ever loaded (made by an import) gets only what it lacks. A file is
checked whole before anything is written, and a load is one transaction: a bad file
changes nothing. The report says what changed and what was kept."""

import datetime
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from archive import periods
from archive.countries import country_problem
from archive.models import (
    Alias,
    OfficeHolding,
    Person,
    PersonRedirect,
    Source,
    SourceDomain,
    SourceName,
    domain_problem,
    unique_slug,
)
from archive.models.offices import LEADER_OFFICES, ONE_HOLDER, ORGS
from archive.models.people import birthday_problem, forms_problem
from archive.names import alias_problem, is_cjk, normalize_name, source_key

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


# People ----------------------------------------------------------------------------------------

PEOPLE_FOLDER = FIXTURES / "people"
PERSON_FIELDS = (
    "name", "short_name", "country", "forms", "wikidata_id", "description", "birthday",
)  # fmt: skip
_DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def people_files(folder=PEOPLE_FOLDER):
    return sorted(Path(folder).glob("*.json"))


def parse_reference_date(text):
    """(date, precision) of "2019-06-17", "2019-06" or "2019"; ValueError otherwise."""
    if not isinstance(text, str) or not _DATE_RE.match(text):
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    parts = [int(p) for p in text.split("-")]
    precision = ("year", "month", "day")[len(parts) - 1]
    return datetime.date(parts[0], *(parts[1:] + [1] * (3 - len(parts)))), precision


def check_people(files):
    """Every problem of the people files taken together (an empty list when they can be
    loaded)."""
    problems, keys, names, holdings = [], {}, {}, []
    kinds = set(OfficeHolding.Kind.values)
    for path, data in files:
        people = data.get("people") if isinstance(data, dict) else None
        if not isinstance(people, list):
            problems.append(f'{path.name}: it needs a "people" list')
            continue
        for number, person in enumerate(people, 1):
            if not isinstance(person, dict):
                problems.append(f"{path.name}: person {number} is not an object")
                continue
            key = person.get("key", "")
            where = f"{path.name}: {key or f'person {number}'}"
            if not KEY_RE.match(str(key)):
                problems.append(f"{where}: key {key!r} is not a lower-case slug")
            elif key in keys:
                problems.append(f"{where}: key also used in {keys[key]}")
            keys[key] = path.name
            if not str(person.get("name", "")).strip():
                problems.append(f"{where}: no name")
            problem = country_problem(person.get("country", ""))
            if problem:
                problems.append(f"{where}: {problem}")
            problem = forms_problem(person.get("forms", []))
            if problem:
                problems.append(f"{where}: {problem}")
            if person.get("birthday") and birthday_problem(str(person["birthday"])):
                problems.append(f"{where}: {birthday_problem(str(person['birthday']))}")
            wikidata = person.get("wikidata", "")
            if wikidata and not re.fullmatch(r"Q\d+", str(wikidata)):
                problems.append(f"{where}: wikidata {wikidata!r} is not Q followed by digits")
            aliases = [(person.get("name", ""), "full"), *person.get("aliases", [])]
            for entry in aliases:
                if not (isinstance(entry, list | tuple) and len(entry) == 2):
                    problems.append(f"{where}: alias {entry!r} is not [name, kind]")
                    continue
                alias, kind = entry
                if kind not in ("full", "short"):
                    problems.append(f"{where}: alias {alias!r} has kind {kind!r}")
                    continue
                problem = alias_problem(alias, kind) if not _cjk_surname(alias) else None
                if problem:
                    problems.append(f"{where}: alias {alias!r}: {problem}")
                folded = normalize_name(alias)
                if folded and names.setdefault(folded, key) != key:
                    problems.append(f"{where}: alias {alias!r} also belongs to {names[folded]}")
            for index, office in enumerate(person.get("offices", [])):
                at = f"{where}: office {index + 1}"
                if office.get("office") not in kinds:
                    problems.append(
                        f"{at}: kind {office.get('office')!r} is not one of {sorted(kinds)}"
                    )
                    continue
                if not str(office.get("title", "")).strip():
                    problems.append(f"{at}: no title")
                country, org = office.get("country", ""), office.get("org", "")
                if (country and org) or not (country or org):
                    problems.append(f"{at}: give a country or an organisation")
                elif country and country_problem(country):
                    problems.append(f"{at}: {country_problem(country)}")
                elif org and org not in ORGS:
                    problems.append(f"{at}: organisation {org!r} is not one of {sorted(ORGS)}")
                try:
                    start = parse_reference_date(office.get("start"))
                    end = parse_reference_date(office["end"]) if office.get("end") else None
                except ValueError as exc:
                    problems.append(f"{at}: {exc}")
                    continue
                last = periods.period(*end)[1] if end else datetime.date.max
                if last < start[0]:
                    problems.append(f"{at}: it ends before it starts")
                    continue
                if office["office"] in ONE_HOLDER and country and not office.get("acting"):
                    # An end known to the month or year may be its first day: only what
                    # surely overlaps is refused.
                    surely = end[0] if end else datetime.date.max
                    holdings.append(
                        (office["office"], country, start[0], surely, key, office["title"],
                         periods.period(*start)[1])
                    )  # fmt: skip
    # Two people in one one-holder office of one state at once (a shared first or last
    # day is a handover): a sweep over each office's holdings in order of start.
    holdings.sort()
    latest = None
    for holding in holdings:
        kind, country, start, last, key, title, latest_start = holding
        same = latest and latest[:2] == (kind, country) and latest[4] != key
        if same and latest_start < latest[3]:
            problems.append(
                f"{key}: {title} from {start} overlaps {latest[4]}'s ({latest[2]} to "
                f"{latest[3]}): one holder at a time (mark one acting if it was so)"
            )
        if latest is None or latest[:2] != (kind, country) or last > latest[3]:
            latest = holding
    return problems


def _cjk_surname(alias):
    """A one-word name in Chinese, Japanese or Korean script ("普京" is Putin as Chinese
    papers write him alone): no common word of a Latin-script text, so it may be full."""
    return is_cjk(alias) and " " not in alias.strip()


@dataclass
class PeopleReport(LoadReport):
    offices_added: int = 0
    offices_removed: int = 0
    aliases_added: int = 0
    new_names: list = field(default_factory=list)  # names to re-tag articles for

    def summary(self):
        return (
            f"{super().summary()}; {self.offices_added} office(s) added, "
            f"{self.offices_removed} withdrawn, {self.aliases_added} alias(es) added"
        )


def load_people(folder=PEOPLE_FOLDER):
    """Load every people file of ``folder``; returns a PeopleReport. Raises ReferenceError
    (nothing written) when any file has a problem."""
    files = [(path, _read(path)) for path in people_files(folder)]
    problems = check_people(files)
    if problems:
        raise ReferenceError(folder, problems)
    report = PeopleReport("People")
    with transaction.atomic():
        for _path, data in files:
            for person in data["people"]:
                apply_person(person, report)
    return report


def apply_person(entry, report):
    """The Person of one reference entry, made or brought up to date without overwriting a
    curator: the one loaded before, else one with its key as slug or named by one of its
    names (adopted), else a new one; its aliases added where free, its offices kept in step
    with the file (a holding a curator changed is left alone)."""
    key = entry["key"]
    values = {
        "name": " ".join(entry["name"].split()),
        "short_name": entry.get("short_name", "") or "",
        "country": entry.get("country", "") or "",
        "forms": list(entry.get("forms", [])),
        "wikidata_id": entry.get("wikidata", "") or "",
        "description": entry.get("description", "") or "",
        "birthday": entry.get("birthday", "") or "",
    }
    names = [values["name"], *(alias for alias, _kind in entry.get("aliases", []))]
    person = Person.objects.filter(reference_key=key).first()
    adopted = False
    if person is None:
        folded = [normalize_name(n) for n in names]
        person = (
            Person.objects.filter(reference_key=None, slug=key).first()
            or Person.objects.filter(reference_key=None, aliases__normalized__in=folded).first()
            or Person.objects.filter(reference_key=None, name__in=names).first()
        )
        adopted = person is not None
    # A leader: someone who headed a state, its government or its ruling party.
    leading = any(o["office"] in LEADER_OFFICES for o in entry.get("offices", []))
    if person is None:
        person = Person(reference_key=key, slug=_free_slug(key), is_leader=leading, **values)
        person.reference = dict(values)
        person.save()
        report.created += 1
        report.new_names.extend(names)
    else:
        person.reference_key = key
        changed = merge_fields(person, values, report, key)
        if leading and not person.is_leader and "is_leader" not in (person.reference or {}):
            person.is_leader = True
            changed = True
        if changed or adopted:
            person.save()
            report.updated += 1
            report.new_names.extend(names)
        else:
            Person.objects.filter(pk=person.pk).update(
                reference=person.reference, reference_key=key
            )
            report.unchanged += 1
    taken = dict(
        Alias.objects.filter(normalized__in=[normalize_name(n) for n in names]).values_list(
            "normalized", "person_id"
        )
    )
    for alias, kind in [(values["name"], "full"), *entry.get("aliases", [])]:
        folded = normalize_name(alias)
        if not folded or taken.get(folded) == person.pk:
            continue
        if folded in taken:
            report.skipped.append(f"{key}: the name {alias!r} is another person's")
            continue
        if folded == normalize_name(person.name) and alias != values["name"]:
            continue
        Alias.objects.create(person=person, name=alias, kind=kind)
        taken[folded] = person.pk
        report.aliases_added += 1
    _apply_offices(person, entry, report, OfficeHolding)
    return person


def _apply_offices(person, entry, report, OfficeHolding):
    existing = {o.reference_key: o for o in person.offices.exclude(reference_key="")}
    seen = set()
    for office in entry.get("offices", []):
        start, start_precision = parse_reference_date(office["start"])
        end, end_precision = (
            parse_reference_date(office["end"]) if office.get("end") else (None, "day")
        )
        values = {
            "kind": office["office"],
            "title": office["title"],
            "country": office.get("country", ""),
            "org": office.get("org", ""),
            "to": office.get("to", ""),
            "start": start,
            "start_precision": start_precision,
            "end": end,
            "end_precision": end_precision,
            "acting": bool(office.get("acting")),
        }
        ref_key = f"{office['office']}|{office['title']}|{office['start']}"
        seen.add(ref_key)
        stored = {
            k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in values.items()
        }
        holding = existing.get(ref_key)
        if holding is None:
            OfficeHolding.objects.create(
                person=person, reference_key=ref_key, reference=stored, **values
            )
            report.offices_added += 1
        elif _unchanged_since_load(holding):
            for name, value in values.items():
                setattr(holding, name, value)
            holding.reference = stored
            holding.save()
    # A holding the file no longer lists is withdrawn, unless a curator changed it.
    for ref_key, holding in existing.items():
        if ref_key not in seen and _unchanged_since_load(holding):
            holding.delete()
            report.offices_removed += 1


def _unchanged_since_load(holding):
    last = holding.reference or {}
    for name, value in last.items():
        current = getattr(holding, name)
        if isinstance(current, datetime.date):
            current = current.isoformat()
        if current != value:
            return False
    return True


def _free_slug(key):
    if (
        Person.objects.filter(slug=key).exists()
        or PersonRedirect.objects.filter(old_slug=key).exists()
    ):
        return unique_slug(Person, key)
    return key
