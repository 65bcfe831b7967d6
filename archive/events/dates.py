"""When a sentence says something happens, resolved against the article's date: "on
Thursday", "on Thursday and Friday", "this week", "next week", "later this month", "on June
20", "20-21 June", "from January 7 to 10", "in April", "yesterday", "a four-day visit".

``resolve(sentence, today)`` -> a When (first day, last day, precision) or None. ``today``
is the article's day: relative phrases need it ("on Thursday" of an undated article is no
date, and no date is guessed). Pure: no Django.

An undated article may still be dated by what it says (``infer_day``): a person's birthday
on a named weekday ("on Tuesday, which happens to be Kim's birthday") within the years its
titled office-holders allow ("U.S. President Donald Trump": 2017-2021 or from 2025)."""

import calendar
import datetime
import re
from dataclasses import dataclass

DAY, WEEK, MONTH, YEAR = "day", "week", "month", "year"
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = [m.lower() for m in calendar.month_name[1:]]
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
_MONTH = r"(?P<month{n}>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"  # noqa: E501
_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10,
}  # fmt: skip

# "will", "is to", "set to", "plans to": the sentence speaks of what is to come.
_FUTURE_RE = re.compile(
    r"\b(?:will|would|shall|is to|are to|set to|plans? to|planned|expected to|due|"
    r"scheduled|to attend|to visit|to travel|to hold|to meet|next|upcoming|ahead of|"
    # The present of a journey's steps speaks of what is to come ("leaves on Wednesday").
    r"leaves|starts|begins|returns|arrives|opens|departs|heads)\b",
    re.IGNORECASE,
)

_WEEKDAY_RE = re.compile(
    r"\b(?:on\s+)?(?P<first>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:and|to|through|-)\s+(?P<second>Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday))?\b"
)
_RANGE_RE = re.compile(
    # "from January 7 to 10", "January 7-10", "June 20 and 21", "7-10 January", "20 June"
    rf"\b(?:{_MONTH.format(n=1)}\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:\s*(?:-|–|to|and|through)\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)?"
    rf"|(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|–|to|and)\s*(?P<d4>\d{{1,2}}))?\s+"
    rf"{_MONTH.format(n=2)})(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"
)
_MONTH_ALONE_RE = re.compile(
    rf"\b(?P<prep>in|early|late|mid|later in|by|from|since|until)(?:-|\s+)(?:this\s+)?"
    rf"{_MONTH.format(n=1)}(?:\s+(?P<year>(?:19|20)\d\d))?\b",
    re.IGNORECASE,
)
# "the agency reported Tuesday", "said on Monday": the day of the report, not of the event.
_SAID_RE = re.compile(
    r"\b(?:said|says|reported|reports|announced|told|added|confirmed|quoted|stated)"
    r"(?:\s+\w+){0,2}?\s+(?:on\s+)?$",
    re.IGNORECASE,
)
# "The Sunday Times", "Monday's Le Monde": a newspaper, not a day.
_TITLE_AFTER = re.compile(r"\s+(?:Times|Telegraph|Express|Mirror|Herald|Post|Observer|Mail)\b")
_RELATIVE_RE = re.compile(
    r"\b(?P<which>this|next|last|later this|early next|late next|earlier this|later next)\s+"
    r"(?P<unit>week|month|year)\b|\b(?P<day>today|tomorrow|yesterday|tonight)\b",
    re.IGNORECASE,
)
_DURATION_RE = re.compile(
    r"\b(?P<n>\d|one|two|three|four|five|six|seven|eight|nine|ten)[-\s]day\b", re.IGNORECASE
)


@dataclass(frozen=True)
class When:
    first: datetime.date
    last: datetime.date
    precision: str  # day (first to last, days known), week, month or year

    @property
    def start(self):
        return self.first

    @property
    def end(self):
        return None if self.last == self.first and self.precision == DAY else self.last


def week_of(day):
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def month_of(year, month):
    return datetime.date(year, month, 1), datetime.date(
        year, month, calendar.monthrange(year, month)[1]
    )


def _month_number(text):
    text = text.lower().rstrip(".")
    if text in MONTHS:
        return MONTHS.index(text) + 1
    return _MONTH_ABBR.get(text[:4] if text.startswith("sept") else text[:3])


def future(sentence):
    return bool(_FUTURE_RE.search(sentence))


def resolve(sentence, today):
    """The period the sentence's first date phrase names (None without one, or without the
    article's day for a relative one)."""
    found = _absolute(sentence, today)
    if found:
        return _with_duration(found, sentence)
    if today is None:
        return None
    ahead = future(sentence)
    candidates = []
    match = next(
        (
            m
            for m in _WEEKDAY_RE.finditer(sentence)
            if not _SAID_RE.search(sentence, 0, m.start())
            and not _TITLE_AFTER.match(sentence, m.end())
        ),
        None,
    )
    if match:
        first = _weekday(today, match.group("first").lower(), ahead)
        last = first
        if match.group("second"):
            last = first + datetime.timedelta(
                days=(WEEKDAYS.index(match.group("second").lower()) - first.weekday()) % 7
            )
        candidates.append((match.start(), When(first, last, DAY)))
    match = next(
        (m for m in _RELATIVE_RE.finditer(sentence) if not _SAID_RE.search(sentence, 0, m.start())),
        None,
    )
    if match:
        candidates.append((match.start(), _relative(match, today)))
    match = _MONTH_ALONE_RE.search(sentence)
    if match:
        month = _month_number(match.group("month1"))
        year = int(match.group("year")) if match.group("year") else None
        if year is None:
            year = today.year
            if ahead and month < today.month:
                year += 1
            elif not ahead and month > today.month:
                year -= 1
        candidates.append((match.start(), When(*month_of(year, month), MONTH)))
    if not candidates:
        return None
    # The most precise phrase, the first of equals: "this week... on Thursday" is Thursday.
    rank = {DAY: 0, WEEK: 1, MONTH: 2, YEAR: 3}
    best = min(candidates, key=lambda c: (rank[c[1].precision], c[0]))[1]
    return _with_duration(best, sentence)


def _absolute(sentence, today):
    match = _RANGE_RE.search(sentence)
    if not match:
        return None
    month = _month_number(match.group("month1") or match.group("month2"))
    first_day = int(match.group("d1") or match.group("d3"))
    last_day = match.group("d2") or match.group("d4")
    last_day = int(last_day) if last_day else first_day
    if match.group("year"):
        year = int(match.group("year"))
    elif today is not None:
        year = today.year
        # "January 7" in a story of late December is next year's.
        guess = _safe_date(year, month, first_day)
        if guess and (guess - today).days > 200:
            year -= 1
        elif guess and (today - guess).days > 200:
            year += 1
    else:
        return None
    first, last = _safe_date(year, month, first_day), _safe_date(year, month, last_day)
    if first is None or last is None or last < first:
        return None
    return When(first, last, DAY)


def _safe_date(year, month, day):
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _weekday(today, name, ahead):
    target = WEEKDAYS.index(name)
    if ahead:
        return today + datetime.timedelta(days=(target - today.weekday()) % 7)
    return today - datetime.timedelta(days=(today.weekday() - target) % 7)


def _relative(match, today):
    if match.group("day"):
        word = match.group("day").lower()
        shift = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}[word]
        day = today + datetime.timedelta(days=shift)
        return When(day, day, DAY)
    which, unit = match.group("which").lower(), match.group("unit").lower()
    step = 1 if which.endswith("next") or which == "next" else -1 if which == "last" else 0
    if unit == "week":
        monday = week_of(today)[0] + datetime.timedelta(weeks=step)
        return When(monday, monday + datetime.timedelta(days=6), WEEK)
    if unit == "month":
        month = today.month + step
        year = today.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        return When(*month_of(year, month), MONTH)
    year = today.year + step
    return When(datetime.date(year, 1, 1), datetime.date(year, 12, 31), YEAR)


def _with_duration(when, sentence):
    """ "A four-day visit" from a known first day: the last day too."""
    match = _DURATION_RE.search(sentence)
    if not match or when.precision != DAY or when.last != when.first:
        return when
    n = match.group("n").lower()
    days = int(n) if n.isdigit() else _NUMBERS[n]
    return When(when.first, when.first + datetime.timedelta(days=days - 1), DAY)


# Dating an undated article by what it says ---------------------------------------------------

_BIRTHDAY_RE = re.compile(
    r"\b(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b[^.]{0,80}?"
    r"\b(?P<name>[A-Z][\w-]+)['’]s\s+birthday\b"
)


def infer_day(text, birthdays, terms, latest):
    """The day an undated article was written, when it says enough, else None.

    ``birthdays``: {name as written: (month, day)} of the people it names; ``terms``: for
    each office-holder it names by title, the [(first, last)] periods they held that office
    (the article falls in one of each); ``latest``: the last possible day (today). "On
    Tuesday..., which happens to be Kim's birthday" is the one Tuesday 8 January in those
    periods, if there is exactly one."""
    if not terms:
        return None

    def allowed(day):
        return day <= latest and all(any(a <= day <= b for a, b in spans) for spans in terms)

    first_year = max(min(a for a, _b in spans) for spans in terms).year
    found = set()
    for match in _BIRTHDAY_RE.finditer(text):
        birthday = birthdays.get(match.group("name"))
        if birthday is None:
            continue
        weekday = WEEKDAYS.index(match.group("weekday").lower())
        for year in range(first_year, latest.year + 1):
            day = _safe_date(year, *birthday)
            if day and allowed(day) and day.weekday() == weekday:
                found.add(day)
    return found.pop() if len(found) == 1 else None


_ANNIVERSARY_RE = re.compile(
    r"\b(?P<n>\d{1,3})(?:st|nd|rd|th)\s+anniversary\s+of\s+(?:the\s+)?(?P<what>[^,.;]{4,120})",
    re.IGNORECASE,
)


def anniversary_year(text, anniversaries):
    """The year an "Nth anniversary of <something whose year is known>" falls in, or None;
    ``anniversaries``: [(lower-case phrase, year)] (archive/wordlists/anniversaries.txt)."""
    years = set()
    for match in _ANNIVERSARY_RE.finditer(text):
        what = " ".join(match.group("what").lower().split())
        for phrase, year in anniversaries:
            if what.startswith(phrase) or phrase in what:
                years.add(year + int(match.group("n")))
                break
    return years.pop() if len(years) == 1 else None
