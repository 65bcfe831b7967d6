"""Data out, measured on an archive the benchmark built (benchmark/run.py --keep, or any
archive with its search index):

    ARCHIVE_DATA_DIR=/path/to/data .venv/bin/python benchmark/data_out.py [--repeat 5]

1. The API's search beside the HTML view, the same query mix (benchmark/phases.py) through
   Django's test client: median and p95 of each kind.
2. A whole-archive CSV export through the real view (`/search/export.csv?from=1900`: every
   dated article): time to the first byte, total time, rows, and the process's peak memory
   before and after (ru_maxrss), i.e. what streaming costs.
"""

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
os.environ.setdefault("ARCHIVE_BACKGROUND", "manual")
os.environ.setdefault("ARCHIVE_API_UNLIMITED_KEYS", "benchmark")


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def p95(samples):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--export-only", action="store_true", help="only the CSV export")
    args = parser.parse_args()
    import django

    django.setup()
    from django.db.models import Count
    from django.test import Client

    from archive.models import Article, Mention, Person
    from benchmark.phases import _query_mix

    # The leader the archive names most (the corpus is a Korea desk's: Kim Jong Un).
    top = (
        Mention.objects.filter(person__is_leader=True)
        .values("person")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    leader = Person.objects.get(pk=top["person"])
    options = {"leader": leader.name, "leader_slug": leader.slug, "rare": "ambergris"}
    client = Client(HTTP_X_ARCHIVE_KEY="benchmark")
    rows = []
    for name, params, _bare, _fts in [] if args.export_only else _query_mix(options):
        timings = {"view": [], "api": []}
        for _n in range(args.repeat + 1):
            for kind, path in (("view", "/search/"), ("api", "/api/v1/search/")):
                started = time.perf_counter()
                response = client.get(path, params)
                elapsed = (time.perf_counter() - started) * 1000
                assert response.status_code == 200, (path, params, response.status_code)
                timings[kind].append(elapsed)
        for kind in timings:
            timings[kind] = timings[kind][1:]  # the first run warms caches
        rows.append(
            {
                "query": name,
                "view_median_ms": round(statistics.median(timings["view"]), 1),
                "view_p95_ms": round(p95(timings["view"]), 1),
                "api_median_ms": round(statistics.median(timings["api"]), 1),
                "api_p95_ms": round(p95(timings["api"]), 1),
            }
        )
        print(json.dumps(rows[-1]), file=sys.stderr)

    before = peak_mb()
    started = time.perf_counter()
    response = client.get("/search/export.csv", {"from": "1900"})
    first = None
    lines = 0
    size = 0
    for chunk in response.streaming_content:
        if first is None:
            first = time.perf_counter() - started
        lines += chunk.count(b"\n")
        size += len(chunk)
    total = time.perf_counter() - started
    export = {
        "articles_in_archive": Article.objects.count(),
        "rows": lines - 1,
        "megabytes": round(size / 1e6, 1),
        "first_byte_s": round(first, 3),
        "total_s": round(total, 1),
        "rows_per_s": round((lines - 1) / total),
        "peak_mb_before": round(before),
        "peak_mb_after": round(peak_mb()),
    }
    result = {"search": rows, "csv_export": export}
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
