"""The kinds of field the article document is made of, declared once (in
archive/search_indexes.py) and turned into each engine's schema from there: Whoosh's
(archive.search.backend) and Elasticsearch's (archive.search.elastic).

Haystack's field classes say how a value is prepared; these say how it is analysed:
``text`` (stemmed article text, spellings unified) or ``names`` (people, sources, places:
no stemming). Pure Haystack: no engine is imported here."""

from haystack import indexes
from haystack.fields import FacetMultiValueField


class TextField(indexes.CharField):
    """Article text: stop words out, British and American spellings unified, stemmed."""

    analysis = "text"


# The languages indexed with their own analysis, besides everything's default (English
# stemming, CJK bigrams): those with a Snowball stemmer among the languages the archive
# detects (archive.languages). An article's text is also in the field of its language; a
# query matches in every one of these fields.
SNOWBALL_NAMES = {"ar": "arabic", "de": "german", "es": "spanish", "fr": "french",
                  "id": "indonesian", "it": "italian", "nl": "dutch", "pt": "portuguese",
                  "ru": "russian", "tr": "turkish"}  # fmt: skip
STEMMED_LANGUAGES = tuple(SNOWBALL_NAMES)


class LanguageTextField(indexes.CharField):
    """The article's text (headline, standfirst, body), stemmed as its language is, when it
    is written in ``language`` (empty otherwise)."""

    analysis = "language"

    def __init__(self, language, **kwargs):
        kwargs.setdefault("null", True)
        super().__init__(**kwargs)
        self.language = language

    def prepare(self, obj):
        if obj.language != self.language:
            return None
        from archive.sanitize import html_to_text

        return "\n".join(p for p in (obj.title, obj.standfirst, html_to_text(obj.body)) if p)


def language_fields(fields):
    """{field name: language} of the per-language text fields."""
    return {n: f.language for n, f in fields.items() if isinstance(f, LanguageTextField)}


class NameField(indexes.CharField):
    """A name (a source, a dateline): exact words, no stemming."""

    analysis = "names"


class NameListField(indexes.MultiValueField):
    """Several names (every alias of every person tagged)."""

    analysis = "names"


class FacetValueField(indexes.FacetCharField):
    """One exact value to count and filter on (a source, a year)."""


class FacetValuesField(FacetMultiValueField):
    """Several exact values to count and filter on (the people tagged)."""


class SortKeyField(indexes.IntegerField):
    """A whole number to sort by."""


class PeopleAutocompleteField(indexes.EdgeNgramField):
    """Beginnings of every word of every visible person's names."""


class FingerprintField(indexes.CharField):
    """Stored, never searched: a digest of the document, for the drift check."""

    def __init__(self, **kwargs):
        super().__init__(indexed=False, stored=True, **kwargs)


def column_fields(fields):
    """(facet fields with one value a document, facet fields with several)."""
    single = [n for n, f in fields.items() if type(f) is FacetValueField]
    lists = [n for n, f in fields.items() if type(f) is FacetValuesField]
    return single, lists


def title_boosts(fields):
    """{field name: boost} of the searched text fields weighted above the rest."""
    return {
        name: field.boost
        for name, field in fields.items()
        if isinstance(field, TextField) and field.boost != 1.0
    }
