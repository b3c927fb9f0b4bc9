"""The barrier observatory's reads: how often each barrier recorded in the journeys occurs, by region, group and
cohort year, the consented quotes that illustrate it and the recommendations that address it.

Figures come from an impact snapshot through duo.impact.tables.table(public=True), so they pass the same
disclosure control as every impact output. One thing more: the barriers' tables share their denominators (every
barrier counts among the same mentees), so a cell hidden in one barrier's table but shown in another's would give
its people away. Each breakdown therefore hides, in every barrier's table, the union of the cells any of them
hides; hiding more only widens what an attacker can infer. Nothing about a person is read here except quotes whose
consent allows publication, their author named only as that consent allows.
"""

from collections import OrderedDict
from dataclasses import replace

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import get_language

from duo.barrier.models import DISCRIMINATION, BarrierKind
from duo.impact.dimensions import allowed
from duo.impact.tables import Table, table
from duo.testimony import queries as quote_queries
from duo.testimony.models import Testimony

from . import rollup
from .models import Recommendation, Target

# Which testimony themes illustrate which barrier; barriers without a theme have no quotes (yet).
THEMES: dict[str, tuple[str, ...]] = {
    **{kind: ("discrimination_hiring",) for kind in sorted(DISCRIMINATION)},
    BarrierKind.DIPLOMA.value: ("diploma_recognition",),
    BarrierKind.LANGUAGE.value: ("language",),
    BarrierKind.NO_NETWORK.value: ("network",),
}
REGION, YEAR = "region", "cohort_year"
# Places and times have tables of their own; the "group" breakdown is about who the mentees are.
NOT_GROUPS = frozenset({"region", "antenna", "cohort_year"})
DEFAULT_GROUP = "gender"


def kinds() -> list[str]:
    return list(BarrierKind.values)


def label(kind: str) -> str:
    return str(BarrierKind(kind).label)


def indicator_id(kind: str) -> str:
    return f"barrier_{kind}"


def group_dimensions(user) -> dict:
    """The group breakdowns this user may choose (the origin group only for those allowed it in aggregate)."""
    return {k: d for k, d in allowed(user).items() if k not in NOT_GROUPS}


# --- figures -------------------------------------------------------------------------------------------------------

_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 24


def tables(frames, by: str | None, *, threshold: int | None = None) -> dict[str, Table]:
    """Every barrier's public table broken down by `by` (None: the totals), with one suppression pattern.

    The caller checks that the user may use `by`. Snapshots never change, so tables are kept per snapshot hash."""
    threshold = settings.IMPACT_MIN_CELL if threshold is None else threshold
    snapshot = getattr(frames, "snapshot", None)
    key = (snapshot.content_hash, by, threshold) if snapshot is not None else None
    if key is not None and key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    result = {kind: table(frames, indicator=indicator_id(kind), by=[by] if by else [], public=True,
                          threshold=threshold) for kind in kinds()}
    hidden = {row.key for t in result.values() for row in t.rows if row.flag == ":c"}
    for t in result.values():
        t.rows = [_suppressed(row) if row.key in hidden and row.flag != ":c" else row for row in t.rows]
    if key is not None:
        _CACHE[key] = result
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return result


def _suppressed(row):
    return replace(row, numerator=None, denominator=None, value=None, ci_low=None, ci_high=None, flag=":c",
                   response_rate=None)


def trend_points(result: Table) -> list[dict]:
    """A cohort-year table as points in year order, margins left out; suppressed years have no value."""
    points = []
    for row in result.rows:
        if row.is_margin:
            continue
        points.append({"year": row.key[0], "value": None if row.flag == ":c" else row.value,
                       "suppressed": row.flag == ":c", "unreliable": row.flag == ":u"})
    return points


def sparkline(points: list[dict], *, width: int = 96, height: int = 24) -> str:
    """A tiny line of the shares over the years, decorative (the years and values are written beside it): drawn
    from published values only, broken where a year is suppressed."""
    values = [p["value"] for p in points]
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return ""
    top = max(known) or 1.0
    step = width / max(1, len(values) - 1)
    segments, current = [], []
    for i, v in enumerate(values):
        if v is None:
            if current:
                segments.append(current)
            current = []
            continue
        current.append(f"{i * step:.1f},{height - 2 - (v / top) * (height - 4):.1f}")
    if current:
        segments.append(current)
    lines = "".join(f'<polyline points="{" ".join(s)}" fill="none" stroke="#1f5f99" stroke-width="2"/>'
                    if len(s) > 1 else f'<circle cx="{s[0].split(",")[0]}" cy="{s[0].split(",")[1]}" r="2" '
                    f'fill="#1f5f99"/>' for s in segments)
    return (f'<svg class="obs-spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'aria-hidden="true" focusable="false">{lines}</svg>')


# --- recommendations -----------------------------------------------------------------------------------------------

def addressing(kind: str):
    """Active recommendations that name this barrier; withdrawn ones no longer address anything."""
    return (Recommendation.objects.filter(is_active=True, barriers__contains=f",{kind},")
            .prefetch_related("versions", Prefetch("targets", queryset=Target.objects.only(
                "recommendation_id", "status", "progress"))))


def recommendation_counts() -> dict[str, int]:
    counts = dict.fromkeys(kinds(), 0)
    for value in Recommendation.objects.filter(is_active=True).exclude(barriers="").values_list("barriers",
                                                                                                flat=True):
        for code in value.split(","):
            if code in counts:
                counts[code] += 1
    return counts


def standing(recommendation) -> rollup.Standing:
    return rollup.rollup((t.status, t.progress) for t in recommendation.targets.all())


# --- quotes --------------------------------------------------------------------------------------------------------

def quotes(kind: str, *, lang: str | None = None) -> list:
    """Quotes consented for publication that illustrate the barrier, in the reader's language where translated.

    No viewer: the observatory is shown outside the staff area too, so every author is named as consented."""
    themes = THEMES.get(kind)
    if not themes:
        return []
    within = Testimony.objects.filter(themes__code__in=themes).order_by("-collected_on", "-pk")
    return quote_queries.usable(quote_queries.PUBLIC, lang=lang or get_language(), within=within)


def quote_counts() -> dict[str, int]:
    ids_by_theme: dict[str, set] = {}
    for quote in quote_queries.usable(quote_queries.PUBLIC):
        for theme in quote.themes:
            ids_by_theme.setdefault(theme.code, set()).add(quote.pk)
    return {kind: len(set().union(*(ids_by_theme.get(t, set()) for t in THEMES.get(kind, ())))) for kind in kinds()}
