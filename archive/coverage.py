"""How a person (or a pair of people) was covered: counts, a timeline, sources, companions.

Every function here is a fixed number of aggregate queries, whatever the archive's size:
the database counts, Python only lays out the result.
"""

import datetime
import secrets
from array import array
from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, F, Max, Min, Q
from django.db.models.functions import TruncMonth, TruncYear

from archive.models import Article, Mention, Source

MONTHLY_UP_TO_YEARS = 3
VERSION_KEY = "coverage:version"
CACHE_SECONDS = 600


def bump_version():
    """Called after every commit that changes articles or tags (archive.indexing.enqueue):
    cached coverage figures computed before it are never used again."""
    cache.set(VERSION_KEY, secrets.token_hex(6), None)


def cached(name, *parts, compute):
    """``compute()`` once per version of the tags, shared by every process of the machine.

    Aggregates over tens of thousands of mentions (a leader's timeline, sources and
    companions) cost tens of milliseconds each; they change only when tags do."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = secrets.token_hex(6)
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    key = f"coverage:{version}:{name}:" + ":".join(str(p) for p in parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def newest_ids(articles):
    """The ids of ``articles``, newest first (undated last), compactly for the cache: a
    page of a person's 50,000 articles is then a slice, not a sort of a join."""
    return array("q", articles.newest_first().values_list("id", flat=True))


def ids_of(*people):
    """``newest_ids`` of the articles naming every one of ``people``, cached per version."""
    return cached(
        "ids",
        *[person.pk for person in people],
        compute=lambda: newest_ids(Article.objects.naming(*people)),
    )


def articles_by_ids(ids):
    """The articles with these ids (and their sources), in the order of ``ids``."""
    found = Article.objects.select_related("source").in_bulk(list(ids))
    return [found[i] for i in ids if i in found]


def years_of(articles):
    """The years (newest first) that have dated ``articles``: the (published, id) index
    answers each year with one probe, where grouping by year reads every row."""
    bounds = articles.aggregate(first=Min("published"), last=Max("published"))
    if bounds["first"] is None:
        return []
    return [
        year
        for year in range(bounds["last"].year, bounds["first"].year - 1, -1)
        if articles.filter(
            published__gte=datetime.date(year, 1, 1), published__lte=datetime.date(year, 12, 31)
        ).exists()
    ]


def stats(articles):
    """Count, undated count, first and last date, in one query."""
    return articles.aggregate(
        total=Count("id"),
        undated=Count("id", filter=Q(published__isnull=True)),
        first=Min("published"),
        last=Max("published"),
    )


@dataclass
class Bar:
    label: str
    short_label: str
    count: int
    x: float = 0
    y: float = 0
    height: float = 0
    value: float = 0  # what the bar's height shows: the count, or a share in percent


@dataclass
class Chart:
    bars: list
    granularity: str  # "month" or "year"
    width: int
    height: int
    bar_width: float
    max_count: float  # the top of the value axis
    unit: str = "articles"  # or "% of all articles"

    @property
    def ticks(self):
        """Every few bars, a label for the axis."""
        step = max(1, len(self.bars) // 8)
        return [bar for index, bar in enumerate(self.bars) if index % step == 0]

    @property
    def share(self):
        return self.unit != "articles"

    @property
    def top_label(self):
        return f"{self.max_count:g}%" if self.share else f"{self.max_count:g}"


AXIS = 24  # room under the plot for the period labels


def _periods(first, last):
    """(monthly, [(first day, label, short label)]) covering first..last."""
    monthly = (last.year - first.year) < MONTHLY_UP_TO_YEARS
    periods_ = []
    if monthly:
        cursor = first.replace(day=1)
        while cursor <= last:
            periods_.append((cursor, cursor.strftime("%B %Y"), cursor.strftime("%b %y")))
            cursor = (cursor.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    else:
        for year in range(first.year, last.year + 1):
            periods_.append((datetime.date(year, 1, 1), str(year), str(year)))
    return monthly, periods_


def _counts(articles, monthly):
    trunc = TruncMonth("published") if monthly else TruncYear("published")
    counts = {
        row["period"]: row["n"]
        for row in articles.exclude(published__isnull=True)
        .annotate(period=trunc)
        .values("period")
        .annotate(n=Count("id"))
        .order_by()
    }
    return {(p.date() if isinstance(p, datetime.datetime) else p): n for p, n in counts.items()}


def archive_totals(monthly):
    """Every dated article of the archive per month or year (cached like the figures): what
    a share of all articles is a share of."""
    return cached(
        "totals",
        "month" if monthly else "year",
        compute=lambda: _counts(Article.objects.all(), monthly),
    )


def _share(count, total):
    return round(100 * count / total, 2) if total else 0.0


MIN_MONTHS = 12


def _add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _widened(first, last):
    """A sparse series drawn as one: under MIN_MONTHS months of data, the axis spans
    MIN_MONTHS months around it (never past this month), so one month is one bar among
    labelled months, not a slab at the edge of an empty box."""
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    if span >= MIN_MONTHS:
        return first, last
    this_month = datetime.date.today().replace(day=1)
    pad = MIN_MONTHS - span
    last_month = last.replace(day=1)
    room = (this_month.year - last_month.year) * 12 + this_month.month - last_month.month
    after = max(0, min(pad - pad // 2, room))
    before = pad - after
    end = _add_months(last_month, after + 1) - datetime.timedelta(days=1)
    return _add_months(first, -before), max(last, end)


def timeline(articles, first, last, width=640, height=160, share=False):
    """Dated articles per month (spans up to three years) or per year, gaps filled; with
    ``share``, as a percentage of all the archive's articles of each period (so that a
    person's coverage is not just the archive's growth)."""
    if not first or not last:
        return None
    first, last = _widened(first, last)
    monthly, periods_ = _periods(first, last)
    counts = _counts(articles, monthly)
    totals = archive_totals(monthly) if share else {}
    bars = []
    for day, label, short in periods_:
        bar = Bar(label, short, counts.get(day, 0))
        bar.value = _share(bar.count, totals.get(day, 0)) if share else bar.count
        bars.append(bar)
    top = max((b.value for b in bars), default=0) or 1
    plot_height = height - AXIS
    bar_width = width / max(1, len(bars))
    for index, bar in enumerate(bars):
        bar.height = round(plot_height * bar.value / top, 1)
        bar.x = round(index * bar_width, 1)
        bar.y = round(plot_height - bar.height, 1)
    # Few bars would be slabs: keep them slender.
    drawn_width = round(min(bar_width * 0.8, 36), 1)
    unit = "% of all articles" if share else "articles"
    return Chart(bars, "month" if monthly else "year", width, height, drawn_width, top, unit)


@dataclass
class Series:
    person: object
    index: int  # its colour, 0-4
    values: list  # a value per period
    counts: list
    points: str = ""  # the SVG polyline


@dataclass
class CompareChart:
    periods: list  # (first day, label, short label)
    series: list
    granularity: str
    width: int
    height: int
    max_value: float
    unit: str

    @property
    def ticks(self):
        step = max(1, len(self.periods) // 8)
        return [
            (round(i * self.width / max(1, len(self.periods) - 1), 1), short)
            for i, (_day, _label, short) in enumerate(self.periods)
            if i % step == 0
        ]

    @property
    def rows(self):
        """The table behind the chart: a row per period, a value per person."""
        return [
            (label, [(s.values[i], s.counts[i]) for s in self.series])
            for i, (_day, label, _short) in enumerate(self.periods)
            if any(s.counts[i] for s in self.series)
        ]

    @property
    def top_label(self):
        return f"{self.max_value:g}%" if self.unit != "articles" else f"{self.max_value:g}"


def compare(people, share=False, width=640, height=220):
    """Up to five people's coverage over one time axis (each as a line). Each person's
    figures are cached like their page's (until the next tag change)."""
    figures = [(person, Article.objects.naming(person)) for person in people]
    spans = [
        cached("span", person.pk, compute=lambda articles=articles: stats(articles))
        for person, articles in figures
    ]
    firsts = [s["first"] for s in spans if s["first"]]
    lasts = [s["last"] for s in spans if s["last"]]
    if not firsts:
        return None
    monthly, periods_ = _periods(min(firsts), max(lasts))
    totals = archive_totals(monthly) if share else {}
    series = []
    for index, (person, articles) in enumerate(figures):
        counts = cached(
            "periods",
            person.pk,
            "month" if monthly else "year",
            compute=lambda articles=articles: _counts(articles, monthly),
        )
        row = [counts.get(day, 0) for day, _label, _short in periods_]
        values = (
            [_share(n, totals.get(day, 0)) for n, (day, _l, _s) in zip(row, periods_, strict=True)]
            if share
            else row
        )
        series.append(Series(person, index, values, row))
    top = max((max(s.values) for s in series if s.values), default=0) or 1
    plot_height = height - AXIS
    step = width / max(1, len(periods_) - 1)
    for item in series:
        item.points = " ".join(
            f"{round(i * step, 1)},{round(plot_height - plot_height * v / top, 1)}"
            for i, v in enumerate(item.values)
        )
    unit = "% of all articles" if share else "articles"
    return CompareChart(periods_, series, "month" if monthly else "year", width, height, top, unit)


def sources_breakdown(articles, limit=10):
    """The outlets that carried these articles, the kinds of outlet and who controls them
    (both from one query)."""
    outlets = list(
        articles.values("source__name", "source__slug", "source__kind")
        .annotate(n=Count("id"))
        .order_by("-n", "source__name")[:limit]
    )
    kinds, controls = Counter(), Counter()
    for row in articles.values("source__kind", "source__control").annotate(n=Count("id")):
        kinds[row["source__kind"]] += row["n"]
        controls[row["source__control"]] += row["n"]

    def rows(counts, choices):
        labels = dict(choices)
        return [
            {"kind": labels.get(value, "Source unknown"), "value": value or "", "n": n}
            for value, n in sorted(counts.items(), key=lambda item: (-item[1], item[0] or ""))
        ]

    return outlets, rows(kinds, Source.Kind.choices), rows(controls, Source.Control.choices)


def companions(person, limit=10):
    """The people most often named in the same articles as ``person``."""
    return list(
        Mention.objects.visible()
        .filter(article__in=Article.objects.naming(person))
        .exclude(person=person)
        .values(name=F("person__name"), slug=F("person__slug"))
        .annotate(n=Count("article_id"))
        .order_by("-n", "name")[:limit]
    )
