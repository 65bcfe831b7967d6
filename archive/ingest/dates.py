"""Publication dates as copy gives them, with their precision.

Never invents a date: text that does not state one gives ``None``; a stated date that is
impossible (year 1, a date in the future) is reported and treated as unknown.
"""

import datetime
import re
from dataclasses import dataclass

from dateutil import parser as dateutil_parser

from archive.models import Article, date_problem

DAY = Article.Precision.DAY
MONTH = Article.Precision.MONTH
YEAR = Article.Precision.YEAR

MONTHS = (
    "jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|"
    "sep|sept|september|oct|october|nov|november|dec|december"
)
_MONTH_RE = re.compile(rf"\b({MONTHS})\.?\b", re.IGNORECASE)
_YEAR_RE = re.compile(r"\b(1[89]\d\d|2\d\d\d|0\d\d\d)\b")
_ISO_RE = re.compile(
    r"^\s*(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?\s*$"
)
_WEEKDAYS = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?"
# Words that may sit around a date on a header line: "Published: ...", "Updated ...".
_DATE_LABEL_RE = re.compile(
    r"^\s*(?:date|published|posted|updated|last updated|first published)\s*(?:on)?\s*[:\-]?\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ParsedDate:
    value: datetime.date | None
    precision: str
    problem: str = ""  # why a stated date was not accepted


UNKNOWN = ParsedDate(None, Article.Precision.UNKNOWN)


def _checked(value, precision, original):
    problem = date_problem(value)
    if problem:
        return ParsedDate(None, Article.Precision.UNKNOWN, f"Date {original!r} ignored: {problem}")
    return ParsedDate(value, precision)


def parse_iso_date(text):
    """An ISO 8601 date or datetime ('2019-06-17', '2019-06', '2019-06-17T08:00:00Z').

    Returns UNKNOWN (with a problem) for impossible values, None when it is not ISO at all.
    """
    match = _ISO_RE.match(text or "")
    if not match:
        return None
    year, month, day = match.group("y", "m", "d")
    try:
        if day:
            return _checked(datetime.date(int(year), int(month), int(day)), DAY, text.strip())
        if month:
            return _checked(datetime.date(int(year), int(month), 1), MONTH, text.strip())
        return _checked(datetime.date(int(year), 1, 1), YEAR, text.strip())
    except ValueError:
        return ParsedDate(
            None, Article.Precision.UNKNOWN, f"Date {text.strip()!r} ignored: no such date."
        )


def looks_like_date_line(line):
    """Whether a short header line is a date and nothing else ("Tue Jun 18, 2019 04:01PM")."""
    text = _DATE_LABEL_RE.sub("", line.strip())
    if not text or len(text) > 60:
        return False
    if _ISO_RE.match(text):
        return True
    if not _YEAR_RE.search(text) or not _MONTH_RE.search(text):
        return False
    # Everything left once the date parts are removed must be date-ish noise.
    rest = _MONTH_RE.sub(" ", text)
    rest = re.sub(_WEEKDAYS, " ", rest, flags=re.IGNORECASE)
    rest = re.sub(
        r"\d+(?:st|nd|rd|th)?|am|pm|a\.m\.|p\.m\.|gmt|utc|[a-z]{2,4}t\b|[,:./\-–|]",
        " ",
        rest,
        flags=re.IGNORECASE,
    )
    return not rest.strip()


# Day, month and year in figures: "12/22/16", "22.12.2016", "3-4-2016".
_NUMERIC_RE = re.compile(
    r"^\s*(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
    r"(?:[ T,]+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*(?:Z|[A-Z]{2,4}|[+-]\d{2}:?\d{2}))?)?\s*$",
    re.IGNORECASE,
)


def _full_year(text):
    """A two-digit year in the century that puts it nearest to now, never in the future."""
    year = int(text)
    if len(text) == 4:
        return year
    this_year = datetime.date.today().year
    year += this_year // 100 * 100
    return year - 100 if year > this_year else year


def parse_numeric_date(text):
    """A date in figures ("12/22/16", "22.12.2016"), or None when it is not one. The day
    and month are told apart when one of them is over 12 (or both are the same); otherwise
    ("03/04/16") the order is unknown: the year alone is kept, with a problem saying so."""
    match = _NUMERIC_RE.match(text or "")
    if not match:
        return None
    a, b = int(match.group("a")), int(match.group("b"))
    year = _full_year(match.group("y"))
    original = text.strip()
    if (a > 12 and b > 12) or not (a and b):
        return ParsedDate(
            None, Article.Precision.UNKNOWN, f"Date {original!r} ignored: no such date."
        )
    if a > 12 or b > 12 or a == b:
        day, month = (a, b) if a > 12 else (b, a)
        try:
            return _checked(datetime.date(year, month, day), DAY, original)
        except ValueError:
            return ParsedDate(
                None, Article.Precision.UNKNOWN, f"Date {original!r} ignored: no such date."
            )
    kept = _checked(datetime.date(year, 1, 1), YEAR, original)
    if kept.value is None:
        return kept
    return ParsedDate(
        kept.value,
        YEAR,
        f"Date {original!r}: day and month could be either way round; only the year "
        f"{year} is kept (a curator can set the day).",
    )


def parse_date_text(text):
    """A date written in any common form, with its precision; UNKNOWN if none is stated."""
    if not text or not text.strip():
        return UNKNOWN
    text = _DATE_LABEL_RE.sub("", text.strip())
    iso = parse_iso_date(text)
    if iso is not None:
        return iso
    numeric = parse_numeric_date(text)
    if numeric is not None:
        return numeric
    if not _YEAR_RE.search(text):
        return UNKNOWN
    # Parse twice with different defaults: parts that change were not in the text.
    first = second = None
    try:
        first = dateutil_parser.parse(text, default=datetime.datetime(2000, 1, 1), fuzzy=True)
        second = dateutil_parser.parse(text, default=datetime.datetime(2004, 2, 28), fuzzy=True)
    except (ValueError, OverflowError):
        return UNKNOWN
    if first.year != second.year:
        return UNKNOWN
    has_month = first.month == second.month
    has_day = has_month and first.day == second.day
    if has_day:
        return _checked(first.date(), DAY, text)
    if has_month:
        return _checked(first.date().replace(day=1), MONTH, text)
    return _checked(datetime.date(first.year, 1, 1), YEAR, text)
