"""A publication version as an accessible HTML document and as a print-quality PDF (WeasyPrint), from one template.

`html()` gives the whole document (standalone) or only its body, for the public site to embed in its own page
(`context()` and `publications/document_body.html` are the same thing in pieces). `pdf()` renders the same
template with the print stylesheet: A4, a cover, a table of contents with page numbers, numbered pages, vector
charts and real footnotes.

Public rendering never mixes languages: a language the version is not complete in raises LanguageUnavailable.
Staff previews (public=False) show a visible marker where a text is missing instead. A published version renders
from what was frozen with it and dates itself with its publication date, never "now": rendering it again, even
after new data, gives the same bytes — except that a quote whose author withdrew consent is left out, with a notice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext as _

from duo.core.pdf import refusing_fetcher

from . import content, figures, markup
from .models import LANGUAGES, Chart, SectionKind, Status, Version

CSS = "publications/document.css"
ORGANISATION = figures.ORGANISATION


class RenderError(Exception):
    """A version that cannot be rendered as asked; the message says why, in the active language."""


class LanguageUnavailable(RenderError):
    """The version is not written (completely) in the language asked."""


class NotPublished(RenderError):
    """Public rendering of a version that is not published."""


def section_anchor(section) -> str:
    """The section's fragment id: by its place, so that a link survives "update to new data" (the new version's
    sections keep their positions)."""
    return f"section-{section.position + 1}"


def language_name(lang: str) -> str:
    """The language's name in the active language, as it reads inside a sentence ("néerlandais", "Dutch")."""
    name = get_language_info(lang)["name_translated"]
    return name if (translation.get_language() or "")[:2] == "en" else name.lower()


def check(version: Version, lang: str, *, public: bool) -> None:
    """Raise unless `version` may be rendered in `lang` (see the module's docstring)."""
    if lang not in LANGUAGES or lang not in version.language_list:
        raise LanguageUnavailable(_("This version is not written in %(language)s.") % {
            "language": language_name(lang) if lang in LANGUAGES else lang})
    if not public:
        return
    if version.status != Status.PUBLISHED:
        raise NotPublished(_("Version %(n)s is not published.") % {"n": version.number})
    gaps = content.missing(version).get(lang)
    if gaps:
        raise LanguageUnavailable(_("This version is not complete in %(language)s: %(list)s.") % {
            "language": language_name(lang), "list": ", ".join(gaps)})


@dataclass
class Block:
    """One section as the template draws it."""

    number: int
    anchor: str
    kind: str
    heading: str
    body: str = ""
    missing_heading: bool = False
    missing_body: bool = False
    figure: object = None
    figure_label: str = ""
    svg: str = ""
    chart: str = ""
    key_figures: list = field(default_factory=list)
    key_flags: list = field(default_factory=list)
    quotes: list = field(default_factory=list)
    recommendations: list = field(default_factory=list)
    removed: str = ""
    error: str = ""


def _marker(lang: str) -> str:
    return _("Missing translation (%(language)s)") % {"language": language_name(lang)}


class _Frames:
    """The snapshot's frames, read once per rendering and only if a draft's figure needs them."""

    def __init__(self, version):
        self.version, self.frames = version, None

    def get(self):
        if self.frames is None and not self.version.is_frozen:
            self.frames = content._frames(self.version)
        return self.frames


def _block(section, number: int, lang: str, *, public: bool, inline_notes: bool, frames: _Frames,
           counters: dict) -> Block:
    heading = section.heading(lang)
    block = Block(number=number, anchor=section_anchor(section), kind=section.kind,
                  heading=heading or _marker(lang), missing_heading=not heading)
    text = section.body(lang)
    listed = content.listed_recommendations(section)
    if content.needs_body(section, listed) and not text:
        block.missing_body = True
    block.body = markup.to_html(text, prefix=f"{block.anchor}-", inline_notes=inline_notes)
    block.recommendations = [_recommendation(item, n, lang, f"{block.anchor}-r{n}-", inline_notes)
                             for n, item in enumerate(listed, 1)]
    try:
        if section.kind in content.FIGURE_KINDS:
            data = content.content(section, frames.get())
            block.figure = figures.figure(data, lang)
            block.chart = section.chart if section.kind == SectionKind.FIGURE else Chart.NONE
            if block.chart != Chart.NONE:
                block.svg = figures.svg(data, lang, block.chart, prefix=f"{block.anchor}-chart")
            label = "figure" if block.svg else "table"
            counters[label] += 1
            block.figure_label = (_("Figure %(n)s") if block.svg else _("Table %(n)s")) % {"n": counters[label]}
        elif section.kind == SectionKind.KEY_FIGURES:
            data = content.content(section, frames.get())
            block.key_figures = [figures.figure(item, lang) for item in data.get("items", [])]
            used = {flag: meaning for fig in block.key_figures for flag, meaning in fig.flags}
            block.key_flags = sorted(used.items())
        elif section.kind == SectionKind.QUOTES:
            frozen = section.frozen if section.version.is_frozen else None
            shown, removed = content.visible_quotes(section, lang, frozen)
            block.quotes = [_quote(q) for q in shown]
            if removed:
                block.removed = ngettext(
                    "%(n)s quote was removed because its author withdrew their consent.",
                    "%(n)s quotes were removed because their authors withdrew their consent.", removed) % {"n": removed}
    except content.ContentError as exc:
        if public:
            raise RenderError(str(exc)) from exc
        block.error = str(exc)
    return block


def _recommendation(item: dict, number: int, lang: str, prefix: str, inline_notes: bool) -> dict:
    """One recommendation as listed: its wording as computed or frozen (never another language's)."""
    texts = item["texts"].get(lang, {})
    title, text = texts.get("title", ""), texts.get("text", "")
    return {"number": number, "code": item["code"], "anchor": prefix.rstrip("-"),
            "title": title or _marker(lang), "missing_title": not title, "missing_text": not text,
            "text": markup.to_html(text, prefix=prefix, inline_notes=inline_notes),
            "reference": _("Reference %(code)s, version %(n)s") % {"code": item["code"], "n": item["version"]}}


def _quote(q) -> dict:
    translated = ""
    if q.is_translation:
        translated = _("Translated from %(language)s") % {"language": language_name(q.original_language)}
        if q.machine:
            translated += f" ({_('machine translation')})"
    return {"text": q.text, "author": q.author, "translated_from": translated}


def _indicators(blocks) -> list:
    """The indicators the document uses, in order of first use, for the note on the figures."""
    seen = {}
    for block in blocks:
        for fig in ([block.figure] if block.figure else []) + block.key_figures:
            seen.setdefault(fig.indicator.id, fig.indicator)
    return list(seen.values())


def _date(version):
    moment = version.published_at if version.is_frozen else version.updated_at or version.created_at
    return figures.long_date(timezone.localtime(moment).date()) if moment else ""


def context(version: Version, lang: str, *, public: bool, print_media: bool = False) -> dict:
    """Everything publications/document_body.html needs; the public site can include that template with it."""
    check(version, lang, public=public)
    with translation.override(lang):
        frames = _Frames(version)
        counters = {"figure": 0, "table": 0}
        sections = list(version.sections.select_related("theme").all())
        blocks = [_block(s, n, lang, public=public, inline_notes=print_media, frames=frames, counters=counters)
                  for n, s in enumerate(sections, 1)]
        snapshot = version.snapshot
        indicators = [{"title": str(i.title), "definition": str(i.definition), "population": str(i.population),
                       "numerator": str(i.numerator), "denominator": str(i.denominator), "horizon": str(i.horizon),
                       "source": str(i.source)} for i in _indicators(blocks)]
        title = version.title(lang)
        summary = version.summary(lang)
        # The threshold the figures were published with (a setting changed since does not rewrite the legend).
        threshold = next((f.threshold for b in blocks for f in ([b.figure] if b.figure else []) + b.key_figures),
                         content.threshold())
        return {
            "lang": lang, "version": version, "public": public, "print_media": print_media,
            "organisation": ORGANISATION, "kind": version.publication.get_kind_display(),
            "title": title or _marker(lang), "missing_title": not title, "marker": _marker(lang),
            "summary": summary, "missing_summary": not summary and not public,
            "draft": version.status != Status.PUBLISHED, "status": version.get_status_display(),
            "date": _date(version), "blocks": blocks, "indicators": indicators,
            "snapshot": {"date": figures.long_date(snapshot.as_of), "short": snapshot.short_hash,
                         "hash": snapshot.content_hash} if snapshot else None,
            "threshold": threshold,
            "flag_c": figures.flag_meaning(figures.SUPPRESSED, threshold),
            "flag_u": figures.flag_meaning(figures.UNRELIABLE, threshold),
            "gaps": [] if public else content.missing(version).get(lang, []),
            "doc_id": f"publication-{version.publication.slug}",
        }


@lru_cache(maxsize=1)
def _css() -> str:
    path = finders.find(CSS)
    return Path(path).read_text(encoding="utf-8")


def html(version: Version, lang: str, *, public: bool, standalone: bool = True, print_media: bool = False) -> str:
    """The version in `lang` as HTML: a whole document, or (standalone=False) the body fragment to embed."""
    ctx = context(version, lang, public=public, print_media=print_media)
    with translation.override(lang):
        if not standalone:
            return render_to_string("publications/document_body.html", ctx)
        return render_to_string("publications/document.html", {**ctx, "css": _css()})


def _fetch(url: str, *args, **kwargs):
    """The PDF renderer reads nothing from outside: every image and style is inline, and a stray URL in the
    document must not make the server fetch it."""
    raise ValueError(f"external resource refused: {url}")


def pdf(version: Version, lang: str, *, public: bool = True) -> bytes:
    """The version in `lang` as an A4 PDF; public=False for the staff preview of a draft (markers allowed)."""
    from weasyprint import HTML  # heavy: loaded only when a PDF is asked for

    document = html(version, lang, public=public, print_media=True)
    base = Path(finders.find(CSS)).parent.as_uri() + "/"
    return HTML(string=document, base_url=base, url_fetcher=refusing_fetcher(_fetch)).write_pdf()


def filename(version: Version, lang: str, fmt: str) -> str:
    return f"{version.publication.slug}-v{version.number}-{lang}.{fmt}"
