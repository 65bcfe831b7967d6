"""Forms for the reading pages' GET parameters (the search form lives in archive.search)."""

import calendar

from django import forms

from archive.countries import country_problem
from archive.languages import UNKNOWN_FACET, clean_language_code
from archive.models import Person, Source
from archive.names import normalize_name

YEAR_MIN, YEAR_MAX = 1900, 2100


class BrowseForm(forms.Form):
    """Browse's filters: source, person, year, month, and ``date=unknown`` for the undated
    articles. A bad value never fails the page: it is left out with a note."""

    source = forms.SlugField(required=False, max_length=80)
    # A person's address (slug) or any of their names, as typed in the form.
    person = forms.CharField(required=False, max_length=200)
    year = forms.IntegerField(required=False, min_value=YEAR_MIN, max_value=YEAR_MAX)
    month = forms.IntegerField(required=False, min_value=1, max_value=12)
    date = forms.ChoiceField(required=False, choices=[("", "dated"), ("unknown", "undated")])
    kind = forms.ChoiceField(required=False, choices=Source.Kind.choices)
    control = forms.ChoiceField(required=False, choices=Source.Control.choices)
    country = forms.CharField(required=False, max_length=2)
    language = forms.CharField(required=False, max_length=8)

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.notes = []
        self.source = self.person = None

    def filters(self):
        """Validate; returns the cleaned values, with a note for every one left out."""
        self.is_valid()
        values = {name: self.cleaned_data.get(name) for name in self.fields}
        for name in ("kind", "control", "country"):
            if name in self.errors:
                self.notes.append(f"No such {name} of outlet: that filter was left out.")
                values[name] = None
        if "language" in self.errors:
            self.notes.append("No such language: that filter was left out.")
            values["language"] = None
        if "year" in self.errors or "month" in self.errors:
            self.notes.append("The year or month was not a valid number: that filter was left out.")
        raw = self.data
        if raw.get("source"):
            if values["source"]:
                self.source = Source.objects.filter(slug=values["source"]).first()
            if self.source is None:
                self.notes.append("No such source: that filter was left out.")
        if raw.get("person"):
            if values["person"]:
                self.person = Person.objects.filter(slug=values["person"].strip()).first()
                if self.person is None:
                    # Typed as a name ("Xi Jinping", "시진핑"): the one person it names.
                    named = Person.objects.filter(
                        aliases__normalized=normalize_name(values["person"])
                    ).distinct()[:2]
                    named = list(named) or list(
                        Person.objects.filter(name__iexact=values["person"].strip())[:2]
                    )
                    self.person = named[0] if len(named) == 1 else None
            if self.person is None:
                self.notes.append("No such person: that filter was left out.")
        values["undated"] = values.get("date") == "unknown"
        values["month_name"] = calendar.month_name[values["month"]] if values["month"] else ""
        return values

    def clean_country(self):
        code = (self.cleaned_data.get("country") or "").strip().upper()
        if country_problem(code):
            raise forms.ValidationError(country_problem(code))
        return code

    def clean_language(self):
        return clean_language_code(self.cleaned_data.get("language"))

    def articles(self, queryset):
        """``queryset`` narrowed by the source, the kind of outlet and the person (not by
        date)."""
        if self.source:
            queryset = queryset.filter(source=self.source)
        values = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        for name in ("kind", "control", "country"):
            if values.get(name) and name not in self.errors:
                queryset = queryset.filter(**{f"source__{name}": values[name]})
        language = values.get("language") if "language" not in self.errors else None
        if language:
            queryset = queryset.filter(language="" if language == UNKNOWN_FACET else language)
        if self.person:
            queryset = queryset.naming(self.person)
        return queryset
