"""Helpers for content stored once per language (reference labels, region names)."""

from django.utils.translation import get_language

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
