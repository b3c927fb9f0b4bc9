"""Staff pages of information sessions (the shared logic is in staff.py)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from duo.accounts import roles, scoping
from duo.accounts.scoping import require

from . import queries, services, staff
from .forms import InfoSessionForm, SessionFilterForm
from .models import InfoSession, Registration

FLAVOUR = staff.Flavour(
    namespace="infosession",
    model=InfoSession,
    services=services,
    queries=queries,
    form_class=InfoSessionForm,
    filter_form_class=SessionFilterForm,
    rows=queries.registrations,
    seat_remove=lambda row, by: services.registration_remove(registration=row, by=by),
    remove_name="infosession:registration_remove",
    words={
        "list": _("Information sessions"),
        "new": _("New information session"),
        "edit": _("Change the information session"),
        "none": _("No information session here yet."),
        "invite_intro": _("Applicants of this antenna at the stage “applied” or “contacted”, on a side this "
                          "session is for, who are not registered for an upcoming session. Each person you "
                          "choose gets a seat and an email in their language with a calendar file and their "
                          "personal link, where they can cancel."),
        "no_candidates": _("Nobody is waiting for an information session in this antenna."),
        "attendance_intro": _("Tick the people who came. Those still at the stage “applied” or “contacted” "
                              "move to “info session attended”; nobody further along is moved back."),
        "attendance_saved": ngettext_lazy("Attendance recorded. %(n)s person moved to “info session attended”.",
                                          "Attendance recorded. %(n)s people moved to “info session attended”.", "n"),
    },
)


@require(roles.PEOPLE_VIEW)
def session_list(request):
    return staff.session_list(request, FLAVOUR)


@require(roles.PEOPLE_CHANGE)
def session_create(request):
    return staff.session_create(request, FLAVOUR)


@require(roles.PEOPLE_VIEW)
def session_detail(request, pk):
    return staff.session_detail(request, FLAVOUR, pk)


@require(roles.PEOPLE_CHANGE)
def session_edit(request, pk):
    return staff.session_edit(request, FLAVOUR, pk)


@require(roles.PEOPLE_CHANGE)
def session_cancel(request, pk):
    return staff.session_cancel(request, FLAVOUR, pk)


@require(roles.PEOPLE_CHANGE)
def session_invite(request, pk):
    return staff.session_invite(request, FLAVOUR, pk)


@require(roles.PEOPLE_CHANGE)
def session_attendance(request, pk):
    return staff.session_attendance(request, FLAVOUR, pk)


@require(roles.PEOPLE_VIEW)
def session_ics(request, pk):
    return staff.session_ics(request, FLAVOUR, pk)


@require(roles.PEOPLE_CHANGE)
def registration_remove(request, pk):
    row = scoping.get_or_404(request.user, Registration.objects.select_related("person", "session__antenna"), pk=pk)
    return staff.seat_remove(request, FLAVOUR, row)
