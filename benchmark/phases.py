"""The benchmark's phases, each run in its own process by benchmark/run.py so that its peak
memory is its own. Each prints one JSON object on its last line of output.

    python benchmark/phases.py PHASE WORKDIR [options as JSON]

The environment (ARCHIVE_DATA_DIR and the rest) is set by run.py.
"""

import contextlib
import datetime
import json
import os
import re
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")


# The articles found: "1,204 results", or "1,204 stories, 1,530 articles" with copies
# collapsed.
HITS_RE = re.compile(
    r'id="results-heading"[^>]*>(?:[\d,]+ stor(?:y|ies), )?([\d,]+) (?:result|article)'
)


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def summarise(samples_ms):
    ordered = sorted(samples_ms)

    def pct(p):
        if not ordered:
            return None
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
        return round(ordered[index], 1)

    return {
        "median": round(statistics.median(ordered), 1) if ordered else None,
        "p95": pct(95),
        "p99": pct(99),
        "runs": len(ordered),
    }


def folder_mb(path):
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.path.getsize(os.path.join(root, name))
    return round(total / 1e6, 1)


# Phases ------------------------------------------------------------------------------------


def phase_setup(workdir, options):
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils.text import slugify

    from archive.models import Alias, OfficeHolding, Person, Source
    from archive.names import normalize_name
    from archive.outlets import OutletDirectory
    from archive.reference import load_outlets, load_people

    call_command("migrate", verbosity=0)
    people = json.loads(Path(options["people"]).read_text())
    sources = json.loads(Path(options["sources"]).read_text())
    taken = set()

    def unique(text):
        base = slugify(text)[:70] or "x"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        return slug

    # The archive's reference list of outlets first, as setup_archive loads it; then the
    # corpus's outlets it does not know (by any of their names).
    load_outlets()
    known = OutletDirectory.from_db()
    taken.update(Source.objects.values_list("slug", flat=True))
    Source.objects.bulk_create(
        [
            Source(
                name=s["name"],
                slug=unique(s["name"]),
                kind=s["kind"],
                control=s.get("control", "unknown"),
                country=s.get("country", ""),
            )
            for s in sources
            if known.find_name(s["name"]) is None
        ]
    )
    # The reference people and their offices, as setup_archive loads them; then the corpus's
    # people the reference does not know by any name (its leaders are the seed's).
    load_people()
    taken.update(Person.objects.values_list("slug", flat=True))
    known_names = set(Alias.objects.values_list("normalized", flat=True)) | {
        normalize_name(n) for n in Person.objects.values_list("name", flat=True)
    }
    people = [
        p
        for p in people
        if not {normalize_name(n) for n in [p["name"], *(a["name"] for a in p["aliases"])]}
        & known_names
    ]
    Person.objects.bulk_create(
        [
            Person(
                name=p["name"],
                slug=unique(p["name"]),
                short_name=p.get("short_name", ""),
                is_leader=p["is_leader"],
                country="",
                role=p.get("role", ""),
            )
            for p in people
        ]
    )
    ids = dict(Person.objects.values_list("name", "id"))
    Alias.objects.bulk_create(
        [
            Alias(
                person_id=ids[p["name"]],
                name=a["name"],
                normalized=normalize_name(a["name"]),
                kind=a["kind"],
            )
            for p in people
            for a in p["aliases"]
        ]
    )
    return {
        "people": Person.objects.count(),
        "offices": OfficeHolding.objects.count(),
        "sources": len(sources),
        "aliases": Alias.objects.count(),
    }


def phase_import(workdir, options):
    import django

    django.setup()
    from archive import indexing
    from archive.ingest.importer import Importer
    from archive.models import Article, Mention, Story

    started = time.perf_counter()
    with indexing.deferred():
        summary = Importer().run([options["corpus"]])
    seconds = time.perf_counter() - started
    return {
        "duplicates": summary.duplicates,
        "stories": Story.objects.count(),
        "articles_in_stories": Article.objects.filter(story__isnull=False).count(),
        "articles": summary.created,
        "failed": len(summary.failed),
        "seconds": round(seconds, 1),
        "articles_per_s": round(summary.created / seconds, 1),
        "peak_mb": round(peak_mb()),
        "mentions": Mention.objects.count(),
        "suggested": Mention.objects.suggested().count(),
        "undated": Article.objects.undated().count(),
        "database_mb": _database_mb(),
    }


def _database_mb():
    from django.db import connection

    if connection.vendor != "sqlite":
        return None
    return round(os.path.getsize(connection.settings_dict["NAME"]) / 1e6, 1)


def phase_index(workdir, options):
    import django

    django.setup()
    from django.conf import settings

    from archive import indexing

    started = time.perf_counter()
    _total, count = indexing.rebuild(procs=options.get("procs", 2))
    seconds = time.perf_counter() - started
    path = settings.HAYSTACK_CONNECTIONS["default"]["PATH"]
    live = os.path.join(path, os.readlink(os.path.join(path, "current")))
    return {
        "documents": count,
        "seconds": round(seconds, 1),
        "docs_per_s": round(count / seconds, 1),
        "index_mb": folder_mb(live),
        "peak_mb": round(peak_mb()),
    }


def _corpus_records(path):
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def phase_bare_whoosh(workdir, options):
    """The same corpus, fields and analyzers, written by a bare Whoosh writer."""
    import django

    django.setup()
    from whoosh import index as whoosh_index

    from archive.search.analysis import (
        FREQUENT_SAMPLE,
        PAIRS_SUFFIX,
        RememberingAnalyzer,
        frequent_words,
    )
    from archive.search.schema import build_schema

    folder = Path(workdir) / "bare-whoosh"
    folder.mkdir(exist_ok=True)
    # The same schema as the archive's, its word pairs' frequent words chosen the same way
    # (from an evenly spread sample of the documents: here the corpus's records).
    with open(options["corpus"], encoding="utf-8") as handle:
        step = max(1, sum(1 for _line in handle) // FREQUENT_SAMPLE)
    chosen = [r for n, r in enumerate(_corpus_records(options["corpus"])) if n % step == 0][
        :FREQUENT_SAMPLE
    ]
    sample = [f"{r['title']}\n{r['body']}" for r in chosen]
    titles = [r["title"] for r in chosen]
    plain = build_schema()
    frequent = {
        name: frequent_words(plain[name].analyzer.inner, titles if name == "title" else sample)
        for name in ("title", "text")
        if isinstance(plain[name].analyzer, RememberingAnalyzer)
    }
    schema = build_schema(frequent=frequent)
    ix = whoosh_index.create_in(str(folder), schema)
    writer = ix.writer(procs=2, multisegment=True, limitmb=256)
    started = time.perf_counter()
    count = 0
    for n, record in enumerate(_corpus_records(options["corpus"])):
        document = {
            "id": f"doc.{n}",
            "django_ct": "bare.doc",
            "django_id": str(n),
            "title": record["title"],
            "text": f"{record['title']}\n{record['body']}",
            "source": record.get("source", ""),
            "source_exact": record.get("source", ""),
        }
        published = record.get("published", "")
        if len(published) == 10:
            document["published"] = datetime.datetime.fromisoformat(published)
        for name in ("title", "text"):  # the same word pairs as the archive's fields
            if name + PAIRS_SUFFIX in schema:
                document[name + PAIRS_SUFFIX] = document[name]
        writer.add_document(**document)
        count += 1
    writer.commit()
    seconds = time.perf_counter() - started
    return {
        "documents": count,
        "seconds": round(seconds, 1),
        "docs_per_s": round(count / seconds, 1),
        "index_mb": folder_mb(folder),
        "peak_mb": round(peak_mb()),
    }


def phase_bare_fts5(workdir, options):
    import sqlite3

    path = Path(workdir) / "fts5.sqlite3"
    if path.exists():
        path.unlink()
    db = sqlite3.connect(str(path))
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(title, body, source UNINDEXED, "
        "tokenize='porter unicode61')"
    )
    started = time.perf_counter()
    count = 0
    batch = []
    for record in _corpus_records(options["corpus"]):
        batch.append((record["title"], record["body"], record.get("source", "")))
        if len(batch) >= 1000:
            db.executemany("INSERT INTO docs VALUES (?, ?, ?)", batch)
            count += len(batch)
            batch = []
    db.executemany("INSERT INTO docs VALUES (?, ?, ?)", batch)
    count += len(batch)
    db.commit()
    seconds = time.perf_counter() - started
    db.close()
    return {
        "documents": count,
        "seconds": round(seconds, 1),
        "docs_per_s": round(count / seconds, 1),
        "index_mb": round(path.stat().st_size / 1e6, 1),
        "peak_mb": round(peak_mb()),
    }


def _query_mix(options):
    """The fixed query mix: (name, view params, bare Whoosh query, FTS5 MATCH or None).
    Copies of a story are collapsed into one result unless ``collapse=0``, as in the view."""
    leader, leader_slug = options["leader"], options["leader_slug"]
    return [
        ("common term", {"q": "talks"}, "talks", "talks"),
        ("rare term", {"q": options["rare"]}, options["rare"], options["rare"]),
        (
            "two-word AND",
            {"q": "missile sanctions"},
            "missile AND sanctions",
            "missile AND sanctions",
        ),
        ("phrase", {"q": '"nuclear test"'}, '"nuclear test"', '"nuclear test"'),
        (
            "phrase, three common words",
            {"q": '"North Korean leader"'},
            '"north korean leader"',
            '"north korean leader"',
        ),
        (
            "boolean with NOT",
            {"q": "summit NOT Singapore"},
            "summit NOT singapore",
            "summit NOT singapore",
        ),
        ("prefix", {"q": "denucl*"}, "denucl*", "denucl*"),
        (
            "person + date range",
            {"person": leader_slug, "from": "2018-01-01", "to": "2019-12-31"},
            f'"{leader}" AND published:[20180101 to 20191231]',
            None,
        ),
        ("page 50, common term", {"q": "talks", "page": "50"}, "talks", "talks"),
        ("misspelling (did you mean)", {"q": "sanctoins"}, "sanctoins", "sanctoins"),
        ("common term, copies apart", {"q": "talks", "collapse": "0"}, None, None),
        ("language filter", {"q": "talks", "language": options["language"]}, None, None),
        ("event filter", {"event": options["event_slug"]}, None, None),
        (
            "multi-value facets (2 sources, 2 years)",
            {"q": "talks", "source": options["sources"], "year": options["years"]},
            None,
            None,
        ),
    ]


# The API's search, as a client exempt from rate limiting asks it (run.py sets the key).
API_KEY = "benchmark-client"
API_QUERIES = [
    ("API search, common term", {"q": "talks"}),
    ("API search, phrase", {"q": '"nuclear test"'}),
]


def phase_search(workdir, options):
    import django

    django.setup()
    from django.test import Client
    from whoosh import index as whoosh_index
    from whoosh.qparser import MultifieldParser

    repeat = options.get("repeat", 30)
    client = Client()
    results = {}
    bare_folder = Path(workdir) / "bare-whoosh"
    bare = whoosh_index.open_dir(str(bare_folder)) if bare_folder.exists() else None
    searcher = bare.searcher() if bare else None
    parser = MultifieldParser(["title", "text"], schema=bare.schema) if bare else None
    fts = None
    fts_path = Path(workdir) / "fts5.sqlite3"
    if fts_path.exists():
        import sqlite3

        fts = sqlite3.connect(str(fts_path))
    for name, params, whoosh_query, fts_query in _query_mix(options):
        client.get("/search/", params)  # warm: the first request opens searchers
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get("/search/", params)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code in (200, 404), (name, response.status_code)
        found = HITS_RE.search(response.content.decode())
        row = {
            "view": summarise(samples),
            "hits": int(found.group(1).replace(",", "")) if found else None,
        }
        if searcher is not None and whoosh_query:
            query = parser.parse(whoosh_query)
            bare_samples = []
            for _ in range(repeat):
                started = time.perf_counter()
                hits = searcher.search(query, limit=20)
                [hit["django_id"] for hit in hits]
                bare_samples.append((time.perf_counter() - started) * 1000)
            row["bare_whoosh"] = summarise(bare_samples)
        if fts is not None and fts_query:
            fts_samples = []
            for _ in range(repeat):
                started = time.perf_counter()
                fts.execute(
                    "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 20", (fts_query,)
                ).fetchall()
                fts_samples.append((time.perf_counter() - started) * 1000)
            row["fts5"] = summarise(fts_samples)
        results[name] = row
    for name, params in API_QUERIES:
        headers = {"HTTP_X_ARCHIVE_KEY": API_KEY}
        client.get("/api/v1/search/", params, **headers)
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get("/api/v1/search/", params, **headers)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (name, response.status_code)
        results[name] = {"view": summarise(samples), "hits": response.json()["articles"]}
    return {"queries": results, "peak_mb": round(peak_mb())}


def phase_pages(workdir, options):
    import django

    django.setup()
    from django.test import Client

    from archive.models import Article

    repeat = options.get("repeat", 30)
    client = Client()
    from archive.models import Source

    article = Article.objects.dated().order_by("-published").first()
    source = Source.objects.order_by("-id").first()
    year = article.published.year
    pages = {
        "person (most-mentioned leader)": f"/people/{options['leader_slug']}/",
        "pair": f"/people/{options['leader_slug']}/with/{options['partner_slug']}/",
        "article": article.get_absolute_url(),
        "home": "/",
        "browse": "/articles/",
        "browse, undated": "/articles/?date=unknown",
        "source": source.get_absolute_url(),
        "year archive": f"/archive/{year}/",
        "month archive": f"/archive/{year}/{article.published.month}/",
        "person feed": f"/people/{options['leader_slug']}/feed/",
        "event": f"/events/{options['event_slug']}/",
        "compare (3 people)": "/people/compare/?"
        + "&".join(f"p={slug}" for slug in options["compare_slugs"]),
        "people index": "/people/",
        "people index, leaders of a country": "/people/?leader=yes&country="
        + options["leader_country"],
    }
    results = {}
    for name, url in pages.items():
        client.get(url)
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        results[name] = summarise(samples)
    return {"pages": results}


def phase_pick(workdir, options):
    """Names the query mix needs: the most-mentioned leader, their top companions, a rare
    word of the corpus, the two largest sources and years, the most common language; and
    an event, as a curator records one: the leader's meeting with their top companion in
    the month the two are most reported together, with that month's articles naming both
    as its coverage (the index then catches up, as the worker would)."""
    import django

    django.setup()
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from archive import indexing
    from archive.coverage import companions
    from archive.models import Article, Event, EventArticle, EventParticipant, Mention, Person

    top = (
        Mention.objects.visible()
        .filter(person__is_leader=True)
        .values("person_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    leader = Person.objects.get(pk=top["person_id"])
    others = companions(leader, limit=2)
    partner = Person.objects.get(slug=others[0]["slug"])
    rare = options.get("rare") or "reptilian"
    sources = list(
        Article.objects.values("source__slug")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("source__slug", flat=True)[:2]
    )
    years = list(
        Article.objects.dated()
        .annotate(y=ExtractYear("published"))
        .values("y")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("y", flat=True)[:2]
    )
    language = (
        Article.objects.values("language")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("language", flat=True)
        .first()
    ) or "en"
    both = (
        Article.objects.dated()
        .filter(mentions__person=leader)
        .filter(mentions__person=partner)
        .distinct()
    )
    months = {}
    for day in both.values_list("published", flat=True):
        months[(day.year, day.month)] = months.get((day.year, day.month), 0) + 1
    (year, month), _n = max(months.items(), key=lambda item: (item[1], item[0]))
    start = datetime.date(year, month, 1)
    end = (start + datetime.timedelta(days=31)).replace(day=1) - datetime.timedelta(days=1)
    event, _created = Event.objects.get_or_create(
        slug="benchmark-meeting",
        defaults={
            "title": f"{leader.name} meets {partner.name}",
            "kind": Event.Kind.BILATERAL_TALKS,
            "start": start,
            "end": end,
            "start_precision": "month",
            "end_precision": "month",
        },
    )
    for person, role in ((leader, "host"), (partner, "guest")):
        EventParticipant.objects.get_or_create(event=event, person=person, defaults={"role": role})
    linked = set(event.coverage.values_list("article_id", flat=True))
    for article_id in both.filter(published__range=(start, end)).values_list("id", flat=True):
        if article_id not in linked:
            EventArticle.objects.create(event=event, article_id=article_id)
    indexing.drain_index_queue(blocking=True)
    return {
        "leader": leader.name,
        "leader_slug": leader.slug,
        "leader_country": leader.country or "US",
        "leader_articles": top["n"],
        "partner_slug": partner.slug,
        "compare_slugs": [leader.slug, *(o["slug"] for o in others)],
        "rare": rare,
        "sources": sources,
        "years": [str(y) for y in years],
        "language": language,
        "event_slug": event.slug,
        "event_articles": event.coverage.count(),
    }


def phase_incremental(workdir, options):
    """Time from an admin-style save to the change being searchable through the server."""
    import urllib.request

    import django

    django.setup()
    from django.db import transaction

    from archive.models import Article

    base = options["url"]
    samples = []
    articles = list(Article.objects.order_by("?").values_list("id", flat=True)[:5])
    missed = 0
    for n, article_id in enumerate(articles):
        token = f"zqxbench{n}{int(time.time())}"
        with transaction.atomic():
            article = Article.objects.get(pk=article_id)
            article.title = f"{article.title[:300]} {token}"
            article.save()
        started = time.perf_counter()
        deadline = started + 120
        found = False
        while not found and time.perf_counter() < deadline:
            try:
                with urllib.request.urlopen(f"{base}/search/?q={token}", timeout=30) as reply:
                    found = b">1 result" in reply.read()
            except OSError:  # a slow answer under load: ask again
                pass
            if not found:
                time.sleep(0.05)
        if found:
            samples.append((time.perf_counter() - started) * 1000)
        else:
            missed += 1
    return {"save_to_searchable_ms": summarise(samples), "not_searchable_in_120_s": missed}


def phase_jobs(workdir, options):
    """The background work an import leaves (reading the new articles for visits and
    summits), run to its end as the worker would, timed."""
    import django

    django.setup()
    from archive.jobs import Worker
    from archive.models import EventSuggestion, Job

    queued = Job.objects.count()
    if not options.get("run", True):
        # Not measured: left out of the load test all the same.
        Job.objects.all().delete()
        return {"jobs": queued, "run": False}
    started = time.perf_counter()
    Worker(name="benchmark", drain=False).loop(once=True)
    seconds = time.perf_counter() - started
    articles = sum(len(j.payload.get("ids") or []) for j in Job.objects.filter(kind="find_events"))
    return {
        "jobs": queued,
        "articles_read": articles,
        "seconds": round(seconds, 1),
        "articles_per_s": round(articles / seconds, 1) if seconds and articles else None,
        "event_suggestions": EventSuggestion.objects.count(),
        "peak_mb": round(peak_mb()),
    }


def _search_probe(stop, out):
    """In a child process: searches one after another until ``stop`` is set; their
    latencies (ms) and errors go to ``out``."""
    from django.db import connections
    from django.test import Client

    connections.close_all()
    client, samples, errors = Client(), [], 0
    queries = [{"q": "talks"}, {"q": '"nuclear test"'}, {"q": "missile sanctions"}]
    n = 0
    while not stop.is_set():
        started = time.perf_counter()
        try:
            ok = client.get("/search/", queries[n % len(queries)]).status_code == 200
        except Exception:
            ok = False
        samples.append((time.perf_counter() - started) * 1000)
        errors += 0 if ok else 1
        n += 1
        time.sleep(0.2)
    out.put({"latency_ms": summarise(samples), "errors": errors})


def phase_retag(workdir, options):
    """Re-tagging the whole archive after the gazetteer changed (the five people most
    seen among the discovered names promoted, as a curator would), the index catching up,
    while a search probe runs in another process: time, memory, the documents written
    back, and the index's size after it against its rebuilt size."""
    import multiprocessing

    import django

    django.setup()
    from django.conf import settings
    from django.db import connections

    from archive import indexing
    from archive.curation import promote_candidate
    from archive.database import refresh_statistics
    from archive.models import Article, Candidate, Job
    from archive.tagger import tag_articles

    promoted = []
    for candidate in Candidate.objects.proposed()[:5]:
        promoted.append(promote_candidate(candidate).name)
    # Their own re-tagging jobs are covered by the whole archive's, below.
    Job.objects.filter(kind="retag", status="queued").delete()
    path = settings.HAYSTACK_CONNECTIONS["default"]["PATH"]
    live = os.path.join(path, os.readlink(os.path.join(path, "current")))
    before_mb = folder_mb(live)

    connections.close_all()
    context = multiprocessing.get_context("fork")
    stop, out = context.Event(), context.Queue()
    probe = context.Process(target=_search_probe, args=(stop, out))
    probe.start()
    time.sleep(2)
    started = time.perf_counter()
    with indexing.deferred():
        counts = tag_articles(Article.objects.all())
    refresh_statistics()
    tagged = time.perf_counter()
    drained = indexing.drain_index_queue(blocking=True)
    finished = time.perf_counter()
    stop.set()
    searches = out.get(timeout=120)
    probe.join(timeout=60)
    live = os.path.join(path, os.readlink(os.path.join(path, "current")))
    after_mb = folder_mb(live)
    return {
        "promoted": promoted,
        "articles": counts.articles,
        "mentions_created": counts.created,
        "mentions_changed": counts.changed,
        "mentions_removed": counts.removed,
        "tag_seconds": round(tagged - started, 1),
        "documents_updated": drained.updated,
        "index_seconds": round(finished - tagged, 1),
        "index_docs_per_s": round(drained.updated / (finished - tagged), 1)
        if drained.updated
        else None,
        "seconds": round(finished - started, 1),
        "peak_mb": round(peak_mb()),
        "index_mb_before": before_mb,
        "index_mb_after": after_mb,
        "searches_meanwhile": searches,
    }


PHASES = {
    "jobs": phase_jobs,
    "retag": phase_retag,
    "setup": phase_setup,
    "import": phase_import,
    "index": phase_index,
    "bare_whoosh": phase_bare_whoosh,
    "bare_fts5": phase_bare_fts5,
    "pick": phase_pick,
    "search": phase_search,
    "pages": phase_pages,
    "incremental": phase_incremental,
}


if __name__ == "__main__":
    phase, workdir = sys.argv[1], sys.argv[2]
    options = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}
    result = PHASES[phase](workdir, options)
    print(json.dumps(result))
