"""Collapsing the copies of one story into one result, on any engine: the search query
carries the field to collapse by, the engine answers with one result a group (and how many
copies each has), the number of groups as its hits and the number of articles apart.

``collapse(sqs)`` asks it of a SearchQuerySet; ``article_count(sqs)`` reads the articles
the collapsed results stand for (facets always count every article)."""

COLLAPSE_FIELD = "story_exact"


class CollapsingQueryMixin:
    """For a Haystack SearchQuery class: passes ``collapse`` to the backend's search and
    keeps the article count it answers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.collapse = None
        self._articles = None

    def build_params(self, spelling_query=None, **kwargs):
        params = super().build_params(spelling_query, **kwargs)
        if self.collapse:
            params["collapse"] = self.collapse
        return params

    def _clone(self, klass=None, using=None):
        clone = super()._clone(klass, using)
        clone.collapse = self.collapse
        return clone

    def post_process_facets(self, results):
        self._articles = results.get("articles")
        return super().post_process_facets(results)


def collapse(sqs, field=COLLAPSE_FIELD):
    clone = sqs._clone()
    clone.query.collapse = field
    return clone


def article_count(sqs):
    """The articles a search matched (more than its hits when copies were collapsed)."""
    articles = getattr(sqs.query, "_articles", None)
    return sqs.count() if articles is None else articles
