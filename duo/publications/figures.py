"""A publication's figures in a reader's language: table rows with labels and formatted values, the chart, and the
public downloads (CSV, JSON) of the data behind each figure.

Everything starts from a section's figure data (duo.publications.content: codes and numbers, after disclosure
control). Labels, numbers and dates are drawn here, in the language asked, so a published version frozen once
reads the same in French, Dutch and English. Suppressed cells (":c") have no numbers in the data and never enter
a chart: what is not in the Vega-Lite spec cannot leak through the SVG.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from duo.core.export import safe_text
from duo.impact import charts, tables
from duo.impact.dimensions import DIMENSIONS
from duo.impact.indicators import CHANGE, INDICATORS

ORGANISATION = getattr(settings, "ORGANISATION_NAME", "Duo")
SUPPRESSED, UNRELIABLE = ":c", ":u"
CHART_WIDTH = 460
CHART_FONT = "Liberation Sans, Arial, sans-serif"
# d3-format locales (the chart's axes speak the reader's language too).
NUMBER_LOCALES = {
    "fr": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0€"], "percent": "\u202f%"},
    "nl": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€\u00a0", ""]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]},
}


# --- numbers and words ---------------------------------------------------------------------------------------------

def number(value, digits: int = 1) -> str:
    return number_format(round(value, digits), digits, force_grouping=True)


def count(value) -> str:
    return number_format(int(value), 0, force_grouping=True)


def _digits(indicator) -> int:
    return 2 if indicator.kind == CHANGE else 1


def value_text(indicator, value) -> str:
    """Shares in percent with one decimal, means with one (changes on a 1–5 scale with two); '' when empty."""
    if value is None:
        return ""
    if indicator.is_share:
        return f"{number(value * 100)}\u00a0%"
    return number(value, _digits(indicator))


def interval_text(indicator, low, high) -> str:
    if low is None or high is None:
        return ""
    if indicator.is_share:
        return f"{number(low * 100)} – {number(high * 100)}\u00a0%"
    digits = _digits(indicator)
    return f"{number(low, digits)} – {number(high, digits)}"


def value_heading(indicator) -> str:
    if indicator.is_share:
        return _("Share")
    if indicator.kind == CHANGE:
        return _("Mean change (%(unit)s)") % {"unit": indicator.unit}
    return _("Mean (%(unit)s)") % {"unit": indicator.unit} if indicator.unit else _("Mean")


def flag_meaning(flag: str, threshold: int) -> str:
    if flag == SUPPRESSED:
        return _("suppressed to protect privacy: fewer than %(n)s people, or a cell that would reveal one") % {
            "n": threshold}
    if flag == UNRELIABLE:
        return _("low reliability: fewer than %(n)s people or a survey response rate under %(rate)s") % {
            "n": settings.IMPACT_RELIABLE_N, "rate": f"{number(settings.IMPACT_MIN_RESPONSE_RATE * 100, 0)}\u00a0%"}
    return ""


def by_text(titles: list[str]) -> str:
    """ "by region", "by antenna and gender": what a figure is broken down by, inside a sentence."""
    names = [t.lower() for t in titles]
    if len(names) == 1:
        return pgettext("figure broken down", "by %(first)s") % {"first": names[0]}
    if len(names) == 2:
        return pgettext("figure broken down", "by %(first)s and %(second)s") % {"first": names[0],
                                                                                 "second": names[1]}
    return ""


def snapshot_date(data) -> datetime.date:
    return datetime.date.fromisoformat(data["snapshot"]["as_of"][:10])


def long_date(day) -> str:
    return date_format(day, "j F Y")


def filters_text(filters: dict) -> str:
    return "; ".join(f"{DIMENSIONS[k].title}: {DIMENSIONS[k].label(v)}" for k, v in filters.items()
                     if k in DIMENSIONS)


# --- the table -----------------------------------------------------------------------------------------------------

@dataclass
class Cell:
    codes: list
    labels: list
    n: str
    value: str
    interval: str
    flag: str
    is_margin: bool
    is_total: bool
    record: dict

    @property
    def suppressed(self) -> bool:
        return self.flag == SUPPRESSED


@dataclass
class Figure:
    indicator: object
    title: str
    dimensions: list  # [(id, title)]
    filters: str
    rows: list
    total: Cell | None
    threshold: int
    snapshot: dict
    value_heading: str
    flags: list = field(default_factory=list)  # [(flag, meaning)] of the flags this figure uses

    by_text: str = ""  # "by region and gender", in the figure's language

    @property
    def suppressed(self) -> int:
        return sum(1 for r in self.rows if r.suppressed)

    @property
    def n(self) -> str:
        """ "n = 175", or, when the total itself is suppressed, how few people it has at most."""
        if self.total is None or self.total.suppressed:
            return _("fewer than %(n)s people") % {"n": self.threshold}
        return f"n = {self.total.n}"

    @property
    def source(self) -> str:
        return _("Source: %(org)s, snapshot of %(date)s (%(hash)s), %(n)s") % {
            "org": ORGANISATION, "date": self.snapshot["date"], "hash": self.snapshot["short"], "n": self.n}


def _cell(indicator, by, record) -> Cell:
    codes = [record[d] for d in by]
    suppressed = record["flag"] == SUPPRESSED
    n = record.get("denominator")
    return Cell(codes=codes, labels=[DIMENSIONS[d].label(c) for d, c in zip(by, codes)],
                n="" if suppressed or n is None else count(n),
                value="" if suppressed else value_text(indicator, record.get("value")),
                interval="" if suppressed else interval_text(indicator, record.get("ci_low"), record.get("ci_high")),
                flag=record["flag"], is_margin=tables.ALL in codes, is_total=all(c == tables.ALL for c in codes),
                record=record)


def figure(data: dict, lang: str) -> Figure:
    """The figure's table in `lang`: every row of the published data, labelled and formatted."""
    with translation.override(lang):
        indicator = INDICATORS[data["indicator"]]
        by = list(data.get("by") or [])
        rows = [_cell(indicator, by, r) for r in data["records"]]
        used = [f for f in (SUPPRESSED, UNRELIABLE) if any(r.flag == f for r in rows)]
        snap = data["snapshot"]
        return Figure(
            indicator=indicator, title=str(indicator.title), dimensions=[(d, str(DIMENSIONS[d].title)) for d in by],
            filters=filters_text(data.get("filters") or {}), rows=rows,
            total=next((r for r in rows if r.is_total), None), threshold=data["threshold"],
            snapshot={"id": snap["id"], "hash": snap["hash"], "short": snap["hash"][:12],
                      "date": long_date(snapshot_date(data))},
            value_heading=value_heading(indicator), by_text=by_text([str(DIMENSIONS[d].title) for d in by]),
            flags=[(f, flag_meaning(f, data["threshold"])) for f in used])


# --- the chart -----------------------------------------------------------------------------------------------------

def _table(data: dict) -> tables.Table:
    """The frozen records as an impact Table, so that duo.impact.charts draws them as on the dashboard."""
    by = [DIMENSIONS[d] for d in data.get("by") or []]
    rows = [tables.Row(key=tuple(r[d.id] for d in by), n=r.get("denominator") or 0, numerator=r.get("numerator"),
                       denominator=r.get("denominator"), value=r.get("value"), ci_low=r.get("ci_low"),
                       ci_high=r.get("ci_high"), flag=r["flag"]) for r in data["records"]]
    return tables.Table(indicator=INDICATORS[data["indicator"]], by=by, filters=dict(data.get("filters") or {}),
                        rows=rows, public=True, threshold=data["threshold"])


def spec(data: dict, lang: str, chart: str = "bar") -> dict | None:
    """The Vega-Lite spec of a `bar` or `dot` chart; None when nothing can be drawn (all empty or suppressed)."""
    if chart not in ("bar", "dot"):
        return None
    with translation.override(lang):
        table = _table(data)
        points = charts.table_points(table)
        if not points:
            return None
        if chart == "bar":
            out = charts.indicator_spec(table)
            out["width"] = min(CHART_WIDTH, max(240, 26 * len(points)))
            out["height"] = 220
        else:
            out = _dot(table, points)
        # A font that vl-convert measures with and WeasyPrint draws with (Arial's metrics in a browser): with the
        # generic sans-serif the two disagree, and rotated labels are cut at the SVG's edge.
        out["config"] = {**out["config"], "font": CHART_FONT,
                         "locale": {"number": NUMBER_LOCALES.get(lang, NUMBER_LOCALES["en"])}}
        return out


def _dot(table, points) -> dict:
    """Points with their 95 % intervals, one line per group: easier to compare than bars when intervals matter."""
    indicator = table.indicator
    out = charts._base(values=points)
    groups = len({p["group"] for p in points})
    series = len({p["series"] for p in points})
    out["width"] = CHART_WIDTH - 120
    out["height"] = max(60, groups * (14 * series if series > 1 else 22))
    x = {"field": "value", **charts._y(indicator)}
    if indicator.is_share:
        x["scale"] = {"domain": [0, 1]}
    else:
        x["scale"] = {"zero": False}
    y = {"field": "group", "type": "nominal", "sort": None, "title": str(table.by[0].title) if table.by else ""}
    encoding = {"y": y}
    rule = {"mark": {"type": "rule", "strokeWidth": 1.5, "color": "#222"},
            "encoding": {"x": {"field": "low", "type": "quantitative"}, "x2": {"field": "high"}}}
    point = {"mark": {"type": "point", "filled": True, "size": 60}, "encoding": {"x": x}}
    if len(table.by) > 1:
        encoding["yOffset"] = {"field": "series", "type": "nominal", "sort": None}
        colour = {"field": "series", "type": "nominal", "sort": None, "title": str(table.by[1].title),
                  "legend": {"orient": "bottom"}}
        point["encoding"]["color"] = colour
        rule["encoding"]["color"] = colour
        rule["mark"].pop("color")
    else:
        point["mark"]["color"] = charts.COLOURS[0]
    out.update(encoding=encoding, layer=[rule, point])
    return out


def summary(data: dict, lang: str, chart: str = "bar") -> str:
    """The chart in words, for its accessible name: what it shows, the highest and lowest figures drawn."""
    with translation.override(lang):
        fig = figure(data, lang)
        drawn = [r for r in fig.rows if not r.suppressed and not r.is_margin and r.value]
        if not fig.dimensions:
            drawn = [r for r in fig.rows if not r.suppressed and r.value]
        kind = _("bar chart with intervals (95 %)") if chart == "bar" else _("dot chart with intervals (95 %)")
        parts = [(_("%(title)s, %(by)s: %(kind)s.") if fig.by_text else _("%(title)s: %(kind)s.")) % {
            "title": fig.title, "by": fig.by_text, "kind": kind}]
        if len(drawn) > 1:
            ordered = sorted(drawn, key=lambda r: r.record["value"])
            parts.append(_("Highest: %(high)s (%(hv)s); lowest: %(low)s (%(lv)s).") % {
                "high": " · ".join(ordered[-1].labels), "hv": ordered[-1].value,
                "low": " · ".join(ordered[0].labels), "lv": ordered[0].value})
        elif drawn:
            parts.append(drawn[0].value)
        if fig.suppressed:
            parts.append(_("Suppressed cells are not drawn."))
        parts.append(_("The table gives every figure."))
        return " ".join(parts)


_ID = re.compile(r'\bid="([^"]+)"')


def svg(data: dict, lang: str, chart: str = "bar", *, prefix: str = "c") -> str:
    """The chart as inline SVG with an accessible name; '' when there is nothing to draw. Vega's ids (clip paths,
    gradients) get `prefix` so that several charts can share one page."""
    chart_spec = spec(data, lang, chart)
    if chart_spec is None:
        return ""
    text = charts.svg(chart_spec, label=summary(data, lang, chart))
    # The stylesheet sizes the chart (max-width: 100%); WeasyPrint squares an SVG whose inline style says
    # height: auto, so the dashboard's inline style is left out here.
    text = text.replace(' style="max-width:100%;height:auto"', "", 1)
    for name in set(_ID.findall(text)):
        text = (text.replace(f'id="{name}"', f'id="{prefix}-{name}"').replace(f"url(#{name})", f"url(#{prefix}-{name})")
                .replace(f'href="#{name}"', f'href="#{prefix}-{name}"'))
    return text


# --- the public downloads ------------------------------------------------------------------------------------------

def about(data: dict, lang: str) -> dict:
    """What a reader of the raw data needs to know about it, in `lang`."""
    with translation.override(lang):
        indicator = INDICATORS[data["indicator"]]
        fig = figure(data, lang)
        return {
            "indicator": {"id": indicator.id, "title": str(indicator.title), "definition": str(indicator.definition),
                          "population": str(indicator.population), "numerator": str(indicator.numerator),
                          "denominator": str(indicator.denominator), "horizon": str(indicator.horizon),
                          "unit": "%" if indicator.is_share else str(indicator.unit or "")},
            "breakdown": [{"id": d, "title": t} for d, t in fig.dimensions],
            "filters": [{"dimension": k, "value": v, "label": DIMENSIONS[k].label(v)}
                        for k, v in (data.get("filters") or {}).items() if k in DIMENSIONS],
            "n": None if fig.total is None or fig.total.suppressed else fig.total.record.get("denominator"),
            "snapshot": {"id": data["snapshot"]["id"], "as_of": str(snapshot_date(data)),
                         "hash": data["snapshot"]["hash"]},
            "threshold": data["threshold"],
            "flags": {SUPPRESSED: flag_meaning(SUPPRESSED, data["threshold"]),
                      UNRELIABLE: flag_meaning(UNRELIABLE, data["threshold"])},
            "source": fig.source,
        }


def json_data(data: dict, lang: str) -> dict:
    """The figure's data as a JSON-ready dict: what it is, and its rows with codes, labels and numbers."""
    with translation.override(lang):
        by = list(data.get("by") or [])
        out = {"language": lang, **about(data, lang), "records": []}
        for record in data["records"]:
            row = {d: record[d] for d in by}
            row["labels"] = {d: DIMENSIONS[d].label(record[d]) for d in by}
            row.update({c: record.get(c) for c in tables.COLUMNS})
            out["records"].append(row)
        return out


def csv_text(data: dict, lang: str) -> str:
    """The figure's data as CSV (semicolons, UTF-8 with a byte-order mark, as every Duo export), its description
    in commented lines first."""
    with translation.override(lang):
        info = about(data, lang)
        by = list(data.get("by") or [])
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        lines = [(_("Indicator"), f"{info['indicator']['title']} ({info['indicator']['id']})"),
                 (_("Definition"), info["indicator"]["definition"]),
                 (_("Population"), info["indicator"]["population"]),
                 (_("Broken down by"), ", ".join(d["title"] for d in info["breakdown"]) or _("nothing")),
                 (_("Filters"), "; ".join(f"{DIMENSIONS[f['dimension']].title}: {f['label']}"
                                          for f in info["filters"]) or _("none")),
                 ("n", "" if info["n"] is None else info["n"]),
                 (_("Snapshot"), f"{info['snapshot']['as_of']} · SHA-256 {info['snapshot']['hash']}"),
                 (SUPPRESSED, info["flags"][SUPPRESSED]), (UNRELIABLE, info["flags"][UNRELIABLE])]
        for key, value in lines:
            writer.writerow([safe_text(f"# {key}: {value}")])
        header = []
        for d in info["breakdown"]:
            header += [d["title"], f"{d['id']}_code"]
        writer.writerow([safe_text(h) for h in header + list(tables.COLUMNS)])
        for record in data["records"]:
            row = []
            for d in by:
                row += [safe_text(DIMENSIONS[d].label(record[d])), safe_text(record[d])]
            row += ["" if record.get(c) is None else record.get(c) for c in tables.COLUMNS]
            writer.writerow(row)
        return buffer.getvalue()
