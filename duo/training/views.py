"""Staff pages of mentor training (the session pages share their logic with information sessions)."""

from django.db.models import Avg, Count
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from duo.accounts import roles, scoping
from duo.accounts.scoping import require
from duo.core.paging import paginate
from duo.infosession import staff

from . import queries, services
from .forms import ProgressFilterForm, TrainingFilterForm, TrainingSessionForm
from .models import Attendance, TrainingSession


def _rows(user, session):
    return scoping.scope(user, Attendance.objects.filter(session=session)).select_related(
        "person", "person__mentor").order_by("person__last_name", "person__first_name", "pk")


FLAVOUR = staff.Flavour(
    namespace="training",
    model=TrainingSession,
    services=services,
    queries=queries,
    form_class=TrainingSessionForm,
    filter_form_class=TrainingFilterForm,
    rows=_rows,
    seat_remove=lambda row, by: services.attendance_remove(attendance=row, by=by),
    remove_name="training:attendance_remove",
    select_related=("antenna", "module"),
    initial={"duration_minutes": 180},
    words={
        "list": _("Mentor training sessions"),
        "new": _("New training session"),
        "edit": _("Change the training session"),
        "none": _("No training session here yet."),
        "invite_intro": _("Mentors of this antenna who attended an information session, have not done this "
                          "module and are not registered for an upcoming session of it. Each person you choose "
                          "gets a seat and an email in their language with a calendar file and their personal "
                          "link, where they can cancel."),
        "no_candidates": _("No mentor of this antenna is waiting for this module."),
        "attendance_intro": _("Tick the mentors who came. A mentor who has now attended every required module "
                              "moves to “training completed”; nobody further along is moved back."),
        "attendance_saved": ngettext_lazy("Attendance recorded. %(n)s mentor completed their training.",
                                          "Attendance recorded. %(n)s mentors completed their training.", "n"),
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
    session = FLAVOUR.session(request, pk)
    # Evaluations are shown without names: mentors answer more frankly, and the trainers need no more.
    evaluations = session.evaluations.all()
    summary = evaluations.aggregate(n=Count("pk"), usefulness=Avg("usefulness"), clarity=Avg("clarity"))
    comments = [e.comment for e in evaluations if e.comment]
    return staff.session_detail(request, FLAVOUR, pk, evaluation=summary, comments=comments)


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
def attendance_remove(request, pk):
    row = scoping.get_or_404(request.user, Attendance.objects.select_related("person", "session__antenna",
                                                                             "session__module"), pk=pk)
    return staff.seat_remove(request, FLAVOUR, row)


@require(roles.PEOPLE_VIEW)
def progress(request):
    """Mentors on their way to matching, with the required modules each has done and still misses."""
    form = ProgressFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    qs, required = queries.progress(request.user, antenna=filters.get("antenna"), stage=filters.get("stage", ""))
    context = paginate(request, qs)
    page = context["page"]
    page.object_list = queries.attach_progress(list(page.object_list), required)
    return render(request, "training/progress.html", {"form": form, "required": required, **context})
