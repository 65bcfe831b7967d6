"""Boilerplate, captions, sign-offs and datelines: the cleaning every parser shares.

Pure functions over plain text and Blocks; no database access.
"""

import functools
import re
from dataclasses import dataclass, field

from archive.ingest.dates import looks_like_date_line
from archive.ingest.document import Block
from archive.ingest.sources import (
    SIGNOFF_CODES,
    agency_codes,
    canonical_source_name,
    known_source,
)
from archive.lexicon import words
from archive.sentences import first_sentence

_ROLE_WORDS = words("not-outlet-words")
_DATE_WORDS = words("months") | words("weekdays") | {"updated", "published", "on", "at"}

_BOILERPLATE_RE = re.compile(
    "|".join(
        f"(?:{p})"
        for p in (
            r"^advert(?:isement|ising)?s?$",
            r"^(?:sponsored|promoted)(?: content| stories)?$",
            r"^(?:rm|ad|mpu|dfp)[ _-]?(?:block|slot|unit)$",
            r"^(?:scroll|continue reading|story continues)"
            r"(?: (?:down|below|after advertisement))?$",
            r"\bjoin (?:our|the) (?:mailing|e-?mail) list\b",
            r"\bsign up (?:for|to)\b.{0,40}\b"
            r"(?:newsletter|mailing list|e-?mails?|alerts?|briefing)\b",
            r"^(?:subscribe|get (?:our|the) newsletter)\b",
            r"\bjoin now\b",
            r"^click here\b",
            r"^(?:read|see) (?:more|also|next)\b.{0,120}$",
            r"^related(?: (?:articles?|stories|coverage|content|topics|links?))?\s*:?$",
            # "Related: Kim arrives in Beijing", "READ MORE: ...", "Also read: ...".
            r"^(?:related|read more|also read|more|see also|watch)\s*:\s*.{0,160}$",
            r"^(?:share|tweet|email|print)(?: (?:this|on|via)\b.{0,60})?$",
            r"^follow (?:us|@)\b",
            r"^skip to (?:main )?content$",
            r"\ball rights reserved\b",
            r"^(?:©|\(c\)|copyright\b)",
            r"^(?:most (?:read|popular|viewed))$",
            r"^(?:listen to this article|download the app)\b",
        )
    ),
    re.IGNORECASE,
)
# Navigation lines: several short items separated by | › » · or /.
_NAV_RE = re.compile(r"^(?:[^|›»·]{1,30}\s*[|›»·]\s*){2,}[^|›»·]{0,30}$")
_SEPARATOR_RE = re.compile(r"^[\W_]+$")

_CREDIT_IN_BRACKETS = (
    r"[(\[]\s*(?:(?:file|photo|image|pictured|credit|picture)\s*:\s*)?"
    r"[^()\[\]]{2,80}?(?:/|\bvia\b)\s*[^()\[\]]{2,80}[)\]]"
)
_CAPTION_RE_LIST = [
    re.compile(_CREDIT_IN_BRACKETS + r"\s*$", re.IGNORECASE),
    re.compile(
        r"[(\[]\s*(?:AP|AFP|Reuters|Getty Images|EPA|EPA-EFE|Yonhap|KCNA|Xinhua|Kyodo|"
        r"Shutterstock|Alamy)(?: Photo| via [^)\]]{1,60})?\s*[)\]]\s*$"
    ),
    re.compile(r"^(?:photo|image|picture|caption|pictured|photograph)\s*:", re.IGNORECASE),
    # AP's file-photo captions: "FILE - In this June 12, 2018, file photo, ..."
    re.compile(r"^FILE\s*[-–—]\s+\S"),
    re.compile(r"\bPhotograph: [^.]{2,80}$"),
    re.compile(r"\((?:AP|AFP|Reuters|EPA) Photo/[^)]+\)"),
]
# Captions close with a bracket or open with a label: most lines are ruled out by a glance.
_CAPTION_HINT_RE = re.compile(r"[)\]]\s*$|^\w+\s*:|Photograph: |Photo/|^FILE\s*[-–—]")
# A related link glued to the end of a paragraph: "...he said. Trump to advise on Kim Jong Un:
# report MORE" (the sentence before it ends; the link's headline closes with MORE).
_LINK_TAIL_RE = re.compile(r"(?<=[.!?”\"])\s+[^.!?]{8,160}\s+MORE$")

_SIGNOFF_RE = re.compile(r"(?:^|\s)[–—-]{1,2}\s*(" + "|".join(SIGNOFF_CODES) + r")\.?\s*$")
# A last line that is only the code ("REUTER", as the wire closed its stories in the 1980s).
_BARE_SIGNOFF_RE = re.compile(r"^\s*(" + "|".join(SIGNOFF_CODES) + r")\.?\s*$", re.IGNORECASE)
_SOURCE_FOOTER_RE = re.compile(r"^sources?\s*:\s*(.{2,120})$", re.IGNORECASE)
_CREDIT_RES = [
    re.compile(r"\bcontribut(?:ed|ing|es) (?:to )?(?:this|the) (?:story|report|article)\b", re.I),
    re.compile(r"^(?:additional )?(?:reporting|writing|editing|compiled|research) by\b", re.I),
]
_CREDIT_AGENCY_RE = re.compile(
    r"^(.{2,60}?)\s+(?:staff\s+)?(?:writers?|correspondents?|reporters?|journalists?)\b"
)
# "Reuters contributed to this report.": the agency is the subject.
_CREDIT_SUBJECT_RE = re.compile(r"^(?:the )?(.{2,60}?)\s+contribut", re.IGNORECASE)
_BYLINE_RE = re.compile(
    r"^(?i:by)\s+([A-Z][\w.'’\- ]{1,60}(?:(?:,|\band\b)\s*[A-Z][\w.'’\- ]{1,60})*)$"
)

_DATELINE_RE = re.compile(
    r"^(?P<place>[A-Z]{2,}(?:[ .'’\-]+[A-Z]{2,})*\.?"
    r"(?:,\s*[A-Z][A-Za-z.'’\-]+(?: [A-Z][A-Za-z.'’\-]+){0,3})?"
    r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?)"
    r"\s*(?:\((?P<agency>[^()]{1,40})\)\s*)?"
    r"(?:—|–|--?|:)\s+(?=\S)"
)

_TERMINAL = ".!?…\"”’'»)"
_ATTRIBUTION_RE = re.compile(
    r"\b(?:said|says|reported|reports|announced|announces|told|according to|added|state media|"
    r"officials? said)\b",
    re.IGNORECASE,
)
HEADLINE_MAX = 120


# A related link's headline closing with its "MORE" button (upper case only: "he wanted
# more" is a sentence).
_MORE_LINK_RE = re.compile(r"^[^.!?]{0,160}[^.!?\s]\s+MORE$")
# The wire's "MORE" after a finished sentence: the story continues in the next take.
_MORE_TAKE_RE = re.compile(r"(?<=[.!?”\"])\s+MORE$")


def is_boilerplate(line):
    text = line.strip()
    if not text:
        return True
    if _SEPARATOR_RE.match(text) or _MORE_LINK_RE.match(text):
        return True
    if len(text) <= 200 and _BOILERPLATE_RE.search(text):
        return True
    return len(text) <= 200 and bool(_NAV_RE.match(text))


def is_caption(line):
    text = line.strip()
    if not 0 < len(text) <= 400 or not _CAPTION_HINT_RE.search(text):
        return False
    if text[-1:] in ")]":
        bracket = text.rfind("(" if text.endswith(")") else "[")
        # The bracket must read as a credit ("(AP Photo/Lee Jin-man)"), not a note
        # ("(Correcting output to barrels/day from barrels/year)", "(excluding 2-1/2 cts
        # special)"), and close a caption, not a list item ("The Simpsons (Twentieth
        # Century Fox, BBC Two/Sky One)"): a short line needs a photo credit in it.
        if not _reads_as_credit(text[bracket:]):
            return False
        short = bracket > 0 and len(text[:bracket].split()) < 6 and not _LABEL_RE.match(text)
        if short and ("," in text[bracket:] or not _PHOTO_CREDIT_RE.search(text[bracket:])):
            return False
    return any(r.search(text) for r in _CAPTION_RE_LIST)


_LABEL_RE = re.compile(r"^(?:photo|image|picture|caption|pictured|photograph|file)\b", re.I)
_PHOTO_CREDIT_RE = re.compile(
    r"\b(?:AP|AFP|Reuters|Getty|EPA|EFE|Yonhap|KCNA|Xinhua|Kyodo|Shutterstock|Alamy|PA|Photo|"
    r"via|Pool|File)\b"
)
_CREDIT_SMALL_WORDS = {"via", "by", "of", "the", "and", "for", "de", "photo", "file", "pool"}


def _reads_as_credit(text):
    """A bracketed line that is only a credit: names and agencies, capitalised, with their
    few small words ("(AP Photo/Lee Jin-man)", "(KCNA via KNS/AP)")."""
    words = re.findall(r"[^\W\d_][\w.'’\-]*", text)
    return bool(words) and all(w[:1].isupper() or w.lower() in _CREDIT_SMALL_WORDS for w in words)


def ends_sentence(text):
    return bool(text) and text.rstrip()[-1] in _TERMINAL


def is_body_like(text):
    """A line that reads as running copy rather than a header, label or caption."""
    text = text.strip()
    return (len(text) >= 60 and ends_sentence(text)) or len(text) >= 160


def split_signoff(text):
    """('... the war ends.', 'AP') for copy ending in an agency sign-off, else (text, None)."""
    match = _SIGNOFF_RE.search(text)
    if match:
        return text[: match.start()].rstrip(), match.group(1)
    match = _BARE_SIGNOFF_RE.match(text)
    if match:
        code = match.group(1).lower()
        return "", next(c for c in SIGNOFF_CODES if c.lower() == code)
    return text, None


def source_from_footer(line):
    """'Source: Al Jazeera, News Agencies' gives 'Al Jazeera'."""
    match = _SOURCE_FOOTER_RE.match(line.strip())
    if not match:
        return None
    first = re.split(r",|;|\band\b", match.group(1))[0].strip(" .")
    return canonical_source_name(first) if first else None


def contributor_credit(line):
    """(True, agency or None) for a writer's credit line such as
    'Associated Press writer Hyung-jin Kim contributed to this story from Seoul.'"""
    text = line.strip()
    if len(text) > 300 or not any(r.search(text) for r in _CREDIT_RES):
        return False, None
    for pattern in (_CREDIT_AGENCY_RE, _CREDIT_SUBJECT_RE):
        match = pattern.match(text)
        if match:
            known = known_source(match.group(1))
            if known:
                return True, known.name
    return True, None


_BYLINE_SPLIT_RE = re.compile(r"\s*(?:,|;|&|\band\b|\|)\s*", re.IGNORECASE)
# "Phil Helsel is a reporter for NBC News": the name is what comes before.
_BYLINE_ROLE_TAIL_RE = re.compile(r"\s+(?:is|was|writes|reports|covers)\b.*$", re.IGNORECASE)
_BYLINE_NAME_RE = re.compile(r"^[^\W\d_][\w.'’\-]*(?: [^\W\d_][\w.'’\-]*){0,4}$")


def clean_byline(text):
    """The names a byline gives, as "Name, Name" ("" when it gives none): "By" and
    "and" handled, roles and dates after a name dropped ("Phil Helsel is a reporter",
    "GILLIAN MOHNEY March"), names in capitals written as names, each name once;
    placeholders and roles ("Username", "Staff Reporter") are not names."""
    text = " ".join((text or "").split())
    text = re.sub(r"^by\s+", "", text, flags=re.IGNORECASE)
    names, seen = [], set()
    for piece in _BYLINE_SPLIT_RE.split(text):
        piece = _BYLINE_ROLE_TAIL_RE.sub("", re.sub(r"^by\s+", "", piece, flags=re.IGNORECASE))
        words = piece.strip(" .,-").split()
        while words and (words[-1].lower().strip(".,") in _DATE_WORDS or words[-1][:1].isdigit()):
            words.pop()  # "GILLIAN MOHNEY March 3, 2018"
        name = " ".join(words)
        if not 2 <= len(words) <= 5 or not _BYLINE_NAME_RE.match(name):
            continue
        if any(w.lower().strip(".,") in _ROLE_WORDS for w in words) or known_source(name):
            continue  # a role, a placeholder or an agency ("By The Associated Press")
        if name.isupper():
            name = " ".join(w.capitalize() if len(w) > 2 else w for w in words)
        if name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return ", ".join(names)[:300]


def byline_from(line):
    match = _BYLINE_RE.match(line.strip())
    return match.group(1).strip() if match and len(line) <= 120 else None


def split_dateline(text):
    """('SEOUL, South Korea', agency or None, rest) when the paragraph opens with a dateline."""
    match = _DATELINE_RE.match(text)
    if not match:
        return None, None, text
    place = match.group("place").strip().rstrip(",")
    agency = match.group("agency")
    if agency and not known_source(agency):
        agency = None
    return place, (known_source(agency).name if agency else None), text[match.end() :]


def derive_headline(paragraph):
    """A headline from a paragraph's first sentence: trailing attribution dropped, at most
    HEADLINE_MAX characters, shortened at a word boundary."""
    sentence = first_sentence(paragraph).rstrip()
    sentence = sentence.rstrip(".").rstrip()
    clauses = re.split(r"(?<=,)\s+", sentence)
    headline = clauses[0]
    for clause in clauses[1:]:
        if _ATTRIBUTION_RE.search(clause) and len(headline) >= 30:
            break
        headline = f"{headline} {clause}"
    headline = headline.rstrip(",;:— ")
    if len(headline) > HEADLINE_MAX:
        cut = headline[: HEADLINE_MAX - 1]
        cut = cut[: cut.rfind(" ")] if " " in cut else cut
        headline = cut.rstrip(",;:— ") + "…"
    return headline


@dataclass
class CleanBody:
    blocks: list
    standfirst: str = ""
    dateline: str = ""
    source_name: str = ""
    byline: str = ""
    date_lines: list = field(default_factory=list)
    agencies: list = field(default_factory=list)  # [(agency name, how the copy says so)]

    def credit(self, name, how):
        """Credit an agency; one credited twice keeps the strongest way the copy says so."""
        if not name:
            return
        for index, (known, said) in enumerate(self.agencies):
            if known == name:
                if CREDIT_STRENGTH.index(how) < CREDIT_STRENGTH.index(said):
                    self.agencies[index] = (name, how)
                return
        self.agencies.append((name, how))


# How an agency is credited, strongest first: the dateline or byline says who wrote the
# story; a copyright line who owns it; a contribution or a citation only that it helped.
CREDIT_STRENGTH = ("dateline", "byline", "signoff", "copyright", "contribution", "cited")


_COPYRIGHT_RE = re.compile(
    r"^(?:copyright|©|\(c\))\s*(?:©\s*)?(?:\d{4}\s*)?(?P<holder>[^.,]{2,80}?)\s*[.,]?\s*"
    r"(?:all rights reserved\.?)?$",
    re.IGNORECASE,
)


def agency_of(name):
    """The canonical name of a wire agency named ``name`` (None if it is not one)."""
    known = known_source(name)
    return known.name if known and known.kind == "wire" else None


def copyright_agency(line):
    """'Copyright 2019 The Associated Press. All rights reserved.' gives the agency."""
    match = _COPYRIGHT_RE.match(line.strip())
    return agency_of(match.group("holder")) if match else None


@functools.cache
def _cited_re():
    codes = "|".join(re.escape(code) for code in agency_codes() if len(code) > 2)
    return re.compile(
        rf"\b(?P<a>{codes})(?:\s+news agency)?\s+(?:said|says|reported|reports)\b"
        rf"|\baccording to (?:the )?(?P<b>{codes})\b"
    )


def cited_agencies(text):
    """Agencies a paragraph cites ("..., KCNA said", "according to Xinhua")."""
    found = []
    for match in _cited_re().finditer(text):
        name = agency_of(match.group("a") or match.group("b"))
        if name and name not in found:
            found.append(name)
    return found


def clean_body(entries, *, find_standfirst=True):
    """Clean body entries, a list of (Block, group) where ``group`` ties lines that stood
    together without a blank line (None when unknown, e.g. HTML).

    Drops boilerplate, captions (and the image text just above a caption), repeated lines,
    writers' credits and source footers; strips the sign-off; takes out the dateline; spots
    a standfirst (a short first paragraph followed by a picture) and subheadings.
    """
    kept = []  # [Block, group, removed_after]
    sources = {}  # by priority
    result = CleanBody(blocks=[])
    previous_text = None
    for block, group in entries:
        text = block.text.strip()
        if text == previous_text and block.tag == "p":
            _mark_removed(kept)
            continue
        previous_text = text
        if block.tag in ("ul", "ol", "blockquote"):
            kept.append([block, group, False])
            continue
        tail = (
            (_LINK_TAIL_RE.search(text) or _MORE_TAKE_RE.search(text)) if block.tag == "p" else None
        )
        if tail:
            text = text[: tail.start()].rstrip()
            block = _with_text(block, text)
        footer = source_from_footer(text)
        if footer:
            sources.setdefault("footer", footer)
            _mark_removed(kept)
            continue
        is_credit, agency = contributor_credit(text)
        if is_credit:
            if agency:
                sources.setdefault("credit", agency)
                result.credit(agency, "contribution")
            _mark_removed(kept)
            continue
        holder = copyright_agency(text) if len(text) <= 200 else None
        if holder:
            result.credit(holder, "copyright")
            _mark_removed(kept)
            continue
        if is_boilerplate(text):
            _mark_removed(kept)
            continue
        if looks_like_date_line(text):
            result.date_lines.append(text)
            _mark_removed(kept)
            continue
        if is_caption(text):
            # The line just above a caption in the same group, without a full stop, is the
            # picture's alt text.
            if (
                kept
                and group is not None
                and kept[-1][1] == group
                and not ends_sentence(kept[-1][0].text)
                and len(kept[-1][0].text) < 250
                and len(kept) > 1
            ):
                kept.pop()
            _mark_removed(kept)
            continue
        byline = byline_from(text)
        if byline:
            agency = agency_of(byline)
            if agency:  # "By The Associated Press", wherever it stands: a credit
                result.credit(agency, "byline")
                _mark_removed(kept)
                continue
            if not kept:  # a writer's byline opens the copy
                result.byline = byline
                continue
        kept.append([block, group, False])

    # The sign-off closes the last paragraph (or stands alone on the last line).
    while kept and kept[-1][0].tag == "p":
        block = kept[-1][0]
        rest, code = split_signoff(block.text)
        if not code:
            break
        sources.setdefault("signoff", canonical_source_name(code))
        result.credit(canonical_source_name(code), "signoff")
        if rest.strip():
            kept[-1][0] = _with_text(block, rest)
            break
        kept.pop()

    if find_standfirst and len(kept) >= 2:
        first, _group, removed_after = kept[0]
        if (
            removed_after
            and first.tag == "p"
            and len(first.text) <= 250
            and split_dateline(first.text)[0] is None
        ):
            result.standfirst = first.text
            kept.pop(0)

    for index, item in enumerate(kept):
        block = item[0]
        if block.tag != "p":
            continue
        if index == 0 or any(k[0].tag == "p" for k in kept[:index]):
            place, agency, rest = split_dateline(block.text)
            if place and rest:
                result.dateline = place
                if agency:
                    sources.setdefault("dateline", agency)
                    result.credit(agency, "dateline")
                item[0] = _with_text(block, rest)
            break

    for index in range(1, len(kept) - 1):
        block = kept[index][0]
        following = kept[index + 1][0]
        if (
            block.tag == "p"
            and len(block.text) <= 60
            and not ends_sentence(block.text)
            and block.text[:1].isupper()
            and is_body_like(following.text)
        ):
            kept[index][0] = Block("h3", block.html, block.text, block.trusted)

    result.blocks = [item[0] for item in kept if item[0].text.strip()]
    for block in [b for b in result.blocks if b.tag == "p"][:2]:
        for name in cited_agencies(block.text):
            result.credit(name, "cited")
    for key in ("footer", "signoff", "dateline", "credit"):
        if key in sources:
            result.source_name = sources[key]
            break
    return result


def _mark_removed(kept):
    if kept:
        kept[-1][2] = True


def _with_text(block, new_text):
    """The block with its text cut down to ``new_text`` (a prefix or suffix of its text).

    Markup is kept when the cut part holds none; otherwise the block falls back to text.
    """
    new_text = new_text.strip()
    full = Block.from_text(block.text, block.tag)
    if block.html != full.html:
        cut = Block.from_text(block.text.replace(new_text, "", 1), block.tag).html
        if cut and block.html.startswith(cut):
            return Block(block.tag, block.html[len(cut) :].lstrip(), new_text)
        if cut and block.html.endswith(cut):
            return Block(block.tag, block.html[: -len(cut)].rstrip(), new_text)
    return Block.from_text(new_text, block.tag)
