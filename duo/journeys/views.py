from django.contrib import messages
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from duo.accounts import roles, scoping
from duo.accounts.reauth import recent_auth_required
from duo.accounts.scoping import require
from duo.core.export import FORMATS, export_response
from duo.core.paging import paginate
from duo.intake.records.exports import duo_columns

from . import outcomes
from .forms import DuoFilterForm, OutcomeForm
from .models import Duo
from .queries import needing_attention


def _filtered(request):
    """The filter form and the duos it keeps, for the list and its export alike."""
    form = DuoFilterForm(request.GET or None, user=request.user)
    qs = scoping.scope(request.user, Duo.objects.all()).select_related("mentor__person", "mentee__person", "antenna")
    if form.is_valid():
        if form.cleaned_data["status"]:
            qs = qs.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["antenna"]:
            qs = qs.filter(antenna=form.cleaned_data["antenna"])
        if form.cleaned_data["attention"]:
            qs = needing_attention(qs)
    return form, qs.order_by("-matched_on", "-pk")


@require(roles.DUOS_VIEW)
def duo_list(request):
    form, qs = _filtered(request)
    query = request.GET.copy()
    for name in ("page", "format"):
        query.pop(name, None)
    return render(request, "journeys/list.html", {"form": form, "export_query": query.urlencode(),
                                                  **paginate(request, qs)})


@require(roles.DUOS_VIEW)
@recent_auth_required
def duo_export(request):
    """The list as it is filtered, as XLSX or CSV."""
    _form, qs = _filtered(request)
    fmt = request.GET.get("format") if request.GET.get("format") in FORMATS else "xlsx"
    return export_response(user=request.user, rows=qs.iterator(chunk_size=2000), columns=duo_columns(),
                           filename="duos", fmt=fmt, model=Duo)


def _duo(request, pk):
    return scoping.get_or_404(
        request.user, Duo.objects.select_related("mentor__person", "mentee__person", "antenna"), pk=pk
    )


@require(roles.DUOS_VIEW)
def duo_detail(request, pk):
    return duo_detail_response(request, _duo(request, pk))


def duo_detail_response(request, duo, bound=None):
    """The duo page; `bound` is a lifecycle step's form posted with errors, shown again with them."""
    from .transition_views import lifecycle_context

    meetings = duo.meetings.order_by("-held_on")
    totals = meetings.aggregate(minutes=Sum("duration_minutes"))
    return render(request, "journeys/detail.html", {
        "duo": duo,
        "meetings": meetings[:20],
        "meeting_count": meetings.count(),
        "hours": round((totals["minutes"] or 0) / 60, 1),
        "outcomes": duo.outcomes.order_by("observed_on"),
        "can_change": scoping.can_change(request.user, duo),
        **lifecycle_context(request, duo, bound),
    })


@require(roles.DUOS_CHANGE)
def outcome_add(request, pk):
    duo = _duo(request, pk)
    form = OutcomeForm(request.POST or None, duo=duo, initial={"horizon": request.GET.get("horizon")})
    if request.method == "POST" and form.is_valid():
        outcomes.outcome_record(duo=duo, by=request.user, **form.cleaned_data)
        messages.success(request, _("Outcome recorded."))
        if request.GET.get("next") == "due":
            return redirect("journeys:outcomes_due")
        return redirect("journeys:detail", pk=duo.pk)
    return render(request, "journeys/outcome_form.html", {"duo": duo, "form": form})


@require(roles.DUOS_CHANGE)
def outcomes_due(request):
    """The outcomes coming due in the user's antennas, overdue first, each with a link to record it."""
    today = timezone.localdate()
    due = outcomes.outcomes_due(user=request.user, today=today)
    return render(request, "journeys/outcomes_due.html", {
        "today": today, "within_days": outcomes.DUE_WITHIN_DAYS, "overdue_count": sum(d.overdue for d in due),
        **paginate(request, due),
    })
