from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def url_in_language(context, lang_code):
    request = context["request"]
    url = translate_url(request.get_full_path(), lang_code)
    return url


@register.filter
def percent(part, whole):
    try:
        return round(100 * part / whole) if whole else 0
    except (TypeError, ZeroDivisionError):
        return 0


@register.filter
def web_link(url):
    """The URL if a link to it is safe to follow (http, https, mailto), else "": a javascript: or data: URL stored in
    a record (an import, an old row) must never become a clickable link."""
    from urllib.parse import urlsplit

    text = str(url or "").strip()
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return ""
    return text if scheme in ("http", "https", "mailto") else ""
