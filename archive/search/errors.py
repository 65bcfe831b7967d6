"""What any search engine's writer can report, whichever engine it is."""


class IndexBusy(Exception):
    """The index's write lock could not be had in time; the change stays queued."""
