"""The Whoosh index on disk and in memory: its generations (``gen-*`` folders, the ``current``
and ``previous`` links), the merge policy of its writers, and the pool of open searchers
each process shares between its threads."""

import contextlib
import os
import shutil
import threading
import time
import uuid

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader
from whoosh.writing import MERGE_SMALL

from archive.search.errors import IndexMissing

CURRENT = "current"
PREVIOUS = "previous"


class Generations:
    """The index's folders: ``gen-*`` generations, the ``current`` symlink to the live one
    and ``previous`` to the one it replaced (kept for readers that still have it open).
    Anything else is an orphan of a rebuild that never finished, removed by the next one:
    what to keep is decided by the links, never guessed from dates."""

    def __init__(self, path):
        self.path = os.path.abspath(path)
        self.link = os.path.join(self.path, CURRENT)
        self.previous_link = os.path.join(self.path, PREVIOUS)

    def current(self):
        """The folder of the live generation; IndexMissing if there is none (never built,
        or deleted while serving)."""
        name = self.current_name()
        folder = os.path.join(self.path, name) if name else None
        if folder is None or not os.path.isdir(folder):
            raise IndexMissing(f"no search index in {self.path}")
        return folder

    def current_name(self):
        return _readlink(self.link)

    def new(self):
        name = f"gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        folder = os.path.join(self.path, name)
        os.makedirs(folder)
        return folder

    def create_empty(self, schema):
        folder = self.new()
        whoosh_index.create_in(folder, schema)
        self.switch(folder)
        return folder

    def switch(self, folder):
        """Point ``current`` at ``folder`` atomically and ``previous`` at the generation it
        replaces; remove every other generation."""
        replaced = self.current_name()
        live = os.path.basename(folder)
        self._point(self.link, live)
        if replaced and replaced != live and os.path.isdir(os.path.join(self.path, replaced)):
            self._point(self.previous_link, replaced)
        self.remove_orphans()

    def remove_orphans(self):
        """Delete the generations that are neither live nor the previous live one."""
        keep = {self.current_name(), _readlink(self.previous_link)}
        for name in os.listdir(self.path):
            if name.startswith("gen-") and name not in keep:
                shutil.rmtree(os.path.join(self.path, name), ignore_errors=True)

    def _point(self, link, name):
        temporary = os.path.join(self.path, f".link-{uuid.uuid4().hex[:8]}")
        os.symlink(name, temporary)
        os.replace(temporary, link)


# A segment is rewritten without its deleted documents once they are this share of it.
DELETED_SHARE_TO_MERGE = 0.3


def merge_policy(writer, segments):
    """Whoosh's policy for small segments, plus: any segment whose deleted documents reach
    DELETED_SHARE_TO_MERGE is merged (rewritten without them). An updated document is
    deleted from its old segment and written to a new one; Whoosh's own policy never merges
    the big segments, so an index updated in place grew to three times its rebuilt size.
    Returns the segments kept as they are."""
    kept = MERGE_SMALL(writer, segments)
    heavy = [
        segment
        for segment in kept
        if segment.doc_count_all()
        and segment.deleted_count() / segment.doc_count_all() >= DELETED_SHARE_TO_MERGE
    ]
    for segment in heavy:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in kept if segment not in heavy]


def _readlink(path):
    try:
        return os.readlink(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


class _Pool:
    """Open indexes and idle searchers, shared by the threads of a process."""

    def __init__(self):
        self.lock = threading.Lock()
        self.indexes = {}  # folder -> whoosh Index
        self.idle = {}  # folder -> [searcher]

    def index(self, folder, schema):
        with self.lock:
            ix = self.indexes.get(folder)
            if ix is None:
                # The generation's own schema where it has the same fields: it holds what
                # was chosen when it was built (the frequent words of its word pairs), for
                # its readers and for the writers adding to it.
                ix = FileStorage(folder).open_index()
                if sorted(ix.schema.names()) != sorted(schema.names()):
                    ix = FileStorage(folder).open_index(schema=schema)
                self.indexes = {folder: ix}  # older generations are dropped
                self.idle = {folder: self.idle.get(folder, [])}
            return ix

    @contextlib.contextmanager
    def searcher(self, folder, schema):
        ix = self.index(folder, schema)
        with self.lock:
            idle = self.idle.setdefault(folder, [])
            searcher = idle.pop() if idle else None
        if searcher is None:
            searcher = ix.searcher()
        elif not searcher.up_to_date():
            searcher = searcher.refresh()
        try:
            yield searcher
        finally:
            with self.lock:
                if folder in self.idle and len(self.idle[folder]) < 8:
                    self.idle[folder].append(searcher)
                else:
                    searcher.close()

    def forget(self):
        with self.lock:
            for searchers in self.idle.values():
                for searcher in searchers:
                    searcher.close()
            self.indexes = {}
            self.idle = {}


POOL = _Pool()
