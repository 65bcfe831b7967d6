"""The search form: cleans the query, the filters, the dates and the sort, and builds the
SearchQuerySet in one place. Bad values never raise: they are reported on the page and
left out of the search."""

import calendar
import datetime
import re

from django import forms
from haystack.inputs import Exact
from haystack.query import SearchQuerySet

from archive.countries import country_problem
from archive.languages import clean_language_code
from archive.models import EARLIEST_DATE, Article, Event, Person, Source
from archive.search.collapsing import collapse
from archive.search.query import clean_input, parse_query, to_sq

MAX_PEOPLE_FILTERS = 5
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
    source = forms.SlugField(required=False, max_length=80)
    event = forms.SlugField(required=False, max_length=100)
    year = forms.IntegerField(required=False, min_value=EARLIEST_DATE.year, max_value=2100)
    date_from = forms.CharField(required=False, label="From")
    date_to = forms.CharField(required=False, label="To")
    sort = forms.ChoiceField(required=False, choices=SORTS)
    kind = forms.ChoiceField(required=False, choices=Source.Kind.choices, label="Kind of outlet")
    control = forms.ChoiceField(required=False, choices=Source.Control.choices, label="Control")
    country = forms.CharField(required=False, max_length=2, label="Outlet's country")
    language = forms.CharField(required=False, max_length=8, label="Language")
    # Copies of one story as one result ("and 3 copies"): on unless collapse=0.
    collapse = forms.ChoiceField(required=False, choices=[("1", "on"), ("0", "off")])

    def __init__(self, data, *args, **kwargs):
        data = data.copy() if data is not None else {}
        # The public parameter names are `from` and `to` (keywords in Python).
        slugs = data.getlist("person") if hasattr(data, "getlist") else list(data.get("person", []))
        # Anything that is not a slug cannot name a person (and a NUL byte would upset some
        # databases): reported as unknown, never queried.
        self.person_slugs = [s for s in slugs if s][:MAX_PEOPLE_FILTERS]
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

    def clean_date_from(self):
        value = self.cleaned_data["date_from"]
        return parse_partial_date(value) if value else None

    def clean_date_to(self):
        value = self.cleaned_data["date_to"]
        return parse_partial_date(value, end=True) if value else None

    def clean_country(self):
        code = (self.cleaned_data.get("country") or "").strip().upper()
        problem = country_problem(code)
        if problem:
            raise forms.ValidationError(problem)
        return code

    def clean_language(self):
        return clean_language_code(self.cleaned_data.get("language"))

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
        if data.get("source"):
            self.source_obj = Source.objects.filter(slug=data["source"]).first()
            if self.source_obj is None:
                self.notes.append(f"No source '{data['source']}': that filter was ignored.")
        if data.get("event"):
            self.event_obj = Event.objects.filter(slug=data["event"]).first()
            if self.event_obj is None:
                self.notes.append(f"No event '{data['event']}': that filter was ignored.")
        if self.person_slugs:
            valid = [slug for slug in self.person_slugs if SLUG_RE.match(slug)]
            found = {p.slug: p for p in Person.objects.filter(slug__in=valid)}
            self.people = [found[s] for s in self.person_slugs if s in found]
            for slug in self.person_slugs:
                if slug not in found:
                    self.notes.append(f"No person '{slug[:80]}': that filter was ignored.")
        if self.parsed.text and self.parsed.root is None and not self.parsed.notes:
            self.notes.append("There was nothing to search for in that query: try a few words.")
        if self.parsed.only_negative and not self.has_filters:
            self.notes.append("A search cannot only exclude words: add a word to look for.")
        return self

    @property
    def has_filters(self):
        values = self.values
        return bool(
            self.source_obj
            or self.event_obj
            or self.people
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

    def search_queryset(self):
        """The SearchQuerySet for the cleaned form (call resolve() first)."""
        sqs = SearchQuerySet().models(Article)
        if self.parsed.root is not None:
            sqs = sqs.filter(to_sq(self.parsed.root))
        if self.source_obj:
            sqs = sqs.filter(source_exact=Exact(self.source_obj.name))
        for person in self.people:
            sqs = sqs.filter(person_exact=Exact(person.name.replace(",", " ")))
        if self.event_obj:
            sqs = sqs.filter(event_exact=Exact(self.event_obj.slug))
        if self.values.get("year"):
            sqs = sqs.filter(year_exact=Exact(str(self.values["year"])))
        # A date's period overlapping the range (archive.periods): it begins before the end
        # and ends after the start.
        if self.values.get("date_from"):
            sqs = sqs.filter(published_until__gte=self.values["date_from"])
        if self.values.get("date_to"):
            sqs = sqs.filter(published__lte=self.values["date_to"])
        for name, field in (
            ("kind", "source_kind_exact"),
            ("control", "source_control_exact"),
            ("country", "source_country_exact"),
            ("language", "language_exact"),
        ):
            if self.values.get(name):
                sqs = sqs.filter(**{field: Exact(self.values[name])})
        for facet in FACETS:
            sqs = sqs.facet(facet, limit=50)
        if self.chosen_sort in SORT_FIELDS:
            sqs = sqs.order_by(SORT_FIELDS[self.chosen_sort])
        return collapse(sqs) if self.collapsing else sqs
