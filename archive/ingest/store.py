"""Storing parsed articles: everything slow (sanitizing, hashing, finding the people named,
the story signature) is prepared before any transaction opens; the write itself is a few
statements an article, one savepoint each (a failure leaves nothing of that article):
duplicates skipped, the outlet resolved, the agencies credited, the story grouped, and the
same URL with new content updating the article while its earlier text is kept as a
version."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q

from archive import candidates, languages, outlets, stories
from archive.ingest.cleaning import clean_byline
from archive.models import Article, ArticleAgency, ArticleVersion, Mention, date_problem
from archive.outlets import OutletDirectory
from archive.sanitize import html_to_text
from archive.tagger import article_when
from archive.tagging.discovery import discover

TITLE_MAX = 500


class InvalidArticle(ValueError):
    pass


@dataclass
class Outcome:
    kind: str  # "created", "updated" or "duplicate"
    article_id: int | None = None
    notes: list = field(default_factory=list)


@dataclass
class PreparedArticle:
    """A parsed article with everything computed that needs no database."""

    parsed: object
    content_hash: str
    body_html: str
    findings: dict  # {person id: Finding}
    where: str = ""
    signature: object = None  # the lede's MinHash values (archive.stories)
    sightings: list = field(default_factory=list)  # unknown people (archive.candidates)


def _check(parsed):
    if not parsed.blocks:
        raise InvalidArticle("no article text found")
    if not parsed.title.strip():
        raise InvalidArticle("no headline found")
    if len(parsed.title) > TITLE_MAX:
        cut = parsed.title[: TITLE_MAX - 1]
        parsed.title = cut[: cut.rfind(" ")] + "…" if " " in cut else cut + "…"


def prepare_article(parsed, gazetteer, where=""):
    """Check ``parsed`` and compute what storing it needs (no database access). Raises
    InvalidArticle."""
    _check(parsed)
    body_html = parsed.body_html()
    # The parsed text is what the stored body holds when it was built from text; HTML
    # bodies are read back from what will be stored.
    if all(block.trusted for block in parsed.blocks):
        body_text = "\n".join(block.text for block in parsed.blocks)
    else:
        body_text = html_to_text(body_html)
    segments = [(parsed.title, True), (parsed.standfirst, False), (body_text, False)]
    # Whatever the format, a byline keeps only the names it gives.
    parsed.byline = clean_byline(parsed.byline)
    # The language from the text; a feed's declared one only where the text agrees.
    detected = languages.detect(f"{parsed.title}\n{body_text}", parsed.language)
    parsed.language = detected.code
    if detected.note:
        parsed.notes.append(detected.note)
    return PreparedArticle(
        parsed,
        parsed.content_hash(),
        body_html,
        gazetteer.find_mentions(segments, article_when(parsed.published, parsed.precision)),
        where,
        stories.signature(body_text),
        discover(segments, gazetteer.known),
    )


def store_article(parsed, gazetteer, *, dry_run=False, directory=None):
    """Store ``parsed`` and tag it. Raises InvalidArticle; writes nothing on any error."""
    return store_prepared(prepare_article(parsed, gazetteer), dry_run=dry_run, directory=directory)


def store_prepared(prepared, *, dry_run=False, directory=None):
    """Write one prepared article in a savepoint (or its own transaction). Raises
    InvalidArticle; writes nothing on any error.

    ``directory``: the outlets (archive.outlets.OutletDirectory) a long import keeps."""
    parsed, content_hash = prepared.parsed, prepared.content_hash
    # One indexed lookup for both questions: is this copy already here, is this URL?
    condition = (
        Q(content_hash=content_hash) | Q(url=parsed.url)
        if parsed.url
        else Q(content_hash=content_hash)
    )
    rows = list(Article.objects.filter(condition).order_by().values("id", "content_hash"))
    duplicate = [row["id"] for row in rows if row["content_hash"] == content_hash]
    if duplicate:
        return Outcome("duplicate", duplicate[0], parsed.notes)
    existing = Article.objects.get(pk=rows[0]["id"]) if rows else None
    if dry_run:
        return Outcome("updated" if existing else "created", None, parsed.notes)
    directory = directory if directory is not None else OutletDirectory.from_db()
    try:
        with transaction.atomic():
            if existing is not None:
                _keep_version(existing)
            article = existing or Article()
            article.title = parsed.title
            article.standfirst = parsed.standfirst
            article.body = prepared.body_html
            article.content_hash = content_hash
            article.dateline = parsed.dateline[:200]
            article.byline = parsed.byline[:300]
            article.url = parsed.url
            article.language = parsed.language
            article.imported_from = parsed.origin[:1000]
            # On an update, a known date or source replaces the old one; an unknown one
            # does not erase what a curator may have filled in.
            if parsed.published or not existing:
                article.published = parsed.published
                article.date_precision = parsed.precision
            outlet = outlets.resolve(parsed.source_name, parsed.url, directory)
            if outlet.source or not existing:
                article.source = outlet.source
            article.source_label = outlet.label
            article.section = (parsed.section or outlet.section)[:40]
            notes = "\n".join([*parsed.notes, *outlet.notes])
            article.import_notes = (
                notes
                if not existing
                else ("\n".join(n for n in (article.import_notes, notes) if n))
            )
            _validate(article)
            article.save()
            # The article's own save queued it for the index already.
            Mention.objects.sync(article, prepared.findings, fresh=existing is None, enqueue=False)
            origin = _credit_agencies(article, parsed.agencies, directory, existing is None)
            stories.assign_story(article, prepared.signature, origin=origin, fresh=existing is None)
            candidates.record(
                article, prepared.sightings, article.source.name if article.source_id else ""
            )
    except IntegrityError:
        # Another process stored the same copy (or URL) a moment ago.
        same = Article.objects.filter(content_hash=content_hash).values_list("id", flat=True)
        if same:
            return Outcome("duplicate", same[0], parsed.notes)
        raise
    return Outcome("updated" if existing else "created", article.id, [*parsed.notes, *outlet.notes])


def _keep_version(article):
    """The text an outlet published before, kept when the same URL brings a new one."""
    ArticleVersion.objects.create(
        article=article,
        title=article.title,
        standfirst=article.standfirst,
        body=article.body,
        content_hash=article.content_hash,
        published=article.published,
        date_precision=article.date_precision,
        seen_at=article.updated or article.created,
    )


def _credit_agencies(article, agencies, directory, fresh):
    """Record the agencies the copy credits; returns the first origin agency (a credit that
    is not a citation), for the story."""
    if not fresh:
        ArticleAgency.objects.filter(article=article).delete()
    origin = None
    seen = set()
    for name, how in agencies:
        agency = outlets.resolve(name, "", directory).source
        if agency is None or agency.pk in seen:
            continue
        if how == ArticleAgency.How.CITED and agency.pk == article.source_id:
            continue  # "KCNA said" in KCNA's own copy
        seen.add(agency.pk)
        ArticleAgency.objects.create(article=article, agency=agency, how=how)
        if origin is None and how != ArticleAgency.How.CITED:
            origin = agency
    return origin


_URL_VALIDATOR = URLValidator(schemes=["http", "https"])


def _validate(article):
    """The checks a stored article must pass (cheaper than full_clean, which queries the
    database for every constraint of every article)."""
    if article.url:
        try:
            _URL_VALIDATOR(article.url)
        except ValidationError as exc:
            raise InvalidArticle(f"url: {article.url[:80]!r} is not a valid address") from exc
    if article.published is not None:
        problem = date_problem(article.published)
        if problem:
            raise InvalidArticle(f"published: {problem}")
    if (article.published is None) != (article.date_precision == Article.Precision.UNKNOWN):
        raise InvalidArticle("published: the date and its precision disagree")
