"""Running the tagger over stored articles: the gazetteer loaded from the database, one
article or many, the findings written through ``Mention.objects.sync`` (which never
touches a curator's decision).

The one loop that re-tags articles is ``tag_articles``: the ``tag_articles`` command, the
re-tagging after a curator adds a name, and the jobs all go through it.
"""

import hashlib
from dataclasses import dataclass

from archive import candidates, parallel, periods
from archive.database import retry_when_locked
from archive.models import Alias, Article, Mention, OfficeHolding, Person
from archive.tagging import Gazetteer
from archive.tagging.discovery import discover


def load_gazetteer():
    """Every person, alias and office in the database, compiled for the tagger."""
    people = Person.objects.all()
    return Gazetteer(people.gazetteer_entries(), people.gazetteer_offices())


def article_when(published, precision):
    """An article's date as the tagger takes it: (first day, last day, known to the day),
    or None when unknown (archive.periods)."""
    first, last = periods.period(published, precision)
    return (first, last, precision == "day") if first else None


def gazetteer_fingerprint():
    """A digest of every name the tagger knows (people, short names, aliases and kinds), so a
    long import notices a renamed alias as well as a new one."""
    digest = hashlib.sha1(usedforsecurity=False)
    for row in Person.objects.order_by("id").values_list(
        "id", "name", "short_name", "is_leader", "forms"
    ):
        digest.update(repr(row).encode("utf-8"))
    for row in Alias.objects.order_by("id").values_list("id", "person_id", "name", "kind"):
        digest.update(repr(row).encode("utf-8"))
    for row in OfficeHolding.objects.order_by("id").values_list(
        "id", "person_id", "kind", "country", "org", "start", "end", "acting"
    ):
        digest.update(repr(row).encode("utf-8"))
    return digest.hexdigest()


def tag_article(article, gazetteer, segments=None, *, fresh=False, enqueue=True):
    """Tag one article from its text (or from ``segments`` the caller already has); see
    ``Mention.objects.sync`` for ``fresh`` and ``enqueue``. Returns (created, changed,
    removed)."""
    return write_tags(article, read_article(article, gazetteer, segments), fresh, enqueue)


def read_article(article, gazetteer, segments=None):
    """What the tagger finds in an article (no database access): (findings, sightings)."""
    when = article_when(article.published, article.date_precision)
    segments = segments or article.tagging_segments()
    return gazetteer.find_mentions(segments, when), discover(segments, gazetteer.known)


def write_tags(article, found, fresh=False, enqueue=True):
    findings, sightings = found
    counts = Mention.objects.sync(article, findings, fresh=fresh, enqueue=enqueue)
    outlet = article.source.name if article.source_id else ""
    candidates.record(article, sightings, outlet)
    return counts


# Re-tagging many articles: worker processes read the next chunk while this one writes
# (reading is most of an article's cost and needs no database).


def _read_in_worker(article):
    return read_article(article, parallel.STATE["gazetteer"])


@dataclass
class TagCounts:
    articles: int = 0
    created: int = 0
    changed: int = 0
    removed: int = 0

    @property
    def changes(self):
        return self.created + self.changed + self.removed


def tag_articles(articles, gazetteer=None, progress=None, chunk_size=200):
    """Re-tag ``articles`` (a queryset, or a list of ids), each in its own transaction.
    ``progress(counts)`` is called after each article.

    The ids are read first and the articles a chunk at a time, so that no read stays open
    while mentions are written (in SQLite, a write from a connection whose read began before
    another process's commit fails at once with "database is locked"). A write that finds
    the database locked is tried again (archive.database.retry_when_locked)."""
    gazetteer = gazetteer or load_gazetteer()
    if hasattr(articles, "values_list"):
        ids = list(articles.order_by("id").values_list("id", flat=True))
    else:
        ids = sorted(set(articles))
    counts = TagCounts()
    workers = parallel.worker_processes()
    pool = None
    if workers and len(ids) >= 4 * chunk_size:
        pool = parallel.forked_pool(workers, gazetteer=gazetteer)

    def chunk(start):
        articles = list(
            Article.objects.filter(id__in=ids[start : start + chunk_size])
            .select_related("source")
            .order_by("id")
        )
        if pool is None:
            return articles, None
        return articles, pool.map_async(_read_in_worker, articles, chunksize=20)

    try:
        following = chunk(0) if ids else None
        for start in range(0, len(ids), chunk_size):
            articles, reading = following
            following = chunk(start + chunk_size) if start + chunk_size < len(ids) else None
            found = reading.get() if reading is not None else [None] * len(articles)
            for article, read in zip(articles, found, strict=True):
                read = read if read is not None else read_article(article, gazetteer)
                created, changed, removed = retry_when_locked(
                    lambda article=article, read=read: write_tags(article, read),
                    what=f"tagging article {article.pk}",
                )
                counts.articles += 1
                counts.created += created
                counts.changed += changed
                counts.removed += removed
                if progress:
                    progress(counts)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    return counts
