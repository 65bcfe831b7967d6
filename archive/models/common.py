"""What every model module shares: slugs, the name a row was loaded with, and publication
dates (how early is plausible, how a date with a precision is written)."""

import datetime

from django.utils import timezone
from django.utils.text import slugify


def unique_slug(model, text, *, max_length=80, exclude_pk=None, field="slug"):
    """A slug for ``text`` that no other row of ``model`` uses (suffixes -2, -3...)."""
    base = slugify(text, allow_unicode=False)[:max_length].strip("-") or "item"
    slug = base
    n = 2
    qs = model.objects.all()
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(**{field: slug}).exists():
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)] + suffix
        n += 1
    return slug


class IndexedFieldsMixin:
    """Remembers the values a row was loaded with of the fields the search index holds
    (``INDEXED_FIELDS``), so a save can tell whether its articles' documents changed."""

    INDEXED_FIELDS = ("name",)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance.remember_indexed()
        return instance

    def indexed_values(self):
        return tuple(self.__dict__.get(name) for name in self.INDEXED_FIELDS)

    def remember_indexed(self):
        self._loaded_indexed = self.indexed_values()

    def indexed_changed(self):
        """Whether an indexed field differs from its loaded (or last saved) value."""
        changed = getattr(self, "_loaded_indexed", None) != self.indexed_values()
        self.remember_indexed()
        return changed


EARLIEST_DATE = datetime.date(1900, 1, 1)


def date_problem(value):
    """Why ``value`` cannot be an article's publication date, or None if it can."""
    today = timezone.now().date()
    if value < EARLIEST_DATE:
        return f"{value.isoformat()} is before {EARLIEST_DATE.year}: not a plausible date."
    if value > today + datetime.timedelta(days=1):
        return f"{value.isoformat()} is in the future: not a plausible date."
    return None


def format_date(value, precision):
    if value is None or precision == "unknown":
        return "date unknown"
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return value.strftime("%B %Y")
    return f"{value.day} {value.strftime('%B %Y')}"
