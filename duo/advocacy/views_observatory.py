"""The barrier observatory's pages: every barrier at a glance, one barrier in detail, and the table as CSV.

Coordinators read it as well as the advocacy team (roles.OBSERVATORY_VIEW): it holds figures after disclosure
control, quotes consented for publication and the recommendations' titles and standing — nothing about a person.
Links into the advocacy pages are shown to those who may follow them.
"""

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from duo.accounts import roles, scoping
from duo.accounts.scoping import require
from duo.core.export import FORMATS, Column, export_response
from duo.impact import charts
from duo.impact.indicators import INDICATORS
from duo.impact.views import chosen_snapshot, flags, frames_of, shown_row, shown_value, source_line

from . import observatory as obs
from .models import Status


class GroupForm(forms.Form):
    by = forms.ChoiceField(label=gettext_lazy("Break down by group"), required=False)

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["by"].choices = [(k, d.title) for k, d in obs.group_dimensions(user).items()]

    @property
    def chosen(self) -> str:
        return (self.cleaned_data.get("by") if self.is_valid() else "") or obs.DEFAULT_GROUP


def _frames(request):
    snapshot = chosen_snapshot(request)
    return snapshot, *frames_of(snapshot)


def _context(request):
    snapshot, frames, error = _frames(request)
    return {"snapshot": snapshot, "frames_error": error, "flags": flags(),
            "source": source_line(snapshot) if snapshot else "",
            "may_advocacy": scoping.has(request.user, roles.ADVOCACY_VIEW)}, frames


def _trend(result) -> list[dict]:
    points = obs.trend_points(result)
    for p in points:
        p["label"] = result.by[0].label(p["year"])
        p["shown"] = shown_value(result.indicator, p["value"])
    return points


def overview_rows(frames) -> list[dict]:
    totals, years = obs.tables(frames, None), obs.tables(frames, obs.YEAR)
    recommendations, quotes = obs.recommendation_counts(), obs.quote_counts()
    rows = []
    for kind in obs.kinds():
        total = totals[kind].total
        trend = _trend(years[kind])
        rows.append({"kind": kind, "label": obs.label(kind), "total": shown_row(totals[kind], total),
                     "numerator": total.numerator, "denominator": total.denominator, "share": total.value,
                     "trend": trend, "spark": obs.sparkline(trend), "recommendations": recommendations[kind],
                     "quotes": quotes[kind]})
    # The most frequent first; suppressed shares after the others, in the taxonomy's order.
    return sorted(rows, key=lambda r: (r["share"] is None, -(r["share"] or 0)))


@require(roles.OBSERVATORY_VIEW)
@require_safe
def observatory(request):
    context, frames = _context(request)
    rows = overview_rows(frames) if frames is not None else []
    unaddressed = [r for r in rows if not r["recommendations"]]
    return render(request, "advocacy/observatory/home.html", {
        **context, "rows": rows, "unaddressed": unaddressed})


def _shown(result) -> dict:
    return {"titles": [str(d.title) for d in result.by], "rows": [shown_row(result, r) for r in result.rows],
            "suppressed": result.suppressed}


@require(roles.OBSERVATORY_VIEW)
@require_safe
def barrier(request, kind):
    if kind not in obs.kinds():
        raise Http404
    context, frames = _context(request)
    form = GroupForm(request.GET or None, user=request.user)
    context.update(kind=kind, label=obs.label(kind), indicator=INDICATORS[obs.indicator_id(kind)], form=form,
                   quotes=obs.quotes(kind), has_themes=bool(obs.THEMES.get(kind)),
                   recommendations=[{"recommendation": r, "title": r.current.title() if r.current else r.code,
                                     "standing": (s := obs.standing(r)), "status": Status(s.status).label}
                                    for r in obs.addressing(kind)])
    if frames is not None:
        by_year = obs.tables(frames, obs.YEAR)[kind]
        context.update(by_region=_shown(obs.tables(frames, obs.REGION)[kind]), by_year=_shown(by_year))
        if form.is_bound and not form.is_valid():
            context["by_group"] = None
        else:
            context["by_group"] = _shown(obs.tables(frames, form.chosen)[kind])
        if charts.table_points(by_year):
            context["year_svg"] = charts.svg(charts.indicator_spec(by_year), label=_(
                "%(barrier)s by cohort year: share of mentees, bar chart with 95 %% confidence intervals; the table "
                "gives the same figures.") % {"barrier": obs.label(kind)})
    return render(request, "advocacy/observatory/barrier.html", context)


def _export_rows(frames):
    if frames is None:
        return []
    years, recommendations, quotes = obs.tables(frames, obs.YEAR), obs.recommendation_counts(), obs.quote_counts()
    snapshot = frames.snapshot
    rows = []
    for kind in obs.kinds():
        result = years[kind]
        for row in result.rows:
            rows.append({"code": kind, "barrier": obs.label(kind), "year": result.by[0].label(row.key[0]),
                         "numerator": row.numerator, "denominator": row.denominator,
                         "value": None if row.value is None else round(float(row.value), 4), "flag": row.flag,
                         "recommendations": recommendations[kind], "quotes": quotes[kind],
                         "snapshot": f"#{snapshot.pk} {snapshot.short_hash}" if snapshot else ""})
    return rows


EXPORT_COLUMNS = [
    Column(gettext_lazy("Barrier code"), lambda r: r["code"]),
    Column(gettext_lazy("Barrier"), lambda r: r["barrier"]),
    Column(gettext_lazy("Cohort year"), lambda r: r["year"]),
    Column(gettext_lazy("Mentees with this barrier"), lambda r: r["numerator"]),
    Column(gettext_lazy("Mentees"), lambda r: r["denominator"]),
    Column(gettext_lazy("Share"), lambda r: r["value"]),
    Column(gettext_lazy("Flag (:c suppressed, :u low reliability)"), lambda r: r["flag"]),
    Column(gettext_lazy("Recommendations addressing it"), lambda r: r["recommendations"]),
    Column(gettext_lazy("Quotes consented for publication"), lambda r: r["quotes"]),
    Column(gettext_lazy("Snapshot"), lambda r: r["snapshot"]),
]


@require(roles.OBSERVATORY_VIEW)
@require_safe
def export(request):
    fmt = request.GET.get("format") or "csv"
    if fmt not in FORMATS:
        raise Http404
    _snapshot, frames, _error = _frames(request)
    return export_response(user=request.user, rows=_export_rows(frames), columns=EXPORT_COLUMNS,
                           filename="barrier-observatory", fmt=fmt)
