"""Helpers for content stored once per language (reference labels, region names)."""

from django.utils.translation import get_language, gettext_noop

LANGS = ("fr", "nl", "en")


def pick(obj, prefix: str) -> str:
    """The `prefix_<lang>` attribute in the active language, falling back to fr, then en."""
    lang = (get_language() or "fr")[:2]
    for code in (lang, "fr", "en", "nl"):
        value = getattr(obj, f"{prefix}_{code}", "")
        if value:
            return value
    return ""

# The languages Duo speaks, named in themselves: a person picks the one they read.
LANGUAGE_CHOICES = [("fr", "Français"), ("nl", "Nederlands"), ("en", "English")]

# Messages Django and Django REST Framework both translate, differently: an app's catalog outranks Django's own, so
# DRF's wording would replace Django's in every form ("Dit veld is vereist." for "Dit veld is verplicht."). The
# project's catalog outranks both; it keeps Django's wording, the one the forms spoke before the API arrived.
DJANGO_WORDING = [
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("No file was submitted."),
    gettext_noop("Value must be valid JSON."),
    gettext_noop("Upload a valid image. The file you uploaded was either not an image or a corrupted image."),
]
