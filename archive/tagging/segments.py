"""An article's text as the tagger reads it: segments (headline, standfirst, body) with
their folded text and sentences, and the parts that are credits, not mentions (bylines,
photo credits, writers' credits)."""

import re
from bisect import bisect_left, bisect_right

from archive.names import fold_text
from archive.sentences import sentence_ends

_CREDIT_SENTENCE_RE = re.compile(
    r"\b(?:contribut(?:ed|ing) (?:to )?(?:this|the) (?:story|report|article)|"
    r"(?:additional )?reporting by|writing by|editing by|photo(?:graph)? by|"
    r"photograph:|photo:|image:|picture:|compiled by)|"
    # "Associated Press writers Hyung-jin Kim in Seoul and Mari Yamaguchi contributed."
    r"\b(?:writers?|reporters?|correspondents?|journalists?)\b[^.!?\n]*\bcontributed\b",
    re.IGNORECASE,
)
_CREDIT_CUES = (
    "contribut",
    "reporting by",
    "writing by",
    "editing by",
    "photo by",
    "photo:",
    "photograph",
    "image:",
    "picture:",
    "compiled by",
)
_BYLINE_LINE_RE = re.compile(r"\s*by\s+[A-Z]", re.IGNORECASE)  # at a sentence's start


class Segment:
    """One segment of an article with its folded text and (lazily) its sentences."""

    __slots__ = ("_brackets", "_credits", "_ends", "folded", "index", "is_title", "offsets", "text")

    def __init__(self, index, text, is_title):
        self.index = index
        self.text = text
        self.is_title = is_title
        self.folded, self.offsets = fold_text(text)
        self._ends = {}  # paragraph start -> sentence ends in it
        self._brackets = None
        self._credits = None

    def sentence(self, start, end=None):
        """(left, right) of the sentence holding text[start:end], as sentence_at gives it
        (up to white space at the end of a paragraph). A line break always ends a sentence,
        so only the paragraph around it is split, once: most paragraphs never need it."""
        end = start if end is None else end
        text = self.text
        first = text.rfind("\n", 0, start) + 1
        ends = self._ends.get(first)
        if ends is None:
            last = text.find("\n", first)
            last = len(text) if last < 0 else last
            ends = self._ends[first] = [first + e for e in sentence_ends(text[first:last])]
            ends.append(last)
        before = bisect_right(ends, start)
        after = bisect_left(ends, end, before)
        left = ends[before - 1] if before else first
        right = ends[after] if after < len(ends) else ends[-1]
        return left, right

    @property
    def credit_brackets(self):
        if self._brackets is None:
            self._brackets = _credit_brackets(self.text)
        return self._brackets

    def in_credit(self, start):
        """Whether text[start] is inside a byline or a credit."""
        if self._credits is None:
            self._credits = self._credit_spans()
        return any(left <= start < right for left, right in self._credits)

    def _credit_spans(self):
        """(start, end) of the bylines and credits, found once a segment. A credit phrase
        covers the names after it ("Photo by Kim Hong-ji", "reporting by...") or, for a
        writer's credit, before it ("writer Kim Tong-hyung contributed"), not the subject of
        the sentence ("Kim Jong Un tours a factory, in this photo by KCNA"). Literal cues pick
        the few sentences worth the (slow, case-blind) regexes, so an article without
        credits costs a few string searches."""
        text, spans, seen = self.text, set(), set()
        for cue in _CREDIT_CUES:
            position = self.folded.find(cue)
            while position >= 0:
                left, right = self.sentence(self.offsets[position])
                if left not in seen:
                    seen.add(left)
                    for credit in _CREDIT_SENTENCE_RE.finditer(text, left, right):
                        if "contribut" in credit.group().lower():
                            spans.add((left, credit.end()))
                        else:
                            spans.add((credit.start(), right))
                position = self.folded.find(cue, position + len(cue))
        for cue in ("By ", "by ", "BY "):
            position = text.find(cue)
            while position >= 0:
                if _may_start_sentence(text, position):
                    left, right = self.sentence(position)
                    if _is_byline(text, left, right):
                        spans.add((left, right))
                position = text.find(cue, position + 3)
        return sorted(spans)


def _is_byline(text, left, right):
    """'By Hyung-jin Kim', 'By Kim Tong-hyung and Hyung-jin Kim, Associated Press': a short
    sentence of "By" and names. Not 'By Vladimir Putin’s order, troops were moved.'"""
    if right - left >= 120:
        return False
    match = _BYLINE_LINE_RE.match(text, left, right)
    if not match:
        return False
    words = text[match.end() - 1 : right].split()
    return all(
        not word[0].isalpha() or word[0].isupper() or word.strip(",.;") in _BYLINE_SMALL_WORDS
        for word in words
    )


_BYLINE_SMALL_WORDS = {"and", "in", "of", "the", "for", "at", "with", "de", "van", "von", "bin"}


def _may_start_sentence(text, position):
    """Whether only white space stands between text[position] and a sentence end."""
    before = text[max(0, position - 20) : position]
    stripped = before.rstrip()
    if not stripped or "\n" in before[len(stripped) :]:
        return True
    return stripped[-1] in ".!?…\"”’'"


class ArticleText:
    """What the rules need to know about the whole article while reading one match."""

    def __init__(self, segments):
        self.segments = [
            Segment(index, text or "", is_title) for index, (text, is_title) in enumerate(segments)
        ]
        # Surnames seen inside someone else's name ("Kim Keon-hee", "Akie Abe"): alone,
        # a short form of them is not evidence of the person we know.
        self.others = {}  # surname -> roles of the titles before those names
        self._running_text = None

    @property
    def running_text(self):
        """The folded text of everything but the headline, where capitals carry meaning."""
        if self._running_text is None:
            self._running_text = " \n ".join(
                s.folded for s in self.segments if not s.is_title and s.folded
            )
        return self._running_text


def is_credit(segment, start, end):
    """A byline, a photo credit or a writer's credit is not a mention."""
    # Inside a parenthesis or bracket with a slash: a photo credit "(Vladimir Voronin/AP)".
    spans = segment.credit_brackets
    if spans:
        index = bisect_right(spans, (start, len(segment.text))) - 1
        if index >= 0 and spans[index][0] < start and end <= spans[index][1]:
            return True
    return segment.in_credit(start)


_BRACKETS_RE = re.compile(r"[(\[][^)\]]*[)\]]")


def _credit_brackets(text):
    """(opening, closing) of the brackets that hold a photo credit, in order."""
    if "/" not in text and " via " not in text:
        return []
    return [
        (m.start(), m.end() - 1)
        for m in _BRACKETS_RE.finditer(text)
        if "/" in m.group() or " via " in m.group()
    ]
