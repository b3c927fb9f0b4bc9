"""What the version page says about each section in a line or two, and the figures that moved since the version
a draft updates ("update to new data"), cell by cell, before → after."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from duo.impact.dimensions import DIMENSIONS
from duo.impact.indicators import INDICATORS
from duo.impact.views import shown_value

from . import content
from .models import LANGUAGES, SectionKind


def _indicator(code) -> str:
    found = INDICATORS.get(code)
    return str(found.title) if found else code


def _dimension(code) -> str:
    found = DIMENSIONS.get(code)
    return str(found.title) if found else code


def _filters(filters) -> str:
    return "; ".join(f"{_dimension(k)}: {DIMENSIONS[k].label(v) if k in DIMENSIONS else v}"
                     for k, v in (filters or {}).items())


def _excerpt(section, length=140) -> str:
    text = section.body() or next((section.body(c) for c in LANGUAGES if section.body(c)), "")
    text = " ".join(text.replace("*", "").replace("#", "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def heading(section) -> str:
    return section.heading() or next((section.heading(c) for c in LANGUAGES if section.heading(c)), "")


def describe(section) -> list[str]:
    """A few short facts: what the section shows, without computing it."""
    kind = section.kind
    if kind == SectionKind.RECOMMENDATIONS:
        codes = [r.code for r in section.recommendations.all()]
        excerpt = _excerpt(section)
        facts = [excerpt] if excerpt else [] if codes else [_("No text yet.")]
        if codes:
            facts.append(ngettext("%(n)s recommendation from the registry: %(codes)s",
                                  "%(n)s recommendations from the registry: %(codes)s", len(codes))
                         % {"n": len(codes), "codes": ", ".join(codes)})
        return facts
    if kind in content.TEXT_KINDS:
        excerpt = _excerpt(section)
        return [excerpt] if excerpt else [_("No text yet.")]
    if kind in content.FIGURE_KINDS:
        facts = [_("Indicator: %(title)s") % {"title": _indicator(section.indicator)}]
        dims = section.dimensions
        facts.append(_("Broken down by %(dimensions)s") % {"dimensions": ", ".join(_dimension(d) for d in dims)}
                     if dims else _("No breakdown: the total only"))
        if section.filters:
            facts.append(_("Only: %(filters)s") % {"filters": _filters(section.filters)})
        if kind == SectionKind.FIGURE:
            facts.append(str(section.get_chart_display()))
        return facts
    if kind == SectionKind.KEY_FIGURES:
        items = section.items or []
        names = [_indicator(i.get("indicator")) + (f" ({_filters(i.get('filters'))})" if i.get("filters") else "")
                 for i in items]
        return [ngettext("%(n)s key figure", "%(n)s key figures", len(items)) % {"n": len(items)}, "; ".join(names)]
    if kind == SectionKind.QUOTES:
        if section.testimonies:
            chosen = ngettext("%(n)s quote chosen", "%(n)s quotes chosen", len(section.testimonies)) % {
                "n": len(section.testimonies)}
        else:
            chosen = _("Quotes from the theme “%(theme)s”") % {"theme": section.theme.name if section.theme else "?"}
        return [chosen, ngettext("at most %(n)s shown", "at most %(n)s shown", section.limit) % {"n": section.limit}]
    return []


# --- what moved ----------------------------------------------------------------------------------------------------

def _cell(section, key) -> str:
    dims = section.dimensions if section.kind in content.FIGURE_KINDS else []
    parts = [f"{_dimension(d)}: {DIMENSIONS[d].label(v)}" for d, v in zip(dims, key) if v != "*" and d in DIMENSIONS]
    return "; ".join(parts) or _("All")


def _figures(indicator, record) -> dict | None:
    if record is None:
        return None
    suppressed = record.get("flag") == ":c"
    return {"value": _("suppressed") if suppressed else shown_value(indicator, record.get("value")) or "—",
            "n": "" if suppressed or record.get("denominator") is None else f"{record['denominator']:g}",
            "flag": _("low reliability") if record.get("flag") == ":u" else ""}


def changed_figures(version, sections) -> list[dict]:
    """Per section, the cells whose value, n or flag differ from the version this one updates."""
    by_number = {n: s for n, s in enumerate(sections, 1)}
    groups: dict[int, dict] = {}
    for change in content.changes(version.based_on, version):
        section = by_number.get(change.section)
        indicator = INDICATORS.get(change.key[0])
        if section is None or indicator is None:
            continue
        group = groups.setdefault(change.section, {"number": change.section, "section": section,
                                                   "heading": change.heading or section.get_kind_display(),
                                                   "rows": []})
        group["rows"].append({"indicator": indicator.title, "cell": _cell(section, change.key[1:]),
                              "before": _figures(indicator, change.before), "after": _figures(indicator, change.after)})
    return list(groups.values())
