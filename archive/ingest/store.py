"""Storing one parsed article: one transaction, duplicates skipped, updates by URL."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from archive.ingest.sources import known_source
from archive.models import Article, Source
from archive.tagging import tag_article

TITLE_MAX = 500


class InvalidArticle(ValueError):
    pass


@dataclass
class Outcome:
    kind: str  # "created", "updated" or "duplicate"
    article_id: int | None = None
    notes: list = field(default_factory=list)


def resolve_source(name):
    """The Source filed under ``name`` (created the first time, with what is known of it)."""
    if not name:
        return None
    name = " ".join(name.split())[:200]
    source = Source.objects.filter(name__iexact=name).first()
    if source:
        return source
    known = known_source(name)
    if known:
        source = Source.objects.filter(name__iexact=known.name).first()
        if source:
            return source
        return Source.objects.create(
            name=known.name, kind=known.kind, country=known.country, homepage=known.homepage
        )
    return Source.objects.create(name=name)


def _check(parsed):
    if not parsed.blocks:
        raise InvalidArticle("no article text found")
    if not parsed.title.strip():
        raise InvalidArticle("no headline found")
    if len(parsed.title) > TITLE_MAX:
        cut = parsed.title[: TITLE_MAX - 1]
        parsed.title = cut[: cut.rfind(" ")] + "…" if " " in cut else cut + "…"


def store_article(parsed, gazetteer, *, dry_run=False):
    """Store ``parsed`` and tag it. Raises InvalidArticle; writes nothing on any error."""
    _check(parsed)
    content_hash = parsed.content_hash()
    duplicate = Article.objects.filter(content_hash=content_hash).values_list("id", flat=True)
    if duplicate:
        return Outcome("duplicate", duplicate[0], parsed.notes)
    existing = Article.objects.filter(url=parsed.url).first() if parsed.url else None
    if dry_run:
        return Outcome("updated" if existing else "created", None, parsed.notes)
    try:
        with transaction.atomic():
            article = existing or Article()
            article.title = parsed.title
            article.standfirst = parsed.standfirst
            article.body = parsed.body_html()
            article.content_hash = content_hash
            article.dateline = parsed.dateline[:200]
            article.byline = parsed.byline[:300]
            article.url = parsed.url
            article.language = parsed.language or article.language or "en"
            article.imported_from = parsed.origin[:1000]
            # On an update, a known date or source replaces the old one; an unknown one
            # does not erase what a curator may have filled in.
            if parsed.published or not existing:
                article.published = parsed.published
                article.date_precision = parsed.precision
            source = resolve_source(parsed.source_name)
            if source or not existing:
                article.source = source
            notes = "\n".join(parsed.notes)
            article.import_notes = (
                notes
                if not existing
                else ("\n".join(n for n in (article.import_notes, notes) if n))
            )
            try:
                article.full_clean(exclude=["slug", "content_hash"], validate_unique=False)
            except ValidationError as exc:
                raise InvalidArticle(_describe(exc)) from exc
            article.save()
            tag_article(article, gazetteer)
    except IntegrityError:
        # Another process stored the same copy (or URL) a moment ago.
        same = Article.objects.filter(content_hash=content_hash).values_list("id", flat=True)
        if same:
            return Outcome("duplicate", same[0], parsed.notes)
        raise
    return Outcome("updated" if existing else "created", article.id, parsed.notes)


def _describe(error):
    messages = []
    for name, errors in error.message_dict.items():
        messages.append(f"{name}: {' '.join(errors)}")
    return "; ".join(messages)
