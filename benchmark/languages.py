"""Language detection measured on a labelled sample of news text.

    .venv/bin/python benchmark/languages.py

benchmark/data/languages.jsonl holds short (a headline, a sentence) and long (a paragraph)
texts written for this purpose in ten languages, and texts nobody can tell the language of
(a dateline, a list of names, figures, a URL), each labelled. archive.languages.detect (the
archive's detector) labels each; the accuracy is printed by language and by length, with
every miss, and the time a text takes.
"""

import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "benchmark" / "data" / "languages.jsonl"


def main():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    from archive import languages

    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line]
    languages.detect(rows[0]["text"])  # the models load on first use
    right, total, misses = Counter(), Counter(), []
    started = time.perf_counter()
    for row in rows:
        found = languages.detect(row["text"]).code or "unknown"
        key = (row["language"], row["length"])
        total[key] += 1
        if found == row["language"]:
            right[key] += 1
        else:
            misses.append(f"{row['id']}: {found!r} for {row['text'][:60]!r}")
    milliseconds = (time.perf_counter() - started) / len(rows) * 1000
    print("| language | short | long |\n|---|---|---|")
    for language in sorted({key[0] for key in total}):
        cells = [
            f"{right[(language, n)]}/{total[(language, n)]}" if total[(language, n)] else "–"
            for n in ("short", "long")
        ]
        print(f"| {language} | {cells[0]} | {cells[1]} |")
    print(
        f"\n{sum(right.values())} of {sum(total.values())} right "
        f"({sum(right.values()) / sum(total.values()):.1%}), {milliseconds:.2f} ms a text"
    )
    for miss in misses:
        print("miss:", miss)


if __name__ == "__main__":
    main()
