"""The impact pages that change something: taking a snapshot (a background job) and the reference rates.

Every staff role reads the lists; taking snapshots and entering reference rates need IMPACT_CHANGE.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duo.accounts import roles, scoping
from duo.accounts.scoping import require
from duo.jobs.services import job_start

from .forms import ReferenceRateForm, SnapshotForm
from .indicators import INDICATORS
from .jobs import KIND
from .models import ReferenceRate, Snapshot


def _may_change(request) -> bool:
    return scoping.has(request.user, roles.IMPACT_CHANGE)


@require(roles.AGGREGATES_VIEW)
def snapshots(request):
    form = SnapshotForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not _may_change(request):
            raise PermissionDenied
        if form.is_valid():
            job = job_start(kind=KIND, params={"note": form.cleaned_data["note"]}, by=request.user)
            return redirect("jobs:detail", pk=job.pk)
    return render(request, "impact/snapshots.html", {
        "snapshots": Snapshot.objects.select_related("taken_by"), "form": form, "may_change": _may_change(request)})


@require(roles.AGGREGATES_VIEW)
def references(request):
    rows = [{"rate": r, "indicator": INDICATORS.get(r.indicator)}
            for r in ReferenceRate.objects.select_related("region", "created_by")]
    return render(request, "impact/references.html", {"rows": rows, "may_change": _may_change(request)})


@require(roles.IMPACT_CHANGE)
def reference_add(request):
    initial = {"indicator": request.GET.get("indicator", "")}
    form = ReferenceRateForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        rate = form.save(commit=False)
        rate.created_by = request.user
        rate.save()
        messages.success(request, _("The reference rate was saved."))
        return redirect(reverse("impact:indicator", args=[rate.indicator]))
    return render(request, "impact/reference_form.html", {"form": form})


@require(roles.IMPACT_CHANGE)
@require_POST
def reference_delete(request, pk):
    rate = get_object_or_404(ReferenceRate, pk=pk)
    rate.delete()
    messages.success(request, _("The reference rate was deleted."))
    return redirect("impact:references")
