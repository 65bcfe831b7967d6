"""The archive's analysis as Elasticsearch 7 index settings and mappings: a pure function of
the rules in archive.search.text and the fields declared in archive/search_indexes.py, so
the cluster path analyses text as the embedded Whoosh index does.

- words: the standard tokenizer (hyphenated romanisations split: "Jong-un" is "jong",
  "un"), lower case, accents folded (``asciifolding``), the archive's short stop list;
- British spellings brought to American ones before stemming: a synonym rule per word pair
  of archive/wordlists/spelling-british-american.txt, and pattern rules for -our, -ise and
  -yse (the words spelt -ise in American English too kept out by a condition);
- Porter stemming (``porter_stem``, the algorithm Whoosh's index uses);
- Korean, Chinese and Japanese as overlapping bigrams (``cjk_width`` + ``cjk_bigram``);
- each language's own field (``text_ru``...) with Elasticsearch's analyzer for it.

``manage.py elasticsearch_index`` writes the result (kept in the repository as
archive/search/elasticsearch-index.json, checked by the tests) and applies it to a cluster.
No Elasticsearch client is imported here.
"""

import json
from pathlib import Path

from archive.lexicon import entries
from archive.search import fields as kinds
from archive.search.text import STOP_WORDS

KEPT_FILE = Path(__file__).with_name("elasticsearch-index.json")
TEXT, NAMES, AUTOCOMPLETE = "archive_text", "archive_names", "archive_autocomplete"


def analysis():
    """The ``settings.analysis`` block."""
    british = [line.split() for line in entries("spelling-british-american")]
    our_stems = entries("spelling-our-stems")
    return {
        "filter": {
            "archive_stop": {"type": "stop", "stopwords": sorted(STOP_WORDS)},
            "archive_british_words": {
                "type": "synonym",
                "synonyms": [f"{b} => {a}" for b, a in british],
            },
            "archive_our_to_or": {
                "type": "pattern_replace",
                "pattern": "^(" + "|".join(stem[:-3] for stem in our_stems) + ")our",
                "replacement": "$1or",
            },
            "archive_ise": {
                "type": "condition",
                "filter": ["archive_ise_to_ize"],
                "script": {
                    "source": "!params.keep.contains(token.getTerm().toString())",
                    "params": {"keep": sorted(entries("spelling-ise-keep"))},
                },
            },
            "archive_ise_to_ize": {
                "type": "pattern_replace",
                "pattern": "^([a-z]{4,})is(e|es|ed|ing|er|ers|ation|ations|ational)$",
                "replacement": "$1iz$2",
            },
            "archive_yse_to_yze": {
                "type": "pattern_replace",
                "pattern": "^([a-z]{3,})ys(e|es|ed|ing|er|ers)$",
                "replacement": "$1yz$2",
            },
            "archive_edge_ngram": {"type": "edge_ngram", "min_gram": 2, "max_gram": 15},
        },
        "analyzer": {
            TEXT: {
                "tokenizer": "standard",
                "char_filter": [],
                "filter": [
                    "cjk_width",
                    "lowercase",
                    "asciifolding",
                    "archive_stop",
                    "archive_british_words",
                    "archive_our_to_or",
                    "archive_ise",
                    "archive_yse_to_yze",
                    "cjk_bigram",
                    "porter_stem",
                ],
            },
            NAMES: {
                "tokenizer": "standard",
                "filter": ["cjk_width", "lowercase", "asciifolding", "cjk_bigram"],
            },
            AUTOCOMPLETE: {
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding", "archive_edge_ngram"],
            },
        },
    }


def mappings(fields):
    """The ``mappings.properties`` of the article document's declared fields."""
    properties = {
        "id": {"type": "keyword"},
        "django_ct": {"type": "keyword"},
        "django_id": {"type": "keyword"},
    }
    for field in fields.values():
        if isinstance(field, kinds.LanguageTextField):
            # Elasticsearch's built-in language analyzers (stop words and Snowball stems).
            mapping = {"type": "text", "analyzer": kinds.SNOWBALL_NAMES[field.language]}
        elif isinstance(field, kinds.TextField):
            mapping = {"type": "text", "analyzer": TEXT}
            if field.boost != 1.0:
                mapping["boost"] = field.boost
        elif isinstance(field, (kinds.NameField, kinds.NameListField)):
            mapping = {"type": "text", "analyzer": NAMES}
        elif isinstance(field, (kinds.FacetValueField, kinds.FacetValuesField)):
            mapping = {"type": "keyword"}
        elif isinstance(field, kinds.SortKeyField):
            mapping = {"type": "long"}
        elif isinstance(field, kinds.PeopleAutocompleteField):
            mapping = {"type": "text", "analyzer": AUTOCOMPLETE, "search_analyzer": NAMES}
        elif isinstance(field, kinds.FingerprintField):
            mapping = {"type": "keyword", "index": False}
        elif field.field_type == "date":
            mapping = {"type": "date"}
        elif not field.indexed and not field.stored:
            continue
        else:
            mapping = {"type": "keyword"}
        properties[field.index_fieldname] = mapping
    return {"properties": properties}


def index_body(fields):
    """The whole index-creation body: settings and mappings."""
    return {
        "settings": {"index": {"max_ngram_diff": 13}, "analysis": analysis()},
        "mappings": mappings(fields),
    }


def as_json(fields):
    return json.dumps(index_body(fields), indent=1, ensure_ascii=False, sort_keys=True) + "\n"
