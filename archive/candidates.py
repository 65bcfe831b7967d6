"""Candidate people: the names archive.tagging.discovery finds that the gazetteer does not
know, recorded as they are seen (one sighting an article, however often the article is
tagged again), with the roles that introduced them, the outlets and up to three example
sentences. Curators promote, merge or dismiss them (archive.curation); a decided candidate
is never proposed again, and seeing it again changes nothing."""

from archive.models import Candidate, CandidateSighting
from archive.names import normalize_name

EXAMPLES = 3


def record(article, sightings, outlet=""):
    """Record ``sightings`` (archive.tagging.discovery.Sighting) of ``article``, inside the
    caller's transaction. Returns the number of new sightings."""
    if not sightings:
        return 0
    by_key = {normalize_name(s.name): s for s in sightings}
    existing = {c.normalized: c for c in Candidate.objects.filter(normalized__in=by_key)}
    new = 0
    for key, sighting in by_key.items():
        candidate = existing.get(key)
        if candidate is None:
            candidate = Candidate.objects.create(name=sighting.name, normalized=key)
        elif candidate.status != Candidate.Status.OPEN:
            continue  # decided: never proposed again
        _, created = CandidateSighting.objects.get_or_create(candidate=candidate, article=article)
        if not created:
            continue
        new += 1
        candidate.roles[sighting.role] = candidate.roles.get(sighting.role, 0) + 1
        if outlet:
            candidate.outlets[outlet] = candidate.outlets.get(outlet, 0) + 1
        if len(candidate.examples) < EXAMPLES and sighting.sentence not in candidate.examples:
            candidate.examples.append(sighting.sentence)
        candidate.save(update_fields=["roles", "outlets", "examples"])
    return new
