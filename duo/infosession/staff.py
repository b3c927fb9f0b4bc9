"""The staff pages of sessions, written once for information sessions and training sessions.

Each app describes its kind of session in a `Flavour` (its model, services, queries, forms and
words) and its views.py passes it to the functions here. Views stay thin: the rules are in the
services, the reads in the queries.
"""

from dataclasses import dataclass, field
from types import ModuleType

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from duo.accounts import scoping
from duo.core.paging import paginate

from . import calendar
from .forms import AttendanceForm, ConfirmForm, InviteForm, posted
from .seats import SeatError


@dataclass
class Flavour:
    namespace: str                 # URL namespace: "infosession" or "training"
    model: type                    # InfoSession or TrainingSession
    services: ModuleType           # session_save, session_cancel, invite, attendance_record, <seat>_remove
    queries: ModuleType            # sessions_list, invite_candidates
    form_class: type
    filter_form_class: type
    rows: object                   # (user, session) -> the seats the user may see
    seat_remove: object            # services function removing one seat
    remove_name: str = ""          # URL name of the page removing one seat
    words: dict = field(default_factory=dict)   # headings and sentences, translated lazily
    select_related: tuple = ("antenna",)
    initial: dict = field(default_factory=dict)

    def session(self, request, pk):
        return scoping.get_or_404(request.user, self.model.objects.select_related(*self.select_related), pk=pk)

    def context(self, **extra):
        return {"flavour": self, "ns": self.namespace, "words": self.words, **extra}


def session_list(request, flavour: Flavour):
    form = flavour.filter_form_class(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    when = filters.get("when") or "upcoming"
    qs = flavour.queries.sessions_list(request.user, when=when, **{k: v for k, v in filters.items() if k != "when"})
    return render(request, "infosession/list.html", flavour.context(
        form=form, when=when, can_change=scoping.can_change(request.user, flavour.model), **paginate(request, qs)))


def session_create(request, flavour: Flavour):
    return _session_form(request, flavour, flavour.model(**flavour.initial))


def session_edit(request, flavour: Flavour, pk):
    session = flavour.session(request, pk)
    if session.cancelled:
        messages.error(request, _("A cancelled session cannot be changed."))
        return redirect(f"{flavour.namespace}:detail", pk=session.pk)
    return _session_form(request, flavour, session)


def _session_form(request, flavour, session):
    form = flavour.form_class(posted(request), instance=session, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            session = flavour.services.session_save(session=form.instance, by=request.user)
        except SeatError as error:
            form.add_error(None, str(error))
        except scoping.NotAllowed:
            raise Http404
        else:
            messages.success(request, _("Session saved."))
            return redirect(f"{flavour.namespace}:detail", pk=session.pk)
    return render(request, "infosession/form.html", flavour.context(form=form, session=session))


def session_detail(request, flavour: Flavour, pk, **extra):
    session = flavour.session(request, pk)
    return render(request, "infosession/detail.html", flavour.context(
        session=session, rows=flavour.rows(request.user, session),
        can_change=scoping.can_change(request.user, session), **extra))


def session_cancel(request, flavour: Flavour, pk):
    session = flavour.session(request, pk)
    form = ConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            told = flavour.services.session_cancel(session=session, by=request.user)
        except SeatError as error:
            form.add_error(None, str(error))
        except scoping.NotAllowed:
            raise Http404
        else:
            messages.success(request, ngettext("The session is cancelled. %(n)s person was told by email.",
                                               "The session is cancelled. %(n)s people were told by email.",
                                               told) % {"n": told})
            return redirect(f"{flavour.namespace}:detail", pk=session.pk)
    return render(request, "infosession/cancel.html", flavour.context(session=session, form=form))


def session_invite(request, flavour: Flavour, pk):
    session = flavour.session(request, pk)
    candidates = scoping.scope(request.user, flavour.queries.invite_candidates(session))
    form = InviteForm(posted(request), candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            unreachable = flavour.services.invite(session=session, people=form.cleaned_data["people"],
                                                  by=request.user)
        except SeatError as error:
            form.add_error(None, str(error))
        except scoping.NotAllowed:
            raise Http404
        else:
            n = len(form.cleaned_data["people"])
            messages.success(request, ngettext("%(n)s person registered; the invitation is on its way.",
                                               "%(n)s people registered; the invitations are on their way.",
                                               n) % {"n": n})
            if unreachable:
                messages.warning(request, _("No email address for %(names)s: please tell them another way.") % {
                    "names": ", ".join(str(p) for p in unreachable)})
            return redirect(f"{flavour.namespace}:detail", pk=session.pk)
    return render(request, "infosession/invite.html", flavour.context(
        session=session, form=form, candidates=candidates))


def session_attendance(request, flavour: Flavour, pk):
    session = flavour.session(request, pk)
    rows = flavour.rows(request.user, session)
    form = AttendanceForm(posted(request), rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            moved = flavour.services.attendance_record(session=session, rows=form.rows,
                                                       present_ids=form.present_ids(), by=request.user)
        except SeatError as error:
            form.add_error(None, str(error))
        except scoping.NotAllowed:
            raise Http404
        else:
            messages.success(request, flavour.words["attendance_saved"] % {"n": moved})
            return redirect(f"{flavour.namespace}:detail", pk=session.pk)
    return render(request, "infosession/attendance.html", flavour.context(session=session, form=form))


def seat_remove(request, flavour: Flavour, row):
    form = ConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            flavour.seat_remove(row, by=request.user)
        except SeatError as error:
            form.add_error(None, str(error))
        except scoping.NotAllowed:
            raise Http404
        else:
            messages.success(request, _("%(name)s no longer holds a seat in this session.") % {"name": row.person})
            return redirect(f"{flavour.namespace}:detail", pk=row.session_id)
    return render(request, "infosession/seat_remove.html", flavour.context(row=row, session=row.session, form=form))


def session_ics(request, flavour: Flavour, pk):
    session = flavour.session(request, pk)
    return ics_response(session, get_language() or "fr")


def ics_response(session, language, personal_url=""):
    response = HttpResponse(calendar.session_calendar(session, language=language, personal_url=personal_url),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{calendar.filename(session, language)}"'
    return response
