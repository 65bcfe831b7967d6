"""What any search engine's writer can report, whichever engine it is."""


class IndexMissing(Exception):
    """There is no search index to read or write (never built, or deleted while serving):
    searches say so and a rebuild is queued (archive.indexing.index_missing)."""


class IndexBusy(Exception):
    """The index's write lock could not be had in time; the change stays queued."""
