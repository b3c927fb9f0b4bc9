"""What the public site reads: published publications only (never a draft, never a language a version is not
published in), the snapshot behind the latest publication, and key figures after disclosure control.

A key figure is computed once per snapshot and indicator and kept in Django's cache as plain numbers: a snapshot
never changes (its content hash says so), and the numbers are drawn in the reader's language at each request.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.utils.translation import gettext as _

from duo.impact import snapshot as snapshots
from duo.impact import tables
from duo.impact.dimensions import DIMENSIONS
from duo.impact.indicators import INDICATORS, Indicator
from duo.impact.views import shown_interval, shown_value
from duo.publications.models import Publication, Section, SectionKind, Status, Version

from .models import AdvocacyPage

# Shown while staff have chosen none: where the mentees are a year later, and whether duos hold.
DEFAULT_KEY_FIGURES = ("positive_exit_12m", "stable_job_12m", "duo_reached_term")
MAX_KEY_FIGURES = 6
DATA_KINDS = (SectionKind.FIGURE, SectionKind.TABLE, SectionKind.KEY_FIGURES)
_CACHE_SECONDS = 60 * 60 * 24 * 7


# --- publications --------------------------------------------------------------------------------------------------

def published_versions() -> list[Version]:
    """The latest published version of every publication, newest publication first: one query."""
    latest = {}
    for version in (Version.objects.filter(status=Status.PUBLISHED).select_related("publication")
                    .order_by("publication_id", "-number")):
        latest.setdefault(version.publication_id, version)
    return sorted(latest.values(), key=lambda v: (v.published_at or v.created_at, v.pk), reverse=True)


def published_version(slug: str, number: int | None = None, lang: str | None = None) -> Version:
    """A published version of the publication (the latest one without `number`), published in `lang`; else 404.

    A draft or a version in review is answered exactly like a version that does not exist."""
    versions = Version.objects.filter(publication__slug=slug, status=Status.PUBLISHED).select_related(
        "publication", "snapshot")
    if number is not None:
        versions = versions.filter(number=number)
    version = versions.order_by("-number").first()
    if version is None or (lang is not None and lang not in version.language_list):
        raise Http404
    return version


def published_numbers(publication: Publication) -> list[int]:
    return list(publication.versions.filter(status=Status.PUBLISHED).order_by("-number")
                .values_list("number", flat=True))


def published_section(slug: str, section_id: int, lang: str, kinds=DATA_KINDS) -> Section:
    """A figure, table or key-figures section of a published version of this publication, in `lang`; else 404."""
    section = (Section.objects.filter(pk=section_id, version__publication__slug=slug,
                                      version__status=Status.PUBLISHED, kind__in=kinds)
               .select_related("version__publication", "version__snapshot").first())
    if section is None or lang not in section.version.language_list:
        raise Http404
    return section


def published_snapshot():
    """The snapshot of the most recently published publication version: what the public has already seen."""
    version = (Version.objects.filter(status=Status.PUBLISHED, snapshot__isnull=False).select_related("snapshot")
               .order_by("-published_at", "-id").first())
    return version.snapshot if version else None


def advocacy_page() -> AdvocacyPage | None:
    return AdvocacyPage.objects.order_by("pk").first()


def key_figure_ids(page: AdvocacyPage | None) -> list[str]:
    chosen = [i for i in (page.key_figures if page else []) if i in INDICATORS]
    return chosen[:MAX_KEY_FIGURES] or list(DEFAULT_KEY_FIGURES)


# --- key figures ---------------------------------------------------------------------------------------------------

@dataclass
class KeyFigure:
    indicator: Indicator
    title: str
    value: str
    interval: str
    n: int | None
    suppressed: bool
    unreliable: bool
    as_of: datetime.date | None

    @property
    def empty(self) -> bool:
        return not self.suppressed and not self.value

    @property
    def source(self) -> str:
        return source_line(self)


def _figure(indicator: Indicator, record: dict, as_of, title: str = "") -> KeyFigure:
    suppressed = record.get("flag") == ":c"
    if suppressed:
        # Whatever else the record holds, a suppressed figure leaves with no number at all.
        return KeyFigure(indicator=indicator, title=title or str(indicator.title), value="", interval="", n=None,
                         suppressed=True, unreliable=False, as_of=as_of)
    return KeyFigure(indicator=indicator, title=title or str(indicator.title),
                     value=shown_value(indicator, record.get("value")),
                     interval=shown_interval(indicator, record.get("ci_low"), record.get("ci_high")),
                     n=record.get("denominator"), suppressed=False, unreliable=record.get("flag") == ":u",
                     as_of=as_of)


def total_record(snapshot, indicator_id: str) -> dict:
    """An indicator's whole-organisation figure as published (disclosure control on), cached per snapshot and
    thresholds: the site's key figures and the API's indicators read the same record."""
    key = (f"site:figure:{snapshot.content_hash}:{indicator_id}:{settings.IMPACT_MIN_CELL}:"
           f"{settings.IMPACT_RELIABLE_N}:{settings.IMPACT_MIN_RESPONSE_RATE}")
    record = cache.get(key)
    if record is None:
        result = tables.table(snapshots.load(snapshot), indicator=indicator_id, public=True)
        record = next(r for r, row in zip(tables.records(result), result.rows) if row.is_total)
        cache.set(key, record, _CACHE_SECONDS)
    return record


def live_figures(snapshot, indicator_ids) -> list[KeyFigure]:
    """The indicators' totals on the snapshot, disclosure control on. Raises SnapshotDamaged if its file is gone."""
    if snapshot is None:
        return []
    return [_figure(INDICATORS[i], total_record(snapshot, i), snapshot.as_of) for i in indicator_ids
            if i in INDICATORS]


def describe(filters: dict) -> str:
    """"Gender: Female" for a key figure limited to a group, in the active language."""
    parts = []
    for key, value in (filters or {}).items():
        dimension = DIMENSIONS.get(key)
        if dimension is not None:
            parts.append(f"{dimension.title}: {dimension.label(value)}")
    return "; ".join(parts)


def section_figures(section: Section) -> list[KeyFigure]:
    """A published key-figures section's items, from what was frozen when it was published."""
    items = (section.frozen or {}).get("items", [])
    figures = []
    for item in items:
        indicator = INDICATORS.get(item.get("indicator"))
        records = item.get("records") or []
        total = next((r for r in records if all(r.get(d) == tables.ALL for d in item.get("by", []))), None)
        if indicator is None or total is None:
            continue
        as_of = _date(item.get("snapshot", {}).get("as_of"))
        limited = describe(item.get("filters") or {})
        title = f"{indicator.title} ({limited})" if limited else str(indicator.title)
        figures.append(_figure(indicator, total, as_of, title))
    return figures


def _date(text):
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def source_line(figure: KeyFigure) -> str:
    """"Duo · snapshot of 31 January 2026 · n = 245": never the n of a suppressed figure."""
    from django.utils.formats import date_format

    parts = ["Duo"]
    if figure.as_of:
        parts.append(_("snapshot of %(date)s") % {"date": date_format(figure.as_of, "j F Y")})
    if figure.n is not None and not figure.suppressed:
        parts.append(_("n = %(n)s") % {"n": figure.n})
    return " · ".join(parts)
