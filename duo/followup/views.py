"""The coordinator's week, and the two small forms posted from it and from the duo page."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from duo.core.forms import errors_into
from duo.accounts import roles, scoping
from duo.accounts.scoping import require
from duo.journeys.models import Duo

from . import queries, services
from .forms import AntennaFilterForm, CheckInDoneForm, StaffNoteForm
from .models import CheckIn


# Each list shows its most urgent entries first, this many at most: a coordinator follows about thirty
# duos, and a page of thousands (an administrator's whole organisation) helps nobody and renders slowly.
SHOWN = 60


def _week_context(request, done_forms=None):
    form = AntennaFilterForm(request.GET or None, user=request.user)
    chosen = form.cleaned_data["antenna"] if form.is_valid() else None
    ids = [chosen.pk] if chosen is not None else None
    due = queries.checkins_due(request.user, antenna_ids=ids)
    checkins = list(due[:SHOWN])
    alerts = queries.alerts(request.user, antenna_ids=ids)
    done_forms = done_forms or {}
    today = timezone.localdate()
    rows = [(c, done_forms.get(c.pk) or CheckInDoneForm(initial={"done_on": today}, prefix=f"c{c.pk}"))
            for c in checkins]
    return {"filter_form": form, "show_filter": form.fields["antenna"].queryset.count() > 1, "rows": rows,
            "can_change": scoping.has(request.user, roles.DUOS_CHANGE),
            "alerts": alerts[:SHOWN], "alerts_total": len(alerts),
            "checkins_total": len(checkins) if len(checkins) < SHOWN else due.count(), "today": today,
            "older_outcomes": queries.older_outcomes_overdue(request.user, antenna_ids=ids, today=today)}


@require(roles.DUOS_VIEW)
def week(request):
    return render(request, "followup/week.html", _week_context(request))


@require(roles.DUOS_CHANGE)
def checkin_done(request, pk):
    checkin = scoping.get_or_404(request.user, CheckIn.objects.select_related("duo"), pk=pk)
    if request.method != "POST":
        return redirect("followup:week")
    form = CheckInDoneForm(request.POST, prefix=f"c{checkin.pk}")
    if form.is_valid():
        try:
            services.checkin_done(checkin=checkin, by=request.user, **form.cleaned_data)
        except scoping.NotAllowed:
            raise Http404
        except services.FollowupError as e:
            errors_into(form, e.errors)
        else:
            messages.success(request, _("Check-in marked done."))
            return redirect("followup:week")
    # The week again, with this row's errors in place; nothing was saved.
    return render(request, "followup/week.html", _week_context(request, {checkin.pk: form}), status=200)


@require(roles.DUOS_CHANGE)
def note_add(request, pk):
    duo = scoping.get_or_404(request.user, Duo, pk=pk)
    form = StaffNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_add(duo=duo, by=request.user, **form.cleaned_data)
        except scoping.NotAllowed:
            raise Http404
        except services.FollowupError as e:
            form.add_error("text", e.errors["text"])
        else:
            messages.success(request, _("Note added."))
            return redirect("journeys:detail", pk=duo.pk)
    return render(request, "followup/note_form.html", {"duo": duo, "form": form})
