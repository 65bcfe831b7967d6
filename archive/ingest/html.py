"""HTML pages of single articles: trafilatura finds the main text and the metadata; the
body then goes through the shared cleaning and the bleach allow-list."""

import logging
import re
from html import escape

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.htmlprocessing import convert_to_html

from archive.ingest import cleaning
from archive.ingest.dates import parse_date_text, parse_iso_date
from archive.ingest.document import Block, ParsedArticle
from archive.ingest.sources import canonical_source_name, known_source
from archive.sanitize import html_to_text, sanitize_body

# trafilatura logs every page it cannot use; the importer reports those itself.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

_RENAME = {"i": "em", "b": "strong", "h1": "h2", "h5": "h4", "h6": "h4", "q": "em"}


class NoArticleFound(ValueError):
    pass


def parse_html(html, origin=""):
    """Parse one HTML page. Raises NoArticleFound when the page holds no article text."""
    try:
        document = trafilatura.bare_extraction(
            html,
            include_links=True,
            include_formatting=True,
            include_images=False,
            include_tables=False,
            include_comments=False,
            with_metadata=True,
        )
    except (ValueError, etree.ParserError, TypeError) as exc:
        raise NoArticleFound(f"not a readable HTML page ({exc})") from exc
    if document is None or document.body is None:
        raise NoArticleFound("no article text found in the page")

    article = ParsedArticle(origin=origin)
    blocks = _blocks(document.body)
    title = _headline(html, document)
    # trafilatura keeps the page's <h1> in the text: it is the headline, not the body.
    if blocks and blocks[0].tag == "h2" and (not title or blocks[0].text == title):
        title = title or blocks[0].text
        blocks = blocks[1:]

    cleaned = cleaning.clean_body([(b, None) for b in blocks], find_standfirst=False)
    words = sum(len(b.text.split()) for b in cleaned.blocks)
    if words < 25:
        raise NoArticleFound(f"no article text found in the page (only {words} words)")

    article.blocks = cleaned.blocks
    article.title = title or cleaning.derive_headline(cleaned.blocks[0].text)
    article.standfirst = " ".join((document.description or "").split())
    if article.standfirst and cleaned.blocks[0].text.startswith(article.standfirst[:60]):
        article.standfirst = ""  # the meta description is only the first paragraph again
    article.dateline = cleaned.dateline
    article.agencies = cleaned.agencies
    article.byline = " ".join((document.author or "").split()).replace(";", ",")
    article.url = document.url or ""
    article.language = _language(html, document)
    # The site that published it first; an agency's credit ("(AP) —") is its origin, kept
    # apart (article.agencies), and only names the source when the page names none.
    site = _site_name(document)
    article.source_name = site or cleaned.source_name
    article.source_stated = bool(site)

    if document.date:
        parsed = parse_iso_date(document.date) or parse_date_text(document.date)
        if parsed.problem:
            article.notes.append(parsed.problem)
        article.published, article.precision = parsed.value, parsed.precision
    return article


def _blocks(body):
    html = etree.tostring(convert_to_html(body), encoding="unicode")
    root = lxml.html.fromstring(html)
    for element in root.iter():
        if element.tag in _RENAME:
            element.tag = _RENAME[element.tag]
    blocks = []
    container = root.find("body") if root.find("body") is not None else root
    for element in container:
        tag = (
            element.tag if element.tag in ("p", "h2", "h3", "h4", "ul", "ol", "blockquote") else "p"
        )
        inner = _inner_html(element)
        safe = sanitize_body(inner)
        text = " ".join(html_to_text(safe).split())
        if text:
            blocks.append(Block(tag, safe, text))
    return blocks


def _inner_html(element):
    parts = [escape(element.text)] if element.text else []
    parts.extend(etree.tostring(child, encoding="unicode", with_tail=True) for child in element)
    return "".join(parts)


def _language(html, document):
    if document.language:
        return document.language
    try:
        root = lxml.html.fromstring(html[:20000])
    except (etree.ParserError, ValueError):
        return ""
    lang = (root.get("lang") or "").strip()
    return lang[:20]


_TITLE_SEPARATOR_RE = re.compile(r"\s+(?:\||-|–|—|::|»|·)\s+")
# Words of a site's own title ("Yahoo News - Latest News & Headlines"), not a headline's.
_SITE_TITLE_WORDS = frozenset(
    [
        "latest",
        "news",
        "headlines",
        "headline",
        "breaking",
        "top",
        "stories",
        "story",
        "home",
        "world",
        "online",
        "video",
        "live",
        "updates",
        "today",
        "the",
        "and",
        "&",
        "of",
        "in",
        "homepage",
        "official",
        "site",
        "website",
    ]
)


def _headline(html, document):
    """The article's headline: the page's article metadata first (og:title, twitter:title,
    the <h1>), then its <title>; the site's name ("... | Al Bawaba") and the site's own
    title ("Yahoo News - Latest News & Headlines") are not headlines."""
    candidates = [document.title]
    try:
        root = lxml.html.fromstring(html[:200_000])
    except (etree.ParserError, ValueError):
        root = None
    if root is not None:
        for path in (
            '//meta[@property="og:title"]/@content',
            '//meta[@name="twitter:title"]/@content',
            "//h1//text()",
            "//title//text()",
        ):
            found = " ".join(" ".join(root.xpath(path)[: 1 if "@" in path else 20]).split())
            candidates.append(found)
    for candidate in candidates:
        headline = strip_site_name(candidate or "", document.sitename or "")
        if headline:
            return headline
    return ""


def strip_site_name(title, sitename=""):
    """A page title without the site's name or the site's own title around it ("" when
    nothing else is left)."""
    parts = _TITLE_SEPARATOR_RE.split(" ".join((title or "").split()))
    site = sitename.strip().casefold()

    def is_site(part):
        words = part.casefold().split()
        return (
            not part.strip()
            or part.strip().casefold() == site
            or known_source(part) is not None
            or all(w in _SITE_TITLE_WORDS for w in words)
        )

    while parts and is_site(parts[-1]):
        parts.pop()
    while parts and is_site(parts[0]):
        parts.pop(0)
    return " - ".join(parts)


def _site_name(document):
    for candidate in (document.sitename, document.hostname):
        if candidate:
            known = known_source(candidate)
            if known:
                return known.name
    sitename = (document.sitename or "").strip()
    if sitename and "." not in sitename:
        return canonical_source_name(sitename)
    return ""
