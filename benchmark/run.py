"""The benchmark: the archive at a given size, measured side by side with bare engines.

    .venv/bin/python benchmark/run.py --size 100000 [--update-readme]

On a fresh temporary database and index it: generates the corpus (benchmark/corpus.py),
imports it (import + tagging), builds the index (and, on the same corpus, a bare Whoosh
writer and SQLite FTS5), times a fixed query mix through the real search view and against
the bare engines, times the person, pair, article and home pages, runs gunicorn with the
production settings under a bounded load (wrk if installed, else a Python client), and times
an admin-style save until it is searchable under that load. Results go to
benchmark/results/SIZE.json and SIZE.md (and, with --update-readme, to the README).
"""

import argparse
import contextlib
import hashlib
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmark" / "results"
CACHE = ROOT / "benchmark" / "work"
PYTHON = sys.executable
# What a rerun with --reuse keeps: the archive these measured is still in the folder.
REUSABLE = ("setup", "import", "index", "bare_whoosh", "bare_fts5")
README_START = "<!-- benchmark:start -->"
README_END = "<!-- benchmark:end -->"


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def corpus(size, seed, cache=CACHE):
    """The corpus files for a size and seed (generated once, cached in benchmark/work)."""
    cache = Path(cache)
    cache.mkdir(parents=True, exist_ok=True)
    # The generator's own bytes name the files: a changed generator makes a new corpus.
    digest = hashlib.sha256()
    for path in sorted(
        [ROOT / "benchmark" / "corpus.py", *(ROOT / "benchmark" / "data").glob("*")]
    ):
        digest.update(path.read_bytes())
    base = cache / f"corpus-{digest.hexdigest()[:10]}-{seed}-{size}"
    files = {
        "corpus": f"{base}.jsonl",
        "people": f"{base}-people.json",
        "sources": f"{base}-sources.json",
    }
    if not all(Path(p).exists() for p in files.values()):
        log(f"Generating a {size}-article corpus (seed {seed})")
        # Written beside and renamed when whole: an interrupted run leaves no half corpus.
        partial = {key: f"{path}.partial" for key, path in files.items()}
        subprocess.run(
            [
                PYTHON,
                str(ROOT / "benchmark" / "corpus.py"),
                "--size",
                str(size),
                "--seed",
                str(seed),
                "--out",
                partial["corpus"],
                "--people-out",
                partial["people"],
                "--sources-out",
                partial["sources"],
            ],
            check=True,
        )
        for key, path in files.items():
            os.replace(partial[key], path)
    return files


def run_phase(name, workdir, env, options=None, timeout=7200):
    log(f"Phase {name}")
    started = time.perf_counter()
    done = subprocess.run(
        [
            PYTHON,
            str(ROOT / "benchmark" / "phases.py"),
            name,
            str(workdir),
            json.dumps(options or {}),
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise SystemExit(f"phase {name} failed")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    log(f"  {name} done in {time.perf_counter() - started:.1f} s")
    return result


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url}")


# The load client's key: the API does not rate-limit it (ARCHIVE_API_UNLIMITED_KEYS).
API_KEY = "benchmark-client"


def load_paths(picks):
    """The load mix: searches of each kind, the pages, the API and the feeds."""
    leader, partner = picks["leader_slug"], picks["partner_slug"]
    sources = "&".join(f"source={s}" for s in picks["sources"])
    return [
        "/search/?q=talks",
        "/search/?q=missile+sanctions",
        "/search/?q=%22nuclear+test%22",
        f"/search/?person={leader}&from=2018-01-01&to=2019-12-31",
        "/search/?q=denucl*",
        "/search/?q=summit+NOT+Singapore",
        f"/search/?q=talks&{sources}",
        f"/search/?event={picks['event_slug']}",
        "/search/?q=talks&collapse=0",
        f"/people/{leader}/",
        f"/people/{leader}/with/{partner}/",
        f"/events/{picks['event_slug']}/",
        "/people/compare/?" + "&".join(f"p={s}" for s in picks["compare_slugs"]),
        "/people/",
        "/",
        "/articles/",
        "/articles/?year=2019",
        "/api/v1/search/?q=talks",
        "/api/v1/search/?q=sanctions&page=2",
        f"/people/{leader}/feed/",
        "/search/feed/?q=summit",
    ]


WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1], {["X-Archive-Key"] = "%s"})
end
done = function(summary, latency, requests)
  io.write(string.format("JSON{\\"requests\\": %%d, \\"seconds\\": %%f, \\"p50\\": %%f, " ..
    "\\"p95\\": %%f, \\"p99\\": %%f, \\"errors\\": %%d}\\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.status + summary.errors.timeout))
end
"""


def load_with_wrk(base, paths, seconds, clients, workdir):
    script = Path(workdir) / "mix.lua"
    script.write_text(WRK_SCRIPT % (", ".join(f'"{p}"' for p in paths), API_KEY))
    done = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(clients),
            "-d",
            f"{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            base,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("JSON"))
    data = json.loads(line[4:])
    return {
        "tool": "wrk",
        "clients": clients,
        "seconds": round(data["seconds"], 1),
        "requests": data["requests"],
        "requests_per_s": round(data["requests"] / data["seconds"], 1),
        "p50_ms": round(data["p50"], 1),
        "p95_ms": round(data["p95"], 1),
        "p99_ms": round(data["p99"], 1),
        "errors": data["errors"],
    }


def load_with_python(base, paths, seconds, clients):
    latencies, errors = [], [0]
    lock = threading.Lock()
    stop = time.time() + seconds

    def client(offset):
        n = offset
        while time.time() < stop:
            path = paths[n % len(paths)]
            n += 1
            started = time.perf_counter()
            request = urllib.request.Request(base + path, headers={"X-Archive-Key": API_KEY})
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    response.read()
                    ok = response.status == 200
            except (urllib.error.URLError, OSError):
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors[0] += 0 if ok else 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.time() - started
    ordered = sorted(latencies)

    def pct(p):
        return round(ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))], 1)

    return {
        "tool": "python threads",
        "clients": clients,
        "seconds": round(duration, 1),
        "requests": len(ordered),
        "requests_per_s": round(len(ordered) / duration, 1),
        "p50_ms": pct(50),
        "p95_ms": pct(95),
        "p99_ms": pct(99),
        "errors": errors[0],
    }


def server_memory_mb(pid):
    try:
        import psutil
    except ImportError:
        return None
    parent = psutil.Process(pid)
    return round(max(p.memory_info().rss for p in [parent, *parent.children()]) / 2**20)


def machine():
    info = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cores": os.cpu_count(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        mem = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
        info["memory_gb"] = round(int(mem) / 2**20, 1)
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    info["versions"] = {}
    for package in ("Django", "django-haystack", "Whoosh", "gunicorn"):
        with contextlib.suppress(PackageNotFoundError):
            info["versions"][package] = version(package)
    return info


def median_of_rounds(rounds):
    """One result of several rounds of the search or pages phase: each query's or page's
    median, p95 and p99 are the medians of the rounds' (the rounds' p95s are kept)."""
    if len(rounds) == 1:
        return rounds[0]
    key = "queries" if "queries" in rounds[0] else "pages"
    combined = {}
    for name, first in rounds[0][key].items():
        rows = [r[key][name] for r in rounds]
        views = [row.get("view", row) for row in rows]
        summary = {
            stat: statistics.median(v[stat] for v in views) for stat in ("median", "p95", "p99")
        }
        summary["runs"] = sum(v["runs"] for v in views)
        summary["p95_rounds"] = [v["p95"] for v in views]
        if "view" in first:
            combined[name] = {**first, "view": summary}
        else:
            combined[name] = summary
    return {key: combined, "rounds": len(rounds)}


def ratio(a, b):
    return round(a / b, 2) if a and b else None


def markdown(result):
    size = result["size"]
    imp, idx = result["import"], result["index"]
    bare, fts = result.get("bare_whoosh", {}), result.get("bare_fts5", {})
    lines = [
        f"### The archive at {size:,} articles",
        "",
        f"Measured {result['date']} on {result['machine'].get('cpu', '?')} "
        f"({result['machine']['cores']} cores, Python {result['machine']['python']}); "
        f"`benchmark/run.py --size {size}`.",
        "",
        "| build | docs/s | seconds | index MB | peak MB |",
        "|---|---|---|---|---|",
        f"| import + tagging + story grouping ({imp.get('stories', 0):,} stories of "
        f"{imp.get('articles_in_stories', 0):,} articles) | {imp['articles_per_s']} | "
        f"{imp['seconds']} | | {imp['peak_mb']} |",
        f"| archive index (rebuild aside) | {idx['docs_per_s']} | {idx['seconds']} | "
        f"{idx['index_mb']} | {idx['peak_mb']} |",
    ]
    if bare:
        lines.append(
            f"| bare Whoosh writer (procs=2) | {bare['docs_per_s']} | {bare['seconds']}"
            f" | {bare['index_mb']} | {bare['peak_mb']} |"
        )
    if fts:
        lines.append(
            f"| SQLite FTS5 | {fts['docs_per_s']} | {fts['seconds']} | "
            f"{fts['index_mb']} | {fts['peak_mb']} |"
        )
    if bare:
        lines.append("")
        lines.append(
            f"Index build: archive / bare Whoosh = "
            f"**{ratio(idx['docs_per_s'], bare['docs_per_s'])}x**."
        )
    rounds = result["search"].get("rounds", 1)
    lines += [
        "",
        f"Searches and pages: {result['search']['queries']['common term']['view']['runs']} "
        f"runs each after a warm-up"
        + (f", in {rounds} rounds (each figure the median of the rounds')" if rounds > 1 else "")
        + "; copies of a story collapsed unless said.",
        "",
        "| search (ms) | view median | view p95 | view p99 | bare Whoosh p95 | "
        "view/bare p95 | FTS5 p95 | hits |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, row in result["search"]["queries"].items():
        view = row["view"]
        bw = row.get("bare_whoosh", {}).get("p95")
        f5 = row.get("fts5", {}).get("p95")
        lines.append(
            f"| {name} | {view['median']} | {view['p95']} | {view['p99']} | "
            f"{bw if bw is not None else '–'} | {ratio(view['p95'], bw) or '–'} | "
            f"{f5 if f5 is not None else '–'} | {row.get('hits')} |"
        )
    lines += ["", "| page (ms) | median | p95 |", "|---|---|---|"]
    for name, row in result["pages"]["pages"].items():
        lines.append(f"| {name} | {row['median']} | {row['p95']} |")
    load = result.get("load")
    if load:
        lines += [
            "",
            f"Load: gunicorn (production settings, {load['workers']} workers) on loopback, "
            f"{load['clients']} clients for {load['seconds']} s with {load['tool']}: "
            f"**{load['requests_per_s']} requests/s**, p50 {load['p50_ms']} ms, "
            f"p95 {load['p95_ms']} ms, p99 {load['p99_ms']} ms, {load['errors']} errors; "
            f"largest web process {load.get('memory_mb')} MB.",
        ]
    inc = result.get("incremental")
    if inc:
        row = inc["save_to_searchable_ms"]
        during = inc.get("load") or {}
        lines.append(
            f"Save to searchable under load: median {row['median']} ms, "
            f"worst {row['p99']} ms ({row['runs']} saves)"
            + (
                f"; the same load meanwhile: {during['requests_per_s']} requests/s, p95 "
                f"{during['p95_ms']} ms, {during['errors']} errors."
                if during
                else "."
            )
        )
    retag = result.get("retag")
    if retag:
        probe = retag["searches_meanwhile"]
        lines.append(
            f"Re-tagging the whole archive ({retag['articles']:,} articles) after promoting "
            f"{len(retag['promoted'])} discovered people: **{retag['seconds']} s** "
            f"({retag['tag_seconds']} s tagging, {retag['index_seconds']} s writing "
            f"{retag['documents_updated']:,} changed documents, "
            f"{retag['index_docs_per_s']} docs/s), peak {retag['peak_mb']} MB; index "
            f"{retag['index_mb_before']} -> {retag['index_mb_after']} MB (rebuilt: "
            f"{idx['index_mb']} MB); searches meanwhile p95 {probe['latency_ms']['p95']} ms, "
            f"{probe['errors']} errors."
        )
    jobs = result.get("jobs")
    if jobs and jobs.get("articles_per_s"):
        lines.append(
            f"Reading the new articles for visits and summits (the import's background job): "
            f"{jobs['articles_per_s']} articles/s, {jobs['event_suggestions']:,} suggestions."
        )
    return "\n".join(lines) + "\n"


def update_readme(text):
    readme = ROOT / "README.md"
    content = readme.read_text()
    if README_START not in content:
        raise SystemExit("README.md has no benchmark markers")
    head, rest = content.split(README_START, 1)
    _old, tail = rest.split(README_END, 1)
    readme.write_text(f"{head}{README_START}\n{text}{README_END}{tail}")


def ensure_requirements():
    """The benchmark's own libraries (requirements-bench.txt), installed on first use."""
    try:
        import english_words  # noqa: F401
        import psutil  # noqa: F401
        import wordfreq  # noqa: F401
    except ImportError:
        log("Installing the benchmark's requirements (requirements-bench.txt)")
        subprocess.run(
            [PYTHON, "-m", "pip", "install", "-q", "-r", str(ROOT / "requirements-bench.txt")],
            check=True,
        )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=10000, help="articles in the corpus")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (deterministic)")
    parser.add_argument("--repeat", type=int, default=30, help="runs per query and page")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="rounds of the query mix and the pages, each in a new process: the tables give "
        "each figure's median over the rounds",
    )
    parser.add_argument("--load-seconds", type=int, default=60, help="length of the load test")
    parser.add_argument("--clients", type=int, default=20, help="concurrent load clients")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--skip-load", action="store_true", help="no gunicorn load test")
    parser.add_argument(
        "--skip-retag", action="store_true", help="no re-tagging of the whole archive"
    )
    parser.add_argument(
        "--skip-jobs",
        action="store_true",
        help="drop the import's background jobs (reading visits and summits) unmeasured",
    )
    parser.add_argument(
        "--no-bare", action="store_true", help="skip the bare Whoosh and FTS5 comparisons"
    )
    parser.add_argument("--out", default=str(RESULTS), help="folder for the results")
    parser.add_argument("--cache", default=str(CACHE), help="folder for generated corpora")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--reuse",
        metavar="WORKDIR",
        help="continue in a folder kept by an earlier run (--keep): phases already measured "
        "there are not run again",
    )
    parser.add_argument(
        "--reuse-measured",
        action="store_true",
        help="with --reuse: keep every phase measured there, run only the load test again",
    )
    parser.add_argument(
        "--update-readme", action="store_true", help="write the Markdown table into README.md"
    )
    args = parser.parse_args()
    ensure_requirements()

    files = corpus(args.size, args.seed, args.cache)
    if args.reuse:
        workdir = Path(args.reuse)
        args.keep = True
    else:
        workdir = Path(tempfile.mkdtemp(prefix=f"archive-bench-{args.size}-"))
    partial = workdir / "partial.json"
    env = {
        **os.environ,
        "ARCHIVE_DATA_DIR": str(workdir / "data"),
        "ARCHIVE_BACKGROUND": "manual",
        "ARCHIVE_API_UNLIMITED_KEYS": API_KEY,
        "DJANGO_SETTINGS_MODULE": "archive.settings",
        "DATABASE_URL": "",
        "SEARCH_URL": "",
    }
    result = {
        "size": args.size,
        "seed": args.seed,
        "date": time.strftime("%Y-%m-%d"),
        "machine": machine(),
    }
    if partial.exists():
        kept = json.loads(partial.read_text())
        reusable = (
            [k for k in kept if k not in ("load", "incremental", "date", "machine")]
            if args.reuse_measured
            else REUSABLE
        )
        result.update({k: v for k, v in kept.items() if k in reusable})

    def phase(name, options, key=None):
        # Each phase's result is saved at once: a failure later loses nothing measured.
        key = key or name
        if key not in result:
            result[key] = run_phase(name, workdir, env, options)
            partial.write_text(json.dumps(result, indent=2))
        return result[key]

    try:
        phase("setup", files)
        phase("import", files)
        phase("index", {"procs": 2})
        if not args.no_bare:
            phase("bare_whoosh", files)
            phase("bare_fts5", files)
        picks = phase("pick", {}, key="picks")
        options = {**picks, "repeat": args.repeat}
        for name in ("search", "pages"):
            rounds = [phase(name, options, key=f"{name}_{n}") for n in range(args.rounds)]
            result[name] = median_of_rounds(rounds)
        phase("jobs", {"run": not args.skip_jobs})
        if not args.skip_retag:
            phase("retag", {})
        if not args.skip_load:
            result.update(load_phase(args, workdir, env, picks))
            partial.write_text(json.dumps(result, indent=2))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            log(f"Kept {workdir}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{args.size}.json").write_text(json.dumps(result, indent=2) + "\n")
    text = markdown(result)
    (out / f"{args.size}.md").write_text(text)
    if args.update_readme:
        update_readme(text)
    print(text)


def load_phase(args, workdir, env, picks):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    static_root = workdir / "static"
    production = {
        **env,
        "ARCHIVE_ENV": "production",
        "DJANGO_SECRET_KEY": "bench-" + os.urandom(32).hex(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "ARCHIVE_STATIC_ROOT": str(static_root),
        "ARCHIVE_BACKGROUND": "worker",
    }
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v", "0"],
        env=production,
        cwd=ROOT,
        check=True,
    )
    gunicorn = shutil.which("gunicorn", path=str(Path(PYTHON).parent)) or "gunicorn"
    log(f"Starting gunicorn ({args.workers} workers) on {base}")
    server = subprocess.Popen(
        [
            gunicorn,
            "archive.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--access-logfile",
            "/dev/null",
            "--log-level",
            "warning",
        ],
        env=production,
        cwd=ROOT,
        start_new_session=True,
    )
    # The background worker beside the web server, as in production: it applies the index
    # queue the saves fill.
    worker = subprocess.Popen(
        [PYTHON, str(ROOT / "manage.py"), "run_worker"],
        env=production,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(base + "/")
        paths = load_paths(picks)
        for path in paths:  # every worker opens its searcher before the clock starts
            for _ in range(args.workers):
                urllib.request.urlopen(base + path, timeout=60).read()

        def mix(seconds):
            if shutil.which("wrk"):
                return load_with_wrk(base, paths, seconds, args.clients, workdir)
            return load_with_python(base, paths, seconds, args.clients)

        # The mix alone first (the load figure), then saves made while it runs again: every
        # save changes the index and, as a change to articles, refreshes the cached
        # figures of the people pages, so it is measured apart.
        log(f"Load: {args.clients} clients for {args.load_seconds} s")
        load = mix(args.load_seconds)
        load["workers"] = args.workers
        load["memory_mb"] = server_memory_mb(server.pid)
        incremental = {}

        def measure_incremental():
            time.sleep(min(5, args.load_seconds / 4))
            incremental.update(run_phase("incremental", workdir, production, {"url": base}))

        watcher = threading.Thread(target=measure_incremental)
        watcher.start()
        log(f"Saves under load: {args.clients} clients for {args.load_seconds} s")
        incremental_load = mix(args.load_seconds)
        watcher.join()
        incremental["load"] = incremental_load
        return {"load": load, "incremental": incremental}
    finally:
        for process in (server, worker):
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
