"""How well and how fast the people tagger works, as a Markdown report for the README.

    ARCHIVE_DATA_DIR=$(mktemp -d) .venv/bin/python benchmark/tagging_quality.py [--repeat N]

Quality: the labelled set in tests/tagging_cases (the five seeds as the importer stores them
and as pasted, plus articles written for the hard cases), scored on (article, person) pairs,
micro-averaged: precision and recall of ``auto`` mentions, for everyone and for leaders, and
what became of the ``suggested`` ones. Every pair the tagger gets wrong is listed under the
rules its article exercises.

Speed: Gazetteer.find_mentions (the whole tagger but the database writes) on the labelled
set, then with 1,000 people in the gazetteer (the labelled ones and made-up ones sharing
their surnames) on the longest seed article and on a denser synthetic 600-word article. No
database is needed; Django is set up only for the importer's text cleaning.
"""

import argparse
import os
import random
import sys
import time
import timeit
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
os.environ.setdefault("ARCHIVE_BACKGROUND", "manual")

import django  # noqa: E402

django.setup()

from archive.tagging import Gazetteer  # noqa: E402
from archive.tagging.discovery import discover  # noqa: E402
from tests.tagging_cases.labelled import (  # noqa: E402
    build_gazetteer,
    evaluate,
    load_cases,
    load_office_cases,
    load_people,
    load_reference_people,
    seed_segments,
)

CORPUS = ROOT.parent / "shared" / "corpus" / "bbc-fulltext"

KOREAN_SURNAMES = ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim"]
KOREAN_SYLLABLES = ["min", "jun", "seo", "hyun", "ji", "woo", "young", "soo", "jae", "hee"]
CHINESE_SURNAMES = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu"]
CHINESE_GIVEN = ["Wei", "Fang", "Lei", "Jun", "Yong", "Jie", "Tao", "Ming", "Hua", "Ping"]
WESTERN_FIRST = ["John", "Mary", "David", "Anna", "Mark", "Laura", "Peter", "Sarah", "Paul"]
WESTERN_LAST = ["Harris", "Novak", "Fischer", "Moreau", "Petrov", "Okafor", "Lindqvist", "Costa"]


def synthetic_people(count, seed=1):
    """``count`` made-up people in the shapes a Korea desk meets (Korean, Chinese and Western
    names; some with a hyphen variant), with surnames as short names: many share one."""
    rng = random.Random(seed)
    people, seen = [], set()
    while len(people) < count:
        kind = rng.random()
        if kind < 0.45:
            surname = rng.choice(KOREAN_SURNAMES)
            given = rng.choice(KOREAN_SYLLABLES).capitalize() + "-" + rng.choice(KOREAN_SYLLABLES)
            name, aliases = f"{surname} {given}", [(f"{surname} {given.replace('-', ' ')}", "full")]
        elif kind < 0.75:
            surname = rng.choice(CHINESE_SURNAMES)
            given = rng.choice(CHINESE_GIVEN) + rng.choice(CHINESE_GIVEN).lower()
            name, aliases = f"{surname} {given}", []
        else:
            surname = rng.choice(WESTERN_LAST) + rng.choice(["", "son", "ova", "er"])
            name, aliases = f"{rng.choice(WESTERN_FIRST)} {surname}", []
        if name in seen:
            continue
        seen.add(name)
        people.append((name, surname, aliases))
    return people


def synthetic_gazetteer(total=1000):
    """The labelled people (leaders among them) and made-up people up to ``total``."""
    labelled = load_people()
    rows = [p.gazetteer_row() for p in labelled]
    made_up = synthetic_people(total - len(rows))
    for offset, (name, surname, aliases) in enumerate(made_up):
        rows.append((10_000 + offset, False, surname, [*aliases, (name, "full")]))
    return Gazetteer(rows), made_up


def synthetic_article(made_up, words=600, seed=2):
    """A 600-word article: seed copy (Kim, Xi, Trump, Moon...) with sentences naming ten
    made-up people in full and by short forms, a photo credit and a writer's credit, as
    wire copy has them."""
    rng = random.Random(seed)
    extra = []
    for name, surname, _aliases in rng.sample(made_up, 10):
        extra.append(f"{name}, a senior official, said on Tuesday that talks would continue.")
        extra.append(f"Mr {surname} added that {surname} had met Chinese officials twice.")
    extra.append("Officials arrive in Pyongyang. (AP Photo/Lee Jin-man)")
    extra.append("Associated Press writer Kim Tong-hyung contributed to this report.")
    filler = []
    budget = words - sum(len(sentence.split()) for sentence in extra)
    for name in ("002_672946f8f9d295e3.txt", "004_a9e82146aadaeaab.txt"):
        for paragraph in seed_segments(name)[2][0].split("\n"):
            if budget <= 0:
                break
            filler.append(paragraph)
            budget -= len(paragraph.split())
    for sentence in extra[:-1]:
        filler.insert(rng.randrange(1, len(filler)), sentence)
    body = "\n".join([*filler, extra[-1]])
    title = "North Korea’s Kim visiting China at Xi Jinping’s invitation"
    return [(title, True), ("", False), (body, False)]


def timed(function, repeat):
    """Seconds per call: ``repeat`` calls in 5 batches, the fastest batch's mean (as timeit
    advises: slower batches measure the other processes on the machine, not the code)."""
    function()
    batch = max(1, repeat // 5)
    return min(timeit.timeit(function, number=batch) / batch for _ in range(5))


def quality_section():
    people = load_people()
    cases = load_cases(people)
    report = evaluate(cases, people, build_gazetteer(people))
    lines = [
        "### Tagging quality (labelled set, tests/tagging_cases)",
        "",
        "| articles | pairs | auto precision | auto recall | leaders: auto precision "
        "| leaders: auto recall | suggested: found / expected / right / noise |",
        "|---:|---:|---:|---:|---:|---:|---|",
        f"| {report.articles} | {report.pairs} | {report.auto.precision:.2f} "
        f"| {report.auto.recall:.2f} | {report.auto_leaders.precision:.2f} "
        f"| {report.auto_leaders.recall:.2f} | {report.suggested_found} / "
        f"{report.suggested_expected} / {report.suggested_right} / {report.suggested_noise} |",
        "",
        f"auto: {report.auto.tp} right, {report.auto.fp} wrong, {report.auto.fn} missed "
        f"(leaders: {report.auto_leaders.tp} right, {report.auto_leaders.fp} wrong, "
        f"{report.auto_leaders.fn} missed). Counts checked on "
        f"{sum(len(c.counts) for c in cases)} pairs, {len(report.count_errors)} off.",
        "",
        "#### Errors by rule",
        "",
    ]
    rules = sorted({rule for case in cases for rule in case.rules})
    by_rule = report.errors_by_rule()
    lines += ["| rule | articles | wrong pairs | cases |", "|---|---:|---:|---|"]
    for rule in rules:
        articles = sum(rule in case.rules for case in cases)
        errors = by_rule.get(rule, [])
        described = "; ".join(
            f"{e.case}: {e.person} expected {e.expected}, got {e.found}" for e in errors
        )
        lines.append(f"| {rule} | {articles} | {len(errors)} | {described or '-'} |")
    if report.count_errors:
        lines += [
            "",
            "Counts off: "
            + "; ".join(
                f"{case}: {person} {expected} expected, {found} found"
                for case, person, expected, found in report.count_errors
            ),
        ]
    return lines, people, cases


def speed_section(people, cases, repeat):
    gazetteer = build_gazetteer(people)
    per_set = timed(
        lambda: [gazetteer.find_mentions(c.segments) for c in cases], max(5, repeat // 20)
    )
    set_words = sum(len(text.split()) for c in cases for text, _t in c.segments)

    started = time.perf_counter()
    big, made_up = synthetic_gazetteer(1000)
    build_seconds = time.perf_counter() - started
    article = synthetic_article(made_up)
    words = sum(len(text.split()) for text, _t in article)
    per_article = timed(lambda: big.find_mentions(article), repeat)
    found = big.find_mentions(article)
    seed = seed_segments("004_a9e82146aadaeaab.txt")
    seed_words = sum(len(text.split()) for text, _t in seed)
    per_seed = timed(lambda: big.find_mentions(seed), repeat)
    seed_found = big.find_mentions(seed)
    seed_mentions = sum(f.count for f in seed_found.values())
    mentions = sum(f.count for f in found.values())
    return [
        "",
        "### Tagging speed (Gazetteer.find_mentions, one core)",
        "",
        "| input | people | aliases and forms | per article | articles/s |",
        "|---|---:|---:|---:|---:|",
        f"| labelled set ({len(cases)} articles, {set_words / len(cases):.0f} words on average) "
        f"| {len(people)} | {gazetteer.size:,} | {per_set / len(cases) * 1e3:.3f} ms "
        f"| {len(cases) / per_set:,.0f} |",
        f"| seed article 004 ({seed_words} words, {seed_mentions} mentions of "
        f"{len(seed_found)} people) | 1,000 | {big.size:,} | {per_seed * 1e3:.3f} ms "
        f"| {1 / per_seed:,.0f} |",
        f"| synthetic article ({words} words, {mentions} mentions of {len(found)} people) "
        f"| 1,000 | {big.size:,} | {per_article * 1e3:.3f} ms | {1 / per_article:,.0f} |",
        "",
        f"Building the 1,000-person gazetteer: {build_seconds * 1e3:.0f} ms (once per import).",
    ]


def offices_section():
    """The reference gazetteer on the office set, before (names only, no dates) and after."""
    people = load_reference_people()
    cases = load_office_cases(people)
    undated = [replace(c, when=None) for c in cases]
    before = evaluate(undated, people, build_gazetteer(people, offices=False))
    after = evaluate(cases, people, build_gazetteer(people))
    rows = [("before: names only", before), ("after: offices, dates, forms of address", after)]
    lines = [
        "",
        f"### Offices and dates (articles_offices.json, {len(cases)} articles, "
        f"{len(people)} reference people)",
        "",
        "| tagger | auto precision | auto recall | leaders: auto precision "
        "| leaders: auto recall | suggested: found / expected / right / noise |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for label, r in rows:
        lines.append(
            f"| {label} | {r.auto.precision:.3f} | {r.auto.recall:.3f} "
            f"| {r.auto_leaders.precision:.3f} | {r.auto_leaders.recall:.3f} "
            f"| {r.suggested_found} / {r.suggested_expected} / {r.suggested_right} "
            f"/ {r.suggested_noise} |"
        )
    lines += ["", "Still wrong after: " + "; ".join(
        f"{e.case}: {e.person} expected {e.expected}, got {e.found}" for e in after.errors
    ) + "."]  # fmt: skip
    return lines, people


def corpus_articles(limit=None):
    """BBC politics and business articles as segments (headline, body), or [] without the
    corpus beside the repository."""
    articles = []
    for topic in ("politics", "business"):
        for path in sorted((CORPUS / topic).glob("*.txt")):
            text = path.read_text(encoding="latin-1").strip().split("\n", 1)
            articles.append([(text[0], True), ("", False), (text[-1].strip(), False)])
    return articles[:limit] if limit else articles


def scaling_section(reference, repeat):
    """The whole tagger (find_mentions on the article's date, then discovery) per article at
    100, 400, all reference people and 2,000 (with made-up people), against the tagger as it
    was (seed people, names only) on the same articles."""
    import datetime

    articles = corpus_articles()
    source = f"{len(articles)} BBC politics and business articles (2004-2005)"
    if not articles:
        articles = [c.segments for c in load_office_cases(reference)]
        source = f"the {len(articles)} office-set articles (no corpus beside the repository)"
    when = (datetime.date(2005, 1, 1), datetime.date(2005, 12, 31), False)
    seed_people = load_people()
    made_up = synthetic_people(2000)

    def gazetteer_of(size, offices=True):
        people = reference[:size]
        rows = [p.gazetteer_row() if offices else (*p.gazetteer_row()[:4], ()) for p in people]
        for offset, (name, surname, aliases) in enumerate(made_up[: size - len(people)]):
            rows.append((20_000 + offset, False, surname, [*aliases, (name, "full")], ()))
        started = time.perf_counter()
        built = Gazetteer(rows, [row for p in people for row in p.offices] if offices else ())
        return built, time.perf_counter() - started

    def run(gazetteer, with_offices):
        def once():
            for segments in articles:
                if with_offices:
                    gazetteer.find_mentions(segments, when)
                    discover(segments, gazetteer.known)
                else:
                    gazetteer.find_mentions(segments)

        seconds = timed(once, max(5, repeat // 100)) / len(articles)
        found = sum(
            len(gazetteer.find_mentions(a, when if with_offices else None)) for a in articles
        )
        return seconds, found / len(articles)

    seeds = Gazetteer((*p.gazetteer_row()[:4], ()) for p in seed_people)
    baseline, seed_found = run(seeds, False)
    lines = [
        "",
        f"### Tagging speed by gazetteer size ({source}, one core)",
        "",
        "Per article: find_mentions on the article's date and discovery of unknown names, "
        "against the tagger before (the seed people, names only) on the same articles.",
        "",
        "| tagger | people | aliases and forms | built in | people found per article "
        "| per article | against before |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| seed people, names only (before) | {len(seed_people)} | {seeds.size:,} | - "
        f"| {seed_found:.2f} | {baseline * 1e3:.3f} ms | 1.00x |",
    ]
    sizes = [(2000, False), (100, True), (400, True), (len(reference), True), (2000, True)]
    for size, offices in sizes:
        gazetteer, built = gazetteer_of(size, offices)
        seconds, found = run(gazetteer, offices)
        label = (
            ("reference" if size <= len(reference) else "reference and made-up")
            + " people, "
            + ("offices, dates, discovery" if offices else "names only")
        )
        lines.append(
            f"| {label} | {size:,} | {gazetteer.size:,} | {built * 1e3:.0f} ms | {found:.2f} "
            f"| {seconds * 1e3:.3f} ms | {seconds / baseline:.2f}x |"
        )
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=500, help="timed runs of the article")
    args = parser.parse_args(argv)
    lines, people, cases = quality_section()
    lines += speed_section(people, cases, args.repeat)
    office_lines, reference = offices_section()
    lines += office_lines
    lines += scaling_section(reference, args.repeat)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
