"""Worker processes beside the one that writes: the importer's and the re-tagger's readers
(archive.ingest.importer, archive.tagger) and the index's writers for a large batch
(archive.search.writing). One rule for how many, one way to start them."""

import multiprocessing

from django.conf import settings

# What the workers of the pool last started work with (a gazetteer, a default source):
# set just before they are forked, which gives it to them without pickling it.
STATE = {}


def worker_processes():
    """ARCHIVE_IMPORT_WORKERS (one per core by default, at most four; a negative value is
    none); none in a daemonic process (a parallel test runner's), which may not start any."""
    if multiprocessing.current_process().daemon:
        return 0
    return max(0, settings.ARCHIVE_IMPORT_WORKERS)


def forked_pool(workers, **state):
    """A pool of ``workers`` processes forked from this one, with ``state`` in STATE."""
    STATE.clear()
    STATE.update(state)
    return multiprocessing.get_context("fork").Pool(workers)
