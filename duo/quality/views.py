"""The programme-quality page and its CSV: aggregates only, for every role that works on aggregates,
limited to the antennas the user may see (duo.accounts.scoping)."""

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from duo.accounts import roles, scoping
from duo.accounts.scoping import require
from duo.barrier.queries import SMALL_CELL

from . import periods
from .exports import rows as csv_rows
from .forms import QualityForm
from .report import report, with_comparison


def _context(request) -> dict:
    today = timezone.localdate()
    form = QualityForm(request.GET or None, user=request.user, today=today)
    if form.is_bound:
        form.is_valid()  # errors are shown; a field in error falls back to its default
    chosen, key = form.chosen()
    visible = scoping.antenna_ids(request.user)  # None: the whole organisation
    ids = [chosen.pk] if chosen is not None else visible
    period = periods.resolve(key, today)
    mine = report(antenna_ids=ids, period=period, today=today)
    # The organisation as a whole, beside one antenna, for staff who may see every antenna.
    organisation = report(antenna_ids=None, period=period, today=today) if visible is None and chosen else None
    return {"form": form, "chosen": chosen, "period": period, "period_label": dict(form.fields["period"].choices)[key],
            "sections": with_comparison(mine, organisation), "compare": organisation is not None,
            "whole_organisation": visible is None and chosen is None, "today": today, "small": SMALL_CELL}


@require(roles.AGGREGATES_VIEW)
def antenna(request):
    context = _context(request)
    return render(request, "quality/antenna.html", {**context, "query": request.GET.urlencode()})


@require(roles.AGGREGATES_VIEW)
def csv_download(request):
    context = _context(request)
    where = slugify(context["chosen"].code if context["chosen"] else _("all"))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="quality-{where}-{context["period"].key}.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read the accents as UTF-8
    writer = csv.writer(response)
    for row in csv_rows(context):
        writer.writerow(row)
    return response
