"""The plan on the mentor's or mentee's meeting-log page: adding a goal and saying where one stands,
from the personal link (no password). The page itself lists the plan (templatetags); these views
take its forms, and show them again on a page of their own when something needs correcting.

Same rules as the meeting log: a forged token is 404, an expired or revoked one the log's kind page.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from duo.core.forms import errors_into
from duo.accounts import scoping
from duo.meetinglog.views import through_link

from . import services
from .forms import PREFIX, ParticipantGoalForm, ParticipantStatusForm
from .models import Goal


def _posted(request):
    # Bound on any POST, even an empty one: it comes back with its errors rather than blank.
    return request.POST if request.method == "POST" else None


def _back(token):
    return redirect(reverse("meetinglog:log", kwargs={"token": token}) + "#plan")


@through_link
def plan_add(request, link, token):
    duo = link.duo
    form = ParticipantGoalForm(_posted(request), duo=duo, prefix=PREFIX)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_add(duo=duo, link=link, **form.cleaned_data)
        except scoping.NotAllowed:
            raise Http404
        except services.PlanError as e:
            errors_into(form, e.errors)
        else:
            messages.success(request, _("Your goal is in the plan."))
            return _back(token)
    return render(request, "careerplan/participant_form.html",
                  {"link": link, "token": token, "form": form, "goal": None})


@through_link
def plan_status(request, link, token, goal_pk):
    goal = get_object_or_404(Goal, duo=link.duo, pk=goal_pk)
    form = ParticipantStatusForm(_posted(request), duo=link.duo, initial={"status": goal.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(goal=goal, link=link, status=form.cleaned_data["status"])
        except scoping.NotAllowed:
            raise Http404
        except services.PlanError as e:
            errors_into(form, e.errors)
        else:
            messages.success(request, _("Thank you: the plan is up to date."))
            return _back(token)
    return render(request, "careerplan/participant_form.html",
                  {"link": link, "token": token, "form": form, "goal": goal})
