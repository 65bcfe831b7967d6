"""A date with a precision is a period: "2019" is the whole year, "June 2019" the whole
month, a day is a day. This is the one place that says so.

An article is stored with the first day of its period (``published``) and the last
(``published_until``). Every date filter (search's from/to, browse by year and month, the
date archives, the feeds' and the API's ranges) selects the articles whose period
*overlaps* the range asked for, and marks those whose period is not inside it as
imprecise there ("dated only to 2019"): an article dated "2019" is found by a search from
March to December 2019 and by one for 1 January 2019, and says why. Pure: no Django."""

import calendar
import datetime

DAY, MONTH, YEAR, UNKNOWN = "day", "month", "year", "unknown"


def period(first_day, precision):
    """(first day, last day) of a stored date, or (None, None) when it is unknown."""
    if first_day is None or precision == UNKNOWN:
        return None, None
    if precision == YEAR:
        return first_day.replace(month=1, day=1), first_day.replace(month=12, day=31)
    if precision == MONTH:
        last = calendar.monthrange(first_day.year, first_day.month)[1]
        return first_day.replace(day=1), first_day.replace(day=last)
    return first_day, first_day


def overlaps(first, last, start=None, end=None):
    """Whether the period [first, last] overlaps the range [start, end] (open ends: None)."""
    if first is None:
        return False
    return (end is None or first <= end) and (start is None or last >= start)


def imprecise_within(first, last, start=None, end=None):
    """Whether an overlapping period reaches outside the range (so the article may not be
    in it: "dated only to 2019" in a search from March to June 2019)."""
    if first is None:
        return False
    return (start is not None and first < start) or (end is not None and last > end)


def month_range(year, month):
    return datetime.date(year, month, 1), datetime.date(
        year, month, calendar.monthrange(year, month)[1]
    )


def year_range(year):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def mark_imprecise(articles, start=None, end=None):
    """Set ``imprecise`` on each article (anything with ``period``) listed for the range
    [start, end]; returns them."""
    for article in articles:
        article.imprecise = imprecise_within(*article.period, start, end)
    return articles
