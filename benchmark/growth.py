"""How the archive grows: benchmark results at several sizes, a power law fitted to each
figure (y = a * n^b over the sizes measured), and what it gives at 1 and 10 million.

    .venv/bin/python benchmark/growth.py benchmark/results/25000.json \\
        benchmark/results/50000.json benchmark/results/100000.json

Prints a Markdown table. An extrapolation is only as good as the law holds: b is printed
so that a reader sees what grows faster than the archive (b > 1) and what does not.
"""

import json
import math
import sys
from pathlib import Path

import numpy as np

TARGETS = (1_000_000, 10_000_000)
# Figures of a run measured before a change that made them incomparable, left out of the
# fit (with why).
EXCLUDED = {
    25000: {
        "page p95 (ms): compare (3 people)": "measured before the compare page was cached",
        "page p95 (ms): people index": "measured before the people index was cached",
        "page p95 (ms): people index, leaders of a country": "as the people index",
    },
}


def fit(sizes, values):
    """(a, b) of y = a * n^b by least squares on logarithms, over the sizes that have a
    value (None with fewer than two)."""
    points = [(n, v) for n, v in zip(sizes, values, strict=True) if v is not None and v > 0]
    if len(points) < 2:
        return None
    b, log_a = np.polyfit(np.log([n for n, _v in points]), np.log([v for _n, v in points]), 1)
    return math.exp(log_a), b


def figures(result):
    """{label: (value, unit)} of one result: what grows with the archive."""
    n = result["size"]
    imp, idx, load = result["import"], result["index"], result.get("load") or {}
    if "jobs" not in result:
        # Runs before the jobs phase existed had the worker read every new article for
        # events during the load test: not the same load.
        load = {}
    rows = {
        "import time (s)": (n / imp["articles_per_s"], "s"),
        "import peak memory (MB)": (imp.get("peak_mb"), "MB"),
        "database (MB)": (imp.get("database_mb"), "MB"),
        "index build time (s)": (n / idx["docs_per_s"], "s"),
        "index build peak memory (MB)": (idx.get("peak_mb"), "MB"),
        "index size (MB)": (idx.get("index_mb"), "MB"),
        "load: largest worker (MB)": (load.get("memory_mb"), "MB"),
    }
    retag = result.get("retag")
    if retag:
        rows["re-tag whole archive + index catch-up (s)"] = (retag["seconds"], "s")
    for name, row in result["search"]["queries"].items():
        rows[f"search p95 (ms): {name}"] = (row["view"]["p95"], "ms")
    for name, row in result["pages"]["pages"].items():
        rows[f"page p95 (ms): {name}"] = (row["p95"], "ms")
    for label in EXCLUDED.get(n, {}):
        rows[label] = (None, "")
    if load:
        rows["load: requests/s (20 clients)"] = (load.get("requests_per_s"), "/s")
        rows["load: p95 (ms)"] = (load.get("p95_ms"), "ms")
    return rows


def fmt(value):
    if value is None:
        return "–"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}"


def table(results):
    results = sorted(results, key=lambda r: r["size"])
    sizes = [r["size"] for r in results]
    per_size = [figures(r) for r in results]
    labels = list(per_size[-1])
    head = " | ".join(f"{n:,}" for n in sizes)
    lines = [
        f"| figure | {head} | growth b | {' | '.join(f'{t:,} (fit)' for t in TARGETS)} |",
        "|---|" + "---|" * (len(sizes) + 1 + len(TARGETS)),
    ]
    for label in labels:
        values = [f.get(label, (None, ""))[0] for f in per_size]
        law = fit(sizes, values)
        if law is None:
            extrapolated, b = ["–"] * len(TARGETS), "–"
        else:
            a, exponent = law
            b = f"{exponent:.2f}"
            extrapolated = [fmt(a * t**exponent) for t in TARGETS]
        lines.append(
            f"| {label} | {' | '.join(fmt(v) for v in values)} | {b} | {' | '.join(extrapolated)} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(table([json.loads(Path(path).read_text()) for path in sys.argv[1:]]))
