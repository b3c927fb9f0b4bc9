"""The measures of the last two standards — monitoring and support, closure — for the antennas the
caller scoped (None: the whole organisation) and a period; measures that share a population are
counted in one query."""

from __future__ import annotations

import datetime

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils.translation import gettext_lazy as _

from duo.barrier.models import Barrier, BarrierKind
from duo.barrier.queries import SMALL_CELL
from duo.followup.models import CheckIn
from duo.followup.queries import SILENCE_DAYS
from duo.journeys.choices import POSITIVE_EXIT, STABLE_JOB, DuoStatus, EndReason, OutcomeHorizon
from duo.journeys.models import ClosingInterview, Duo, Meeting, Outcome, ReEnrolAnswer
from duo.peerexchange.models import Attendance

from .base import (CHECKIN_GRACE_DAYS, DAYS_PER_MONTH, POSITIVE_EXITS, REACHING_TERM, RE_ENROLMENT, STABLE_JOBS,
                   TWELVE_MONTHS, Measure, scoped, share)
from .sql import DaysBetween, grouped

TOP_BARRIERS = 5


# --- 5. Monitoring and support -------------------------------------------------------------------

def monitoring(antenna_ids, period, today) -> list[Measure]:
    # Duos under way during the period: started on or before its end, not ended before its start,
    # each counted for the days it was under way inside the period.
    stop = Coalesce("ended_on", Value(today))
    running = (scoped(Duo.objects.filter(started_on__isnull=False, started_on__lte=period.end), "antenna_id",
                      antenna_ids).annotate(stop=stop).filter(stop__gte=period.start)
               .aggregate(n=Count("pk"), days=Sum(DaysBetween(Least(F("stop"), Value(period.end)),
                                                              Greatest(F("started_on"), Value(period.start))) + 1)))
    # Meetings held in the period while their duo was under way (from its start to its end).
    meetings = (scoped(Meeting.objects.filter(held_on__range=(period.start, period.end), duo__started_on__isnull=False,
                                              held_on__gte=F("duo__started_on")), "duo__antenna_id", antenna_ids)
                .filter(Q(duo__ended_on__isnull=True) | Q(held_on__lte=F("duo__ended_on")))
                .aggregate(n=Count("pk"), minutes=Sum("duration_minutes")))
    months = (running["days"] or 0) / DAYS_PER_MONTH
    per_month = Measure(
        "meetings_per_month", _("Meetings per duo-month"),
        _("Meetings logged in the period while their duo was under way, divided by the months duos were under way "
          "in the period (from the start, the first meeting after the agreement, to the end or today; a month is "
          "30.44 days). n is the number of duos."), "per_month",
        round(meetings["n"] / months, 2) if months else None, running["n"], count=meetings["n"])
    hours = Measure("hours_volunteered", _("Hours of mentoring"),
                    _("The duration of the meetings counted above, in hours: the time mentors gave in person, by video "
                      "or by phone. n is the number of meetings."), "hours",
                    round((meetings["minutes"] or 0) / 60) if meetings["n"] else None, meetings["n"])
    return [per_month, hours, _checkins(antenna_ids, period, today), _peer_exchange(antenna_ids, period),
            _silent(antenna_ids, today)]


def _checkins(antenna_ids, period, today) -> Measure:
    last_due = min(period.end, today - datetime.timedelta(days=CHECKIN_GRACE_DAYS))
    qs = (scoped(CheckIn.objects.filter(due_on__range=(period.start, last_due)), "duo__antenna_id", antenna_ids)
          .exclude(duo__ended_on__lt=F("due_on")))
    totals = qs.annotate(late=DaysBetween(F("done_on"), F("due_on"))).aggregate(
        n=Count("pk"), yes=Count("pk", filter=Q(done_on__isnull=False, late__lte=CHECKIN_GRACE_DAYS)))
    return share("checkins_on_time", _("Check-ins done on time"),
                 _("Check-ins due in the period, at least 7 days ago, for duos still under way on the due date: those "
                   "done no later than 7 days after the due date."), totals["yes"], totals["n"])


def _peer_exchange(antenna_ids, period) -> Measure:
    qs = scoped(Attendance.objects.filter(session__held_on__range=(period.start, period.end), attended__isnull=False),
                "session__antenna_id", antenna_ids)
    totals = qs.aggregate(n=Count("pk"), yes=Count("pk", filter=Q(attended=True)))
    return share("peer_exchange", _("Peer-exchange attendance"),
                 _("Mentors invited to the peer-exchange sessions held in the period, once attendance was taken: the "
                   "share who came."), totals["yes"], totals["n"])


def _silent(antenna_ids, today) -> Measure:
    last = Meeting.objects.filter(duo=OuterRef("pk")).order_by("-held_on").values("held_on")[:1]
    qs = (scoped(Duo.objects.filter(status=DuoStatus.ACTIVE), "antenna_id", antenna_ids)
          .annotate(since=Coalesce(Subquery(last), F("started_on"), F("matched_on"))))
    totals = qs.aggregate(n=Count("pk"), yes=Count("pk", filter=Q(
        since__lte=today - datetime.timedelta(days=SILENCE_DAYS))))
    return share("silent_now", _("Active duos without a meeting for more than 21 days, today"),
                 _("Today, whatever the period: active duos whose last logged meeting (or start, if none) is 21 days "
                   "old or more."), totals["yes"], totals["n"])


# --- 6. Closure ----------------------------------------------------------------------------------

EARLY = Q(status=DuoStatus.ENDED_EARLY) | ~Q(end_reason="")


def closure(antenna_ids, period, today) -> list[Measure]:
    # Duos that had started and ended in the period (completed or ended early, closed or not).
    ended = scoped(Duo.objects.filter(started_on__isnull=False, ended_on__range=(period.start, period.end)),
                   "antenna_id", antenna_ids)
    rows = grouped(ended, early=ExpressionWrapper(EARLY, output_field=BooleanField()), reason=F("end_reason"),
                   closed=Exists(ClosingInterview.objects.filter(duo=OuterRef("pk"))))
    n = sum(r["n"] for r in rows)
    return [
        share("reaching_term", _("Duos reaching the term"),
              _("Duos that ended in the period: those completed at their planned end rather than ended early."),
              sum(r["n"] for r in rows if not r["early"]), n, REACHING_TERM),
        share("ended_early_for_work", _("Duos ended early because the mentee found a job or training"),
              _("Duos that ended in the period: those ended early for a job or training, a good reason to stop "
                "(counted apart from the term, beside it)."),
              sum(r["n"] for r in rows if r["early"] and r["reason"] == EndReason.JOB_OR_TRAINING), n),
        share("closing_interviews", _("Closing interviews held"),
              _("Duos that ended in the period whose closing interview has been recorded."),
              sum(r["n"] for r in rows if r["closed"]), n),
        _re_enrolment(antenna_ids, period),
        *_twelve_months(antenna_ids, period, today),
        barriers_met(antenna_ids, period),
    ]


def _re_enrolment(antenna_ids, period) -> Measure:
    qs = scoped(ClosingInterview.objects.filter(held_on__range=(period.start, period.end), reenrol_offered=True)
                .exclude(reenrol_answer=""), "duo__antenna_id", antenna_ids)
    totals = qs.aggregate(n=Count("pk"), yes=Count("pk", filter=Q(
        reenrol_answer__in=[ReEnrolAnswer.YES_NOW, ReEnrolAnswer.LATER])))
    return share("re_enrolment", _("Mentors willing to start a new duo"),
                 _("Closing interviews held in the period where a new duo was offered and the mentor answered: those "
                   "who said yes, now or later."), totals["yes"], totals["n"], RE_ENROLMENT)


def _twelve_months(antenna_ids, period, today) -> list[Measure]:
    """Duos whose outcome 12 months after the end fell due in the period (ended 365 days before it),
    with the latest outcome recorded at that horizon."""
    last = min(period.end, today) - TWELVE_MONTHS
    cohort = scoped(Duo.objects.filter(started_on__isnull=False, ended_on__range=(period.start - TWELVE_MONTHS, last)),
                    "antenna_id", antenna_ids)
    outcome = Subquery(Outcome.objects.filter(duo=OuterRef("pk"), horizon=OutcomeHorizon.MONTHS_12)
                       .order_by("-observed_on", "-pk").values("category")[:1])
    rows = grouped(cohort, outcome=outcome)
    found = [r for r in rows if r["outcome"] is not None]
    recorded = sum(r["n"] for r in found)
    exits = _("The outcomes at 12 months counted above (the latest recorded per duo): the share in this category, "
              "“unknown” included in the count.")
    return [
        share("outcomes_12m_recorded", _("Outcomes recorded at 12 months"),
              _("Duos whose outcome 12 months after the end fell due in the period (ended 365 days before it): those "
                "with that outcome recorded."), recorded, sum(r["n"] for r in rows)),
        share("positive_exits", _("Positive exits at 12 months (job, internship or qualifying training)"), exits,
              sum(r["n"] for r in found if r["outcome"] in POSITIVE_EXIT), recorded, POSITIVE_EXITS),
        share("stable_jobs", _("Stable jobs at 12 months (permanent, or fixed-term of 3 months or more)"), exits,
              sum(r["n"] for r in found if r["outcome"] in STABLE_JOB), recorded, STABLE_JOBS),
    ]


def barriers_met(antenna_ids, period) -> Measure:
    """People who met each kind of barrier in the period, the most frequent kinds first. Counts under
    SMALL_CELL are withheld, as on the barrier summary: a rare barrier in a small antenna could point
    at someone the reader knows."""
    qs = scoped(Barrier.objects.filter(observed_on__range=(period.start, period.end)), "person__antenna_id",
                antenna_ids)
    people = qs.aggregate(n=Count("person_id", distinct=True))["n"]
    top = (qs.values("kind").annotate(n=Count("person_id", distinct=True)).order_by("-n", "kind")[:TOP_BARRIERS])
    labels = dict(BarrierKind.choices)
    rows = [(labels.get(r["kind"], r["kind"]), r["n"], r["n"] < SMALL_CELL, r["kind"]) for r in top]
    return Measure("barriers", _("People who met a barrier, and the most frequent barriers"),
                   _("People with at least one barrier recorded as observed in the period, and for the five most "
                     "frequent kinds the people who met each; a person counts once per kind."),
                   "count", people if people else None, people, rows=rows)
