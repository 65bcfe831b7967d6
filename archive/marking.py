"""A sentence with names marked (<mark>), everything else escaped: for the curators'
queues, where the name that made a suggestion must stand out."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe


def marked(text, names):
    """``text`` escaped, with each of ``names`` (case-insensitively, whole words) in <mark>."""
    names = sorted({n for n in names if n and len(n) > 1}, key=len, reverse=True)
    if not text or not names:
        return escape(text or "")
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE
    )
    parts = []
    last = 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped above
