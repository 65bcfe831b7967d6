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


def fit(sizes, values):
    """(a, b) of y = a * n^b by least squares on logarithms (None when a value is missing
    or not positive)."""
    if len(sizes) < 2 or any(v is None or v <= 0 for v in values):
        return None
    b, log_a = np.polyfit(np.log(sizes), np.log(values), 1)
    return math.exp(log_a), b


def figures(result):
    """{label: (value, unit)} of one result: what grows with the archive."""
    n = result["size"]
    imp, idx, load = result["import"], result["index"], result.get("load") or {}
    rows = {
        "import time (s)": (n / imp["articles_per_s"], "s"),
        "import peak memory (MB)": (imp.get("peak_mb"), "MB"),
        "database (MB)": (imp.get("database_mb"), "MB"),
        "index build time (s)": (n / idx["docs_per_s"], "s"),
        "index build peak memory (MB)": (idx.get("peak_mb"), "MB"),
        "index size (MB)": (idx.get("index_mb"), "MB"),
        "load: largest worker (MB)": (load.get("memory_mb"), "MB"),
    }
    for name, row in result["search"]["queries"].items():
        rows[f"search p95 (ms): {name}"] = (row["view"]["p95"], "ms")
    for name, row in result["pages"]["pages"].items():
        rows[f"page p95 (ms): {name}"] = (row["p95"], "ms")
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
    labels = [label for label in per_size[-1] if all(label in f for f in per_size)]
    head = " | ".join(f"{n:,}" for n in sizes)
    lines = [
        f"| figure | {head} | growth b | {' | '.join(f'{t:,} (fit)' for t in TARGETS)} |",
        "|---|" + "---|" * (len(sizes) + 1 + len(TARGETS)),
    ]
    for label in labels:
        values = [f[label][0] for f in per_size]
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
