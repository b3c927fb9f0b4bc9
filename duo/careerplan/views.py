"""The coordinator's forms for a duo's plan, reached from the plan section of the duo page."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from duo.core.forms import errors_into
from duo.accounts import roles, scoping
from duo.accounts.scoping import require
from duo.journeys.models import Duo
from duo.meetinglog.forms import ConfirmForm

from . import services
from .forms import GoalForm
from .models import Goal


def _duo(request, pk):
    return scoping.get_or_404(
        request.user, Duo.objects.select_related("mentor__person", "mentee__person", "antenna"), pk=pk)


def _goal(duo, goal_pk):
    # Looked up under the duo the user may see: another duo's goal under this URL is not found.
    return get_object_or_404(Goal, duo=duo, pk=goal_pk)


def _posted(request):
    # Bound on any POST, even an empty one: it comes back with its errors rather than blank.
    return request.POST if request.method == "POST" else None


def _back(duo):
    return redirect(reverse("journeys:detail", kwargs={"pk": duo.pk}) + "#plan")


@require(roles.DUOS_CHANGE)
def goal_add(request, pk):
    duo = _duo(request, pk)
    form = GoalForm(_posted(request), duo=duo)
    del form.fields["position"]  # a new goal goes last
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_add(duo=duo, by=request.user, **form.cleaned_data)
        except scoping.NotAllowed:
            raise Http404
        except services.PlanError as e:
            errors_into(form, e.errors)
        else:
            messages.success(request, _("Goal added to the plan."))
            return _back(duo)
    return render(request, "careerplan/goal_form.html", {"duo": duo, "form": form, "goal": None})


@require(roles.DUOS_CHANGE)
def goal_edit(request, pk, goal_pk):
    duo = _duo(request, pk)
    goal = _goal(duo, goal_pk)
    initial = {name: getattr(goal, name) for name in services.STAFF_FIELDS}
    form = GoalForm(_posted(request), duo=duo, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        if changes.get("position") is None:
            changes.pop("position", None)  # left empty: the goal keeps its place
        try:
            services.goal_update(goal=goal, by=request.user, **changes)
        except scoping.NotAllowed:
            raise Http404
        except services.PlanError as e:
            errors_into(form, e.errors)
        else:
            messages.success(request, _("Goal saved."))
            return _back(duo)
    return render(request, "careerplan/goal_form.html", {"duo": duo, "form": form, "goal": goal})


@require(roles.DUOS_CHANGE)
def goal_remove(request, pk, goal_pk):
    duo = _duo(request, pk)
    goal = _goal(duo, goal_pk)
    form = ConfirmForm(_posted(request), initial={"confirm": True})
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_remove(goal=goal, by=request.user)
        except scoping.NotAllowed:
            raise Http404
        messages.success(request, _("Goal removed from the plan."))
        return _back(duo)
    return render(request, "careerplan/goal_remove.html", {"duo": duo, "goal": goal, "form": form})
