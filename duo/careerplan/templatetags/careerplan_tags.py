"""The plan on the duo page and on the participants' meeting-log page, each with a one-line include,
so that neither view needs to know about plans."""

from django import template
from django.utils import timezone

from duo.accounts import scoping
from duo.journeys.choices import DuoStatus
from duo.journeys.models import Duo

from .. import queries
from ..forms import PREFIX, ParticipantGoalForm
from ..models import GoalStatus

register = template.Library()


def _plan(duo):
    today = timezone.localdate()
    goals = queries.goals_of(duo, today)
    return {"duo": duo, "goals": goals, "progress": queries.progress(goals),
            "drawn_up_on": queries.drawn_up_on(goals), "today": today}


@register.simple_tag(takes_context=True)
def careerplan_section(context, duo):
    user = context["request"].user
    if not scoping.can_view(user, Duo):
        return {"visible": False}
    return {"visible": True, **_plan(duo),
            "can_change": scoping.can_change(user, duo) and duo.status != DuoStatus.REFUSED}


@register.simple_tag(takes_context=True)
def careerplan_participant(context, link):
    """Only what the mentor and mentee may see: no staff names, no removal, no order to edit."""
    # The log page's own URL carries the token the plan's forms post under.
    match = context["request"].resolver_match
    token = match.kwargs.get("token") if match else None
    if link is None or not link.is_active or not token:
        return {"visible": False}
    return {"visible": True, **_plan(link.duo), "token": token,
            "form": ParticipantGoalForm(duo=link.duo, prefix=PREFIX),
            "can_add": link.duo.status != DuoStatus.REFUSED, "DONE": GoalStatus.DONE,
            "IN_PROGRESS": GoalStatus.IN_PROGRESS, "PLANNED": GoalStatus.PLANNED}
