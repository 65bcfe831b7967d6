"""Importing files and folders of articles: text, HTML and JSON lines.

Each article is stored in its own transaction; a failure is recorded with its reason (file,
and line for JSON lines) and never stops the rest.
"""

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from archive.database import refresh_statistics
from archive.ingest.files import (
    UnreadableFile,
    iter_files,
    iter_lines,
    looks_binary,
    read_article_file,
    read_head,
    sniff_kind,
)
from archive.ingest.html import NoArticleFound, parse_html
from archive.ingest.jsonl import BadRecord, parse_line
from archive.ingest.store import InvalidArticle, store_article
from archive.ingest.text import parse_text
from archive.tagger import gazetteer_fingerprint, load_gazetteer

log = logging.getLogger("archive.ingest")

BATCH_ARTICLES = 200
BATCH_SECONDS = 1.0

# How often (in articles) a long import checks whether people or aliases changed.
GAZETTEER_CHECK_EVERY = 1000


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
    def __init__(self, *, dry_run=False, on_progress=None):
        """``on_progress(bytes_done, summary)`` is called as files and lines are read."""
        self.dry_run = dry_run
        self.on_progress = on_progress or (lambda done, summary: None)
        self.summary = ImportSummary()
        self.bytes_done = 0
        self.gazetteer = load_gazetteer()
        self.fingerprint = gazetteer_fingerprint()
        self.max_article_bytes = settings.ARCHIVE_MAX_ARTICLE_BYTES
        self.max_line_bytes = settings.ARCHIVE_MAX_LINE_BYTES
        self.sources = {}
        self._batch = None

    def run(self, paths):
        started = time.monotonic()
        try:
            for path in iter_files(paths):
                self.summary.files += 1
                self.import_file(Path(path))
        except BaseException:
            self._end_batch(failed=True)
            raise
        self._end_batch()
        if not self.dry_run and (self.summary.created or self.summary.updated):
            refresh_statistics()
        self.summary.seconds = time.monotonic() - started
        return self.summary

    # Each article is stored atomically (a savepoint: a failure leaves nothing of it), and
    # articles are committed together about once a second, which saves a commit per article.
    def _begin_batch(self):
        if self._batch is None:
            self._batch = transaction.atomic()
            self._batch.__enter__()
            self._batch_started = time.monotonic()
            self._batch_articles = 0

    def _end_batch(self, failed=False):
        batch, self._batch = self._batch, None
        if batch is not None:
            if failed:
                batch.__exit__(RuntimeError, RuntimeError("import interrupted"), None)
            else:
                batch.__exit__(None, None, None)

    def _batch_step(self):
        self._batch_articles += 1
        if (
            self._batch_articles >= BATCH_ARTICLES
            or time.monotonic() - self._batch_started >= BATCH_SECONDS
        ):
            self._end_batch()

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
            if looks_binary(head):
                raise UnreadableFile("the file is binary, not text, HTML or JSON lines")
            kind = sniff_kind(path, head)
            if kind == "jsonl":
                self._import_lines(path)
            else:
                text, _encoding = read_article_file(path, self.max_article_bytes)
                parse = parse_html if kind == "html" else parse_text
                self._store(parse(text, origin=where), where)
        except (UnreadableFile, NoArticleFound, InvalidArticle, BadRecord) as exc:
            self.summary.failed.append((where, str(exc)))
        except OSError as exc:
            self.summary.failed.append((where, f"cannot read the file ({exc.strerror or exc})"))
        except Exception as exc:
            # A bug must not cost the rest of the import: the article's transaction has
            # rolled back; record it and go on.
            log.exception("Unexpected error importing %s", where)
            self.summary.failed.append((where, f"unexpected error: {exc!r}"))
        self.bytes_done += size
        self.on_progress(self.bytes_done, self.summary)

    def _import_lines(self, path):
        start_bytes = self.bytes_done
        consumed = 0
        for number, line, problem in iter_lines(path, self.max_line_bytes):
            where = f"{path}:{number}"
            consumed += len(line.encode("utf-8")) if line else 0
            if problem:
                self.summary.failed.append((where, problem))
                continue
            try:
                self._store(parse_line(line, origin=where), where)
            except (BadRecord, InvalidArticle) as exc:
                self.summary.failed.append((where, str(exc)))
            except Exception as exc:
                log.exception("Unexpected error importing %s", where)
                self.summary.failed.append((where, f"unexpected error: {exc!r}"))
            if number % 50 == 0:
                self.on_progress(start_bytes + consumed, self.summary)

    def _store(self, parsed, where):
        if not parsed.blocks:
            raise InvalidArticle("no article text found")
        self._refresh_gazetteer()
        self._begin_batch()
        try:
            outcome = store_article(
                parsed, self.gazetteer, dry_run=self.dry_run, sources=self.sources
            )
        finally:
            self._batch_step()
        self.summary.count(outcome, where)

    def _refresh_gazetteer(self):
        if self.summary.articles and self.summary.articles % GAZETTEER_CHECK_EVERY == 0:
            fingerprint = gazetteer_fingerprint()
            if fingerprint != self.fingerprint:
                self.gazetteer = load_gazetteer()
                self.fingerprint = fingerprint
