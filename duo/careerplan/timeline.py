"""The career plan's entries on the duo's timeline (duo.journeys.timeline): each goal when it was set,
and again when it was reached."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from duo.accounts import scoping
from duo.journeys.timeline import Entry

from .models import Goal, GoalStatus


def goal_entries(duo, user):
    rows = scoping.scope(user, Goal.objects.filter(duo=duo)).order_by("created_at", "id")
    for goal in rows.only("title", "detail", "target_on", "status", "done_on", "created_at", "created_by_side"):
        yield Entry(on=timezone.localdate(goal.created_at), kind="goal",
                    title=_("Goal set: %(title)s") % {"title": goal.title},
                    detail=_("Target date: %(day)s") % {"day": date_format(goal.target_on)},
                    who=goal.get_created_by_side_display())
        if goal.status == GoalStatus.DONE and goal.done_on:
            yield Entry(on=goal.done_on, kind="goal", title=_("Goal reached: %(title)s") % {"title": goal.title})
