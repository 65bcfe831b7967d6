"""What the cleaning removes from real copy: nothing but boilerplate, measured.

    .venv/bin/python benchmark/boilerplate.py [--corpus ../shared/corpus] [--out DIR]

Every BBC News article and Reuters-21578 story of the shared corpus (never copied into the
project) goes through the importer's parsers (plain text for the BBC files, JSON lines for
Reuters, as benchmark/outlets.py builds them); each paragraph of the input that is not in
the stored body is listed, with how many there are of each kind, in OUT/removed.md, for a
reader to check that every one is boilerplate (a sign-off, a credit, a caption) and no real
sentence was lost.
"""

import argparse
import os
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


_MORE_RE = re.compile(r"\s+MORE$")


def normal(text):
    return " ".join(text.split()).casefold()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument("--out", default=str(ROOT / "benchmark" / "results"))
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from archive.ingest.jsonl import parse_record
    from archive.ingest.text import parse_text
    from benchmark.outlets import bbc_records, reuters_records

    corpus = Path(args.corpus)
    paragraphs = articles = 0
    removed = []
    sets = (
        ("BBC", bbc_records(corpus / "bbc-fulltext"), "text"),
        ("Reuters", reuters_records(corpus / "reuters21578"), "jsonl"),
    )
    for label, records, kind in sets:
        for record in records:
            given = [p for p in record["body"].split("\n\n") if p.strip()]
            if kind == "text":
                parsed = parse_text(f"{record['title']}\n\n{record['body']}", origin=label)
            else:
                parsed = parse_record(record, origin=label)
            kept = normal(" ".join([parsed.standfirst, *(b.text for b in parsed.blocks)]))
            articles += 1
            for index, paragraph in enumerate(given):
                paragraphs += 1
                text = paragraph
                if index == 0 and parsed.dateline and parsed.dateline in paragraph:
                    # The dateline ("WASHINGTON, March 2 -") is kept apart, not lost.
                    text = paragraph.split(parsed.dateline, 1)[1].lstrip(" ,-—–")
                # The wire's "MORE" (the next take follows) is a marker, not copy.
                text = normal(_MORE_RE.sub("", text))
                if text not in kept:
                    removed.append((label, record["title"], paragraph.strip()))
    kinds = Counter(" ".join(p.split()[:2]) for _label, _title, p in removed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    lines = [
        f"# Paragraphs removed from {articles:,} real articles ({paragraphs:,} paragraphs)\n",
        f"{len(removed):,} removed ({len(removed) / paragraphs:.2%}). Most common openings:\n",
        *(f"- `{opening}`: {n:,}" for opening, n in kinds.most_common(30)),
        "\n## Every removed paragraph that is not a bare sign-off\n",
        *(
            f"- {label}, *{title}*: {paragraph[:300]}"
            for label, title, paragraph in removed
            if normal(paragraph) not in ("reuter", "reuters")
        ),
    ]
    (out / "removed.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines[:33]))


if __name__ == "__main__":
    main()
