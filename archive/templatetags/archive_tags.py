from django import template
from django.utils.safestring import mark_safe

from archive.sanitize import sanitize_body

register = template.Library()


@register.filter
def sanitized(html):
    """An article body as safe HTML: the allow-list again at render time, whatever wrote
    the row (the importer cleans it; an admin form or a script might not have)."""
    return mark_safe(sanitize_body(html))  # noqa: S308 (sanitized just now)
