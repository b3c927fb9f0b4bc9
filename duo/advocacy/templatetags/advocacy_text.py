"""A recommendation's wording is Markdown, as in the publications that quote it: shown here the way it will read
there (the same renderer, so the same sanitising), not as asterisks."""

from django import template
from django.utils.safestring import mark_safe

from duo.publications.markup import to_html

register = template.Library()


@register.filter
def wording(text: str) -> str:
    return mark_safe(to_html(text or ""))  # noqa: S308 — to_html escapes raw HTML and cleans with nh3
