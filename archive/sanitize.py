"""Every sanitizing call of the archive goes through this module.

bleach 6.4.0 is bleach's last release: keeping the allow-list and the calls here means it
can be swapped (e.g. for nh3) in one place.
"""

from html import unescape

import bleach
import lxml.html
from lxml import etree

# What an article body may contain: paragraphs, headings h2-h4, lists, blockquote,
# emphasis and links with http(s) hrefs. No script, style, iframe, images, event handlers.
BODY_TAGS = frozenset(
    {"p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "em", "strong", "a", "br"}
)
BODY_ATTRIBUTES = {"a": ["href", "title"]}
BODY_PROTOCOLS = frozenset({"http", "https"})

# Elements dropped with everything inside them before the allow-list runs: bleach strips a
# <script> tag but keeps its text, which would put "alert(1)" into the article.
_DROP_WITH_CONTENT = (
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "noscript",
    "template",
    "svg",
    "math",
    "head",
    "title",
    "form",
    "button",
    "select",
    "textarea",
)

_body_cleaner = bleach.sanitizer.Cleaner(
    tags=BODY_TAGS,
    attributes=BODY_ATTRIBUTES,
    protocols=BODY_PROTOCOLS,
    strip=True,
    strip_comments=True,
)
_text_cleaner = bleach.sanitizer.Cleaner(tags=set(), attributes={}, strip=True)


def _drop_dangerous_elements(html):
    if "<" not in html:
        return html
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return html
    for element in list(root.iter(*_DROP_WITH_CONTENT)):
        element.drop_tree()
    out = lxml.html.tostring(root, encoding="unicode")
    # Remove the wrapper div that fragment_fromstring added.
    return out[len("<div>") : -len("</div>")] if out.startswith("<div>") else out


def sanitize_body(html):
    """Reduce article HTML to the allow-list; anything else is stripped, text is kept."""
    return _body_cleaner.clean(_drop_dangerous_elements(html or ""))


def strip_tags(html):
    """Plain text of an HTML fragment, still HTML-escaped (safe to embed as-is)."""
    return _text_cleaner.clean(_drop_dangerous_elements(html or ""))


_BLOCK_TAGS = ("p", "h2", "h3", "h4", "li", "blockquote", "br")


def html_to_text(html):
    """Readable plain text (unescaped) of sanitized HTML: one line a block."""
    if not html or "<" not in html:
        return unescape(html or "")
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return unescape(strip_tags(html))
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    text = root.text_content()
    return "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())
