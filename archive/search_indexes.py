"""The search document of an article (Haystack), the same on Whoosh, Elasticsearch or Solr.

Fields hold plain text, never HTML-escaped text: escaping happens when a page renders.
"""

import hashlib
import json

from django.db.models import Prefetch
from haystack import indexes

from archive.languages import UNKNOWN_FACET
from archive.models import Alias, Article, EventArticle, Mention
from archive.sanitize import html_to_text
from archive.search.fields import (
    FacetValueField,
    FacetValuesField,
    FingerprintField,
    LanguageTextField,
    NameField,
    NameListField,
    PeopleAutocompleteField,
    SortKeyField,
    TextField,
)

UNDATED_LAST = 99_999_999


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    # Everything a plain query should find: title, standfirst, dateline, body, source, people.
    text = TextField(document=True)
    # Searched beside `text` with a higher weight, so a word in the headline ranks first.
    title = TextField(model_attr="title", boost=3.0)
    standfirst = TextField(model_attr="standfirst", null=True)
    # The text again, in the field of its language, stemmed as that language is
    # (archive.search.fields.STEMMED_LANGUAGES); empty for articles in other languages.
    text_ar = LanguageTextField("ar")
    text_de = LanguageTextField("de")
    text_es = LanguageTextField("es")
    text_fr = LanguageTextField("fr")
    text_id = LanguageTextField("id")
    text_it = LanguageTextField("it")
    text_nl = LanguageTextField("nl")
    text_pt = LanguageTextField("pt")
    text_ru = LanguageTextField("ru")
    text_tr = LanguageTextField("tr")
    dateline = NameField(model_attr="dateline", null=True)
    # `source:Reuters` and `person:"Kim Jong Un"` search these (analysed, every alias).
    source = NameField(null=True)
    person = NameListField(null=True)
    # Facets: exact values, one per source / person, never analysed tokens.
    source_exact = FacetValueField(facet_for="source", null=True)
    person_exact = FacetValuesField(facet_for="person", null=True)
    # The curated events the article covers: `event:"state visit"` searches their titles; the
    # facet and filter use their slugs (stable, no commas).
    event = NameListField(null=True)
    event_exact = FacetValuesField(facet_for="event", null=True)
    # Not searched: the name `year` facets and filters are asked for (year_exact holds it).
    year = indexes.IntegerField(null=True, indexed=False, stored=False)
    year_exact = FacetValueField(facet_for="year", null=True)
    # What kind of outlet, who controls it, where: facets (the bare names are what facets and
    # filters ask for; the _exact fields hold the values).
    source_kind = indexes.CharField(null=True, indexed=False, stored=False)
    source_kind_exact = FacetValueField(facet_for="source_kind", null=True)
    source_control = indexes.CharField(null=True, indexed=False, stored=False)
    source_control_exact = FacetValueField(facet_for="source_control", null=True)
    source_country = indexes.CharField(null=True, indexed=False, stored=False)
    source_country_exact = FacetValueField(facet_for="source_country", null=True)
    # The article's language (ISO 639-1; "und" when nobody can tell).
    language = indexes.CharField(null=True, indexed=False, stored=False)
    language_exact = FacetValueField(facet_for="language")
    # One value per story ("s12"), or per article outside any story ("a345"): copies of one
    # story collapse to one result by it.
    story = indexes.CharField(null=True, indexed=False, stored=False)
    story_exact = FacetValueField(facet_for="story")
    published = indexes.DateField(model_attr="published", null=True)
    # The last day of the date's period (archive.periods): ranges select overlapping periods.
    published_until = indexes.DateField(model_attr="published_until", null=True)
    # Sort keys that put undated articles last in both directions; period_end (the last
    # day's ordinal, 0 when undated) answers published_until ranges on the fast path.
    sort_newest = SortKeyField()
    sort_oldest = SortKeyField()
    period_end = SortKeyField()
    # Person-name autocomplete (edge n-grams of every visible person's names).
    person_auto = PeopleAutocompleteField(null=True)
    # A digest of the document, stored, so drift between database and index can be found.
    fingerprint = FingerprintField()

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        return (
            Article.objects.select_related("source")
            .prefetch_related(
                Prefetch(
                    "mentions",
                    queryset=Mention.objects.visible()
                    .select_related("person")
                    .prefetch_related(
                        Prefetch(
                            "person__aliases",
                            queryset=Alias.objects.only("id", "person_id", "name"),
                        )
                    ),
                    to_attr="visible_mentions",
                ),
                Prefetch(
                    "event_links",
                    queryset=EventArticle.objects.select_related("event").only(
                        "id", "article_id", "event__id", "event__title", "event__slug"
                    ),
                    to_attr="events_covered",
                ),
            )
            .order_by("id")
        )

    def read_queryset(self, using=None):
        return Article.objects.select_related("source")

    def _people(self, obj):
        mentions = getattr(obj, "visible_mentions", None)
        if mentions is None:
            mentions = list(obj.mentions.visible().select_related("person"))
        return sorted((m.person for m in mentions), key=lambda p: p.name)

    def prepare_text(self, obj):
        parts = [obj.title, obj.standfirst, obj.dateline, html_to_text(obj.body)]
        if obj.source_id:
            parts.append(obj.source.name)
        parts.extend(self._names(obj))
        return "\n".join(p for p in parts if p)

    def _names(self, obj):
        names = []
        for person in self._people(obj):
            names.append(person.name)
            names.extend(alias.name for alias in person.aliases.all())
        return names

    def prepare_source(self, obj):
        return obj.source.name if obj.source_id else None

    def prepare_source_exact(self, obj):
        return obj.source.name if obj.source_id else None

    def prepare_source_kind_exact(self, obj):
        return obj.source.kind if obj.source_id else None

    def prepare_source_control_exact(self, obj):
        return obj.source.control if obj.source_id else None

    def prepare_source_country_exact(self, obj):
        return (obj.source.country or None) if obj.source_id else None

    def prepare_language_exact(self, obj):
        return obj.language or UNKNOWN_FACET

    def prepare_story_exact(self, obj):
        return f"s{obj.story_id}" if obj.story_id else f"a{obj.pk}"

    def prepare_person(self, obj):
        return self._names(obj) or None

    def prepare_person_exact(self, obj):
        # Commas separate values in some engines' multi-value fields.
        return [p.name.replace(",", " ") for p in self._people(obj)] or None

    def _events(self, obj):
        links = getattr(obj, "events_covered", None)
        if links is None:
            links = list(obj.event_links.select_related("event"))
        return sorted((link.event for link in links), key=lambda e: e.slug)

    def prepare_event(self, obj):
        return [e.title for e in self._events(obj)] or None

    def prepare_event_exact(self, obj):
        return [e.slug for e in self._events(obj)] or None

    def prepare_year(self, obj):
        return obj.published.year if obj.published else None

    def prepare_year_exact(self, obj):
        return str(obj.published.year) if obj.published else None

    def prepare_sort_newest(self, obj):
        return obj.published.toordinal() if obj.published else 0

    def prepare_sort_oldest(self, obj):
        return obj.published.toordinal() if obj.published else UNDATED_LAST

    def prepare_period_end(self, obj):
        return obj.published_until.toordinal() if obj.published_until else 0

    def prepare_person_auto(self, obj):
        return " ".join(self._names(obj)) or None

    def prepare_fingerprint(self, obj):
        return ""

    def full_prepare(self, obj):
        data = super().full_prepare(obj)
        data["fingerprint"] = document_fingerprint(data)
        return data


def document_fingerprint(data):
    content = {k: v for k, v in data.items() if k != "fingerprint"}
    encoded = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha1(encoded.encode("utf-8"), usedforsecurity=False).hexdigest()
