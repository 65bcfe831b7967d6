"""Finding and reading import files: folders walked lazily (an unreadable folder is reported,
not skipped in silence), only regular files read (a FIFO or a device would block or never
end), encodings detected, binary and oversized files refused before they are read whole,
every read bounded."""

import codecs
import os
import re
import stat
from pathlib import Path

import ftfy
from charset_normalizer import from_bytes

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
# Files a folder of articles often holds beside them that are no articles: skipped with a
# note when met in a folder (named on the command line, they fail as not readable).
NOT_ARTICLE_SUFFIXES = {
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".ico", ".bmp", ".tif", ".tiff",
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods",
    ".zip", ".gz", ".bz2", ".xz", ".7z", ".tar", ".rar",
    ".css", ".js", ".map", ".woff", ".woff2", ".ttf", ".otf",
    ".mp3", ".mp4", ".m4a", ".wav", ".avi", ".mov", ".webm",
    ".py", ".pyc", ".exe", ".dll", ".so", ".db", ".sqlite", ".sqlite3", ".csv", ".tsv",
}  # fmt: skip
SNIFF_BYTES = 64 * 1024
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class UnreadableFile(ValueError):
    pass


def iter_files(paths, on_problem=None):
    """Every regular file under ``paths`` (files or folders, recursively), in a stable order,
    without listing whole trees up front. Hidden files and folders are skipped.
    ``on_problem(where, reason, failed)`` hears of what is not read: a folder that cannot be
    listed (a failure), something that is not a regular file (a note)."""
    report = on_problem or (lambda where, reason, failed: None)
    for path in paths:
        path = Path(path)
        if path.is_dir():

            def unreadable(error, top=path):
                reason = error.strerror or str(error)
                report(str(error.filename or top), f"cannot read the folder ({reason})", True)

            for root, dirs, files in os.walk(path, onerror=unreadable):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    if Path(name).suffix.lower() in NOT_ARTICLE_SUFFIXES:
                        kind = Path(name).suffix.lower()
                        report(
                            str(Path(root) / name), f"skipped: a {kind} file, not an article", False
                        )
                        continue
                    yield from _regular(Path(root) / name, report)
        else:
            yield from _regular(path, report)


def _regular(path, report):
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        report(str(path), f"cannot read the file ({exc.strerror or exc})", True)
        return
    if stat.S_ISREG(mode):
        yield path
    else:
        kind = (
            "a FIFO"
            if stat.S_ISFIFO(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "not a regular file"
        )
        report(str(path), f"skipped: {kind}, not a regular file", False)


def sniff_kind(path, head_text):
    """'text', 'html' or 'jsonl' from the file name, else from its first characters."""
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in TEXT_SUFFIXES:
        return "text"
    start = head_text.lstrip()[:200].lower()
    if (
        start.startswith(("<!doctype html", "<html", "<?xml"))
        or "<body" in head_text[:4096].lower()
    ):
        return "html"
    if start.startswith("{"):
        return "jsonl"
    return "text"


def head_text(head):
    """The first bytes of a file as text, for sniffing (UTF-16 decoded)."""
    even = head[: len(head) - len(head) % 2]
    if head.startswith(_UTF16_BOMS):
        return even.decode("utf-16", errors="replace")
    utf16 = utf16_without_bom(head)
    if utf16:
        return even.decode(utf16, errors="replace")
    return head.decode("utf-8", errors="replace")


def looks_binary(head, lines=False):
    """Whether a file's first bytes are binary rather than text. UTF-16 with a BOM is text.
    ``lines``: the file is judged line by line later (JSON lines), so one stray NUL byte
    is not enough; mostly control bytes still is."""
    if not head:
        return False
    if head.startswith(_UTF16_BOMS) or utf16_without_bom(head):
        text = head_text(head)
        return _mostly_controls([ord(ch) for ch in text[:4096]])
    if b"\x00" in head and not lines:
        return True
    return _mostly_controls(head[:4096])


def _mostly_controls(codes):
    # Mostly control bytes (not tab, newline, carriage return, form feed) means binary.
    controls = sum(1 for b in codes if b < 32 and b not in (9, 10, 12, 13))
    return controls > 0.1 * max(1, len(codes))


def read_head(path):
    with open(path, "rb") as handle:
        return handle.read(SNIFF_BYTES)


# Share of bytes above 0x7F from which a file that is not UTF-8 may be in a multi-byte or
# non-Latin encoding (CJK text is nearly all such bytes; French or German has a few in a
# hundred): below it the text is Western European, read as Windows-1252, never guessed.
NON_LATIN_SHARE = 0.3


def utf16_without_bom(data):
    """ "utf-16-le" or "utf-16-be" when bytes without a BOM read as UTF-16 (every other byte
    NUL in mostly ASCII text), else None."""
    sample = data[: SNIFF_BYTES - SNIFF_BYTES % 2]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


# UTF-8 read as Windows-1252 leaves a lead letter (Â-ô) followed by a character Windows-1252
# puts in 0x80-0xBF ("Kimâ€™s", "PyÅ\x8fngyang"): only text holding such a pair is given to
# ftfy, whose full check costs half a millisecond an article.
_MOJIBAKE_HINT_RE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122]"
)


def repair_mojibake(text):
    """``text`` with mojibake repaired (ftfy), untouched when it shows none."""
    return ftfy.fix_encoding(text) if _MOJIBAKE_HINT_RE.search(text) else text


def decode(data):
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 (with a BOM, or without one when
    its NUL bytes say so); else Windows-1252 for text whose few non-ASCII bytes are
    accented letters ("délégation"), and the encoding charset-normalizer finds only for
    text that is mostly non-ASCII bytes (Shift-JIS, GB18030, Windows-1251...). Mojibake
    (UTF-8 read as Windows-1252 before it reached us) is repaired. Never fails."""
    if data.startswith(codecs.BOM_UTF8):
        text, encoding = data[3:].decode("utf-8", errors="replace"), "utf-8"
    elif data.startswith(_UTF16_BOMS):
        text, encoding = data.decode("utf-16", errors="replace"), "utf-16"
    elif utf16 := utf16_without_bom(data):
        text, encoding = data.decode(utf16, errors="replace"), utf16
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _decode_legacy(data)
    return repair_mojibake(text), encoding


def _decode_legacy(data):
    sample = data[:SNIFF_BYTES]
    high = sum(1 for byte in sample if byte > 0x7F)
    if high > NON_LATIN_SHARE * len(sample):
        best = from_bytes(sample).best()
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
        data = handle.read(max_bytes + 1)  # bounded, even if the file grew since
    if len(data) > max_bytes:
        raise UnreadableFile("the file grew past the size one article can be while it was read")
    if looks_binary(data[:SNIFF_BYTES]):
        raise UnreadableFile("the file is binary, not text or HTML")
    text, encoding = decode(data)
    if not text.strip():
        raise UnreadableFile("the file holds only white space")
    return text, encoding


def iter_lines(path, max_line_bytes):
    """(line number, text or None, problem) for each line of a JSON-lines file, streamed.

    A line longer than ``max_line_bytes`` is skipped unread (problem set); a line with a NUL
    byte is reported on its own; a line that is not UTF-8 is decoded by detection; a file
    in UTF-16 with a BOM is read as such. A last line without its line break that is not a
    whole JSON object is reported as the file ending mid-line (truncated), never dropped.
    """
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
        utf16 = "utf-16" if head[:2] in _UTF16_BOMS else utf16_without_bom(head)
        handle.seek(0)
        lines = (
            _utf16_lines(handle, max_line_bytes, utf16)
            if utf16
            else _byte_lines(handle, max_line_bytes)
        )
        for number, text, problem, ended in lines:
            if problem:
                yield number, None, problem
            elif not ended and not text.rstrip().endswith("}"):
                yield number, None, "the file ends in the middle of this line (truncated?)"
            else:
                yield number, text, None


def _byte_lines(handle, max_line_bytes):
    """(number, text, problem, ended with a line break) of a file in UTF-8 or another byte
    encoding."""
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
            yield number, None, f"the line is longer than {max_line_bytes // 1_000_000} MB", True
            continue
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[3:]
        if not raw.strip():
            continue
        if b"\x00" in raw:
            yield number, None, "the line holds binary data (a NUL byte)", True
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text, _encoding = decode(raw)
        yield number, text, None, raw.endswith(b"\n")


def _utf16_lines(handle, max_line_bytes, encoding="utf-16"):
    reader = codecs.getreader(encoding)(handle, errors="replace")
    number = 0
    while True:
        line = reader.readline(max_line_bytes // 2 + 1, keepends=True)
        if not line:
            return
        number += 1
        if len(line) * 2 > max_line_bytes and not line.endswith("\n"):
            while line and not line.endswith("\n"):
                line = reader.readline(512 * 1024, keepends=True)
            yield number, None, f"the line is longer than {max_line_bytes // 1_000_000} MB", True
            continue
        if not line.strip():
            continue
        if "\x00" in line:
            yield number, None, "the line holds binary data (a NUL byte)", True
            continue
        yield number, line.lstrip("\ufeff"), None, line.endswith("\n")
