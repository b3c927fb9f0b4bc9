"""What a section shows: its figures and quotes, computed from the version's snapshot (drafts) or read from what
was frozen when the version was published. Everything here is public by construction: figures go through the
impact tables with disclosure control on, quotes through duo.testimony.queries with the public use.

The frozen form holds codes and numbers, never labels: labels are drawn in the reader's language at rendering.
Words staff or participants wrote are frozen as written, per language: the quotes, and the wording of the
recommendations a section lists from the advocacy registry (a later revision of one leaves a published version as
it was; a new draft shows the new wording).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override

from duo.impact import snapshot as snapshots
from duo.impact import tables
from duo.testimony import queries as quotes_queries
from duo.testimony.models import Testimony

from .models import LANGUAGES, SectionKind, Version, pick

FIGURE_KINDS = (SectionKind.FIGURE, SectionKind.TABLE)
TEXT_KINDS = (SectionKind.TEXT, SectionKind.RECOMMENDATIONS)


class ContentError(Exception):
    """A section that cannot be computed (no snapshot, a damaged file, an indicator that no longer exists)."""


def _snapshot_ref(snapshot) -> dict:
    return {"id": snapshot.pk, "hash": snapshot.content_hash, "as_of": snapshot.as_of.isoformat()}


def _frames(version: Version):
    if version.snapshot is None:
        raise ContentError(_("Choose the snapshot this version's figures come from."))
    try:
        return snapshots.load(version.snapshot)
    except snapshots.SnapshotDamaged as exc:
        raise ContentError(str(exc)) from exc


def figure(frames, *, indicator: str, by=(), filters=None) -> dict:
    """One disclosure-controlled table, in the frozen form."""
    try:
        result = tables.table(frames, indicator=indicator, by=list(by), filters=filters or {}, public=True)
    except tables.UnknownName as exc:
        raise ContentError(str(exc)) from exc
    return {"indicator": indicator, "by": list(by), "filters": dict(filters or {}),
            "records": tables.records(result), "threshold": result.threshold,
            "snapshot": _snapshot_ref(frames.snapshot)}


def _quotes_now(section, languages) -> list[dict]:
    """The quotes the section would publish today: chosen ones in their order, or the theme's first ones."""
    if section.testimonies:
        within = Testimony.objects.filter(pk__in=section.testimonies)
    elif section.theme_id:
        within = Testimony.objects.filter(themes=section.theme_id)
    else:
        return []
    by_lang = {lang: {q.pk: q for q in quotes_queries.usable(quotes_queries.PUBLIC, lang=lang, within=within)}
               for lang in languages}
    order = list(section.testimonies) or sorted(next(iter(by_lang.values()), {}))
    picked = []
    for pk in order:
        if all(pk in found for found in by_lang.values()):
            picked.append({"testimony": pk, "texts": {
                lang: {"text": by_lang[lang][pk].text, "author": by_lang[lang][pk].author,
                       "language": by_lang[lang][pk].language, "is_translation": by_lang[lang][pk].is_translation,
                       "machine": by_lang[lang][pk].machine, "original_language": by_lang[lang][pk].original_language}
                for lang in languages}})
        if len(picked) >= section.limit:
            break
    return picked


def _recommendations_now(section, languages) -> list[dict]:
    """The registry's recommendations the section lists, each in its current wording in every language of the
    version (empty where a language is missing: `missing` says so, and publishing waits for it)."""
    listed = []
    for recommendation in section.recommendations.order_by("code"):
        current = recommendation.current
        if current is None:
            continue
        listed.append({"recommendation": recommendation.pk, "code": recommendation.code, "version": current.number,
                       # pick, not current.title(lang): that one falls back on another language.
                       "texts": {lang: {"title": pick(current, "title", lang), "text": pick(current, "text", lang)}
                                 for lang in languages}})
    return listed


def compute(section, frames=None) -> dict:
    """The section's content as it would be frozen now."""
    version = section.version
    if section.kind in FIGURE_KINDS:
        frames = frames or _frames(version)
        return figure(frames, indicator=section.indicator, by=section.dimensions, filters=section.filters)
    if section.kind == SectionKind.KEY_FIGURES:
        frames = frames or _frames(version)
        return {"items": [figure(frames, indicator=item["indicator"], filters=item.get("filters") or {})
                          for item in section.items]}
    if section.kind == SectionKind.QUOTES:
        return {"quotes": _quotes_now(section, version.language_list or LANGUAGES)}
    if section.kind == SectionKind.RECOMMENDATIONS:
        return {"recommendations": _recommendations_now(section, version.language_list or LANGUAGES)}
    return {}


def content(section, frames=None) -> dict:
    """What the section shows: frozen for a published version, computed now for a draft."""
    if section.version.is_frozen:
        return section.frozen
    return compute(section, frames)


@dataclass
class QuoteView:
    text: str
    author: str
    language: str
    is_translation: bool
    machine: bool
    original_language: str


def visible_quotes(section, lang: str, frozen: dict | None = None) -> tuple[list[QuoteView], int]:
    """The section's quotes in `lang` and how many were left out because their author withdrew consent (or
    lowered it) since: those are never shown again, not even in a version published before."""
    data = frozen if frozen is not None else content(section)
    listed = data.get("quotes", [])
    still = {t.pk: t for t in Testimony.objects.filter(quotes_queries.allowed(quotes_queries.PUBLIC),
                                                      pk__in=[q["testimony"] for q in listed]).select_related("person")}
    shown = []
    with override(lang):
        for q in listed:
            if q["testimony"] in still and lang in q["texts"]:
                # The author as their consent names them today: a consent lowered since narrows the name too.
                shown.append(QuoteView(**{**q["texts"][lang],
                                          "author": quotes_queries.public_label(still[q["testimony"]])}))
    return shown, sum(1 for q in listed if q["testimony"] not in still)


def missing(version: Version) -> dict[str, list[str]]:
    """Per language of the version, what is not written in it yet (an empty list: complete)."""
    out = {}
    sections = list(version.sections.all())
    listed_by = {section.pk: listed_recommendations(section) for section in sections}
    for lang in version.language_list:
        gaps = []
        if not version.title(lang):
            gaps.append(_("the title"))
        if not version.summary(lang):
            gaps.append(_("the summary"))
        for number, section in enumerate(sections, 1):
            if not section.heading(lang):
                gaps.append(_("the heading of section %(n)s") % {"n": number})
            listed = listed_by[section.pk]
            if needs_body(section, listed) and not section.body(lang):
                gaps.append(_("the text of section %(n)s") % {"n": number})
            if section.kind == SectionKind.QUOTES and not version.is_frozen:
                untranslated = untranslated_quotes(section, lang)
                if untranslated:
                    gaps.append(_("a translation of %(count)s quotes in section %(n)s")
                                % {"count": untranslated, "n": number})
            for code in untranslated_recommendations(listed, lang):
                gaps.append(_("the title or text of recommendation %(code)s in section %(n)s")
                            % {"code": code, "n": number})
        out[lang] = gaps
    return out


def listed_recommendations(section) -> list[dict]:
    """The recommendations a section lists: as frozen for a published version, in their current wording else."""
    if section.kind != SectionKind.RECOMMENDATIONS:
        return []
    return content(section).get("recommendations", [])


def needs_body(section, listed) -> bool:
    """A text section needs its text in every language. A recommendations section that lists recommendations from
    the registry may do without an introduction, but one written in a language is needed in all of them."""
    if section.kind == SectionKind.TEXT:
        return True
    if section.kind != SectionKind.RECOMMENDATIONS:
        return False
    return not listed or any(section.body(lang) for lang in section.version.language_list)


def untranslated_recommendations(listed, lang) -> list[str]:
    """The codes of the listed recommendations without a title or a text in `lang`."""
    return [item["code"] for item in listed
            if not (item["texts"].get(lang, {}).get("title") and item["texts"].get(lang, {}).get("text"))]


def untranslated_quotes(section, lang) -> int:
    if section.testimonies:
        within = Testimony.objects.filter(pk__in=section.testimonies)
    elif section.theme_id:
        within = Testimony.objects.filter(themes=section.theme_id)
    else:
        return 0
    found = quotes_queries.usable(quotes_queries.PUBLIC, lang=lang, within=within)
    if section.testimonies:
        found = [q for q in found if q.pk in set(section.testimonies)]
    return sum(1 for q in found[: max(section.limit, len(section.testimonies))] if q.language != lang)


@dataclass
class Change:
    section: int
    heading: str
    key: tuple
    before: dict | None
    after: dict | None


def changes(old: Version, new: Version) -> list[Change]:
    """Figure by figure, what moved between two versions (rows matched by their dimension values)."""
    result = []
    old_sections = list(old.sections.all())
    frames = None
    for number, section in enumerate(new.sections.all(), 1):
        if section.kind not in FIGURE_KINDS and section.kind != SectionKind.KEY_FIGURES:
            continue
        twin = next((s for s in old_sections if s.kind == section.kind and s.indicator == section.indicator
                     and s.breakdown == section.breakdown and s.filters == section.filters and s.items == section.items), None)
        if twin is None:
            continue
        try:
            frames = frames or (None if new.is_frozen else _frames(new))
            before, after = content(twin), content(section, frames)
        except ContentError:
            continue
        for old_table, new_table in _tables_of(before, after):
            keys = [d for d in new_table["by"]]
            old_rows = {tuple(r[d] for d in keys): r for r in old_table["records"]}
            for row in new_table["records"]:
                key = tuple(row[d] for d in keys)
                previous = old_rows.get(key)
                if previous is None or _figures(previous) != _figures(row):
                    result.append(Change(section=number, heading=section.heading(),
                                         key=(new_table["indicator"], *key), before=previous, after=row))
    return result


def _tables_of(before: dict, after: dict):
    if "items" in after:
        return list(zip(before.get("items", []), after["items"]))
    return [(before, after)]


def _figures(record: dict) -> tuple:
    return tuple(record.get(k) for k in tables.COLUMNS)


def threshold() -> int:
    return settings.IMPACT_MIN_CELL
