"""What every public page puts in its head: Open Graph and Twitter card metadata, the alternate languages, and
the site's origin for the print stylesheet (which prints each link's full address after it)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info, override

OG_LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_GB"}


def current_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def url_in(lang: str, name: str, **kwargs) -> str:
    with override(lang):
        return reverse(name, kwargs=kwargs or None)


def language_name(code: str) -> str:
    return get_language_info(code)["name_local"].capitalize()


def _css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", "")
    return f'"{escaped}"'


def social(request, *, title: str, description: str, image: str, languages=None, kind: str = "website",
           image_alt: str = "") -> dict:
    """The page's metadata; `languages` (default: every site language) are those the page exists in."""
    lang = current_language()
    path = request.path
    codes = list(languages or [code for code, _name in settings.LANGUAGES])
    alternates = [{"code": code, "url": request.build_absolute_uri(translate_url(path, code)),
                   "name": language_name(code)} for code in codes]
    return {
        "title": title, "description": " ".join((description or "").split())[:300],
        "image": request.build_absolute_uri(image), "image_alt": image_alt or title,
        "url": request.build_absolute_uri(path), "locale": OG_LOCALES.get(lang, lang),
        "locale_alternates": [OG_LOCALES.get(c, c) for c in codes if c != lang], "type": kind,
        "alternates": alternates,
        "default_url": next((a["url"] for a in alternates if a["code"] == settings.LANGUAGE_CODE),
                            alternates[0]["url"] if alternates else ""),
        "origin": _css_string(request.build_absolute_uri("/").rstrip("/")),
    }
