"""Suggested events, measured on real copy nobody here wrote.

    .venv/bin/python benchmark/events.py [--corpus ../shared/corpus] [--out DIR] [--promote N]

1. Seeds: on a scratch archive holding the five seed articles (fixtures/seed.json) and the
   reference people, the three curated seed events are deleted and the events are read from
   the articles alone: each must be suggested with its dates.
2. Real copy: the Reuters-21578 stories (1987) and the BBC politics and business articles
   (2004-2005)
   of the shared corpus (never copied into the project) are imported with the reference
   gazetteer. The gazetteer starts in 2000, so 1987's people are unknown to it: as curators
   would, the N candidate people discovery proposes most (archive.candidates) are promoted
   first and the archive re-tagged. Then every article is read for events (find_events),
   timed, and the suggestions are written to OUT/event-suggestions.md, with their evidence,
   for a hand check of their precision (a random sample of at least 50 when there are more).

Everything runs on a temporary database; the figures go to OUT/events.json.
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))

from benchmark.outlets import log, reuters_records, write_lines  # noqa: E402


def bbc_topic(folder, topic):
    """The BBC articles of one topic as the importer's JSON lines (title, then body)."""
    for path in sorted((Path(folder) / topic).glob("*.txt")):
        lines = path.read_text(encoding="latin-1").split("\n")
        body = "\n".join(lines[1:]).strip()
        if lines[0].strip() and body:
            yield {"title": lines[0].strip(), "body": body, "language": "en"}


def seeds():
    from django.core.management import call_command

    from archive.events.suggest import find_events
    from archive.models import Article, Event, EventSuggestion

    call_command("loaddata", str(ROOT / "fixtures" / "seed.json"), verbosity=0)
    from archive import reference

    reference.load_people()
    curated = [
        (e.title, e.first_day.isoformat(), e.last_day.isoformat()) for e in Event.objects.all()
    ]
    Event.objects.all().delete()
    find_events(Article.objects.values_list("pk", flat=True))
    found = [
        {
            "title": s.title,
            "dates": s.dates_display,
            "first": s.first_day.isoformat(),
            "last": s.last_day.isoformat(),
            "precision": s.start_precision,
            "articles": sorted(s.evidence.values_list("article_id", flat=True)),
        }
        for s in EventSuggestion.objects.order_by("first_day")
    ]
    call_command("flush", "--noinput", verbosity=0)
    return {"curated": curated, "suggested": found}


def real_copy(corpus, promote, min_articles):
    from django.core.management import call_command
    from django.test import override_settings

    from archive import curation, indexing
    from archive.models import Article, Candidate
    from archive.tagger import tag_articles

    call_command("load_reference", verbosity=0)
    with tempfile.TemporaryDirectory(prefix="events-copy-") as work:
        reuters, bbc = Path(work) / "reuters.jsonl", Path(work) / "bbc.jsonl"
        counts = {
            "reuters": write_lines(reuters, reuters_records(corpus / "reuters21578")),
            "bbc_politics_business": write_lines(
                bbc,
                (
                    record
                    for topic in ("politics", "business")
                    for record in bbc_topic(corpus / "bbc-fulltext", topic)
                ),
            ),
        }
        log(f"Importing {counts['reuters']:,} Reuters and {counts['bbc_politics_business']:,} BBC")
        with indexing.deferred():
            call_command("import_articles", str(reuters), "--no-index", "--no-progress")
            call_command(
                "import_articles", str(bbc), "--source", "BBC News", "--no-index", "--no-progress"
            )
    promoted = []
    with override_settings(ARCHIVE_CANDIDATE_MIN_ARTICLES=min_articles):
        chosen = list(Candidate.objects.proposed()[:promote])
    for candidate in chosen:
        try:
            curation.promote_candidate(candidate)
            promoted.append(candidate.name)
        except Exception as exc:
            log(f"  not promoted: {candidate.name} ({exc})")
    log(f"Promoted {len(promoted)} candidates; re-tagging")
    with indexing.deferred():
        tag_articles(Article.objects.values_list("pk", flat=True))
    return {"articles_read": counts, "promoted": promoted}


def read_for_events(out, sample_size):
    from archive.events.suggest import find_events
    from archive.models import Article, EventSuggestion

    EventSuggestion.objects.all().delete()
    log("Reading every article for events")
    started = time.perf_counter()
    read, touched = find_events(Article.objects.values_list("pk", flat=True))
    seconds = time.perf_counter() - started
    suggestions = list(
        EventSuggestion.objects.prefetch_related("people", "evidence__article").order_by("pk")
    )
    rng = random.Random(16)
    sample = (
        suggestions if len(suggestions) <= sample_size else rng.sample(suggestions, sample_size)
    )
    lines = [
        "# Suggested events on real copy, for a hand check",
        "",
        "Label each: right (a real event of that kind, place and dates, among those people), "
        "partly (a real event, one detail wrong), wrong.",
        "",
    ]
    for n, s in enumerate(sorted(sample, key=lambda s: s.pk), 1):
        people = ", ".join(p.name for p in s.people.all())
        lines.append(f"## {n}. {s.title} ({s.get_kind_display()})")
        lines.append(f"{s.dates_display} · {s.place_display or 'no place'} · {people}")
        for evidence in s.evidence.all()[:3]:
            article = evidence.article
            lines.append(
                f"- [{article.published or 'undated'}] {article.title}: "
                f"{evidence.sentence[:300]} ({evidence.relation})"
            )
        lines.append("")
    (out / "event-suggestions.md").write_text("\n".join(lines))
    articles = Article.objects.count()
    return {
        "articles": articles,
        "find_events_seconds": round(seconds, 1),
        "articles_per_s": round(read / seconds, 1) if seconds else None,
        "suggestions": len(suggestions),
        "with_evidence_from_several_articles": sum(s.evidence.count() > 1 for s in suggestions),
        "by_kind": {
            kind: sum(s.kind == kind for s in suggestions)
            for kind in sorted({s.kind for s in suggestions})
        },
        "sample": len(sample),
        "suggestions_touched": touched,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument("--out", default=str(ROOT / "benchmark" / "results"))
    parser.add_argument("--promote", type=int, default=100, help="candidates promoted first")
    parser.add_argument("--sample", type=int, default=60, help="suggestions to hand-check")
    parser.add_argument(
        "--min-articles", type=int, default=2, help="articles a candidate is seen in to be promoted"
    )
    parser.add_argument(
        "--reuse", metavar="DATA_DIR", help="read again the archive an earlier run left"
    )
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    data_dir = args.reuse or tempfile.mkdtemp(prefix="events-bench-")
    os.environ["ARCHIVE_DATA_DIR"] = data_dir
    os.environ["ARCHIVE_BACKGROUND"] = "manual"
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("SEARCH_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    corpus = Path(args.corpus)
    if args.reuse:
        previous = json.loads((out / "events.json").read_text())
        results = {**previous, "real_copy": {**previous.get("real_copy", {})}}
        results["real_copy"].update(read_for_events(out, args.sample))
    elif corpus.is_dir():
        results = {"seeds": seeds(), "data_dir": data_dir}
        results["real_copy"] = real_copy(corpus, args.promote, args.min_articles)
        results["real_copy"].update(read_for_events(out, args.sample))
    else:
        results = {"seeds": seeds()}
        log(f"No corpus at {corpus}: the real-copy figures are left out")
    (out / "events.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
