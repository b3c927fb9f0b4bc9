"""Vega-Lite specifications of the impact charts, and their rendering to SVG/PNG on the server (vl_convert).

Charts are drawn on the server so that pages need no JavaScript and downloads are the same picture. Suppressed
cells never enter a chart's data: what is not in the spec cannot leak through the SVG.
"""

import html
import json
import re
from functools import lru_cache

import vl_convert
from django.utils.translation import gettext as _

from .indicators import MEAN, Indicator

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
WIDTH = 320
# Blue and orange: told apart by people with the common colour-vision deficiencies.
COLOURS = ["#1f5f99", "#d9822b", "#4a9c5d", "#8e5ea2", "#6b6b6b"]


def _base(*, title: str = "", subtitle: str = "", values: list) -> dict:
    spec = {
        "$schema": SCHEMA,
        "data": {"values": values},
        "width": WIDTH,
        # The SVG carries one accessible name (role="img"); Vega's per-mark roles would only add noise.
        "config": {"aria": False, "font": "sans-serif", "range": {"category": COLOURS},
                   "axis": {"labelLimit": 160, "titleFontWeight": "normal"}},
        "background": "white",
    }
    if title:
        spec["title"] = {"text": title, "subtitle": subtitle or "", "anchor": "start"}
    return spec


def _y(indicator: Indicator) -> dict:
    axis = {"format": ".0%"} if indicator.is_share else {}
    title = _("Share") if indicator.is_share else str(indicator.unit or _("Value"))
    return {"type": "quantitative", "title": title, "axis": axis}


def table_points(table) -> list[dict]:
    """The published interior cells of a table (no margins, nothing suppressed), as chart data."""
    points = []
    for row in table.rows:
        if row.flag == ":c" or row.value is None:
            continue
        if table.by and row.is_margin:
            continue
        labels = [d.label(k) for d, k in zip(table.by, row.key)]
        points.append({"group": labels[0] if labels else _("All"), "series": labels[1] if len(labels) > 1 else "",
                       "value": row.value, "low": row.ci_low, "high": row.ci_high})
    return points


def indicator_spec(table, *, title: str = "", subtitle: str = "") -> dict:
    """Bars with their 95 % intervals; grouped by the second dimension when there is one."""
    indicator = table.indicator
    spec = _base(title=title, subtitle=subtitle, values=table_points(table))
    group_title = str(table.by[0].title) if table.by else ""
    x = {"field": "group", "type": "nominal", "title": group_title, "sort": None,
         "axis": {"labelAngle": -30 if len(table.by) else 0}}
    y = {"field": "value", **_y(indicator)}
    bar = {"mark": {"type": "bar"}, "encoding": {"y": y}}
    layers = [bar]
    if indicator.is_share or indicator.kind in (MEAN, "change"):
        layers.append({"mark": {"type": "rule", "color": "#222", "strokeWidth": 1.5},
                       "encoding": {"y": {"field": "low", "type": "quantitative"}, "y2": {"field": "high"}}})
    encoding = {"x": x}
    if len(table.by) > 1:
        encoding["xOffset"] = {"field": "series", "type": "nominal", "sort": None}
        bar["encoding"]["color"] = {"field": "series", "type": "nominal", "sort": None,
                                    "title": str(table.by[1].title), "legend": {"orient": "bottom"}}
    else:
        bar["mark"]["color"] = COLOURS[0]
    spec.update(encoding=encoding, layer=layers)
    return spec


def small_spec(table) -> dict:
    """A small bar chart (one dimension) for an overview tile."""
    spec = indicator_spec(table)
    spec["width"] = 220
    spec["height"] = 120
    return spec


def dose_spec(dose, *, title: str = "") -> dict:
    values = [{"group": b.label, "value": b.rate, "low": b.ci_low, "high": b.ci_high}
              for b in dose.bins if b.rate is not None]
    spec = _base(title=title, values=values)
    spec["encoding"] = {"x": {"field": "group", "type": "nominal", "sort": None, "title": _("Meetings"),
                              "axis": {"labelAngle": 0}}}
    spec["layer"] = [
        {"mark": {"type": "bar", "color": COLOURS[0]},
         "encoding": {"y": {"field": "value", "type": "quantitative", "title": _("Positive exit at 12 months"),
                            "axis": {"format": ".0%"}}}},
        {"mark": {"type": "rule", "color": "#222", "strokeWidth": 1.5},
         "encoding": {"y": {"field": "low", "type": "quantitative"}, "y2": {"field": "high"}}},
    ]
    return spec


_VEGA_ARIA = re.compile(r' (?:role|aria-[a-z]+)="[^"]*"')


@lru_cache(maxsize=256)
def _svg(spec_json: str) -> str:
    return vl_convert.vegalite_to_svg(json.loads(spec_json))


def svg(spec: dict, *, label: str, inline: bool = True) -> str:
    """The chart as SVG; inline, it is one image with a name, and it shrinks to the width of a phone."""
    text = _svg(json.dumps(spec, sort_keys=True, default=str))
    if not inline:
        return text
    # Vega marks some groups as images of their own; inside one named image they are decoration.
    text = _VEGA_ARIA.sub("", text)
    attributes = f'role="img" aria-label="{html.escape(label, quote=True)}" '
    text = text.replace("<svg ", "<svg " + attributes, 1)
    # A class, not a style attribute: the Content-Security-Policy refuses inline styles (duo.css sizes it).
    if ' class="marks"' in text:
        return text.replace(' class="marks"', ' class="marks duo-chart"', 1)
    return text.replace("<svg ", '<svg class="duo-chart" ', 1)


def png(spec: dict) -> bytes:
    return vl_convert.vegalite_to_png(json.loads(json.dumps(spec, default=str)), scale=2)
