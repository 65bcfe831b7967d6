"""Snippets with the matched words marked, built from the database text.

Safe by construction: every piece of text is HTML-escaped here and the only markup added is
``<mark>``; nothing from the article or the query reaches the page unescaped. (Haystack's
``{% highlight %}`` strips tags without escaping, so ``x <img src=x onerror=...`` in an
article would become live HTML.)

Words match as the index matches them: the same analyzer (stemming, British/American
spellings, CJK bigrams), so a search for *denuclearization* marks *denuclearisation*.
Only the few paragraphs that can match are analysed, to keep a page of results cheap.
"""

import functools
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from haystack import connections

from archive.search.fields import STEMMED_LANGUAGES
from archive.search.query import positive_leaves
from archive.search.text import analyze, analyze_language

SNIPPET_CHARS = 240
# Paragraphs analysed per result: the analyzer is most of a page of results' cost.
MAX_PARAGRAPHS = 2


@functools.cache
def _analyzer():
    """The engine's own analyzer where it offers one (Whoosh's, exactly what the index
    holds), else the same rules in plain Python (archive.search.text)."""
    backend = connections["default"].get_backend()
    return backend.text_analyzer() if hasattr(backend, "text_analyzer") else analyze


@dataclass(frozen=True)
class Needles:
    terms: frozenset  # analysed tokens to mark
    prefixes: tuple  # analysed prefixes to mark
    probes: tuple  # cheap lower-case substrings that a matching paragraph must contain
    words: tuple = ()  # the query's words, for the languages' own analysis

    @property
    def empty(self):
        return not (self.terms or self.prefixes)

    @functools.cache  # noqa: B019 (a handful of Needles live for one request)
    def language_terms(self, code):
        """The query's words as the field of language ``code`` holds them."""
        return frozenset(t.text for word in self.words for t in analyze_language(word, code))


def needles_for(parsed):
    """What to mark for a parsed query: its positive words, phrases and prefixes."""
    terms, prefixes, probes = set(), [], set()
    for leaf in positive_leaves(parsed.root) if parsed and parsed.root else []:
        if leaf.kind == "prefix":
            prefixes.append(leaf.text.lower())
            probes.add(leaf.text.lower()[:4])
            continue
        for word in leaf.text.split():
            for token in _analyzer()(word):
                terms.add(token.text)
            probes.add(word.lower()[:4])
    words = tuple(w for leaf in positive_leaves(parsed.root) if leaf.kind != "prefix"
                  for w in leaf.text.split()) if parsed and parsed.root else ()  # fmt: skip
    return Needles(frozenset(terms), tuple(prefixes), tuple(sorted(probes)), words)


def _marks(paragraph, needles, language=""):
    """Character ranges of the matching tokens in a paragraph (of an article written in
    ``language``: its own stems match too, as they do in the index)."""
    found = [
        (token.startchar, token.endchar)
        for token in _analyzer()(paragraph, chars=True, mode="index")
        if token.text in needles.terms or any(token.text.startswith(p) for p in needles.prefixes)
    ]
    if language in STEMMED_LANGUAGES and needles.words:
        terms = needles.language_terms(language)
        found.extend(
            (t.startchar, t.endchar)
            for t in analyze_language(paragraph, language)
            if t.text in terms
        )
        found.sort()
    ranges = []
    for start, end in found:
        # CJK bigrams overlap (习近, 近平), and a word may match twice: one mark each.
        if ranges and start <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(end, ranges[-1][1]))
        else:
            ranges.append((start, end))
    return ranges


def snippet(paragraphs, needles, fallback="", language=""):
    """The best window of text around the marked words, as safe HTML (``language``: the
    article's, whose own stems are marked too)."""
    best = None
    if not needles.empty:
        candidates = [p for p in paragraphs if any(probe in p.lower() for probe in needles.probes)][
            :MAX_PARAGRAPHS
        ]
        for paragraph in candidates:
            ranges = _marks(paragraph, needles, language)
            if ranges:
                window = _best_window(paragraph, ranges)
                if best is None or window[0] > best[0]:
                    best = window
    if best is None:
        text = fallback or next((p for p in paragraphs if p.strip()), "")
        return mark_safe(escape(_shorten(text)))  # noqa: S308 (escaped just now)
    _score, paragraph, start, end, ranges = best
    return mark_safe(_render(paragraph, start, end, ranges))  # noqa: S308 (built escaped)


def _best_window(paragraph, ranges):
    """(score, paragraph, start, end, ranges) of the window with the most marks."""
    best_start, best_count = 0, 0
    for index, (start, _end) in enumerate(ranges):
        count = sum(1 for s, _e in ranges[index:] if s < start + SNIPPET_CHARS)
        if count > best_count:
            best_start, best_count = start, count
    start = max(0, best_start - 60)
    if start:
        space = paragraph.rfind(" ", 0, start + 1)
        start = space + 1 if space > 0 else start
    end = min(len(paragraph), start + SNIPPET_CHARS)
    if end < len(paragraph):
        space = paragraph.rfind(" ", start, end)
        end = space if space > start else end
    inside = [(s, e) for s, e in ranges if s >= start and e <= end]
    return (best_count, paragraph, start, end, inside)


def _render(paragraph, start, end, ranges):
    parts = ["…" if start > 0 else ""]
    cursor = start
    for s, e in ranges:
        parts.append(escape(paragraph[cursor:s]))
        parts.append(f"<mark>{escape(paragraph[s:e])}</mark>")
        cursor = e
    parts.append(escape(paragraph[cursor:end]))
    parts.append("…" if end < len(paragraph) else "")
    return "".join(parts)


def _shorten(text):
    if len(text) <= SNIPPET_CHARS:
        return text
    cut = text[:SNIPPET_CHARS]
    return cut[: cut.rfind(" ")] + "…" if " " in cut else cut + "…"
