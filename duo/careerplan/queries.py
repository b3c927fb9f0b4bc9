"""Reads of the career action plans: a duo's goals and progress, the coordinator's alert for a duo
still without a plan, and the programme figure "plans drawn up in time"."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, Min, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from duo.followup.queries import Alert
from duo.journeys.choices import DuoStatus

from .models import Goal, GoalStatus

# DESIGN.md §3: the six months start with a plan; three weeks in, a duo without one needs a call.
PLAN_DAYS = 21


@dataclass(frozen=True)
class Progress:
    done: int
    total: int  # dropped goals are not counted: the plan moved on without them


def goals_of(duo, today=None) -> list[Goal]:
    """The duo's goals in their order, each with `overdue` set for today."""
    today = today or timezone.localdate()
    goals = list(Goal.objects.filter(duo=duo).order_by("position", "id"))
    for goal in goals:
        goal.overdue = goal.is_overdue(today)
    return goals


def progress(goals) -> Progress:
    kept = [g for g in goals if g.status != GoalStatus.DROPPED]
    return Progress(done=sum(1 for g in kept if g.status == GoalStatus.DONE), total=len(kept))


def drawn_up_on(goals) -> datetime.date | None:
    """The day the plan was drawn up: that of its first goal."""
    return min((timezone.localdate(g.created_at) for g in goals), default=None)


def no_plan_alerts(duos, today) -> list[Alert]:
    """Active duos that started PLAN_DAYS or more ago and have no goal yet (an alert source of the
    coordinator's week: it clears as soon as one goal is added)."""
    cutoff = today - datetime.timedelta(days=PLAN_DAYS)
    late = (duos.filter(status=DuoStatus.ACTIVE, started_on__lte=cutoff)
            .filter(~Exists(Goal.objects.filter(duo=OuterRef("pk")))))
    return [Alert(duo, "plan", _("No career action plan %(n)s days after the start.") % {
        "n": (today - duo.started_on).days}, duo.started_on) for duo in late]


def plan_counts(duos, days: int = PLAN_DAYS, today=None) -> tuple[int, int]:
    """(duos whose first goal came within `days` of their start, duos started at least `days` ago).

    Only duos whose window is over are counted: one that started last week is not late yet."""
    today = today or timezone.localdate()
    started = duos.filter(started_on__isnull=False, started_on__lte=today - datetime.timedelta(days=days))
    rows = started.annotate(first_goal=Min("goals__created_at")).values_list("started_on", "first_goal").order_by()
    within = total = 0
    for started_on, first_goal in rows.iterator(chunk_size=5000):
        total += 1
        if first_goal is not None and (timezone.localdate(first_goal) - started_on).days <= days:
            within += 1
    return within, total


def plans_within(duos, days: int = PLAN_DAYS, today=None) -> float | None:
    """Share (0–1) of started duos whose first goal was added within `days` of the start; None when
    no duo started long enough ago to tell."""
    within, total = plan_counts(duos, days=days, today=today)
    return within / total if total else None
