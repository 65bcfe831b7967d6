"""Finding and reading import files: folders walked lazily, encodings detected, binary and
oversized files refused before they are read whole."""

import codecs
import os
from pathlib import Path

from charset_normalizer import from_bytes

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
SNIFF_BYTES = 64 * 1024


class UnreadableFile(ValueError):
    pass


def iter_files(paths):
    """Every file under ``paths`` (files or folders, recursively), in a stable order, without
    listing whole trees up front. Hidden files and folders are skipped."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        else:
            yield path


def sniff_kind(path, head):
    """'text', 'html' or 'jsonl' from the file name, else from its first bytes."""
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in TEXT_SUFFIXES:
        return "text"
    start = head.lstrip()[:200].lower()
    if start.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head[:4096].lower():
        return "html"
    if start.startswith(b"{"):
        return "jsonl"
    return "text"


def looks_binary(head):
    if not head:
        return False
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    # Mostly control bytes (not tab, newline, carriage return, form feed) means binary.
    controls = sum(1 for b in head[:4096] if b < 32 and b not in (9, 10, 12, 13))
    return controls > 0.1 * min(len(head), 4096)


def read_head(path):
    with open(path, "rb") as handle:
        return handle.read(SNIFF_BYTES)


def decode(data):
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, else the encoding
    charset-normalizer finds, else Latin-1 with a note (it never fails)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:SNIFF_BYTES]).best()
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode("cp1252", errors="replace"), "cp1252"


def read_article_file(path, max_bytes):
    """The decoded text of a single-article file, or UnreadableFile with the reason."""
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile("the file is empty")
    if size > max_bytes:
        raise UnreadableFile(
            f"the file is {size / 1e6:.1f} MB, more than one article can be "
            f"({max_bytes / 1e6:.0f} MB); split it or use JSON lines"
        )
    with open(path, "rb") as handle:
        data = handle.read()
    if looks_binary(data[:SNIFF_BYTES]):
        raise UnreadableFile("the file is binary, not text or HTML")
    text, encoding = decode(data)
    if not text.strip():
        raise UnreadableFile("the file holds only white space")
    return text, encoding


def iter_lines(path, max_line_bytes):
    """(line number, text or None, problem) for each line of a JSON-lines file, streamed.

    A line longer than ``max_line_bytes`` is skipped unread (problem set); a line that is not
    UTF-8 is decoded by detection.
    """
    with open(path, "rb") as handle:
        number = 0
        while True:
            raw = handle.readline(max_line_bytes + 1)
            if not raw:
                return
            number += 1
            if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
                # Skip the rest of the oversized line without holding it.
                while raw and not raw.endswith(b"\n"):
                    raw = handle.readline(1024 * 1024)
                yield number, None, f"the line is longer than {max_line_bytes // 1_000_000} MB"
                continue
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[3:]
            if not raw.strip():
                continue
            if b"\x00" in raw:
                yield number, None, "the line holds binary data"
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text, _encoding = decode(raw)
            yield number, text, None
