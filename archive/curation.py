"""What curators do to the tags: decide on mentions, merge people, re-tag after a new name.

Every decision is recorded (MentionDecision: who, when, from which status to which); a
merge is logged (MergeLog) and leaves a redirect from the old slug.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from archive import indexing
from archive.models import (
    Alias,
    Article,
    ArticleAgency,
    Candidate,
    CandidateDecision,
    Event,
    EventArticle,
    EventDecision,
    EventParticipant,
    EventSuggestion,
    Job,
    Mention,
    MentionDecision,
    MergeLog,
    OfficeHolding,
    Person,
    PersonRedirect,
    Source,
    SourceDomain,
    SourceMergeLog,
    SourceName,
    SourceRedirect,
    Story,
)
from archive.names import normalize_name, source_key

log = logging.getLogger("archive.curation")

# When two mentions of one article meet in a merge, the stronger status survives: a
# curator's decision beats a machine's guess, and a confirmation beats a rejection.
STATUS_STRENGTH = {
    Mention.Status.CONFIRMED: 4,
    Mention.Status.REJECTED: 3,
    Mention.Status.AUTO: 2,
    Mention.Status.SUGGESTED: 1,
}
CANDIDATES_MAX = 200_000


def decide(mentions, status, user, note=""):
    """Set ``status`` on mentions and record each change. Returns how many changed."""
    now = timezone.now()
    changed = 0
    with transaction.atomic():
        for mention in mentions:
            if mention.status == status:
                continue
            MentionDecision.objects.create(
                article_id=mention.article_id,
                person_id=mention.person_id,
                from_status=mention.status,
                to_status=status,
                user=user,
                at=now,
                note=note[:300],
            )
            mention.status = status
            mention.decided_by = user
            mention.decided_at = now
            mention.save(update_fields=["status", "decided_by", "decided_at"])
            changed += 1
    return changed


def record_decision(mention, previous_status, user, note=""):
    """Record a status change already made on ``mention`` (e.g. by an admin form)."""
    if previous_status == mention.status:
        return
    now = timezone.now()
    MentionDecision.objects.create(
        article_id=mention.article_id,
        person_id=mention.person_id,
        from_status=previous_status or "",
        to_status=mention.status,
        user=user,
        at=now,
        note=note[:300],
    )
    Mention.objects.filter(pk=mention.pk).update(decided_by=user, decided_at=now)


def merge_plan(survivor, merged):
    """What a merge of ``merged`` into ``survivor`` will move (for the confirmation page)."""
    if survivor.pk == merged.pk:
        raise ValidationError("A person cannot be merged into themselves.")
    theirs = {m.article_id: m for m in Mention.objects.filter(person=merged)}
    ours = {m.article_id: m for m in Mention.objects.filter(person=survivor, article_id__in=theirs)}
    overlapping = [
        {
            "article": m.article_id,
            "ours": ours[m.article_id].status,
            "theirs": m.status,
            "kept": _stronger(ours[m.article_id], m).status,
        }
        for article_id, m in theirs.items()
        if article_id in ours
    ]
    titles = dict(
        Article.objects.filter(id__in=[o["article"] for o in overlapping]).values_list(
            "id", "title"
        )
    )
    for item in overlapping:
        item["title"] = titles.get(item["article"], "")
    known = {normalize_name(survivor.name), *survivor.aliases.values_list("normalized", flat=True)}
    new_names = [merged.name] if normalize_name(merged.name) not in known else []
    return {
        "survivor": survivor,
        "merged": merged,
        "aliases": list(merged.aliases.values_list("name", flat=True)) + new_names,
        "mentions_moved": len(theirs) - len(overlapping),
        "overlapping": overlapping,
        "decisions": MentionDecision.objects.filter(person=merged).count(),
        "redirects": [merged.slug, *merged.redirects.values_list("old_slug", flat=True)],
    }


def _stronger(a, b):
    return a if STATUS_STRENGTH[a.status] >= STATUS_STRENGTH[b.status] else b


def merge_people(survivor, merged, user=None):
    """Merge ``merged`` into ``survivor``: aliases, mentions, decisions and redirects move;
    ``merged``'s name becomes an alias; blank fields are filled; the merge is logged."""
    plan = merge_plan(survivor, merged)
    affected = set(
        Mention.objects.filter(person__in=[survivor, merged]).values_list("article_id", flat=True)
    )
    with transaction.atomic():
        survivor = Person.objects.select_for_update().get(pk=survivor.pk)
        merged = Person.objects.select_for_update().get(pk=merged.pk)
        theirs = list(Mention.objects.filter(person=merged))
        ours = {
            m.article_id: m
            for m in Mention.objects.filter(
                person=survivor, article_id__in=[m.article_id for m in theirs]
            )
        }
        for mention in theirs:
            existing = ours.get(mention.article_id)
            if existing is None:
                mention.person = survivor
                mention.save(update_fields=["person"])
                continue
            keep = _stronger(existing, mention)
            existing.status = keep.status
            existing.decided_by = keep.decided_by
            existing.decided_at = keep.decided_at
            existing.count = max(existing.count, mention.count)
            existing.context = existing.context or mention.context
            existing.save()
            mention.delete()
        MentionDecision.objects.filter(person=merged).update(person=survivor)
        Alias.objects.filter(person=merged).update(person=survivor)
        taken = Alias.objects.filter(normalized=normalize_name(merged.name)).exists()
        if merged.name in plan["aliases"] and not taken:
            Alias.objects.create(person=survivor, name=merged.name, kind=Alias.Kind.FULL)
        PersonRedirect.objects.filter(person=merged).update(person=survivor)
        filled = []
        for name in ("role", "country", "description", "wikidata_id", "short_name"):
            if not getattr(survivor, name) and getattr(merged, name):
                setattr(survivor, name, getattr(merged, name))
                filled.append(name)
        if merged.is_leader and not survivor.is_leader:
            survivor.is_leader = True
            filled.append("is_leader")
        old_slug = merged.slug
        survivor.names_changed_at = timezone.now()  # the merged names tag from now on
        log_entry = MergeLog.objects.create(
            survivor=survivor,
            merged_name=merged.name,
            merged_slug=old_slug,
            user=user,
            details={
                "aliases_moved": plan["aliases"],
                "mentions_moved": plan["mentions_moved"],
                "overlapping": [
                    {k: v for k, v in item.items() if k != "title"} for item in plan["overlapping"]
                ],
                "decisions_moved": plan["decisions"],
                "fields_filled": filled,
            },
        )
        MergeLog.objects.filter(survivor=merged).update(survivor=survivor)
        merged.delete()
        PersonRedirect.objects.create(old_slug=old_slug, person=survivor)
        survivor.save()
        indexing.enqueue(affected)
    return log_entry


def candidate_articles(names):
    """Ids of articles whose text may contain one of ``names``: from the search index
    (fast), else from the database."""
    from haystack.inputs import Exact
    from haystack.query import SQ, SearchQuerySet

    names = [n for n in names if n and n.strip()]
    if not names:
        return []
    try:
        query = SQ()
        for name in names:
            query |= SQ(content=Exact(name))
        results = SearchQuerySet().models(Article).filter(query)
        return sorted({int(result.pk) for result in results[:CANDIDATES_MAX]})
    except Exception:
        log.warning("Index lookup failed; scanning the database instead", exc_info=True)
        return list(Article.objects.containing_names(names).values_list("id", flat=True))


def retag_for_names(names):
    """Queue the re-tagging of the articles that contain any of ``names`` (a durable job,
    recorded in the curator's transaction and run by the worker once it commits)."""
    return Job.objects.enqueue("retag", {"names": sorted(set(names))})


def stale_tag_report():
    """Articles whose tags may be older than the gazetteer: tagged (or never tagged) before
    a name they contain, or a name of a person tagged in them, last changed."""
    oldest = Article.objects.aggregate(oldest=Min("tagged_at"))["oldest"]
    people = Person.objects.all()
    if oldest is not None and not Article.objects.filter(tagged_at__isnull=True).exists():
        people = people.filter(names_changed_at__gt=oldest)
    stale = set()
    for person in people:
        tagged_before = Q(tagged_at__lt=person.names_changed_at) | Q(tagged_at__isnull=True)
        candidates = Article.objects.filter(
            Q(id__in=candidate_articles(person.names())) | Q(id__in=Article.objects.naming(person))
        )
        stale.update(candidates.filter(tagged_before).values_list("id", flat=True))
    return sorted(stale)


def source_merge_plan(survivor, merged):
    """What merging the source ``merged`` into ``survivor`` will move (confirmation page)."""
    if survivor.pk == merged.pk:
        raise ValidationError("A source cannot be merged into itself.")
    return {
        "survivor": survivor,
        "merged": merged,
        "articles": Article.objects.filter(source=merged).count(),
        "credits": ArticleAgency.objects.filter(agency=merged).count(),
        "names": [merged.name, *merged.names.values_list("name", flat=True)],
        "domains": list(merged.domains.values_list("domain", flat=True)),
        "redirects": [merged.slug, *merged.redirects.values_list("old_slug", flat=True)],
    }


def merge_sources(survivor, merged, user=None):
    """Merge the source ``merged`` into ``survivor``: its articles, agency credits, stories,
    names, domains and redirects move; its name becomes a name of the survivor; the old page
    redirects; the merge is logged."""
    plan = source_merge_plan(survivor, merged)
    with transaction.atomic():
        survivor = Source.objects.select_for_update().get(pk=survivor.pk)
        merged = Source.objects.select_for_update().get(pk=merged.pk)
        moved = list(Article.objects.filter(source=merged).values_list("id", flat=True))
        Article.objects.filter(source=merged).update(source=survivor)
        for credit in ArticleAgency.objects.filter(agency=merged):
            if ArticleAgency.objects.filter(article=credit.article_id, agency=survivor).exists():
                credit.delete()
            else:
                ArticleAgency.objects.filter(pk=credit.pk).update(agency=survivor)
        Story.objects.filter(origin=merged).update(origin=survivor)
        SourceName.objects.filter(source=merged).update(source=survivor)
        SourceDomain.objects.filter(source=merged).update(source=survivor)
        SourceRedirect.objects.filter(source=merged).update(source=survivor)
        old_slug, old_name = merged.slug, merged.name
        if merged.reference_key and not survivor.reference_key:
            survivor.reference_key, survivor.reference = merged.reference_key, merged.reference
        filled = [
            name
            for name in ("homepage", "country", "note")
            if not getattr(survivor, name) and getattr(merged, name)
        ]
        for name in filled:
            setattr(survivor, name, getattr(merged, name))
        for name in ("kind", "control"):
            if getattr(survivor, name) == "unknown" and getattr(merged, name) != "unknown":
                setattr(survivor, name, getattr(merged, name))
                filled.append(name)
        entry = SourceMergeLog.objects.create(
            survivor=survivor,
            merged_name=old_name,
            merged_slug=old_slug,
            user=user,
            details={
                "articles_moved": len(moved),
                "credits_moved": plan["credits"],
                "names_moved": plan["names"],
                "domains_moved": plan["domains"],
                "fields_filled": filled,
            },
        )
        merged.delete()  # before the survivor takes its reference key (unique)
        SourceRedirect.objects.create(old_slug=old_slug, source=survivor)
        if (
            source_key(old_name) != source_key(survivor.name)
            and not SourceName.objects.filter(normalized=source_key(old_name)).exists()
        ):
            SourceName.objects.create(source=survivor, name=old_name)
        survivor.save()
        indexing.enqueue(moved)
    return entry


# Candidate people -----------------------------------------------------------------------------


def promote_candidate(candidate, user=None, *, name=None, office=None):
    """Make a Person of an open candidate (its name a full alias), optionally with an
    office ({"kind", "title", "country" or "org", "start", "start_precision"}), record the
    decision and queue the re-tagging of the articles that name it. Returns the person.
    ValidationError when the candidate was decided already or the name is taken."""
    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
        if candidate.status != Candidate.Status.OPEN:
            raise ValidationError(
                f"{candidate.name} was {candidate.get_status_display().lower()} already."
            )
        name = " ".join((name or candidate.name).split())
        clash = Alias.objects.filter(normalized=normalize_name(name)).select_related("person")
        if clash.exists():
            raise ValidationError(
                f"{name!r} is already a name of {clash.first().person}: merge into it instead."
            )
        person = Person(name=name, short_name=name.split()[-1])
        person.full_clean(exclude=["slug"])
        person.save()
        Alias.objects.create(person=person, name=name, kind=Alias.Kind.FULL)
        if office:
            holding = OfficeHolding(person=person, **office)
            holding.full_clean()
            holding.save()
        _decide_candidate(candidate, Candidate.Status.PROMOTED, person, user)
        retag_for_names([name])
    return person


def merge_candidate(candidate, person, user=None):
    """Make an open candidate's name an alias of ``person``; re-tag the articles naming it."""
    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
        if candidate.status != Candidate.Status.OPEN:
            raise ValidationError(
                f"{candidate.name} was {candidate.get_status_display().lower()} already."
            )
        alias = Alias(person=person, name=candidate.name, kind=Alias.Kind.FULL)
        alias.full_clean()
        alias.save()
        _decide_candidate(candidate, Candidate.Status.MERGED, person, user)
        retag_for_names([candidate.name])
    return alias


def dismiss_candidates(candidates, user=None):
    """Dismiss open candidates (never proposed again); returns how many."""
    count = 0
    with transaction.atomic():
        for candidate in Candidate.objects.select_for_update().filter(
            pk__in=[c.pk for c in candidates], status=Candidate.Status.OPEN
        ):
            _decide_candidate(candidate, Candidate.Status.DISMISSED, None, user)
            count += 1
    return count


def _decide_candidate(candidate, status, person, user):
    candidate.status = status
    candidate.person = person
    candidate.save(update_fields=["status", "person"])
    CandidateDecision.objects.create(
        candidate=candidate,
        action=status,
        person=person,
        user=user if user is not None and user.is_authenticated else None,
    )


# Events -------------------------------------------------------------------------------------


def accept_suggestion(suggestion, user=None, **changes):
    """Make an Event of an open suggestion: its kind, title, place and dates (``changes``
    override them), its people as participants (the hosts as hosts, the others as guests),
    its articles as coverage with the relation each was read as. Records the decision;
    returns the event. ValidationError when decided already or the event is not valid."""
    with transaction.atomic():
        suggestion = _open_suggestion(suggestion)
        fields = {
            "kind": suggestion.kind,
            "title": suggestion.title,
            "city": suggestion.city,
            "country": suggestion.country,
            "start": suggestion.start,
            "start_precision": suggestion.start_precision,
            "end": suggestion.end,
            "end_precision": suggestion.end_precision,
            # What the curator corrected (a cleared end date is None: a one-day event).
            **changes,
        }
        if not fields.get("status"):
            # Still to come: announced; else held (a curator says postponed or cancelled).
            future = fields["start"] > timezone.now().date()
            fields["status"] = Event.Status.ANNOUNCED if future else Event.Status.HELD
        event = Event(**fields)
        event.full_clean(exclude=["slug"])
        event.save()
        _attach(event, suggestion)
        _decide_event(suggestion, EventSuggestion.Status.ACCEPTED, event, user)
    return event


def merge_suggestion(suggestion, event, user=None):
    """Add an open suggestion's people and articles to an existing event (those it already
    has stay as they are); records the decision."""
    with transaction.atomic():
        suggestion = _open_suggestion(suggestion)
        _attach(event, suggestion)
        _decide_event(suggestion, EventSuggestion.Status.MERGED, event, user)
    return event


def reject_suggestions(suggestions, user=None):
    """Reject open suggestions (never proposed again); returns how many were open."""
    count = 0
    with transaction.atomic():
        for suggestion in suggestions:
            suggestion = EventSuggestion.objects.select_for_update().get(pk=suggestion.pk)
            if suggestion.status == EventSuggestion.Status.OPEN:
                _decide_event(suggestion, EventSuggestion.Status.REJECTED, None, user)
                count += 1
    return count


def merge_events(keep, gone):
    """Move ``gone``'s participants, coverage, children and suggestions to ``keep`` (what
    ``keep`` has already stays), then delete ``gone``. ValidationError for an event merged
    into itself or into one of its own children."""
    if keep.pk == gone.pk:
        raise ValidationError("An event cannot be merged into itself.")
    if keep.parent_problem(keep.parent) or gone.pk in _ancestors(keep):
        raise ValidationError(f"{keep} is within {gone}: merge the other way round.")
    with transaction.atomic():
        people = set(keep.participants.values_list("person_id", flat=True))
        for participant in gone.participants.exclude(person_id__in=people):
            EventParticipant.objects.create(
                event=keep, person_id=participant.person_id, role=participant.role
            )
        articles = set(keep.coverage.values_list("article_id", flat=True))
        for link in gone.coverage.exclude(article_id__in=articles):
            EventArticle.objects.create(
                event=keep, article_id=link.article_id, relation=link.relation
            )
        gone.children.exclude(pk=keep.pk).update(parent=keep)
        gone.suggestions.update(event=keep)
        EventDecision.objects.filter(event=gone).update(event=keep)
        gone.delete()
        keep.save()  # its sequence rises: calendars update it
    return keep


def _ancestors(event):
    found, parent = set(), event.parent
    while parent is not None and parent.pk not in found:
        found.add(parent.pk)
        parent = parent.parent
    return found


def _open_suggestion(suggestion):
    suggestion = EventSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != EventSuggestion.Status.OPEN:
        raise ValidationError(
            f"This suggestion was {suggestion.get_status_display().lower()} already."
        )
    return suggestion


def _attach(event, suggestion):
    hosts = set(suggestion.hosts or [])
    present = set(event.participants.values_list("person_id", flat=True))
    for person_id in suggestion.people.values_list("id", flat=True):
        if person_id not in present:
            role = EventParticipant.Role.HOST if person_id in hosts else EventParticipant.Role.GUEST
            EventParticipant.objects.create(event=event, person_id=person_id, role=role)
    linked = set(event.coverage.values_list("article_id", flat=True))
    for evidence in suggestion.evidence.all():
        if evidence.article_id not in linked:
            EventArticle.objects.create(
                event=event, article_id=evidence.article_id, relation=evidence.relation
            )
            linked.add(evidence.article_id)


def _decide_event(suggestion, status, event, user):
    suggestion.status = status
    suggestion.event = event
    suggestion.save(update_fields=["status", "event"])
    EventDecision.objects.create(
        suggestion=suggestion,
        action=status,
        event=event,
        user=user if user is not None and user.is_authenticated else None,
    )
