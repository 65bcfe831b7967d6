"""Exports, complete and streamed: every article of a search or a page as CSV (UTF-8 with
a byte-order mark, so that a spreadsheet opens it right; a cell that would start a formula
is neutralised) or as JSON lines, and citations as RIS and CSL-JSON for Zotero.

Rows are read from the database a chunk of ids at a time and written as they come: the
first bytes leave at once and memory stays bounded whatever the number of rows."""

import csv
import json

from django.http import StreamingHttpResponse

from archive.models import Article, Mention
from archive.sanitize import html_to_text

CHUNK = 500
COLUMNS = [
    "id", "url", "original_url", "title", "source", "source_kind", "published",
    "date_precision", "dateline", "byline", "language", "people",
]  # fmt: skip
# What a spreadsheet reads as the start of a formula ("=HYPERLINK(...)", "+1", "-2", "@x"),
# and the tab and carriage return that can hide one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading
    apostrophe (OWASP's advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


SEARCH_SLICE = 1000


def search_ids(sqs):
    """Every article id a search finds, in its order, a slice at a time; a fresh clone for
    each slice: a SearchQuerySet keeps every result it fetched, and 100,000 of them would
    not fit the bounded memory an export promises."""
    total = sqs.count()
    for start in range(0, total, SEARCH_SLICE):
        for hit in sqs.all()[start : start + SEARCH_SLICE]:
            yield int(hit.pk)


def _chunks(ids):
    chunk = []
    for article_id in ids:
        chunk.append(article_id)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def records(ids, *, body=False, base_url=""):
    """One dict per article, in the order of ``ids`` (any iterable), a chunk at a time."""
    for chunk in _chunks(ids):
        articles = Article.objects.select_related("source").in_bulk(chunk)
        people = {}
        for mention in (
            Mention.objects.visible()
            .filter(article_id__in=chunk)
            .select_related("person")
            .order_by("person__name")
        ):
            people.setdefault(mention.article_id, []).append(mention.person.name)
        for article_id in chunk:
            article = articles.get(article_id)
            if article is None:
                continue
            source = article.source
            record = {
                "id": article.pk,
                "url": base_url + article.get_absolute_url(),
                "original_url": article.url,
                "title": article.title,
                "source": source.name if source else "",
                "source_kind": source.kind if source else "",
                "published": article.published.isoformat() if article.published else "",
                "date_precision": article.date_precision,
                "dateline": article.dateline,
                "byline": article.byline,
                "language": article.language,
                "people": people.get(article_id, []),
            }
            if body:
                record["body"] = html_to_text(article.body)
            yield record


class _Line:
    """A file-like object csv.writer writes one line into, for the stream to send."""

    def write(self, value):
        return value


def csv_lines(ids, *, body=False, base_url=""):
    writer = csv.writer(_Line())
    columns = [*COLUMNS, *(["body"] if body else [])]
    yield "\ufeff" + writer.writerow(columns)
    for record in records(ids, body=body, base_url=base_url):
        record["people"] = "; ".join(record["people"])
        yield writer.writerow([neutralise(record[c]) for c in columns])


def jsonl_lines(ids, *, body=False, base_url=""):
    for record in records(ids, body=body, base_url=base_url):
        yield json.dumps(record, ensure_ascii=False) + "\n"


def ris_lines(ids, *, base_url=""):
    """RIS, one NEWS record per article (Zotero, EndNote)."""
    for record in records(ids, base_url=base_url):
        lines = ["TY  - NEWS", f"TI  - {_one_line(record['title'])}"]
        if record["byline"]:
            lines.append(f"AU  - {_one_line(record['byline'])}")
        if record["source"]:
            lines.append(f"T2  - {_one_line(record['source'])}")
        if record["published"]:
            year, month, day = record["published"].split("-")
            if record["date_precision"] == "year":
                lines.append(f"PY  - {year}")
            elif record["date_precision"] == "month":
                lines.append(f"DA  - {year}/{month}")
            else:
                lines.append(f"DA  - {year}/{month}/{day}")
        if record["dateline"]:
            lines.append(f"CY  - {_one_line(record['dateline'])}")
        if record["language"] and record["language"] != "und":
            lines.append(f"LA  - {record['language']}")
        lines.append(f"UR  - {record['original_url'] or record['url']}")
        lines.append(f"N1  - Diplomatic News Archive: {record['url']}")
        for name in record["people"]:
            lines.append(f"KW  - {_one_line(name)}")
        lines.append("ER  - ")
        yield "\r\n".join(lines) + "\r\n\r\n"


def csl_items(ids, *, base_url=""):
    """CSL-JSON items (Zotero, Pandoc, citeproc)."""
    for record in records(ids, base_url=base_url):
        item = {
            "id": f"dna-{record['id']}",
            "type": "article-newspaper",
            "title": record["title"],
            "container-title": record["source"] or None,
            "URL": record["original_url"] or record["url"],
            "language": record["language"] if record["language"] != "und" else None,
            "publisher-place": record["dateline"] or None,
            "note": f"Diplomatic News Archive: {record['url']}",
        }
        if record["byline"]:
            item["author"] = [{"literal": record["byline"]}]
        if record["published"]:
            parts = [int(p) for p in record["published"].split("-")]
            keep = {"year": 1, "month": 2}.get(record["date_precision"], 3)
            item["issued"] = {"date-parts": [parts[:keep]]}
        yield {k: v for k, v in item.items() if v is not None}


def csl_json_chunks(ids, *, base_url=""):
    yield "["
    for n, item in enumerate(csl_items(ids, base_url=base_url)):
        yield ("," if n else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]\n"


def _one_line(text):
    return " ".join(str(text).split())


FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "jsonl": ("application/x-ndjson; charset=utf-8", "jsonl"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
    "csl": ("application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}


def streamed(fmt, ids, filename, *, body=False, base_url=""):
    """A StreamingHttpResponse of ``ids`` in ``fmt`` (csv, jsonl, ris or csl)."""
    if fmt == "csv":
        content = csv_lines(ids, body=body, base_url=base_url)
    elif fmt == "jsonl":
        content = jsonl_lines(ids, body=body, base_url=base_url)
    elif fmt == "ris":
        content = ris_lines(ids, base_url=base_url)
    else:
        content = csl_json_chunks(ids, base_url=base_url)
    content_type, extension = FORMATS[fmt]
    response = StreamingHttpResponse((chunk.encode("utf-8") for chunk in content),
                                     content_type=content_type)  # fmt: skip
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
