"""The advocacy overview (the last twelve months of activity, the recommendation pipeline, what is due, the active
campaigns) and the "advocacy activity" section of an annual report, on the page and as Markdown."""

from django import forms
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from duo.accounts import roles
from duo.accounts.scoping import require
from duo.core.i18n import LANGUAGE_CHOICES
from duo.impact import charts

from . import annual_report as report_builder
from . import queries_dashboard as q
from .models import Interaction

FIRST_YEAR = 2000


def _month_chart(months) -> str:
    if not any(m["count"] for m in months):
        return ""
    spec = {
        "$schema": charts.SCHEMA, "width": 300, "height": 140, "background": "white",
        "data": {"values": [{"month": m["label"], "count": m["count"]} for m in months]},
        "config": {"aria": False, "font": "sans-serif", "axis": {"labelLimit": 120, "titleFontWeight": "normal"}},
        "mark": {"type": "bar", "color": charts.COLOURS[0]},
        "encoding": {"x": {"field": "month", "type": "ordinal", "sort": None, "title": None,
                           "axis": {"labelAngle": -45}},
                     "y": {"field": "count", "type": "quantitative", "title": _("Interactions"),
                           "axis": {"tickMinStep": 1, "format": "d"}}},
    }
    return charts.svg(spec, label=_("Interactions per month over the last 12 months: bar chart; the table gives the "
                                     "same figures."))


@require(roles.ADVOCACY_VIEW)
@require_safe
def home(request):
    period = q.Period.last_months()
    months = q.by_month(period)
    return render(request, "advocacy/dashboard/home.html", {
        "period": period, "priorities": q.by_priority(period), "levels": q.by_level(period), "months": months,
        "month_chart": _month_chart(months), "total": period.interactions().count(), "pipeline": q.pipeline(),
        "follow_ups": q.follow_ups(), "recent": q.recent(), "campaigns": q.active_campaigns(),
        "report_year": timezone.localdate().year})


class ReportForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)
    lang = forms.ChoiceField(label=gettext_lazy("Language of the section"), choices=LANGUAGE_CHOICES)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        this_year = timezone.localdate().year
        first = Interaction.objects.order_by("on").values_list("on", flat=True).first()
        start = max(FIRST_YEAR, min(first.year if first else this_year, this_year))
        self.fields["year"].choices = [(y, str(y)) for y in range(this_year, start - 1, -1)]


@require(roles.ADVOCACY_VIEW)
@require_safe
def annual_report(request):
    defaults = {"year": str(timezone.localdate().year), "lang": (get_language() or "fr")[:2]}
    form = ReportForm({**defaults, **{k: v for k, v in request.GET.items() if k in defaults and v}})
    report = None
    if form.is_valid():
        report = report_builder.build(form.cleaned_data["year"], form.cleaned_data["lang"])
    if request.GET.get("format") == "md":
        if report is None:
            messages = [f"{form.fields[k].label}: {m}" for k, errors in form.errors.items() for m in errors]
            return HttpResponseBadRequest("\n".join(messages), content_type="text/plain; charset=utf-8")
        response = HttpResponse(report_builder.markdown(report), content_type="text/markdown; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="advocacy-activity-{report.year}-{report.lang}.md"')
        return response
    return render(request, "advocacy/dashboard/annual_report.html", {
        "form": form, "report": report, "markdown": report_builder.markdown(report) if report else ""})
