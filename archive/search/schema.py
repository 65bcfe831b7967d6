"""What the Whoosh index holds: the schema of the article document, its fields' analysis
and boosts from their declaration (archive.search.fields, archive/search_indexes.py), the
facet fields' list columns, and each positional text field's twin of word pairs
(archive.search.analysis). archive.search.backend reads and writes an index of it."""

from django.core.exceptions import ImproperlyConfigured
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.fields import DateField
from whoosh.columns import VarBytesListColumn
from whoosh.fields import DATETIME, KEYWORD, NGRAMWORDS, NUMERIC, STORED, TEXT, Schema
from whoosh.fields import ID as WHOOSH_ID

from archive.search import fields as kinds
from archive.search.analysis import (
    PAIRS_SUFFIX,
    WORDPAIRS,
    RememberingAnalyzer,
    language_analyzer,
    name_analyzer,
    text_analyzer,
)


class FacetListColumn(VarBytesListColumn):
    # Read for segments where no document had a value (Whoosh's EmptyColumnReader).
    _default = []


class FacetKeyword(KEYWORD):
    """Exact, comma-separated values with a list column, so facet counts read one column
    entry per matching document instead of walking the whole lexicon per query."""

    def __init__(self):
        super().__init__(stored=False, commas=True, lowercase=False, scorable=False)
        self.column_type = FacetListColumn()

    def to_column_value(self, value):
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        return [v.encode("utf-8") for v in value or ()]


def article_fields():
    """The article document's fields, as archive/search_indexes.py declares them."""
    from haystack import connections

    return connections["default"].get_unified_index().all_searchfields()


def build_schema(fields=None, frequent=None, sampled=0):
    """Whoosh's schema for the article document's fields (archive.search.fields): the
    analysis and the boosts come from their declaration; ``frequent``: {field: words} whose
    adjacent pairs the field's twin holds (archive.search.analysis; none by default)."""
    fields = article_fields() if fields is None else fields
    # Positional text fields remember their last analysis for their twin of word pairs.
    text, names = RememberingAnalyzer(text_analyzer()), RememberingAnalyzer(name_analyzer())
    languages = {}
    schema = {
        ID: WHOOSH_ID(stored=True, unique=True),
        DJANGO_CT: WHOOSH_ID(stored=True),
        DJANGO_ID: WHOOSH_ID(stored=True),
    }
    for name, field in fields.items():
        if isinstance(field, kinds.TextField):
            schema[name] = TEXT(
                analyzer=text,
                stored=False,
                spelling=field.document,
                field_boost=field.boost,
                multitoken_query="phrase",
            )
        elif isinstance(field, kinds.LanguageTextField):
            if field.language not in languages:
                languages[field.language] = RememberingAnalyzer(language_analyzer(field.language))
            schema[name] = TEXT(
                analyzer=languages[field.language], stored=False, multitoken_query="phrase"
            )
        elif isinstance(field, (kinds.NameField, kinds.NameListField)):
            schema[name] = TEXT(analyzer=names, stored=False, multitoken_query="phrase")
        elif isinstance(field, kinds.FacetValuesField):
            schema[name] = FacetKeyword()
        elif isinstance(field, kinds.FacetValueField):
            schema[name] = WHOOSH_ID(stored=False, sortable=True)
        elif isinstance(field, DateField):
            schema[name] = DATETIME(stored=False, sortable=True)
        elif isinstance(field, kinds.SortKeyField):
            schema[name] = NUMERIC(int, bits=32, stored=False, sortable=True, signed=False)
        elif isinstance(field, kinds.PeopleAutocompleteField):
            schema[name] = NGRAMWORDS(minsize=2, maxsize=15, at="start", stored=False)
        elif isinstance(field, kinds.FingerprintField):
            schema[name] = STORED()
        elif field.indexed or field.stored:
            raise ImproperlyConfigured(f"No Whoosh field for {name} ({type(field).__name__})")
    for name, field in list(schema.items()):
        if isinstance(field.analyzer, RememberingAnalyzer):
            schema[name + PAIRS_SUFFIX] = WORDPAIRS(
                field.analyzer, (frequent or {}).get(name, ()), sampled
            )
    return Schema(**schema)
