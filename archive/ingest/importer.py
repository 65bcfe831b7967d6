"""Importing files and folders of articles: text, HTML and JSON lines.

Reading, parsing, sanitizing and finding the people named happen outside any transaction;
prepared articles are then written together in a short transaction (about a second's worth,
at most BATCH_ARTICLES), each in a savepoint of its own: a failure is recorded with its
reason (file, and line for JSON lines), leaves nothing of that article and never stops the
rest. No write lock is ever held while a file is read or an article parsed.
"""

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from archive import indexing, languages, parallel
from archive.database import is_locked, refresh_statistics, retry_when_locked
from archive.ingest.files import (
    UnreadableFile,
    head_text,
    iter_files,
    iter_lines,
    looks_binary,
    read_article_file,
    read_head,
    sniff_kind,
)
from archive.ingest.html import NoArticleFound, parse_html
from archive.ingest.jsonl import BadRecord, holds_articles, parse_line
from archive.ingest.store import InvalidArticle, prepare_article, store_prepared
from archive.ingest.text import parse_text
from archive.models import Job
from archive.outlets import OutletDirectory
from archive.tagger import gazetteer_fingerprint, load_gazetteer

log = logging.getLogger("archive.ingest")

BATCH_ARTICLES = 200
BATCH_SECONDS = 1.0

# How often (in articles) a long import checks whether people or aliases changed.
GAZETTEER_CHECK_EVERY = 1000

# JSON lines files from this size up are prepared (parsed, cleaned, tagged, signed) by
# worker processes while this one writes: preparing is most of an article's cost and needs
# no database. Lines go to the workers a window at a time, so memory stays bounded.
WINDOW_LINES = 400


def prepare_line(item, gazetteer, default_source=""):
    """(where, line) -> ("ok", where, PreparedArticle) or ("failed", where, reason). Never
    raises: a failure is the line's, recorded by the importer."""
    where, line = item
    try:
        parsed = parse_line(line, origin=where)
        if not parsed.blocks:
            raise InvalidArticle("no article text found")
        if default_source and not parsed.source_stated:
            parsed.source_name = default_source
        return ("ok", where, prepare_article(parsed, gazetteer, where))
    except (BadRecord, InvalidArticle) as exc:
        return ("failed", where, str(exc))
    except Exception as exc:
        log.exception("Unexpected error importing %s", where)
        return ("failed", where, f"unexpected error: {exc!r}")


def _prepare_in_worker(item):
    return prepare_line(item, parallel.STATE["gazetteer"], parallel.STATE["default_source"])


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    duplicates: int = 0
    failed: list = field(default_factory=list)  # (where, reason)
    notes: list = field(default_factory=list)  # (where, note): stored, with a caveat
    files: int = 0
    seconds: float = 0.0
    created_ids: list = field(default_factory=list)
    workers: int = 0  # processes that prepared articles beside the writer (0: none)

    @property
    def articles(self):
        return self.created + self.updated + self.duplicates + len(self.failed)

    def count(self, outcome, where):
        if outcome.kind == "created":
            self.created += 1
        elif outcome.kind == "updated":
            self.updated += 1
        else:
            self.duplicates += 1
        if outcome.article_id and outcome.kind == "created":
            self.created_ids.append(outcome.article_id)
        self.notes.extend((where, note) for note in outcome.notes)


def scan(paths):
    """(file count, total bytes) under ``paths``, for the progress bar."""
    files = size = 0
    for path in iter_files(paths):
        try:
            size += path.stat().st_size
            files += 1
        except OSError:
            files += 1
    return files, size


class Importer:
    def __init__(self, *, dry_run=False, on_progress=None, source="", workers=None):
        """``on_progress(bytes_done, summary)`` is called as files and lines are read;
        ``source``: the publisher of the articles whose copy names none (an agency credit
        in the copy is its origin, not its publisher); ``workers``: processes preparing
        large JSON lines files (archive.parallel.worker_processes() by default, 0 for none)."""
        self.dry_run = dry_run
        self.workers = parallel.worker_processes() if workers is None else workers
        self.on_progress = on_progress or (lambda done, summary: None)
        self.summary = ImportSummary()
        self.bytes_done = 0
        self.gazetteer = load_gazetteer()
        self.fingerprint = gazetteer_fingerprint()
        self.max_article_bytes = settings.ARCHIVE_MAX_ARTICLE_BYTES
        self.max_line_bytes = settings.ARCHIVE_MAX_LINE_BYTES
        self.directory = OutletDirectory.from_db()
        self.default_source = source
        self.pending = []  # prepared articles waiting to be written
        self.pending_since = 0.0
        self.seen = 0

    def run(self, paths):
        started = time.monotonic()
        for path in iter_files(paths, on_problem=self._problem):
            self.summary.files += 1
            self.import_file(Path(path))
        self._flush()
        if not self.dry_run and (self.summary.created or self.summary.updated):
            refresh_statistics()
        if not self.dry_run and self.summary.created_ids:
            # Reading the new articles for visits and summits is durable background work.
            Job.objects.enqueue("find_events", {"ids": self.summary.created_ids})
            indexing.rebuild_if_words_stale()
        self.summary.seconds = time.monotonic() - started
        return self.summary

    def _problem(self, where, reason, failed):
        (self.summary.failed if failed else self.summary.notes).append((where, reason))

    def import_file(self, path):
        where = str(path)
        try:
            size = path.stat().st_size
        except OSError as exc:
            self.summary.failed.append((where, f"cannot read the file ({exc.strerror})"))
            return
        try:
            head = read_head(path)
            if not head:
                raise UnreadableFile("the file is empty")
            kind = sniff_kind(path, head_text(head))
            if looks_binary(head, lines=kind == "jsonl"):
                raise UnreadableFile("the file is binary, not text, HTML or JSON lines")
            if kind == "jsonl":
                self._import_lines(path)
            else:
                text, _encoding = read_article_file(path, self.max_article_bytes)
                parse = parse_html if kind == "html" else parse_text
                self._add(parse(text, origin=where), where)
        except (UnreadableFile, NoArticleFound, InvalidArticle, BadRecord) as exc:
            self.summary.failed.append((where, str(exc)))
        except OSError as exc:
            self.summary.failed.append((where, f"cannot read the file ({exc.strerror or exc})"))
        except Exception as exc:
            # A bug must not cost the rest of the import: record it and go on.
            log.exception("Unexpected error importing %s", where)
            self.summary.failed.append((where, f"unexpected error: {exc!r}"))
        self.bytes_done += size
        self.on_progress(self.bytes_done, self.summary)

    def _import_lines(self, path):
        lines = self._lines(path)
        if self.workers and path.stat().st_size >= settings.ARCHIVE_IMPORT_PARALLEL_FROM_BYTES:
            self._prepare_in_workers(lines)
            return
        for item in lines:
            if item is not None:
                self._refresh_gazetteer()
                self._take([prepare_line(item, self.gazetteer, self.default_source)])

    def _lines(self, path):
        """(where, line) of each line to import, progress reported as they are read; a line
        that cannot be read is recorded as failed (and yields None)."""
        start_bytes = self.bytes_done
        consumed = 0
        first = True
        for number, line, problem in iter_lines(path, self.max_line_bytes):
            where = f"{path}:{number}"
            consumed += len(line.encode("utf-8")) if line else 0
            if first and not problem and not holds_articles(line):
                self.summary.notes.append(
                    (
                        str(path),
                        "skipped: not JSON lines of articles (its first line is no article)",
                    )
                )
                return
            first = False
            if number % 50 == 0:
                self.on_progress(start_bytes + consumed, self.summary)
            if problem:
                self.summary.failed.append((where, problem))
                yield None
                continue
            yield where, line

    def _prepare_in_workers(self, lines):
        """Workers prepare the next window of lines while this process writes the last
        one's articles, in file order (story grouping depends on it)."""
        window, running = [], None
        pool = self._pool()
        self.summary.workers = self.workers
        try:
            for item in lines:
                if item is not None:
                    window.append(item)
                if len(window) >= WINDOW_LINES:
                    running = self._hand_over(pool, running, window)
                    window = []
                    if self._gazetteer_changed():
                        self._take(running.get())
                        running = None
                        pool.terminate()
                        pool = self._pool()
            running = self._hand_over(pool, running, window)
            self._take(running.get())
        finally:
            pool.terminate()
            pool.join()

    def _pool(self):
        # Forked, so they start with this process's gazetteer and language models loaded
        # (warmed here first, shared rather than loaded again in each).
        languages.warm()
        return parallel.forked_pool(
            self.workers, gazetteer=self.gazetteer, default_source=self.default_source
        )

    def _hand_over(self, pool, running, window):
        started = pool.map_async(_prepare_in_worker, window, chunksize=20)
        if running is not None:
            self._take(running.get())
        return started

    def _take(self, results):
        for kind, where, value in results:
            self.seen += 1
            if kind == "ok":
                self._queue(value)
            else:
                self.summary.failed.append((where, value))

    def _gazetteer_changed(self):
        fingerprint = gazetteer_fingerprint()
        if fingerprint == self.fingerprint:
            return False
        self.gazetteer = load_gazetteer()
        self.fingerprint = fingerprint
        return True

    def _add(self, parsed, where):
        """Prepare an article (no transaction open) and queue it for the next write."""
        if not parsed.blocks:
            raise InvalidArticle("no article text found")
        self._refresh_gazetteer()
        self.seen += 1
        if self.default_source and not parsed.source_stated:
            parsed.source_name = self.default_source
        self._queue(prepare_article(parsed, self.gazetteer, where))

    def _queue(self, prepared):
        if not self.pending:
            self.pending_since = time.monotonic()
        self.pending.append(prepared)
        if (
            len(self.pending) >= BATCH_ARTICLES
            or time.monotonic() - self.pending_since >= BATCH_SECONDS
        ):
            self._flush()

    def _flush(self):
        """Write the prepared articles in one short transaction, a savepoint each."""
        batch, self.pending = self.pending, []
        if not batch:
            return
        try:
            outcomes = retry_when_locked(
                lambda: self._write(batch), what=f"storing {len(batch)} article(s)"
            )
        except BaseException:
            self.directory.rolled_back()
            raise
        self.directory.committed()
        # Counted once committed: an interrupted batch counts nothing it did not keep.
        for where, outcome, reason in outcomes:
            if outcome is None:
                self.summary.failed.append((where, reason))
            else:
                self.summary.count(outcome, where)

    def _write(self, batch):
        outcomes = []
        self.directory.rolled_back()  # a retried batch makes its sources again
        with transaction.atomic():
            for prepared in batch:
                try:
                    with transaction.atomic():
                        outcome = store_prepared(
                            prepared, dry_run=self.dry_run, directory=self.directory
                        )
                except InvalidArticle as exc:
                    outcomes.append((prepared.where, None, str(exc)))
                except Exception as exc:
                    if is_locked(exc):
                        raise  # the whole batch is tried again
                    log.exception("Unexpected error storing %s", prepared.where)
                    outcomes.append((prepared.where, None, f"unexpected error: {exc!r}"))
                else:
                    outcomes.append((prepared.where, outcome, None))
        return outcomes

    def _refresh_gazetteer(self):
        if self.seen and self.seen % GAZETTEER_CHECK_EVERY == 0:
            self._gazetteer_changed()
