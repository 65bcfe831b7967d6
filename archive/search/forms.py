"""The search form: cleans the query, the filters, the dates and the sort, and builds the
SearchQuerySet in one place. Bad values never raise: they are reported on the page and
left out of the search."""

import calendar
import datetime
import functools
import operator
import re

from django import forms
from haystack.inputs import Exact
from haystack.query import SQ, SearchQuerySet

from archive.countries import country_name, country_problem
from archive.languages import clean_language_code, language_name
from archive.models import EARLIEST_DATE, Article, Event, Person, Source
from archive.search.collapsing import collapse
from archive.search.query import clean_input, parse_query, to_sq

MAX_PEOPLE_FILTERS = 5
MAX_FACET_VALUES = 10
# Facets that take several values (any of them: OR within a facet, AND across facets), and
# whose values can be excluded with not_<name>. Several people mean all of them (a pair).
MULTI_FACETS = ("source", "event", "year", "kind", "control", "country", "language")
EXCLUDABLE = (*MULTI_FACETS, "person")
# The index field each facet filters on.
# The facet each multi-valued parameter counts in.
FACET_COUNTS = {
    "source": "source", "event": "event", "year": "year", "kind": "source_kind",
    "control": "source_control", "country": "source_country", "language": "language",
}  # fmt: skip
FACET_FIELDS = {
    "source": "source_exact", "event": "event_exact", "year": "year_exact",
    "kind": "source_kind_exact", "control": "source_control_exact",
    "country": "source_country_exact", "language": "language_exact",
    "person": "person_exact",
}  # fmt: skip
LATEST_YEAR = 2100
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")
SORTS = (("relevance", "Relevance"), ("newest", "Newest first"), ("oldest", "Oldest first"))
SORT_FIELDS = {"newest": "-sort_newest", "oldest": "sort_oldest"}
FACETS = (
    "source", "person", "event", "year", "source_kind", "source_control", "source_country",
    "language",
)  # fmt: skip


def parse_partial_date(value, end=False):
    """'2019-06-17', '2019-06' or '2019' as a date (the last day of the period if ``end``)."""
    value = (value or "").strip()
    for fmt, precision in (("%Y-%m-%d", "day"), ("%Y-%m", "month"), ("%Y", "year")):
        try:
            parsed = datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        if not EARLIEST_DATE.year <= parsed.year <= LATEST_YEAR:
            raise forms.ValidationError(
                f"Give a year between {EARLIEST_DATE.year} and {LATEST_YEAR}."
            )
        if not end or precision == "day":
            return parsed
        if precision == "month":
            return parsed.replace(day=calendar.monthrange(parsed.year, parsed.month)[1])
        return parsed.replace(month=12, day=31)
    raise forms.ValidationError("Give a date as YYYY-MM-DD, YYYY-MM or YYYY.")


class SearchForm(forms.Form):
    q = forms.CharField(required=False, label="Search")
    date_from = forms.CharField(required=False, label="From")
    date_to = forms.CharField(required=False, label="To")
    sort = forms.ChoiceField(required=False, choices=SORTS)
    # Copies of one story as one result ("and 3 copies"): on unless collapse=0.
    collapse = forms.ChoiceField(required=False, choices=[("1", "on"), ("0", "off")])

    def __init__(self, data, *args, **kwargs):
        data = data.copy() if data is not None else {}
        # The public parameter names are `from` and `to` (keywords in Python).
        slugs = data.getlist("person") if hasattr(data, "getlist") else list(data.get("person", []))
        # Anything that is not a slug cannot name a person (and a NUL byte would upset some
        # databases): reported as unknown, never queried.
        self.person_slugs = [s for s in slugs if s][:MAX_PEOPLE_FILTERS]

        def listed(name):
            values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
            return [v for v in values if v][:MAX_FACET_VALUES]

        self.raw_lists = {name: listed(name) for name in MULTI_FACETS}
        self.raw_excluded = {name: listed(f"not_{name}") for name in EXCLUDABLE}
        # NUL and control characters are cleaned, not refused (the query still runs).
        data["q"] = clean_input(data.get("q", ""))
        data["date_from"] = data.get("from", "")
        data["date_to"] = data.get("to", "")
        super().__init__(data, *args, **kwargs)
        self.notes = []
        self.parsed = None
        self.source_obj = None
        self.event_obj = None
        self.people = []
        self.chosen = {name: [] for name in MULTI_FACETS}  # (index value, label) each
        self.excluded = {name: [] for name in EXCLUDABLE}

    def clean_date_from(self):
        value = self.cleaned_data["date_from"]
        return parse_partial_date(value) if value else None

    def clean_date_to(self):
        value = self.cleaned_data["date_to"]
        return parse_partial_date(value, end=True) if value else None

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return data

    def resolve(self):
        """Validate, then turn slugs into objects. Invalid fields are dropped from the
        search with an error shown, so the page always renders."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        for name in self.errors:
            if name in data:
                data[name] = None
        self.values = data
        self.parsed = parse_query(data.get("q") or "")
        self.notes.extend(self.parsed.notes)
        if self.person_slugs:
            valid = [slug for slug in self.person_slugs if SLUG_RE.match(slug)]
            found = {p.slug: p for p in Person.objects.filter(slug__in=valid)}
            self.people = [found[s] for s in self.person_slugs if s in found]
            for slug in self.person_slugs:
                if slug not in found:
                    self.notes.append(f"No person '{slug[:80]}': that filter was ignored.")
        for name in MULTI_FACETS:
            for raw in self.raw_lists[name]:
                value = self._facet_value(name, raw)
                if value and value not in self.chosen[name]:
                    self.chosen[name].append(value)
        for name in EXCLUDABLE:
            for raw in self.raw_excluded[name]:
                value = self._facet_value(name, raw, excluding=True)
                if value and value not in self.excluded[name]:
                    self.excluded[name].append(value)
        if self.chosen["source"]:
            self.source_obj = Source.objects.filter(name=self.chosen["source"][0][0]).first()
        if self.chosen["event"]:
            self.event_obj = Event.objects.filter(slug=self.chosen["event"][0][0]).first()
        for name in ("year", "kind", "control", "country", "language"):
            if self.chosen[name]:
                self.values[name] = self.chosen[name][0][0]
        if self.parsed.text and self.parsed.root is None and not self.parsed.notes:
            self.notes.append("There was nothing to search for in that query: try a few words.")
        if self.parsed.only_negative and not self.has_filters:
            self.notes.append("A search cannot only exclude words: add a word to look for.")
        return self

    def _facet_value(self, name, raw, excluding=False):
        """(the value the index holds, its label, the parameter's value) of one facet value,
        or None with a note."""
        verb = "excluded" if excluding else "filtered by"
        raw = str(raw).strip()[:100]
        if name in ("source", "event", "person"):
            model = {"source": Source, "event": Event, "person": Person}[name]
            found = model.objects.filter(slug=raw).first() if SLUG_RE.match(raw) else None
            if found is None:
                self.notes.append(f"No {name} '{raw[:80]}': it was not {verb}.")
                return None
            if name == "event":
                return (found.slug, found.title, raw)
            return (found.name.replace(",", " "), found.name, raw)
        if name == "year":
            if raw.isdigit() and EARLIEST_DATE.year <= int(raw) <= LATEST_YEAR:
                return (raw, raw, raw)
        elif name in ("kind", "control"):
            choices = dict((Source.Kind if name == "kind" else Source.Control).choices)
            if raw in choices:
                return (raw, choices[raw], raw)
        elif name == "country":
            code = raw.upper()
            if code and not country_problem(code):
                return (code, country_name(code), code)
        elif name == "language":
            try:
                code = clean_language_code(raw)
            except forms.ValidationError:
                code = ""
            if code:
                return (code, language_name(code), code)
        self.notes.append(f"No {name} '{raw[:40]}': it was not {verb}.")
        return None

    @property
    def hidden_filters(self):
        """(parameter, value) of every filter on: the search form carries them."""
        pairs = [("person", p.slug) for p in self.people]
        for name, chosen in self.chosen.items():
            pairs += [(name, param) for _v, _l, param in chosen]
        for name, excluded in self.excluded.items():
            pairs += [(f"not_{name}", param) for _v, _l, param in excluded]
        return pairs

    @property
    def has_filters(self):
        values = self.values
        return bool(
            self.source_obj
            or self.event_obj
            or self.people
            or any(self.chosen.values())
            or any(self.excluded.values())
            or values.get("year")
            or values.get("date_from")
            or values.get("date_to")
            or values.get("kind")
            or values.get("control")
            or values.get("country")
            or values.get("language")
        )

    @property
    def collapsing(self):
        return self.values.get("collapse") != "0"

    @property
    def can_search(self):
        return bool((self.parsed.root and not self.parsed.only_negative) or self.has_filters)

    @property
    def chosen_sort(self):
        chosen = self.values.get("sort")
        if chosen in dict(SORTS):
            return chosen
        return "relevance" if self.parsed.root else "newest"

    def search_queryset(self, skip=None):
        """The SearchQuerySet for the cleaned form (call resolve() first); ``skip``: a facet
        whose chosen values are left out (its counts then say what choosing another value
        too would add)."""
        sqs = SearchQuerySet().models(Article)
        if self.parsed.root is not None:
            sqs = sqs.filter(to_sq(self.parsed.root))
        for person in self.people:
            sqs = sqs.filter(person_exact=Exact(person.name.replace(",", " ")))
        for name, chosen in self.chosen.items():
            if chosen and name != skip:
                # Any of the values of one facet (OR); the facets together (AND).
                field = FACET_FIELDS[name]
                sqs = sqs.filter(
                    functools.reduce(
                        operator.or_, (SQ(**{field: Exact(v)}) for v, _l, _p in chosen)
                    )
                )
        for name, excluded in self.excluded.items():
            for value, _label, _param in excluded:
                sqs = sqs.exclude(**{FACET_FIELDS[name]: Exact(value)})
        # A date's period overlapping the range (archive.periods): it begins before the end
        # and ends after the start.
        if self.values.get("date_from"):
            sqs = sqs.filter(published_until__gte=self.values["date_from"])
        if self.values.get("date_to"):
            sqs = sqs.filter(published__lte=self.values["date_to"])
        # Counting without a facet's own choice serves that facet's counts alone.
        for facet in FACETS if skip is None else (FACET_COUNTS[skip],):
            sqs = sqs.facet(facet, limit=200)
        if self.chosen_sort in SORT_FIELDS:
            sqs = sqs.order_by(SORT_FIELDS[self.chosen_sort])
        return collapse(sqs) if self.collapsing else sqs
