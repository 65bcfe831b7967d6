"""The labelled set of the tagger: load it, tag it, score it.

Used by tests/test_tagging_quality.py (which asserts the scores) and by
benchmark/tagging_quality.py (which prints them). The data and its schema are described in
README.md next to this file.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

CASES_DIR = Path(__file__).resolve().parent
ROOT = CASES_DIR.parent.parent
SEED_PEOPLE = ROOT / "fixtures" / "people.json"
SEEDS_DIR = ROOT / "fixtures" / "seeds"
STATUSES = ("auto", "suggested")


@dataclass
class LabelledPerson:
    id: int
    slug: str
    name: str
    short_name: str
    is_leader: bool
    aliases: list  # [(name, kind), ...]
    forms: tuple = ()  # forms of address ("Mr", "Ms")
    offices: list = field(default_factory=list)  # rows as OfficeIndex takes them

    def gazetteer_row(self):
        # The same row Gazetteer.from_db builds: the canonical name is a full alias.
        return (
            self.id,
            self.is_leader,
            self.short_name,
            [*self.aliases, (self.name, "full")],
            self.forms,
        )


@dataclass
class Case:
    id: str
    rules: list
    segments: list  # [(text, is_title), ...] as Article.tagging_segments gives them
    expected: dict  # slug -> "auto" | "suggested"; a person not listed must not be tagged
    counts: dict = field(default_factory=dict)  # slug -> expected count, where checked
    note: str = ""
    when: tuple | None = None  # the article's date as the tagger takes it
    unknown: list = field(default_factory=list)  # people the gazetteer does not know


def load_people():
    """The seed people (fixtures/people.json) and the extra people of the labelled set."""
    people = []
    by_pk = {}
    for item in json.loads(SEED_PEOPLE.read_text()):
        fields = item["fields"]
        if item["model"] == "archive.person":
            person = LabelledPerson(
                len(people) + 1,
                fields["slug"],
                fields["name"],
                fields["short_name"],
                fields["is_leader"],
                [],
            )
            people.append(person)
            by_pk[item["pk"]] = person
    for item in json.loads(SEED_PEOPLE.read_text()):
        if item["model"] == "archive.alias":
            fields = item["fields"]
            by_pk[fields["person"]].aliases.append((fields["name"], fields["kind"]))
    for extra in json.loads((CASES_DIR / "people.json").read_text()):
        people.append(
            LabelledPerson(
                len(people) + 1,
                extra["slug"],
                extra["name"],
                extra["short_name"],
                extra["is_leader"],
                [tuple(alias) for alias in extra["aliases"]],
            )
        )
    slugs = [p.slug for p in people]
    assert len(slugs) == len(set(slugs)), "duplicate slugs in the labelled people"
    return people


def seed_segments(filename):
    """A seed as the importer stores it (captions and credits removed), as the tagger sees it."""
    from archive.ingest.text import parse_text
    from archive.sanitize import html_to_text

    path = SEEDS_DIR / filename
    parsed = parse_text(path.read_text(encoding="utf-8"), origin=str(path))
    return [
        (parsed.title, True),
        (parsed.standfirst, False),
        (html_to_text(parsed.body_html()), False),
    ]


def raw_seed_segments(filename):
    """A seed as pasted, captions, credits and banners included: the first line as the
    headline, the rest as the body (what a careless import of the copy would hand over)."""
    lines = [line.strip() for line in (SEEDS_DIR / filename).read_text().splitlines()]
    lines = [line for line in lines if line]
    return [(lines[0], True), ("\n".join(lines[1:]), False)]


def load_cases(people=None):
    people = people or load_people()
    slugs = {p.slug for p in people}
    cases = []
    for item in json.loads((CASES_DIR / "articles.json").read_text()):
        if "seed" in item and item.get("raw"):
            segments = raw_seed_segments(item["seed"])
        elif "seed" in item:
            segments = seed_segments(item["seed"])
        else:
            segments = [
                (item["title"], True),
                (item.get("standfirst", ""), False),
                ("\n".join(item["body"]), False),
            ]
        case = Case(
            item["id"],
            item.get("rules", []),
            segments,
            item["expected"],
            item.get("counts", {}),
            item.get("note", ""),
        )
        unknown = (set(case.expected) | set(case.counts)) - slugs
        assert not unknown, f"{case.id}: unknown people {sorted(unknown)}"
        assert set(case.expected.values()) <= set(STATUSES), f"{case.id}: bad status"
        cases.append(case)
    ids = [c.id for c in cases]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    return cases


def build_gazetteer(people, offices=True):
    """The gazetteer of ``people``; ``offices=False``: as the tagger was before it knew
    offices and forms of address (no office phrases, no lone-surname rule, any honorific)."""
    from archive.tagging import Gazetteer

    if not offices:
        return Gazetteer((*p.gazetteer_row()[:4], ()) for p in people)
    return Gazetteer(
        (p.gazetteer_row() for p in people), [row for p in people for row in p.offices]
    )


def load_reference_people():
    """The reference gazetteer (fixtures/people/*.json) as labelled people, with offices."""
    from archive import periods
    from archive.models.offices import LEADER_OFFICES
    from archive.reference import parse_reference_date, people_files

    people = []
    for path in people_files():
        for entry in json.loads(path.read_text(encoding="utf-8"))["people"]:
            person = LabelledPerson(
                len(people) + 1,
                entry["key"],
                entry["name"],
                entry.get("short_name", ""),
                any(o["office"] in LEADER_OFFICES for o in entry["offices"]),
                [tuple(a) for a in entry.get("aliases", [])],
                tuple(entry.get("forms", [])),
            )
            for office in entry["offices"]:
                start, start_precision = parse_reference_date(office["start"])
                end, end_precision = (
                    parse_reference_date(office["end"]) if office.get("end") else (None, "day")
                )
                person.offices.append(
                    (
                        person.id,
                        office["office"],
                        office.get("country") or office.get("org", ""),
                        start,
                        end,
                        periods.period(end, end_precision)[1] if end else None,
                        bool(office.get("acting")),
                        periods.period(start, start_precision)[1],
                    )
                )
            people.append(person)
    return people


def load_office_cases(people):
    """The office, lone-surname, form-of-address and unknown-people cases
    (articles_offices.json), each with its date."""
    from archive import periods
    from archive.reference import parse_reference_date

    slugs = {p.slug for p in people}
    cases = []
    for item in json.loads((CASES_DIR / "articles_offices.json").read_text()):
        when = None
        if item.get("published"):
            day, precision = parse_reference_date(item["published"])
            first, last = periods.period(day, precision)
            when = (first, last, precision == "day")
        case = Case(
            item["id"],
            item.get("rules", []),
            [(item["title"], True), (item.get("standfirst", ""), False),
             ("\n".join(item["body"]), False)],
            item["expected"],
            item.get("counts", {}),
            item.get("note", ""),
            when,
            item.get("unknown", []),
        )  # fmt: skip
        unknown = set(case.expected) - slugs
        assert not unknown, f"{case.id}: unknown people {sorted(unknown)}"
        cases.append(case)
    return cases


@dataclass
class Error:
    case: str
    person: str
    expected: str  # "auto", "suggested" or "-" (no mention)
    found: str
    rules: list
    context: str


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self):
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self):
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Report:
    articles: int = 0
    pairs: int = 0  # article x person pairs that are expected or found
    auto: Score = field(default_factory=Score)
    auto_leaders: Score = field(default_factory=Score)
    suggested_found: int = 0
    suggested_expected: int = 0
    suggested_right: int = 0  # expected suggested and found suggested
    suggested_noise: int = 0  # found suggested where no mention is expected
    errors: list = field(default_factory=list)
    count_errors: list = field(default_factory=list)  # (case, person, expected, found)
    findings: dict = field(default_factory=dict)  # case id -> {slug: Finding}

    def errors_by_rule(self):
        grouped = defaultdict(list)
        for error in self.errors:
            for rule in error.rules or ["-"]:
                grouped[rule].append(error)
        return dict(sorted(grouped.items()))


def evaluate(cases=None, people=None, gazetteer=None):
    """Tag every case and compare with the labels. Pairs are (article, person), micro-averaged:
    an ``auto`` finding is a true positive when the label is ``auto``."""
    people = people or load_people()
    cases = cases if cases is not None else load_cases(people)
    gazetteer = gazetteer or build_gazetteer(people)
    by_id = {p.id: p for p in people}
    report = Report(articles=len(cases))
    for case in cases:
        findings = {
            by_id[pid].slug: finding
            for pid, finding in gazetteer.find_mentions(case.segments, case.when).items()
        }
        report.findings[case.id] = findings
        leaders = {p.slug for p in people if p.is_leader}
        for slug in sorted(set(case.expected) | set(findings)):
            report.pairs += 1
            expected = case.expected.get(slug, "-")
            finding = findings.get(slug)
            found = finding.status if finding else "-"
            scores = [report.auto, report.auto_leaders] if slug in leaders else [report.auto]
            for score in scores:
                if expected == "auto" and found == "auto":
                    score.tp += 1
                elif found == "auto":
                    score.fp += 1
                elif expected == "auto":
                    score.fn += 1
            report.suggested_found += found == "suggested"
            report.suggested_expected += expected == "suggested"
            report.suggested_right += expected == found == "suggested"
            report.suggested_noise += found == "suggested" and expected == "-"
            if expected != found:
                report.errors.append(
                    Error(
                        case.id,
                        slug,
                        expected,
                        found,
                        case.rules,
                        finding.context if finding else "",
                    )
                )
        for slug, count in case.counts.items():
            found = findings[slug].count if slug in findings else 0
            if found != count:
                report.count_errors.append((case.id, slug, count, found))
    return report
