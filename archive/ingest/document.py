"""What every parser (text, HTML, JSON lines) produces: one article, ready to store."""

import hashlib
from dataclasses import dataclass, field
from html import escape

from archive.models import Article
from archive.sanitize import sanitize_body

BLOCK_TAGS = ("p", "h2", "h3", "h4", "ul", "ol", "blockquote")


@dataclass
class Block:
    """One body block: its tag, its inner HTML and its plain text (for decisions)."""

    tag: str
    html: str
    text: str
    # Built here from plain text (escaped, in one of our own tags): safe without a sanitizer.
    trusted: bool = False

    @classmethod
    def from_text(cls, text, tag="p"):
        text = " ".join(text.split())
        # Text content needs &, < and > escaped, and nothing else: the same output the
        # sanitizer gives, so a body is stored identically whichever way it came.
        return cls(tag, escape(text, quote=False), text, trusted=tag in BLOCK_TAGS)


@dataclass
class ParsedArticle:
    title: str = ""
    standfirst: str = ""
    blocks: list = field(default_factory=list)
    published: object = None  # datetime.date or None
    precision: str = Article.Precision.UNKNOWN
    dateline: str = ""
    byline: str = ""
    url: str = ""
    language: str = ""
    source_name: str = ""
    # Whether the copy names its publisher (a feed's source, a site name), not only an
    # agency in its credits: import_articles --source names the publisher of the others.
    source_stated: bool = False
    section: str = ""
    agencies: list = field(default_factory=list)  # [(agency name, how the copy says so)]
    notes: list = field(default_factory=list)
    origin: str = ""

    def body_html(self):
        html = "\n".join(f"<{b.tag}>{b.html}</{b.tag}>" for b in self.blocks)
        if all(block.trusted for block in self.blocks):
            return html
        return sanitize_body(html)

    def body_text(self):
        return "\n\n".join(block.text for block in self.blocks if block.text)

    def content_hash(self):
        """The identity of the copy: its words, whatever the markup, case or spacing."""
        words = " ".join(self.body_text().casefold().split())
        return hashlib.sha256(words.encode("utf-8")).hexdigest()
