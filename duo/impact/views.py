"""The impact dashboard for staff: the headline figures, the areas of action, one indicator with its breakdown,
chart, table and how it was computed, its downloads, and the evidence and fairness pages.

Every figure here goes through disclosure control (public=True): the pages are for staff, but what they copy
into a report must already be safe to publish.
"""

import csv
import io

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from duo.accounts import roles, scoping
from duo.accounts.scoping import require
from duo.core.export import safe_text

from . import charts, evidence
from .dimensions import DIMENSIONS, allowed
from .forms import BreakdownForm, DimensionForm
from .indicators import AREAS, CHANGE, INDICATORS, in_area
from .models import Snapshot
from .snapshot import SnapshotDamaged, latest, load
from .tables import COLUMNS, UnknownName, records, table

HEADLINES = ("positive_exit_12m", "stable_job_12m", "duo_reached_term", "satisfaction", "mentor_feels_useful",
             "survey_response_rate")
# "Went up" shares whose before/after detail is worth showing beside them.
PAIRED_SHARES = ("network_widened", "confidence_increased")


# --- presentation ------------------------------------------------------------------------------------------------

def number(value, digits=1) -> str:
    return number_format(round(value, digits), digits)


def shown_value(indicator, value) -> str:
    if value is None:
        return ""
    if indicator.is_share:
        return f"{number(value * 100)} %"
    unit = f" {indicator.unit}" if indicator.unit else ""
    return f"{number(value, 2 if indicator.kind == CHANGE else 1)}{unit}"


def shown_interval(indicator, low, high) -> str:
    if low is None or high is None:
        return ""
    if indicator.is_share:
        return f"{number(low * 100)} – {number(high * 100)} %"
    digits = 2 if indicator.kind == CHANGE else 1
    return f"{number(low, digits)} – {number(high, digits)}"


def shown_share(rate, low=None, high=None) -> dict:
    return {"value": "" if rate is None else f"{number(rate * 100)} %",
            "ci": "" if low is None or high is None else f"{number(low * 100)} – {number(high * 100)} %"}


def shown_difference(difference) -> dict:
    """A difference of shares in percentage points, with its interval."""
    if difference is None or difference.difference is None:
        return {}
    pp = _("pp")
    d = difference.difference * 100
    sign = "+" if d > 0 else ("−" if d < 0 else "")
    out = {"value": f"{sign}{number(abs(d))} {pp}"}
    if difference.low is not None and difference.high is not None:
        out["ci"] = f"{number(difference.low * 100)} – {number(difference.high * 100)} {pp}"
    out["p"] = None if difference.p_value is None else number(difference.p_value, 3)
    return out


def shown_row(table, row) -> dict:
    ind = table.indicator
    suppressed = row.flag == ":c"
    return {"labels": [d.label(k) for d, k in zip(table.by, row.key)], "n": None if suppressed else row.n,
            "value": "" if suppressed else shown_value(ind, row.value),
            "ci": "" if suppressed else shown_interval(ind, row.ci_low, row.ci_high),
            "suppressed": suppressed, "unreliable": row.flag == ":u", "is_margin": row.is_margin,
            "is_total": row.is_total, "flag": row.flag,
            "response_rate": None if row.response_rate is None or suppressed else f"{number(row.response_rate * 100)} %"}


def flags() -> dict:
    return {
        "threshold": settings.IMPACT_MIN_CELL, "reliable_n": settings.IMPACT_RELIABLE_N,
        "response_rate": f"{number(settings.IMPACT_MIN_RESPONSE_RATE * 100, 0)} %",
    }


def source_line(snapshot) -> str:
    return _("Source: Duo, snapshot #%(id)s of %(date)s (%(hash)s)") % {
        "id": snapshot.pk, "date": f"{snapshot.as_of:%Y-%m-%d}", "hash": snapshot.short_hash}


# --- snapshots -----------------------------------------------------------------------------------------------------

def chosen_snapshot(request, *, strict=True) -> Snapshot | None:
    """?snapshot=ID or the latest. With `strict`, an unknown ID is a 404; otherwise the caller's form says so."""
    raw = request.GET.get("snapshot") or ""
    if not raw:
        return latest()
    found = Snapshot.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if found is None and strict:
        raise Http404
    return found


def frames_of(snapshot):
    """The snapshot's frames, or None and a message when its file cannot be read."""
    if snapshot is None:
        return None, ""
    try:
        return load(snapshot), ""
    except SnapshotDamaged as exc:
        return None, str(exc)


def tile(frames, indicator, *, by=(), user=None, chart=False) -> dict:
    result = table(frames, indicator=indicator.id, by=by, public=True, user=user)
    out = {"indicator": indicator, "total": shown_row(result, result.total),
           "url": reverse("impact:indicator", args=[indicator.id])}
    if chart:
        points = charts.table_points(result)
        if points:
            label = _("%(title)s by region: bar chart; the indicator's page has the table.") % {
                "title": indicator.title}
            out["svg"] = charts.svg(charts.small_spec(result), label=label)
    return out


def _common(request, snapshot, frames, error) -> dict:
    return {"snapshot": snapshot, "frames_error": error, "flags": flags(),
            "may_change": scoping.has(request.user, roles.IMPACT_CHANGE),
            "snapshots": Snapshot.objects.all()[:50]}


# --- pages ---------------------------------------------------------------------------------------------------------

@require(roles.AGGREGATES_VIEW)
def home(request):
    snapshot = chosen_snapshot(request)
    frames, error = frames_of(snapshot)
    tiles = [tile(frames, INDICATORS[i], user=request.user) for i in HEADLINES] if frames else []
    areas = [{"code": code, "label": label, "count": len(in_area(code))} for code, label in AREAS.items()]
    return render(request, "impact/home.html", {**_common(request, snapshot, frames, error), "tiles": tiles,
                                                "areas": areas})


@require(roles.AGGREGATES_VIEW)
def area(request, code):
    if code not in AREAS:
        raise Http404
    snapshot = chosen_snapshot(request)
    frames, error = frames_of(snapshot)
    tiles = [tile(frames, i, by=["region"], user=request.user, chart=True) for i in in_area(code)] if frames else []
    return render(request, "impact/area.html", {**_common(request, snapshot, frames, error), "tiles": tiles,
                                                "area_label": AREAS[code], "area": code})


def breakdown(request, indicator):
    """The form, snapshot, frames and table the indicator page and its downloads share; table None when the
    input is invalid (the form says why) or there is no snapshot."""
    snapshot = chosen_snapshot(request, strict=False)
    frames, error = frames_of(snapshot)
    values = {}
    if frames is not None:
        for key, dimension in allowed(request.user).items():
            codes = frames.duos.get_column(dimension.column).unique().to_list()
            values[key] = sorted((str(c) for c in codes if c is not None), key=dimension.sort_key)
    form = BreakdownForm(request.GET or None, user=request.user, values=values)
    if form.is_bound and not form.is_valid():
        return form, snapshot, frames, error, None
    by, filters = (form.cleaned_data["by"], form.filters) if form.is_bound else ([], {})
    if form.is_bound and form.cleaned_data.get("snapshot"):
        snapshot = form.cleaned_data["snapshot"]
    if frames is None:
        return form, snapshot, frames, error, None
    try:
        result = table(frames, indicator=indicator.id, by=by, filters=filters, public=True, user=request.user)
    except UnknownName as exc:
        form.add_error(None, str(exc))
        return form, snapshot, frames, error, None
    return form, snapshot, frames, error, result


def describe_filters(filters) -> str:
    return "; ".join(f"{DIMENSIONS[k].title}: {DIMENSIONS[k].label(v)}" for k, v in filters.items()) or _("none")


@require(roles.AGGREGATES_VIEW)
def indicator(request, name):
    ind = INDICATORS.get(name)
    if ind is None:
        raise Http404
    form, snapshot, frames, error, result = breakdown(request, ind)
    context = {**_common(request, snapshot, frames, error), "indicator": ind, "form": form, "result": result}
    if result is not None:
        context.update(_indicator_figures(request, ind, frames, result))
    return render(request, "impact/indicator.html", context)


def _indicator_figures(request, ind, frames, result) -> dict:
    total = result.total
    by_titles = ", ".join(str(d.title) for d in result.by)
    label = (_("%(title)s by %(by)s: bar chart with 95 %% confidence intervals; the table below gives the same "
               "figures.") % {"title": ind.title, "by": by_titles} if result.by else
             _("%(title)s: bar chart with its 95 %% confidence interval; the table below gives the same figure.")
             % {"title": ind.title})
    svg = charts.svg(charts.indicator_spec(result), label=label) if charts.table_points(result) else ""
    figures = {"rows": [shown_row(result, r) for r in result.rows], "total": shown_row(result, total),
               "by_titles": [str(d.title) for d in result.by], "svg": svg, "suppressed": result.suppressed,
               "filters_text": describe_filters(result.filters), "query": request.GET.urlencode(),
               "formats": ("csv", "xlsx", "png", "svg")}
    if ind.is_share and total.numerator is not None:
        figures["references"] = [
            {"rate": ref.rate, "reference": f"{number(ref.rate.rate)} %", "difference": shown_difference(
                ref.difference)} for ref in evidence.references(ind, total.numerator, total.denominator)]
    if ind.kind == CHANGE or ind.id in PAIRED_SHARES:
        detail = evidence.paired_detail(frames, ind, result.filters, request.user)
        if detail is not None:
            figures["paired"] = detail
            figures["paired_small"] = detail.n < settings.IMPACT_MIN_CELL
    return figures


@require(roles.AGGREGATES_VIEW)
def evidence_page(request):
    snapshot = chosen_snapshot(request)
    frames, error = frames_of(snapshot)
    context = _common(request, snapshot, frames, error)
    if frames is not None:
        dims = [d for d in allowed(request.user).values() if d.applicants]
        result = evidence.comparison(frames, dims)
        dose = evidence.dose(frames)
        context.update(
            comparison=result, groups=[
                (result.matched, shown_share(result.matched.rate, result.matched.low, result.matched.high),
                 _("Matched with a mentor: positive exit 12 months after the mentoring")),
                (result.others, shown_share(result.others.rate, result.others.low, result.others.high),
                 _("Never matched: left the programme for a job or training"))],
            difference=shown_difference(result.difference),
            balance=[{"b": b, "matched": shown_share(b.share_matched)["value"],
                      "others": shown_share(b.share_others)["value"],
                      "d": None if b.standardized is None else number(b.standardized, 2),
                      "imbalanced": b.standardized is not None and abs(b.standardized) > 0.1}
                     for b in result.balance],
            dose=dose, bins=[{"bin": b, "small": b.n < settings.IMPACT_MIN_CELL,
                              **shown_share(b.rate, b.ci_low, b.ci_high)} for b in dose.bins],
            odds=None if dose.odds_ratio is None else {
                "value": number(dose.odds_ratio, 2), "low": number(dose.or_low, 2) if dose.or_low else "",
                "high": number(dose.or_high, 2) if dose.or_high else "",
                "p": "" if dose.p_value is None else number(dose.p_value, 3)})
        shown_bins = [b for b in dose.bins if b.rate is not None and b.n >= settings.IMPACT_MIN_CELL]
        if shown_bins:
            spec = charts.dose_spec(type(dose)(n=dose.n, bins=tuple(shown_bins), odds_ratio=dose.odds_ratio,
                                               or_low=dose.or_low, or_high=dose.or_high, p_value=dose.p_value))
            context["dose_svg"] = charts.svg(spec, label=_(
                "Positive exit at 12 months by number of meetings: bar chart with confidence intervals (95 %); the "
                "table gives the same figures."))
    return render(request, "impact/evidence.html", context)


@require(roles.AGGREGATES_VIEW)
def fairness(request):
    snapshot = chosen_snapshot(request)
    frames, error = frames_of(snapshot)
    form = DimensionForm(request.GET or {"dimension": "gender"}, user=request.user)
    context = {**_common(request, snapshot, frames, error), "form": form}
    if frames is not None and form.is_valid():
        dimension = DIMENSIONS[form.cleaned_data["dimension"] or "gender"]
        rows = []
        for f in evidence.fairness(frames, dimension):
            rows.append({"f": f, "matched": shown_share(f.matched.rate, f.matched.low, f.matched.high),
                         "days": None if f.days_to_match is None else {
                             "mean": number(f.days_to_match.mean), "ci": "" if f.days_to_match.low is None else
                             f"{number(f.days_to_match.low)} – {number(f.days_to_match.high)}"}})
        gaps = []
        for name in ("positive_exit_12m", "stable_job_12m"):
            ind = INDICATORS[name]
            gaps.append({"indicator": ind, "rows": [
                {"gap": g, **shown_share(g.group.rate, g.group.low, g.group.high),
                 "difference": shown_difference(g.difference)} for g in evidence.gaps(frames, dimension, ind)]})
        context.update(dimension=dimension, fairness_rows=rows, gaps=gaps)
    return render(request, "impact/fairness.html", context)


# --- downloads -----------------------------------------------------------------------------------------------------

DOWNLOADS = ("csv", "xlsx", "png", "svg")


@require(roles.AGGREGATES_VIEW)
def download(request, name, fmt):
    ind = INDICATORS.get(name)
    if ind is None or fmt not in DOWNLOADS:
        raise Http404
    form, snapshot, frames, error, result = breakdown(request, ind)
    if result is None:
        if frames is None and not form.errors:
            raise Http404(error or _("No snapshot has been taken yet."))
        messages = [str(m) for field in form.errors.values() for m in field]
        return HttpResponseBadRequest("\n".join(messages) or error, content_type="text/plain; charset=utf-8")
    stem = f"{ind.id}-snapshot{snapshot.pk}-{snapshot.as_of:%Y%m%d}"
    if fmt in ("png", "svg"):
        spec = charts.indicator_spec(result, title=str(ind.title), subtitle=source_line(snapshot))
        if fmt == "png":
            response = HttpResponse(charts.png(spec), content_type="image/png")
        else:
            response = HttpResponse(charts.svg(spec, label="", inline=False), content_type="image/svg+xml")
    else:
        about = _about(ind, snapshot, result)
        header = [str(d.title) for d in result.by] + list(COLUMNS)
        rows = [[d.label(k) for d, k in zip(result.by, row.key)] + [r[c] for c in COLUMNS]
                for row, r in zip(result.rows, records(result))]
        response = _csv(about, header, rows) if fmt == "csv" else _xlsx(about, header, rows)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def _about(ind, snapshot, result) -> list[tuple[str, str]]:
    return [(_("Indicator"), f"{ind.title} ({ind.id})"), (_("Snapshot"), f"#{snapshot.pk}"),
            (_("Content hash (SHA-256)"), snapshot.content_hash), (_("Facts as of"), f"{snapshot.as_of:%Y-%m-%d}"),
            (_("Filters"), describe_filters(result.filters)),
            (_("Disclosure control"), _("cells of fewer than %(n)s people suppressed (:c); :u low reliability") % {
                "n": settings.IMPACT_MIN_CELL})]


def _csv(about, header, rows) -> HttpResponse:
    buffer = io.StringIO()
    # Semicolons and a byte-order mark, as every Duo export: Excel in Belgium opens it without a wizard.
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["# " + " · ".join(f"{k}: {v}" for k, v in about)])
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_text("" if v is None else v) for v in row])
    return HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")


def _xlsx(about, header, rows) -> HttpResponse:
    workbook = Workbook()
    data = workbook.active
    data.title = _("Data")[:31]
    data.append(header)
    for cell in data[1]:
        cell.font = Font(bold=True)
    for row in rows:
        data.append(row)
    sheet = workbook.create_sheet("About")
    for pair in about:
        sheet.append([str(v) for v in pair])
    for worksheet in (data, sheet):
        for line in worksheet.iter_rows():
            for cell in line:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
    buffer = io.BytesIO()
    workbook.save(buffer)
    return HttpResponse(buffer.getvalue(),
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
