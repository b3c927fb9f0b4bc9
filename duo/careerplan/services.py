"""Changes to a duo's career action plan. Each use case is one transaction and checks who acts:
a staff user (`by`, scoped like the duo pages) or the mentor or mentee through their meeting-log
link (`link`). Bad input raises PlanError with a translated message per field and changes nothing.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from duo.accounts import scoping
from duo.journeys import lifecycle
from duo.journeys.choices import DuoStatus, MeetingTopic
from duo.meetinglog.models import AccessLink
from duo.meetinglog.services import side_of

from .models import DETAIL_LENGTH, TITLE_LENGTH, Goal, GoalSide, GoalStatus

# A target further than this after the start is a typing slip (2062 for 2026), not a plan.
HORIZON_MONTHS = 24


class PlanError(Exception):
    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(" ".join(errors.values()))


def earliest_target(duo) -> datetime.date:
    """Goals cannot aim before the duo began: its start, or its match while it has not started."""
    return duo.started_on or duo.matched_on


def check(*, duo, title=None, target_on=None, status=None, area=None, detail=None) -> dict[str, str]:
    """The rules of a goal's fields, as {field: message}; only the fields given are checked.
    Shared by the forms (as field errors) and the services."""
    errors = {}
    if title is not None:
        if not title.strip():
            errors["title"] = _("Give the goal a title.")
        elif len(title.strip()) > TITLE_LENGTH:
            errors["title"] = _("Keep the title under %(n)d characters.") % {"n": TITLE_LENGTH}
    if detail is not None and len(detail.strip()) > DETAIL_LENGTH:
        errors["detail"] = _("Keep the details under %(n)d characters.") % {"n": DETAIL_LENGTH}
    if target_on is not None:
        first = earliest_target(duo)
        if target_on < first:
            errors["target_on"] = _("The target date cannot be before the start of the duo (%(day)s).") % {
                "day": formats.date_format(first, "SHORT_DATE_FORMAT")}
        elif target_on > lifecycle.add_months(first, HORIZON_MONTHS):
            errors["target_on"] = _("The target date is more than two years after the start: please check it.")
    if status is not None and status not in GoalStatus.values:
        errors["status"] = _("Choose a status from the list.")
    if area is not None and area and area not in MeetingTopic.values:
        errors["area"] = _("Choose an area from the list.")
    return errors


def _raise(errors):
    if errors:
        raise PlanError(errors)


def _acting_side(*, duo, by, link) -> tuple[str, object]:
    """(side, staff user or None) of whoever acts on this duo's plan, or NotAllowed."""
    if link is not None:
        # Read again, locked: a link revoked a moment ago must not slip through.
        link = AccessLink.objects.select_for_update().select_related("duo__mentor", "duo__mentee").get(pk=link.pk)
        side = side_of(link.duo, link.person)
        if not link.is_active or side is None or link.duo_id != duo.pk:
            raise scoping.NotAllowed
        return side, None
    if by is None or not scoping.can_change(by, duo):
        raise scoping.NotAllowed
    return GoalSide.STAFF, by


def _done_on(goal_status, previous_status, previous_done_on):
    """Done keeps the day it was first marked done; any other status has no such day."""
    if goal_status != GoalStatus.DONE:
        return None
    if previous_status == GoalStatus.DONE and previous_done_on:
        return previous_done_on
    return timezone.localdate()


@transaction.atomic
def goal_add(*, duo, title, target_on, detail="", area="", status=GoalStatus.PLANNED, by=None, link=None) -> Goal:
    side, user = _acting_side(duo=duo, by=by, link=link)
    if duo.status == DuoStatus.REFUSED:
        raise PlanError({"__all__": _("This duo was refused after the introduction: it has no plan.")})
    title, detail = (title or "").strip(), (detail or "").strip()
    errors = check(duo=duo, title=title, status=status, area=area or "", detail=detail)
    if target_on is None:
        errors["target_on"] = _("Give a target date.")
    else:
        errors.update(check(duo=duo, target_on=target_on))
    _raise(errors)
    last = Goal.objects.filter(duo=duo).aggregate(n=Max("position"))["n"]
    return Goal.objects.create(
        duo=duo, title=title, detail=detail, area=area or "", target_on=target_on, status=status,
        done_on=_done_on(status, None, None), position=0 if last is None else last + 1,
        created_by_side=side, created_by=user)


# The fields a participant may change from their link; staff may change them all.
PARTICIPANT_FIELDS = frozenset({"status"})
STAFF_FIELDS = frozenset({"title", "detail", "area", "target_on", "status", "position"})


@transaction.atomic
def goal_update(*, goal, by=None, link=None, **changes) -> Goal:
    """Change some of a goal's fields (keyword arguments named after them); marking it done dates it."""
    goal = Goal.objects.select_for_update().select_related("duo").get(pk=goal.pk)
    side, _user = _acting_side(duo=goal.duo, by=by, link=link)
    allowed = STAFF_FIELDS if side == GoalSide.STAFF else PARTICIPANT_FIELDS
    if not changes.keys() <= allowed:
        raise scoping.NotAllowed
    if "title" in changes:
        changes["title"] = (changes["title"] or "").strip()
    if "detail" in changes:
        changes["detail"] = (changes["detail"] or "").strip()
    if "area" in changes:
        changes["area"] = changes["area"] or ""
    errors = check(duo=goal.duo, **{k: v for k, v in changes.items() if k != "position" and v is not None})
    if "target_on" in changes and changes["target_on"] is None:
        errors["target_on"] = _("Give a target date.")
    if "status" in changes and changes["status"] is None:
        errors["status"] = _("Choose a status from the list.")
    if "position" in changes and (changes["position"] is None or not 0 <= changes["position"] <= 999):
        errors["position"] = _("Give a number between 0 and 999.")
    _raise(errors)
    previous_status, previous_done_on = goal.status, goal.done_on
    for name, value in changes.items():
        setattr(goal, name, value)
    goal.done_on = _done_on(goal.status, previous_status, previous_done_on)
    goal.save()
    return goal


@transaction.atomic
def goal_remove(*, goal, by) -> None:
    """Staff only, for a goal added by mistake (a goal given up is "dropped"); the trail keeps it."""
    if not scoping.can_change(by, goal.duo):
        raise scoping.NotAllowed
    goal.delete()
