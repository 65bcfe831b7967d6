"""Who each match names: full names count; a short form ("Mr Kim", "President Xi", a bare
surname) is given to the person the article names in full, chosen by the title before it
and by the nearest sentence that names a candidate; alone, it is a suggestion at most.
The result is one Finding a person: ``auto`` (shown) or ``suggested`` (for curators)."""

from dataclasses import dataclass

from archive.tagging.rules import role_before
from archive.tagging.vocabulary import LEADER, OTHER


@dataclass
class Finding:
    person_id: int
    status: str  # "auto" or "suggested"
    count: int
    context: str


@dataclass
class Hit:
    """One accepted match: where, whose forms, and what the words around it say."""

    match: tuple  # (segment, start, end): in reading order
    entry: object  # the gazetteer Entry of the matched key
    role: str | None  # the title before it: LEADER, OTHER or None
    unsure: bool = False  # a word-like surname where capitals prove nothing
    unfit: frozenset = frozenset()  # people a form of address before it rules out ("Mrs")


class Lazy:
    """A set worked out on first use (most articles never ask)."""

    def __init__(self, make):
        self.make = make
        self.value = None

    def __contains__(self, item):
        if self.value is None:
            self.value = self.make()
        return item in self.value


def resolve(hits, article, leader_ids, leading=frozenset(), active=None):
    """{person id: Finding} for the accepted matches of an article (in reading order);
    ``leader_ids``: the ids of the people who are leaders; ``leading``: a container of those
    who held a leading office (head of state or government, foreign minister) throughout the
    article's date; ``active``: a container of the people who may be in the news on that
    date (None: anyone), the only ones a lone surname suggests."""
    strong_hits = []  # (match, person id) in reading order
    counted = {}  # person id -> [match, ...]
    for hit in hits:
        for pid in hit.entry.named:
            strong_hits.append((hit.match, pid))
            counted.setdefault(pid, []).append(hit.match)
    named = set(counted)
    titled = Lazy(lambda: _titled(hits, article))
    suggested = {}

    def sentence_of(match):
        return match[0], article.segments[match[0]].sentence(match[1])[0]

    def nearest(candidates, match):
        # The person of the last sentence before that names one of them (the first named
        # in it, usually its subject: "Kim Yo Jong, sister of Kim Jong Un, said... Ms Kim"),
        # or failing that the first named after (a short form in the headline).
        if len(candidates) == 1:
            return next(iter(candidates))
        before = [(m, pid) for m, pid in strong_hits if pid in candidates and m < match]
        if before:
            sentence = sentence_of(before[-1][0])
            return next(pid for m, pid in before if sentence_of(m) == sentence)
        return next(pid for m, pid in strong_hits if pid in candidates and m > match)

    for hit in hits:
        if hit.entry.strong:
            continue
        owners = hit.entry.owners - hit.unfit
        if not owners:
            continue
        candidates = owners & named
        leaders = owners & leader_ids
        target, unresolved = None, owners
        on_date = {pid for pid in owners if pid in leading}
        if hit.role == LEADER:
            # "President Xi" beside his daughter Xi Mingze is not her: only a leader, or
            # someone the article itself titles so ("President Kim Dae-jung").
            eligible = {pid for pid in candidates if pid in leader_ids or pid in titled}
            if eligible and on_date and not eligible & on_date and len(on_date) <= 3:
                # "President Lee" beside a Lee named in full who did not lead that day: the
                # one who did, for curators.
                for pid in on_date:
                    suggested.setdefault(pid, []).append(hit.match)
                continue
            if eligible:
                target = nearest(eligible, hit.match)
            elif leaders:
                unresolved = leaders
            elif candidates:
                target = nearest(candidates, hit.match)
        elif hit.role == OTHER:
            # "Professor Moon" is not the president, even where the president is named.
            eligible = candidates - leader_ids
            if eligible:
                target = nearest(eligible, hit.match)
            unresolved = set() if candidates else owners - leader_ids
        elif candidates:
            if article.segments[hit.match[0]].is_title and candidates & leader_ids:
                # A headline's bare surname is its most prominent bearer: "Kim's sister
                # rejects summit" is about Kim Jong Un, whoever the body names first.
                candidates &= leader_ids
            target = nearest(candidates, hit.match)
        if target is not None:
            counted[target].append(hit.match)
            continue
        others = article.others.get(hit.entry.surname, ())
        if hit.unsure or (others and (hit.role != LEADER or LEADER in others)):
            # "Moon rocks"; "Ms Kim" beside "Kim Keon-hee"; "President Lee" beside
            # "Former President Lee Myung-bak": not evidence of the person we know.
            continue
        # "Abe said", "Mr Pompeo" with no one else of that name in the article: the only
        # bearer who held a leading office on the article's date.
        sole = (
            {pid for pid in unresolved if pid in leading}
            if hit.role != OTHER and not others
            else set()
        )
        if len(sole) == 1 and not (owners & named):
            counted.setdefault(next(iter(sole)), []).append(hit.match)
            continue
        if 1 < len(sole) <= 3:
            # Several of that name led that day ("Kim": the leader and his premier).
            for pid in sole:
                suggested.setdefault(pid, []).append(hit.match)
            continue
        if active is not None:
            # "Sullivan" in a 1987 story: not the adviser of 2021.
            unresolved = {pid for pid in unresolved if pid in active}
        few = 3 if hit.unfit or hit.entry.addressed else 1
        for pid in _suggestable(unresolved, leader_ids, few):
            suggested.setdefault(pid, []).append(hit.match)

    findings = {
        pid: Finding(
            pid, "auto", len(matches), context_of(article, first_in_text(article, matches))
        )
        for pid, matches in counted.items()
    }
    for pid, matches in suggested.items():
        context = context_of(article, first_in_text(article, matches))
        findings[pid] = Finding(pid, "suggested", len(matches), context)
    return findings


def _titled(hits, article):
    """People named in full after a leader's title: "South Korean President Kim Dae-jung"."""
    return {
        pid
        for hit in hits
        if hit.entry.strong
        and role_before(article.segments[hit.match[0]].text, hit.match[1]) == LEADER
        for pid in hit.entry.named
    }


def _suggestable(owners, leader_ids, few=1):
    """Unsure: suggest the leader who carries the name (when few do), or the only person
    who does (up to ``few`` where a form of address narrowed them: "Mrs. Trump"); a curator
    decides."""
    leaders = owners & leader_ids
    if leaders:
        return leaders if len(leaders) <= 3 else set()
    return owners if len(owners) <= few else set()


def first_in_text(article, matches):
    """The first match outside the headline if there is one: the sentence shown beside an
    article is then not its headline again."""
    body = [m for m in matches if not article.segments[m[0]].is_title]
    return min(body or matches)


def context_of(article, match):
    """The sentence of a match, at most about 400 characters."""
    segment_index, start, end = match
    segment = article.segments[segment_index]
    text = segment.text
    left, right = segment.sentence(start, end)
    sentence = " ".join(text[left:right].split())
    if len(sentence) > 400:
        middle = start - left
        sentence = "…" + sentence[max(0, middle - 180) : middle + 180].strip() + "…"
    return sentence


# Writing mentions ---------------------------------------------------------------------------
