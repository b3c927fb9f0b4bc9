"""Published publications: the list, a version's page in the site's layout, its PDFs, the data behind each figure
and the cards of its key figures. Only published versions, only in the languages they are published in: anything
else is a 404, so a draft's existence is never revealed."""

from __future__ import annotations

import csv
import hashlib
import io

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from duo.core.export import safe_text
from duo.impact import tables
from duo.publications import content, figures
from duo.publications import render as rendering
from duo.publications.models import SectionKind

from . import queries
from .views import publication_entry
from .views_meta import current_language, language_name, social, url_in

DATA_FORMATS = ("csv", "json")
PDF_SECONDS = 60 * 60 * 24 * 30


def publications(request):
    lang = current_language()
    entries = [publication_entry(v, lang) for v in queries.published_versions()]
    description = _("Experience reports, memoranda, policy briefs and factsheets: what the duos teach us, with the "
                    "figures behind each statement.")
    return render(request, "site/publications.html", {"nav": "publications", "entries": entries, "social": social(
        request, title=_("Publications"), description=description,
        image=reverse("site:card_default", kwargs={"fmt": "png"}))})


def publication(request, slug, number=None):
    lang = current_language()
    version = queries.published_version(slug, number, lang)
    try:
        body = rendering.html(version, lang, public=True, standalone=False)
    except rendering.LanguageUnavailable:
        raise Http404
    numbers = queries.published_numbers(version.publication)
    sections = list(version.sections.all())
    data, cards = [], []
    for section in sections:
        if section.kind not in queries.DATA_KINDS:
            continue
        links = {fmt: reverse("site:publication_data", kwargs={"slug": slug, "section": section.pk, "fmt": fmt})
                 for fmt in DATA_FORMATS}
        data.append({"heading": section.heading(lang), "kind": section.get_kind_display(),
                     "anchor": f"#{rendering.section_anchor(section)}", **links})
        if section.kind == SectionKind.KEY_FIGURES:
            for index, figure in enumerate(queries.section_figures(section)):
                kwargs = {"slug": slug, "section": section.pk, "index": index}
                cards.append({"figure": figure, "heading": section.heading(lang),
                              "png": reverse("site:publication_card", kwargs={**kwargs, "fmt": "png"}),
                              "svg": reverse("site:publication_card", kwargs={**kwargs, "fmt": "svg"})})
    pdfs = [{"code": c, "name": language_name(c), "url": _pdf_url(version, c, latest=number is None)}
            for c in version.language_list]
    others = [{"code": c, "name": language_name(c), "pdf": _pdf_url(version, c, latest=number is None),
               "url": url_in(c, "site:publication", slug=slug) if number is None else
               url_in(c, "site:publication_version", slug=slug, number=version.number)}
              for c in version.language_list if c != lang]
    versions = [{"number": n, "url": reverse("site:publication_version", kwargs={"slug": slug, "number": n}),
                 "current": n == version.number} for n in numbers]
    image = cards[0]["png"] if cards else reverse("site:card_default", kwargs={"fmt": "png"})
    title = version.title(lang)
    return render(request, "site/publication.html", {
        "nav": "publications", "threshold": settings.IMPACT_MIN_CELL, "version": version, "body": body,
        "lang": lang, "title": title, "data": data, "cards": cards, "pdfs": pdfs, "others": others,
        "versions": versions, "is_latest": version.number == numbers[0],
        "latest_url": reverse("site:publication", kwargs={"slug": slug}),
        "social": social(request, title=title, description=version.summary(lang), image=image,
                         languages=version.language_list, kind="article",
                         image_alt=cards[0]["figure"].title if cards else "")})


def _pdf_url(version, lang: str, *, latest: bool) -> str:
    slug = version.publication.slug
    if latest:
        return reverse("site:publication_pdf", kwargs={"slug": slug, "filename": f"{slug}-{lang}"})
    return reverse("site:publication_version_pdf", kwargs={"slug": slug, "number": version.number,
                                                           "filename": f"{slug}-{lang}"})


def _pdf(version, lang: str) -> bytes:
    """The version's PDF in `lang`, drawn once per content: the key is the HTML it is drawn from, so a quote whose
    author withdrew since (which the HTML leaves out) gives a new PDF, and the same content is served at once."""
    source = rendering.html(version, lang, public=True, standalone=True)
    key = f"site:pdf:{version.pk}:{lang}:{hashlib.sha256(source.encode()).hexdigest()}"
    data = cache.get(key)
    if data is None:
        data = rendering.pdf(version, lang)
        cache.set(key, data, PDF_SECONDS)
    return data


def publication_pdf(request, slug, filename, number=None):
    version = queries.published_version(slug, number)
    prefix = f"{slug}-"
    pdf_lang = filename[len(prefix):] if filename.startswith(prefix) else ""
    if pdf_lang not in version.language_list:
        raise Http404
    try:
        data = _pdf(version, pdf_lang)
    except rendering.LanguageUnavailable:
        raise Http404
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slug}-v{version.number}-{pdf_lang}.pdf"'
    return response


def publication_data(request, slug, section, fmt):
    if fmt not in DATA_FORMATS:
        raise Http404
    lang = current_language()
    found = queries.published_section(slug, section, lang)
    try:
        data = content.content(found)
    except content.ContentError:
        raise Http404
    stem = f"{slug}-v{found.version.number}-{found.pk}-{lang}"
    if found.kind == SectionKind.KEY_FIGURES:
        text, payload = (_items_csv(data, lang), None) if fmt == "csv" else (None, _items_json(data, lang))
    else:
        text, payload = (figures.csv_text(data, lang), None) if fmt == "csv" else (None, figures.json_data(data, lang))
    if fmt == "csv":
        response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    else:
        response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def publication_card(request, slug, section, index, fmt):
    from .views_cards import image_response

    lang = current_language()
    found = queries.published_section(slug, section, lang, kinds=(SectionKind.KEY_FIGURES,))
    items = queries.section_figures(found)
    if not 0 <= index < len(items):
        raise Http404
    figure = items[index]
    return image_response(figure, fmt, f"{slug}-{found.pk}-{index}", seconds=60 * 60 * 24)


def _items_json(data: dict, lang: str) -> dict:
    """A key-figures section: each figure as figures.json_data gives it."""
    return {"language": lang, "items": [figures.json_data(item, lang) for item in data.get("items", [])]}


def _items_csv(data: dict, lang: str) -> str:
    """A key-figures section as one table: a row per figure, with what it is and where it comes from."""
    with translation.override(lang):
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        threshold = next((item["threshold"] for item in data.get("items", [])), settings.IMPACT_MIN_CELL)
        for flag in (figures.SUPPRESSED, figures.UNRELIABLE):
            writer.writerow([safe_text(f"# {flag}: {figures.flag_meaning(flag, threshold)}")])
        writer.writerow([_("Indicator"), "indicator_code", _("Filters"), _("Snapshot"), *tables.COLUMNS])
        for item in data.get("items", []):
            info = figures.about(item, lang)
            total = next((r for r in item["records"] if all(r.get(d) == tables.ALL for d in item.get("by", []))),
                         {})
            writer.writerow([safe_text(info["indicator"]["title"]), safe_text(item["indicator"]),
                             safe_text(queries.describe(item.get("filters") or {})),
                             f"{info['snapshot']['as_of']} · SHA-256 {info['snapshot']['hash']}",
                             *["" if total.get(c) is None else total.get(c) for c in tables.COLUMNS]])
        return buffer.getvalue()
