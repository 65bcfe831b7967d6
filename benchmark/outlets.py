"""Outlets and stories, measured on real names and real copy.

    .venv/bin/python benchmark/outlets.py [--corpus ../shared/corpus] [--out DIR] [--limit N]

1. Names. benchmark/data/outlet-variants.json holds real outlet names as feeds and
   aggregators give them (publication names with section suffixes, dataset labels, bare
   URLs, columnists' names), each with the outlet it must resolve to. On a scratch archive
   holding the reference list (fixtures/outlets.json), every name is resolved as the
   importer resolves it: distinct sources before (the names as given) and after, how many
   resolve to the right outlet, the share of sources with a known kind and control.
2. Real copy. The BBC and Reuters-21578 folders of the shared corpus (never copied into the
   project) are turned into JSON lines in a temporary folder and imported with
   `import_articles`, story grouping on: the import rate, the outlets and agency credits
   found, the stories grouped and how big they are, and a random sample of stories written
   to OUT/stories-sample.md for a hand check of their precision.

Everything runs on a temporary database and index; the results go to OUT/outlets.json.
"""

import argparse
import gzip
import html
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = ROOT / "benchmark" / "data" / "outlet-variants.json"
CORPUS = ROOT.parent / "shared" / "corpus"


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# The shared corpus as JSON lines
# ---------------------------------------------------------------------------------------------

_REUTERS_RE = re.compile(r"<REUTERS[^>]*>(.*?)</REUTERS>", re.S)
_TAG_RES = {
    tag: re.compile(rf"<{tag}>(.*?)</{tag}>", re.S) for tag in ("DATE", "TITLE", "DATELINE", "BODY")
}
_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def reuters_records(folder, limit=None):
    """Reuters-21578 stories with a body, as the importer's JSON lines: the dateline opens
    the body as it did on the wire, paragraphs are the indented lines."""
    count = 0
    for path in sorted(Path(folder).glob("reut2-*.sgm.gz")):
        with gzip.open(path, "rt", encoding="latin-1") as handle:
            text = handle.read()
        for match in _REUTERS_RE.finditer(text):
            story = match.group(1)
            fields = {}
            for tag, pattern in _TAG_RES.items():
                found = pattern.search(story)
                fields[tag] = html.unescape(found.group(1)) if found else ""
            body = fields["BODY"].replace("\x03", "").strip()
            if not body or not fields["TITLE"].strip():
                continue
            # Paragraphs open with an indent; the sign-off ("REUTER") stands on its own line.
            parts = re.split(r"\n\s{3,}|\n(?=\s*REUTER\s*$)", body, flags=re.IGNORECASE)
            paragraphs = [" ".join(p.split()) for p in parts]
            dateline = " ".join(fields["DATELINE"].split())
            if dateline:
                paragraphs[0] = f"{dateline} {paragraphs[0]}"
            day, month, year = fields["DATE"].strip().split(" ")[0].split("-")
            yield {
                "title": " ".join(fields["TITLE"].split()),
                "body": "\n\n".join(p for p in paragraphs if p),
                "published": f"{year}-{_MONTHS.index(month.upper()) + 1:02d}-{int(day):02d}",
                "language": "en",
            }
            count += 1
            if limit and count >= limit:
                return


def bbc_records(folder, limit=None):
    """BBC News articles: the title on line 1, then the body (no source, no date)."""
    paths = sorted(Path(folder).glob("*/*.txt"))
    for path in paths[:limit] if limit else paths:
        lines = path.read_text(encoding="latin-1").split("\n")
        body = "\n".join(lines[1:]).strip()
        if lines[0].strip() and body:
            yield {"title": lines[0].strip(), "body": body, "language": "en"}


def write_lines(path, records):
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


# ---------------------------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------------------------


def measure_names():
    from archive.models import Source
    from archive.outlets import OutletDirectory, resolve

    entries = json.loads(VARIANTS.read_text())["names"]
    directory = OutletDirectory.from_db()
    resolved, right, wrong, flagged = [], 0, [], 0
    new_outlets = {}
    for entry in entries:
        outcome = resolve(entry["name"], entry["url"], directory)
        source = outcome.source
        resolved.append(source)
        expected = entry["outlet"]
        if source is None:
            flagged += 1
            ok = expected is None
        elif expected == "":
            ok = source.reference_key is None
            new_outlets.setdefault(source.pk, []).append(entry["name"])
        else:
            ok = source.reference_key == expected
        if ok:
            right += 1
        else:
            wrong.append(
                f"{entry['name'] or entry['url']!r}: {getattr(source, 'reference_key', None)}"
                f" (expected {expected})"
            )
    named = [e for e in entries if e["name"]]
    sources = {s.pk: s for s in resolved if s is not None}
    rows = list(Source.objects.filter(pk__in=sources))
    known = [s for s in rows if s.kind != "unknown" and s.control != "unknown"]
    return {
        "names": len(entries),
        "distinct_names_before": len({e["name"] for e in named}),
        "distinct_sources_after": len(sources),
        "resolved_right": right,
        "wrong": wrong,
        "flagged_not_outlets": flagged,
        "new_outlets": list(new_outlets.values()),
        "sources_with_known_kind_and_control": len(known),
        "share_known_kind_and_control": round(len(known) / len(rows), 3) if rows else None,
    }


def measure_copy(folder, limit, out):
    from django.core.management import call_command

    from archive import indexing
    from archive.models import Article, ArticleAgency, Source, Story

    files = {}
    with tempfile.TemporaryDirectory(prefix="real-copy-") as work:
        reuters = Path(work) / "reuters.jsonl"
        bbc = Path(work) / "bbc.jsonl"
        files["reuters"] = write_lines(reuters, reuters_records(folder / "reuters21578", limit))
        files["bbc"] = write_lines(bbc, bbc_records(folder / "bbc-fulltext", limit))
        log(f"Importing {files['reuters']:,} Reuters and {files['bbc']:,} BBC articles")
        started = time.perf_counter()
        with indexing.deferred():
            call_command("import_articles", str(reuters), "--no-index", "--no-progress")
            call_command(
                "import_articles", str(bbc), "--source", "BBC News", "--no-index", "--no-progress"
            )
        seconds = time.perf_counter() - started
    articles = Article.objects.count()
    by_source = Counter(Article.objects.values_list("source__name", flat=True))
    sources = Source.objects.filter(articles__isnull=False).distinct()
    known = [s for s in sources if s.kind != "unknown" and s.control != "unknown"]
    credits = Counter(ArticleAgency.objects.values_list("agency__name", "how").iterator())
    sizes = [story.articles.count() for story in Story.objects.all()]
    grouped = sum(sizes)
    sample = random.Random(13).sample(list(Story.objects.all()), min(50, len(sizes)))
    write_sample(out / "stories-sample.md", sample)
    return {
        "articles_read": files,
        "articles_stored": articles,
        "seconds": round(seconds, 1),
        "articles_per_s": round(articles / seconds, 1),
        "by_source": dict(by_source.most_common()),
        "sources": sources.count(),
        "sources_with_known_kind_and_control": len(known),
        "agency_credits": {f"{name} ({how})": n for (name, how), n in credits.most_common(20)},
        "stories": len(sizes),
        "articles_in_stories": grouped,
        "story_size_median": statistics.median(sizes) if sizes else 0,
        "story_size_max": max(sizes) if sizes else 0,
        "story_sizes": dict(sorted(Counter(sizes).items())),
    }


def write_sample(path, stories):
    """Each sampled story with its copies: headline, source, date and the opening words, for
    a reader to say whether they are one story."""
    from archive.sanitize import html_to_text

    lines = ["# A random sample of story groups, for a hand check\n"]
    for number, story in enumerate(stories, 1):
        lines.append(f"## {number}. Story {story.pk}\n")
        for article in story.articles.order_by("published", "id")[:4]:
            text = " ".join(html_to_text(article.body).split())
            lines.append(
                f"- **{article.title}** ({article.source.name if article.source else '?'}, "
                f"{article.published or 'undated'}, {len(text.split())} words): {text[:400]}"
            )
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=str(CORPUS), help="The shared real-news corpus.")
    parser.add_argument("--out", default=str(ROOT / "benchmark" / "results"))
    parser.add_argument("--limit", type=int, default=None, help="At most N articles a set.")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    data = tempfile.mkdtemp(prefix="outlets-bench-")
    os.environ["ARCHIVE_DATA_DIR"] = data
    os.environ["ARCHIVE_BACKGROUND"] = "manual"
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("SEARCH_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    log("Resolving the name variants")
    results = {"names": measure_names()}
    corpus = Path(args.corpus)
    if corpus.is_dir():
        results["real_copy"] = measure_copy(corpus, args.limit, out)
    else:
        log(f"No corpus at {corpus}: the real-copy figures are left out")
    (out / "outlets.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
