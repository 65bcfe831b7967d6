"""The whole archive as JSON lines, every field of every article, and back.

``manage.py dump`` writes one line an article: its text and every field (standfirst,
dateline, byline, date and its precision, language, section, URL, import notes), its
source and the agencies it credits, its story, every earlier version, its tags with their
status, count and sentence, and the curators' decisions on them. ``import_articles`` reads
such a file back (it sees the ``archive_dump`` key): each article is restored as it was,
in one transaction, or not at all; an article already there (same text) is skipped. A
round trip loses nothing (tests/test_exports.py)."""

import datetime
import json

from django.db import transaction
from django.db.models import Prefetch

from archive.models import (
    Article,
    ArticleAgency,
    ArticleVersion,
    Mention,
    MentionDecision,
    Person,
    Source,
    Story,
)

FORMAT = 1
ARTICLE_FIELDS = [
    "title", "slug", "standfirst", "body", "url", "published", "date_precision", "dateline",
    "byline", "language", "section", "source_label", "imported_from", "import_notes",
    "content_hash",
]  # fmt: skip


def _iso(value):
    return value.isoformat() if value else None


def records(chunk=500):
    """One dict per article, oldest id first, a chunk at a time."""
    articles = Article.objects.select_related("source", "story__origin").prefetch_related(
        Prefetch("versions", queryset=ArticleVersion.objects.order_by("seen_at", "pk")),
        Prefetch("agency_credits", queryset=ArticleAgency.objects.select_related("agency")),
        Prefetch("mentions", queryset=Mention.objects.select_related("person", "decided_by")),
        Prefetch(
            "decisions",
            queryset=MentionDecision.objects.select_related("person", "user").order_by("at", "pk"),
        ),
    )
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        for article in articles.filter(pk__in=ids[start : start + chunk]).order_by("pk"):
            yield record_of(article)


def record_of(article):
    record = {"archive_dump": FORMAT, "id": article.pk}
    for name in ARTICLE_FIELDS:
        value = getattr(article, name)
        record[name] = _iso(value) if isinstance(value, datetime.date) else value
    record["source"] = _source(article.source)
    record["story"] = (
        {"title": article.story.title, "origin": _source(article.story.origin)}
        if article.story_id
        else None
    )
    record["agencies"] = [
        {"source": _source(credit.agency), "how": credit.how}
        for credit in article.agency_credits.all()
    ]
    record["versions"] = [
        {
            "title": v.title, "standfirst": v.standfirst, "body": v.body,
            "content_hash": v.content_hash, "published": _iso(v.published),
            "date_precision": v.date_precision, "seen_at": _iso(v.seen_at),
            "replaced_at": _iso(v.replaced_at),
        }
        for v in article.versions.all()
    ]  # fmt: skip
    record["tags"] = [
        {
            "person": m.person.slug, "name": m.person.name, "status": m.status,
            "count": m.count, "context": m.context,
            "decided_by": m.decided_by.get_username() if m.decided_by_id else None,
            "decided_at": _iso(m.decided_at),
        }
        for m in sorted(article.mentions.all(), key=lambda m: m.person.slug)
    ]  # fmt: skip
    record["decisions"] = [
        {
            "person": d.person.slug, "from": d.from_status, "to": d.to_status,
            "user": d.user.get_username() if d.user_id else None, "at": _iso(d.at),
            "note": d.note,
        }
        for d in article.decisions.all()
    ]  # fmt: skip
    record["tagged_at"] = _iso(article.tagged_at)
    return record


def _source(source):
    if source is None:
        return None
    return {
        "name": source.name, "slug": source.slug, "kind": source.kind,
        "control": source.control, "country": source.country,
    }  # fmt: skip


def is_dump(record):
    return isinstance(record, dict) and record.get("archive_dump") == FORMAT


class RestoreError(ValueError):
    pass


def restore(record):
    """Restore one dumped article; returns "created" or "exists". RestoreError for a record
    that cannot be restored whole (nothing is saved then)."""
    if not is_dump(record):
        raise RestoreError("not an archive dump line (no archive_dump: 1)")
    try:
        with transaction.atomic():
            if Article.objects.filter(content_hash=record["content_hash"]).exists():
                return "exists"
            return _restore(record)
    except (KeyError, TypeError, ValueError) as exc:
        raise RestoreError(f"incomplete dump record: {exc!r}") from exc


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _datetime(value):
    return datetime.datetime.fromisoformat(value) if value else None


def _source_of(data):
    if not data:
        return None
    source = (
        Source.objects.filter(slug=data["slug"]).first()
        or Source.objects.filter(name=data["name"]).first()
    )
    if source is None:
        source = Source.objects.create(
            name=data["name"], slug=data["slug"], kind=data.get("kind") or "unknown",
            control=data.get("control") or "unknown", country=data.get("country") or "",
        )  # fmt: skip
    return source


def _person_of(slug, name):
    person = Person.objects.filter(slug=slug).first()
    if person is None:
        person = Person.objects.create(name=name, slug=slug)
    return person


def _user_of(username):
    if not username:
        return None
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username=username).first()


def _restore(record):
    values = {name: record[name] for name in ARTICLE_FIELDS}
    values["published"] = _date(values["published"])
    if Article.objects.filter(slug=values["slug"]).exists():
        values["slug"] = ""  # taken by another text: the model gives a free one
    article = Article(**values, source=_source_of(record.get("source")))
    article.tagged_at = _datetime(record.get("tagged_at"))
    story = record.get("story")
    if story:
        article.story = Story.objects.create(
            title=story["title"], origin=_source_of(story.get("origin"))
        )
    article.save()
    for credit in record.get("agencies", []):
        ArticleAgency.objects.get_or_create(
            article=article, agency=_source_of(credit["source"]), defaults={"how": credit["how"]}
        )
    for version in record.get("versions", []):
        restored = ArticleVersion.objects.create(
            article=article, title=version["title"], standfirst=version["standfirst"],
            body=version["body"], content_hash=version["content_hash"],
            published=_date(version["published"]), date_precision=version["date_precision"],
            seen_at=_datetime(version["seen_at"]),
        )  # fmt: skip
        ArticleVersion.objects.filter(pk=restored.pk).update(
            replaced_at=_datetime(version["replaced_at"])
        )
    for tag in record.get("tags", []):
        Mention.objects.create(
            article=article, person=_person_of(tag["person"], tag["name"]),
            status=tag["status"], count=tag["count"], context=tag["context"],
            decided_by=_user_of(tag.get("decided_by")), decided_at=_datetime(tag.get("decided_at")),
        )  # fmt: skip
    for decision in record.get("decisions", []):
        MentionDecision.objects.create(
            article=article, person=Person.objects.get(slug=decision["person"]),
            from_status=decision["from"], to_status=decision["to"],
            user=_user_of(decision.get("user")), at=_datetime(decision["at"]),
            note=decision.get("note", ""),
        )  # fmt: skip
    return "created"


def dump_lines():
    for record in records():
        yield json.dumps(record, ensure_ascii=False) + "\n"
