"""Database upkeep that the ORM does not do by itself: planner statistics, and retrying a
write that found the database locked by another process."""

import logging
import time

from django.db import OperationalError, connections

log = logging.getLogger("archive.database")


def refresh_statistics(using="default"):
    """Table statistics for the query planner (ANALYZE), after bulk writes.

    Without them SQLite answers "the visible mentions of these 20 articles" through the
    index on the mention's status (four values) and reads every mention: 100 ms at
    100,000 articles, against 0.6 ms through the article index once it knows better.
    A quarter of a second at that size."""
    connection = connections[using]
    if connection.vendor in ("sqlite", "postgresql"):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class DatabaseBusy(Exception):
    """The database stayed locked by another writer through every retry."""


def is_locked(exc):
    """Whether an OperationalError says the database is locked or busy (SQLite's answer
    when another process holds the write lock past the timeout)."""
    text = str(exc).lower()
    return isinstance(exc, OperationalError) and ("locked" in text or "busy" in text)


def retry_when_locked(work, *, attempts=4, wait=2.0, what="the write"):
    """Run ``work()`` (a whole transaction), again after a pause if another writer held the
    database past its timeout; DatabaseBusy with a clear message when it never frees up."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except OperationalError as exc:
            if not is_locked(exc):
                raise
            if attempt == attempts:
                raise DatabaseBusy(
                    f"The database stayed locked by another writer; {what} was tried "
                    f"{attempts} times and nothing of it was stored. Run it again later."
                ) from exc
            log.warning("The database is locked (%s); trying %s again", exc, what)
            time.sleep(wait * attempt)
    return None
