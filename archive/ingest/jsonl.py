"""JSON lines: one article a line.

Fields: ``title``, ``body`` (text or HTML), ``source`` (name), optional ``url``,
``published`` (ISO 8601 date or datetime), ``authors`` (list of names), ``language``.
"""

import json
import re

import lxml.html
from lxml import etree

from archive.ingest import cleaning
from archive.ingest.dates import UNKNOWN, parse_date_text, parse_iso_date
from archive.ingest.document import Block, ParsedArticle
from archive.ingest.files import repair_mojibake
from archive.sanitize import html_to_text, sanitize_body

# A body is HTML when it holds a paragraph-level tag or a closing tag of one: "<B and R
# International Inc.>" and "<RTRS.L>" (the wire's company and ticker brackets) are text.
_HTML_HINT_RE = re.compile(
    r"</(?i:p|div|h[1-6]|ul|ol|li|blockquote|em|strong|a|b|i|span)\s*>"
    # Opening tags in lower case only: "Phillips Petroleum <P>" is a ticker.
    r"|<(?:p|div|br|h[1-6]|ul|ol|li|blockquote)(?:\s+[\w-]+=(?:\"[^\"]*\"|'[^']*'))*\s*/?>"
)
_URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


class BadRecord(ValueError):
    pass


ARTICLE_KEYS = frozenset({"title", "body", "headline", "text", "url", "published", "source"})


def holds_articles(first_line):
    """Whether a file whose first line is ``first_line`` is JSON lines of articles: that line
    is a JSON object with an article's fields, or at least starts like one (a broken article
    line is still reported as one). A JSON document spread over lines ("[" or "{" alone on
    the first), a list, or an object of other data (a package.json) is not."""
    text = (first_line or "").strip()
    if not text.startswith("{") or text == "{":
        return False
    try:
        record = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return any(f'"{key}"' in text for key in ARTICLE_KEYS)
    return isinstance(record, dict) and bool(ARTICLE_KEYS & set(record))


def parse_line(line, origin=""):
    """Parse one JSON line into a ParsedArticle. Raises BadRecord with the reason."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadRecord(f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
    except RecursionError as exc:
        raise BadRecord("JSON nested too deeply") from exc
    return parse_record(record, origin)


def parse_record(record, origin=""):
    if not isinstance(record, dict):
        raise BadRecord(f"expected a JSON object, got {type(record).__name__}")
    title = repair_mojibake(_text_field(record, "title"))
    body = record.get("body")
    if not isinstance(body, str) or not body.strip():
        raise BadRecord("the record has no body")
    body = repair_mojibake(body)  # "Kimâ€™s": UTF-8 once read as Windows-1252 upstream
    if not title:
        raise BadRecord("the record has no title")

    article = ParsedArticle(origin=origin)
    article.title = " ".join(title.split())[:500]
    cleaned = cleaning.clean_body(_body_entries(body), find_standfirst=False)
    if not cleaned.blocks:
        raise BadRecord("the body holds no text once boilerplate is removed")
    article.blocks = cleaned.blocks
    article.dateline = cleaned.dateline
    article.agencies = cleaned.agencies
    article.standfirst = " ".join(_text_field(record, "standfirst").split())

    source = _text_field(record, "source")
    article.source_name = source or cleaned.source_name
    article.source_stated = bool(source)
    article.section = _text_field(record, "section")[:40].lower()
    url = _text_field(record, "url")
    if url:
        if _URL_RE.match(url) and len(url) <= 1000:
            article.url = url
        else:
            article.notes.append(f"URL {url[:80]!r} ignored: not an http(s) address.")
    authors = record.get("authors")
    if isinstance(authors, str):
        authors = [authors]
    if isinstance(authors, list):
        names = [" ".join(a.split()) for a in authors if isinstance(a, str) and a.strip()]
        article.byline = ", ".join(names)[:300]
    article.language = _text_field(record, "language")[:20]

    published = record.get("published")
    if published in (None, ""):
        parsed = UNKNOWN
    elif isinstance(published, str):
        parsed = parse_iso_date(published) or parse_date_text(published)
        if parsed.value is None and not parsed.problem:
            article.notes.append(f"Date {published[:40]!r} ignored: not a date.")
    else:
        parsed = UNKNOWN
        article.notes.append(f"Date {published!r} ignored: not a date.")
    if parsed.problem:
        article.notes.append(parsed.problem)
    article.published, article.precision = parsed.value, parsed.precision
    return article


def _text_field(record, name):
    value = record.get(name)
    return value.strip() if isinstance(value, str) else ""


def _body_entries(body):
    if _HTML_HINT_RE.search(body):
        return [(block, None) for block in _html_blocks(body)]
    entries = []
    group = 0
    for raw in body.replace("\r\n", "\n").split("\n"):
        line = " ".join(raw.split())
        if not line:
            group += 1
            continue
        entries.append((Block.from_text(line), group))
    return entries


def _html_blocks(body):
    safe = sanitize_body(body)
    try:
        root = lxml.html.fragment_fromstring(safe, create_parent="div")
    except (etree.ParserError, ValueError):
        return [Block.from_text(line) for line in html_to_text(safe).split("\n") if line]
    blocks = []
    loose = []  # text and inline elements between blocks
    if root.text and root.text.strip():
        loose.append(root.text)

    def flush():
        text = " ".join("".join(loose).split())
        if text:
            blocks.append(Block.from_text(text))
        loose.clear()

    for child in root:
        if child.tag in ("p", "h2", "h3", "h4", "ul", "ol", "blockquote"):
            flush()
            inner = etree.tostring(child, encoding="unicode", with_tail=False)
            inner = inner[inner.index(">") + 1 : inner.rindex("<")] if "<" in inner[1:] else ""
            text = " ".join(html_to_text(inner).split())
            if text:
                blocks.append(Block(child.tag, inner, text))
            if child.tail and child.tail.strip():
                loose.append(child.tail)
        else:
            loose.append(child.text_content() + (child.tail or ""))
    flush()
    return blocks
