"""The people of diplomacy, measured on real copy nobody here wrote.

    .venv/bin/python benchmark/people.py [--corpus ../shared/corpus] [--out DIR] [--limit N]

On a scratch archive holding the reference gazetteer (fixtures/people, loaded as
setup_archive loads it), the Reuters-21578 stories and the BBC politics articles of the
shared corpus (never copied into the project) are imported with tagging and discovery on.
Reported: the import rate; the mentions by status and the people most tagged; the names
discovery found (sightings, and candidates seen in at least ARCHIVE_CANDIDATE_MIN_ARTICLES
articles, as the curators' queue proposes them), the 30 most seen written to OUT/candidates-
top30.md for a hand check; and against Reuters' own PEOPLE tags (a partial ground truth:
the editors tagged some people, by surname codes such as "reagan" or "james-baker"): how
many tagged people the gazetteer knows, how many of the others discovery proposes, and how
many of the top 30 candidates Reuters tagged in the same stories.

Everything runs on a temporary database; the results go to OUT/people.json.
"""

import argparse
import gzip
import html
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))

from benchmark.outlets import log, reuters_records, write_lines  # noqa: E402

_STORY_RE = re.compile(r"<REUTERS[^>]*>(.*?)</REUTERS>", re.S)
_TITLE_RE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
_PEOPLE_RE = re.compile(r"<PEOPLE>(.*?)</PEOPLE>", re.S)
_D_RE = re.compile(r"<D>(.*?)</D>")


def reuters_people(folder):
    """{title: {code, ...}}: the PEOPLE tags of the Reuters stories, by their title."""
    tags = {}
    for path in sorted(Path(folder).glob("reut2-*.sgm.gz")):
        with gzip.open(path, "rt", encoding="latin-1") as handle:
            text = handle.read()
        for story in _STORY_RE.finditer(text):
            title = _TITLE_RE.search(story.group(1))
            people = _PEOPLE_RE.search(story.group(1))
            if title and people:
                codes = set(_D_RE.findall(people.group(1)))
                if codes:
                    key = " ".join(html.unescape(title.group(1)).split())
                    tags.setdefault(key, set()).update(codes)
    return tags


def bbc_politics(folder):
    """The BBC politics articles as the importer's JSON lines (title, then body)."""
    for path in sorted((Path(folder) / "politics").glob("*.txt")):
        lines = path.read_text(encoding="latin-1").split("\n")
        body = "\n".join(lines[1:]).strip()
        if lines[0].strip() and body:
            yield {"title": lines[0].strip(), "body": body, "language": "en"}


def code_matches(code, name):
    """Whether a Reuters code ("james-baker", "reagan") names this person: its last word is
    the surname, and any other word a given name."""
    words = code.split("-")
    folded = name.lower().replace("-", " ").split()
    return bool(folded) and words[-1] in folded and all(w in folded for w in words[:-1])


def measure(corpus, limit, out):
    from django.conf import settings
    from django.core.management import call_command

    from archive import indexing
    from archive.models import Article, Candidate, Mention, Person

    with tempfile.TemporaryDirectory(prefix="people-copy-") as work:
        reuters = Path(work) / "reuters.jsonl"
        bbc = Path(work) / "bbc.jsonl"
        counts = {
            "reuters": write_lines(reuters, reuters_records(corpus / "reuters21578", limit)),
            "bbc_politics": write_lines(bbc, bbc_politics(corpus / "bbc-fulltext")),
        }
        log(f"Importing {counts['reuters']:,} Reuters and {counts['bbc_politics']:,} BBC articles")
        started = time.perf_counter()
        with indexing.deferred():
            call_command("import_articles", str(reuters), "--no-index", "--no-progress")
            call_command(
                "import_articles", str(bbc), "--source", "BBC News", "--no-index", "--no-progress"
            )
        seconds = time.perf_counter() - started
    articles = Article.objects.count()
    statuses = Counter(Mention.objects.values_list("status", flat=True))
    most_tagged = Counter(
        Mention.objects.exclude(status="rejected").values_list("person__name", flat=True)
    )
    minimum = settings.ARCHIVE_CANDIDATE_MIN_ARTICLES
    proposed = list(Candidate.objects.proposed())
    top = proposed[:30]

    # Reuters' PEOPLE tags against what the archive found.
    tags = reuters_people(corpus / "reuters21578")
    by_title = dict(Article.objects.filter(source__name="Reuters").values_list("title", "id"))
    tagged_articles = {code: set() for codes in tags.values() for code in codes}
    for title, codes in tags.items():
        if title in by_title:
            for code in codes:
                tagged_articles[code].add(by_title[title])
    names = {
        pid: [name, *aliases]
        for pid, name, aliases in (
            (p.pk, p.name, list(p.aliases.values_list("name", flat=True)))
            for p in Person.objects.prefetch_related("aliases")
        )
    }
    known_codes = {
        code for code in tagged_articles
        if any(code_matches(code, n) for ns in names.values() for n in ns)
    }  # fmt: skip
    frequent_unknown = {
        code for code, ids in tagged_articles.items()
        if len(ids) >= minimum and code not in known_codes
    }  # fmt: skip
    candidate_names = [(c, c.name) for c in Candidate.objects.all()]
    discovered = {
        code for code in frequent_unknown
        if any(code_matches(code, name) for _c, name in candidate_names)
    }  # fmt: skip
    rows = []
    for candidate in top:
        ids = set(candidate.sightings.values_list("article_id", flat=True))
        reuters_tagged = any(
            code_matches(code, candidate.name) and ids & tagged_articles[code]
            for code in tagged_articles
        )
        rows.append(
            {
                "name": candidate.name,
                "articles": candidate.article_count,
                "roles": dict(Counter(candidate.roles).most_common(3)),
                "reuters_tagged": reuters_tagged,
                "example": (candidate.examples or [""])[0][:160],
            }
        )
    lines = [
        "# The 30 candidates most seen (for a hand check: is each a real person?)",
        "",
        "| # | name | articles | roles | Reuters tagged them | example |",
        "|---:|---|---:|---|---|---|",
    ]
    for n, row in enumerate(rows, 1):
        roles = ", ".join(row["roles"])
        example = row["example"].replace("|", "/")
        lines.append(
            f"| {n} | {row['name']} | {row['articles']} | {roles} "
            f"| {'yes' if row['reuters_tagged'] else ''} | {example} |"
        )
    (out / "candidates-top30.md").write_text("\n".join(lines) + "\n")
    return {
        "articles_read": counts,
        "articles_stored": articles,
        "seconds": round(seconds, 1),
        "articles_per_s": round(articles / seconds, 1),
        "people": Person.objects.count(),
        "mentions": dict(statuses),
        "most_tagged": dict(most_tagged.most_common(20)),
        "candidates_seen": Candidate.objects.count(),
        "candidates_proposed": len(proposed),
        "candidate_min_articles": minimum,
        "top30": rows,
        "reuters_people_tags": len(tagged_articles),
        "reuters_people_tags_known_to_the_gazetteer": len(known_codes),
        "reuters_people_unknown_in_3_or_more_stories": len(frequent_unknown),
        "of_those_discovered": len(discovered),
        "of_those_missed": sorted(frequent_unknown - discovered),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=str(CORPUS), help="The shared real-news corpus.")
    parser.add_argument("--out", default=str(ROOT / "benchmark" / "results"))
    parser.add_argument("--limit", type=int, default=None, help="At most N Reuters stories.")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        raise SystemExit(f"No corpus at {corpus}: nothing to measure")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    os.environ["ARCHIVE_DATA_DIR"] = tempfile.mkdtemp(prefix="people-bench-")
    os.environ["ARCHIVE_BACKGROUND"] = "manual"
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("SEARCH_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    results = measure(corpus, args.limit, out)
    (out / "people.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
