"""Peer-exchange pages: the sessions, one session (invitations and attendance), the rule per mentor."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from duo.core.forms import errors_into
from duo.accounts import roles, scoping
from duo.accounts.scoping import require

from . import queries, services
from .forms import STATUS_LABELS, AntennaFilterForm, AttendanceForm, InviteForm, MentorFilterForm, SessionForm

PAST_PER_PAGE = 20
MENTORS_PER_PAGE = 50


class ConfirmForm(forms.Form):
    # A posted form must say it means it: an empty POST changes nothing.
    confirm = forms.BooleanField(widget=forms.HiddenInput, initial=True,
                                 error_messages={"required": gettext_lazy("Confirm with the button.")})


def _query(request):
    """The filters, for the pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _can_change(user):
    return scoping.has(user, roles.PEOPLE_CHANGE)


@require(roles.PEOPLE_VIEW)
def session_list(request):
    form = AntennaFilterForm(request.GET or None, user=request.user)
    ids = form.chosen_ids()
    today = timezone.localdate()
    qs = queries.with_counts(queries.sessions(request.user, ids))
    upcoming = qs.filter(held_on__gte=today).order_by("held_on", "starts_at", "pk")
    past = Paginator(qs.filter(held_on__lt=today).order_by("-held_on", "-pk"), PAST_PER_PAGE).get_page(
        request.GET.get("page"))
    antennas = list(form.fields["antenna"].queryset)
    # The "plan the next one" button: for the chosen antenna, or the user's only one.
    plan_for = [a for a in antennas if ids is None or a.pk in ids]
    return render(request, "peerexchange/list.html", {
        "filter_form": form, "show_filter": len(antennas) > 1, "upcoming": upcoming, "page": past,
        "plan_for": [(a, queries.next_date(a, today)) for a in plan_for] if len(plan_for) <= 6 else [],
        "can_change": _can_change(request.user), "query": _query(request),
    })


@require(roles.PEOPLE_CHANGE)
def session_new(request):
    initial = {}
    chosen = AntennaFilterForm(request.GET or None, user=request.user)
    antenna = chosen.cleaned_data["antenna"] if chosen.is_valid() else None
    if antenna is None:
        antenna = queries.antennas(request.user).first()
    if antenna is not None:
        initial = {"antenna": antenna, "held_on": queries.next_date(antenna)}
    form = SessionForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_plan(by=request.user, **form.cleaned_data)
        except scoping.NotAllowed:
            raise Http404
        except services.PeerExchangeError as e:
            errors_into(form, e.errors)
        else:
            n = session.attendances.count()
            messages.success(request, ngettext("Session planned: %(n)s mentor invited.",
                                               "Session planned: %(n)s mentors invited.", n) % {"n": n})
            return redirect("peerexchange:detail", pk=session.pk)
    return render(request, "peerexchange/form.html", {"form": form})


def _detail(request, session, *, attendance_form=None, invite_form=None, status=200):
    rows = list(queries.invited(session))
    can_change = _can_change(request.user)
    candidates = list(queries.invitable(request.user, session)) if can_change else []
    attendance_form = attendance_form or AttendanceForm(rows=rows)
    take = can_change and session.has_taken_place and bool(rows)
    return render(request, "peerexchange/detail.html", {
        "session": session, "can_change": can_change, "take": take,
        # Each invited mentor with their checkbox (the choices follow the rows' order).
        "rows": list(zip(rows, attendance_form["present"])) if take else [(r, None) for r in rows],
        "attendance_form": attendance_form,
        "confirm_form": ConfirmForm(),
        "invite_form": invite_form or (InviteForm(candidates=candidates) if candidates else None),
    }, status=status)


@require(roles.PEOPLE_VIEW)
def session_detail(request, pk):
    return _detail(request, queries.get_session_or_404(request.user, pk))


@require(roles.PEOPLE_CHANGE)
def attendance(request, pk):
    session = queries.get_session_or_404(request.user, pk)
    if request.method != "POST":
        return redirect("peerexchange:detail", pk=session.pk)
    rows = list(queries.invited(session))
    form = AttendanceForm(request.POST, rows=rows)
    confirm = ConfirmForm(request.POST)
    if form.is_valid() and confirm.is_valid():
        try:
            came, invited = services.attendance_record(session=session, present=form.cleaned_data["present"],
                                                       by=request.user)
        except scoping.NotAllowed:
            raise Http404
        except services.PeerExchangeError as e:
            errors_into(form, e.errors)
        else:
            messages.success(request, _("Attendance recorded: %(came)s of %(invited)s came.")
                             % {"came": came, "invited": invited})
            return redirect("peerexchange:detail", pk=session.pk)
    elif not confirm.is_valid():
        form.add_error(None, _("Nothing was recorded: use the button under the list."))
    return _detail(request, session, attendance_form=form)


@require(roles.PEOPLE_CHANGE)
def invite(request, pk):
    session = queries.get_session_or_404(request.user, pk)
    if request.method != "POST":
        return redirect("peerexchange:detail", pk=session.pk)
    form = InviteForm(request.POST, candidates=queries.invitable(request.user, session))
    if form.is_valid():
        try:
            added = services.session_invite(session=session, mentors=form.cleaned_data["mentors"], by=request.user)
        except scoping.NotAllowed:
            raise Http404
        except services.PeerExchangeError as e:
            form.add_error("mentors", e.errors.get("mentors") or " ".join(e.errors.values()))
        else:
            messages.success(request, ngettext("%(n)s mentor invited.", "%(n)s mentors invited.", added) % {"n": added})
            return redirect("peerexchange:detail", pk=session.pk)
    return _detail(request, session, invite_form=form)


@require(roles.PEOPLE_CHANGE)
def cancel(request, pk):
    session = queries.get_session_or_404(request.user, pk)
    form = ConfirmForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.session_cancel(session=session, by=request.user)
        except scoping.NotAllowed:
            raise Http404
        except services.PeerExchangeError as e:
            error = " ".join(e.errors.values())
        else:
            messages.success(request, _("Session cancelled."))
            return redirect("peerexchange:list")
    return render(request, "peerexchange/cancel.html", {"session": session, "form": form, "error": error})


@require(roles.PEOPLE_VIEW)
def mentors(request):
    form = MentorFilterForm(request.GET or None, user=request.user)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    found = queries.mentor_rules(request.user, antenna_ids=form.chosen_ids(), status=status)
    counts = {s: 0 for s in STATUS_LABELS}
    for m in found:
        for _duo, verdict in m.rows:
            counts[verdict.status] += 1
    page = Paginator(found, MENTORS_PER_PAGE).get_page(request.GET.get("page"))
    queries.hydrate(page.object_list)  # the objects of the mentors shown, not of all of them
    return render(request, "peerexchange/mentors.html", {
        "filter_form": form, "show_filter": form.fields["antenna"].queryset.count() > 1, "page": page,
        "labels": STATUS_LABELS,
        "counts": [(STATUS_LABELS[s], counts[s]) for s in ("behind", "missed", "on_track", "met")],
        "query": _query(request),
    })
