"""Plain-text articles, shaped like the seeds: messy copy pasted from web pages.

The layout is guessed from the lines themselves: a header zone (site banners, the
publisher's name, a section label, the headline, a date line) before the first line that
reads as running copy; then the body, cleaned by archive.ingest.cleaning.
"""

import re

from archive.ingest import cleaning
from archive.ingest.dates import UNKNOWN, looks_like_date_line, parse_date_text
from archive.ingest.document import Block, ParsedArticle
from archive.ingest.sources import canonical_source_name, known_source

# "key: value" lines at the top of a file (a common export format).
_HEADER_FIELD_RE = re.compile(
    r"^(title|headline|date|published|source|publisher|url|link|author|byline|language|lang)"
    r"\s*:\s*(.+)$",
    re.IGNORECASE,
)
# "date 2019-06-17 Chinese President..." (a date stamp glued to the first paragraph).
_INLINE_DATE_RE = re.compile(
    r"^\s*(?:date|published)\s+(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?Z?)?)\s*(.*)$",
    re.IGNORECASE,
)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_SMALL_WORDS = {"of", "the", "and", "in", "on", "for", "to", "a", "an", "at", "by", "&"}


def parse_text(text, origin=""):
    """Parse one plain-text article. Always returns a ParsedArticle (it may lack a body)."""
    article = ParsedArticle(origin=origin)
    text = _CONTROL_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    entries = _entries(text)
    fields, entries = _take_header_fields(entries)
    date_texts = []
    if "date" in fields:
        date_texts.append(fields["date"])

    header, body = _split_header(entries)
    publisher = fields.get("source", "")
    headline = fields.get("title", "")
    article.byline = fields.get("byline", "")
    article.url = fields.get("url", "")
    article.language = fields.get("language", "")
    candidates = []
    seen = {}
    for line, _group in header:
        seen[line] = seen.get(line, 0) + 1
    for line, _group in header:
        if cleaning.is_boilerplate(line):
            continue
        if looks_like_date_line(line):
            date_texts.append(line)
            continue
        byline = cleaning.byline_from(line)
        if byline:
            article.byline = article.byline or byline
            continue
        if seen[line] > 1 or known_source(line):
            publisher = publisher or line
            continue
        if line not in candidates:
            candidates.append(line)

    if not headline and candidates:
        labels = [c for c in candidates if _looks_like_label(c)]
        real = [c for c in candidates if c not in labels]
        headline = real[0] if real else candidates[-1]
    # What else stood above the copy is kept, never lost: a sentence-like line as the
    # standfirst ("Japanese brewers are increasingly making money from..."), other lines
    # of a few words as the body's first paragraphs; section labels are dropped.
    standfirst = ""
    opening = []
    for line in candidates:
        if line == headline or _looks_like_label(line) or len(line.split()) < 4:
            continue
        if not standfirst and len(line.split()) >= 6:
            standfirst = line
        else:
            opening.append((line, None))

    cleaned = cleaning.clean_body(
        [(Block.from_text(line), group) for line, group in [*opening, *body]],
        find_standfirst=not standfirst,
    )
    article.blocks = cleaned.blocks
    article.standfirst = standfirst or cleaned.standfirst
    article.dateline = cleaned.dateline
    article.agencies = cleaned.agencies
    article.byline = article.byline or cleaned.byline
    # The publisher first; an agency's credit ("— AP") is the copy's origin, kept apart
    # (article.agencies), and names the source only when no publisher is given.
    article.source_name = (
        canonical_source_name(publisher) if publisher else ""
    ) or cleaned.source_name
    article.source_stated = bool(publisher)
    date_texts.extend(cleaned.date_lines)

    if not headline:
        first = next((b.text for b in article.blocks if b.tag == "p"), "")
        headline = cleaning.derive_headline(first) if first else ""
    article.title = " ".join(headline.split())

    _apply_date(article, date_texts)
    return article


def _entries(text):
    """Non-empty lines as (text, group); a blank line starts a new group."""
    entries = []
    group = 0
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if not line:
            group += 1
            continue
        entries.append((line, group))
    return _join_hard_wraps(entries)


def _join_hard_wraps(entries):
    """Join lines of paragraphs that were wrapped at a fixed width (e-mail style copy)."""
    groups = {}
    for line, group in entries:
        groups.setdefault(group, []).append(line)
    multi = [lines for lines in groups.values() if len(lines) > 1]
    inner = [line for lines in multi for line in lines[:-1]]
    if len(inner) < 4:
        return entries
    wrapped = [
        line for line in inner if 40 <= len(line) <= 100 and not cleaning.ends_sentence(line)
    ]
    if len(wrapped) < 0.6 * len(inner):
        return entries
    return [(" ".join(lines), group) for group, lines in groups.items()]


def _take_header_fields(entries):
    fields = {}
    index = 0
    aliases = {
        "headline": "title",
        "published": "date",
        "publisher": "source",
        "link": "url",
        "author": "byline",
        "lang": "language",
    }
    while index < len(entries):
        line, group = entries[index]
        inline = _INLINE_DATE_RE.match(line)
        if inline and "date" not in fields:
            fields["date"] = inline.group(1)
            rest = inline.group(2).strip()
            if rest:
                entries = [*entries[:index], (rest, group), *entries[index + 1 :]]
                break
            index += 1
            continue
        match = _HEADER_FIELD_RE.match(line)
        if not match or len(line) > 300:
            break
        key = match.group(1).lower()
        fields.setdefault(aliases.get(key, key), match.group(2).strip())
        index += 1
    return fields, entries[index:]


def _split_header(entries):
    for index, (line, _group) in enumerate(entries):
        if cleaning.is_body_like(line) and not cleaning.is_boilerplate(line):
            return entries[:index], entries[index:]
    # No running copy at all: treat the first line as the headline, the rest as body.
    return entries[:1], entries[1:]


def _looks_like_label(line):
    """Section labels ("Weapons of Mass Destruction (WMD)", "World News"): a few words, all
    capitalised."""
    words = [w for w in re.split(r"\s+", line.strip("()[] ")) if w]
    if len(words) > 5 or any(ch.isdigit() for ch in line):
        return False  # "Hereford 1-1 Doncaster" is a headline
    significant = [w.strip("()[]") for w in words if w.lower() not in _SMALL_WORDS]
    return all(w[:1].isupper() or not w[:1].isalpha() for w in significant)


def _apply_date(article, date_texts):
    for text in date_texts:
        parsed = parse_date_text(text)
        if parsed.problem:
            article.notes.append(parsed.problem)
        if parsed.value:
            article.published = parsed.value
            article.precision = parsed.precision
            return
    article.published = UNKNOWN.value
    article.precision = UNKNOWN.precision
