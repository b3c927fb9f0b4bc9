"""The life of one duo, from the match to the outcome a year after, drawn around a match date.

Shares follow the first user's published figures: 89 % of duos reach the six-month term, 72 % of
mentees reach a positive exit within twelve months and 50 % a stable job.
"""

import datetime
import random
from dataclasses import dataclass, field

from duo.journeys import choices as jc

from . import texts
from .draw import Dist, days

TERM_DAYS = 182
MEETING_GAP = (7, 14)  # days between logged meetings: duos meet weekly, not every meeting is logged
EARLY_END_SHARE = 0.11
REFUSAL_SHARE = 0.03
QUIET_SHARE = 0.12  # open duos whose meetings stopped being logged: the staff home flags them
OVERDUE_SHARE = 0.25  # duos past their planned end that nobody has closed yet

OUTCOME_12M = Dist({
    "job_permanent": 27, "job_fixed_3m": 23,  # stable job: 50 %
    "job_short": 4, "job_temp_agency": 4, "job_student": 1, "self_employed": 2, "internship": 3,
    "training": 8,  # positive exit: 72 %
    "volunteering": 4, "searching": 19, "unknown": 5,
})
OTHER_END_REASONS = Dist({"mentee_unavailable": 30, "mentor_unavailable": 15, "relationship": 15, "moved": 12,
                          "health": 13, "other": 15})
SOURCE = Dist({"mentee_survey": 45, "coordinator": 40, "administrative": 15})
# Jobs found: the sectors that hire newcomers most, and mostly full-time hours (Belgian 38-hour week).
JOB_SECTOR = Dist({"health_care": 16, "cleaning": 10, "hospitality": 10, "retail": 12, "logistics": 10,
                   "construction": 7, "industry": 7, "business": 8, "ict": 5, "education": 5, "public": 4,
                   "finance": 2, "non_profit": 3, "other": 1})
JOB_HOURS = Dist({38: 45, 32: 10, 30: 10, 24: 12, 19: 11, 16: 7, 12: 5})
MINUTES = Dist({60: 10, 90: 20, 120: 35, 150: 20, 180: 15})
MODE = Dist({"in_person": 70, "video": 22, "phone": 8})
LOCKDOWN_MODE = Dist({"in_person": 25, "video": 60, "phone": 15})
LOCKDOWN = (datetime.date(2020, 3, 15), datetime.date(2021, 6, 30))


@dataclass
class Journey:
    status: str
    matched_on: datetime.date
    free_on: datetime.date  # when the mentor can take someone else
    started_on: datetime.date | None = None
    planned_end_on: datetime.date | None = None
    ended_on: datetime.date | None = None
    end_reason: str = ""
    quiet: bool = False  # open, but no meeting logged for over a month
    meetings: list = field(default_factory=list)  # (held_on, minutes, mode, note)
    outcomes: list = field(default_factory=list)  # (category, horizon, observed_on, source)


def plan(rng, matched_on: datetime.date, today: datetime.date, language: str, force_quiet=False) -> Journey:
    introduced_on = matched_on + days(rng.randint(4, 14))
    if introduced_on >= today:
        return Journey(jc.DuoStatus.INTRODUCTION_PLANNED, matched_on, free_on=introduced_on + days(TERM_DAYS + 10))
    if rng.random() < REFUSAL_SHARE:
        refused_on = introduced_on + days(1)
        return Journey(jc.DuoStatus.REFUSED, matched_on, free_on=refused_on + days(7), ended_on=refused_on)
    started_on = introduced_on + days(rng.randint(1, 10))
    planned_end_on = started_on + days(TERM_DAYS)
    if started_on > today:
        return Journey(jc.DuoStatus.INTRODUCED, matched_on, free_on=planned_end_on)
    # The outcome a year on is drawn first, so that an early ending for a job agrees with it.
    outcome = OUTCOME_12M.draw(rng)
    positive = outcome in jc.POSITIVE_EXIT
    end_reason = ""
    if rng.random() < EARLY_END_SHARE:
        end = started_on + days(rng.randint(21, TERM_DAYS - 14))
        end_reason = "job_or_training" if positive and rng.random() < .5 else OTHER_END_REASONS.draw(rng)
    else:
        end = planned_end_on + days(rng.randint(-7, 10))
    j = Journey(jc.DuoStatus.ACTIVE, matched_on, free_on=end, started_on=started_on, planned_end_on=planned_end_on)
    overdue = not end_reason and planned_end_on <= today < planned_end_on + days(45) and rng.random() < OVERDUE_SHARE
    if end <= today and not overdue:
        j.status = jc.DuoStatus.ENDED_EARLY if end_reason else jc.DuoStatus.COMPLETED
        j.ended_on, j.end_reason = end, end_reason
        last_meeting = end
    else:
        if today < started_on + days(10):
            j.status = jc.DuoStatus.AGREEMENT_SIGNED
        last_meeting = today
        if rng.random() < QUIET_SHARE or force_quiet:
            j.quiet = True
            last_meeting = today - days(rng.randint(31, 75))
    _meetings(rng, j, last_meeting, language)
    if j.ended_on:
        _outcomes(rng, j, outcome, today)
    return j


def _meetings(rng, j, last, language):
    day = j.started_on
    first = True
    while day <= last:
        mode = (LOCKDOWN_MODE if LOCKDOWN[0] <= day <= LOCKDOWN[1] else MODE).draw(rng)
        j.meetings.append((day, MINUTES.draw(rng), mode, texts.meeting_note(rng, language, first)))
        first = False
        day += days(rng.randint(*MEETING_GAP))


def _outcomes(rng, j, outcome, today):
    early_for_job = j.end_reason == "job_or_training"
    at_end = outcome if early_for_job or (outcome in jc.POSITIVE_EXIT and rng.random() < .55) else (
        "unknown" if outcome == "unknown" else "searching")
    plan_ = (
        ("end", j.ended_on + days(rng.randint(0, 21)), at_end),
        ("6m", j.ended_on + days(183 + rng.randint(0, 30)), outcome if rng.random() < .8 else at_end),
        ("12m", j.ended_on + days(365 + rng.randint(0, 45)), outcome),
    )
    for horizon, observed_on, category in plan_:
        if observed_on > today:
            break
        j.outcomes.append((category, horizon, observed_on, SOURCE.draw(rng)))


def with_job_details(duo_id, occupations, outcomes):
    """The outcomes as rows with their job details (occupation id, sector, hours, start), empty for non-jobs.

    Drawn from a generator seeded by the duo, not the run's: the other draws, and so the published
    shares, stay what they were before jobs had details.
    """
    rng = random.Random(duo_id)
    occupation, sector, hours = occupations.draw(rng), JOB_SECTOR.draw(rng), JOB_HOURS.draw(rng)
    starts = {}  # the same job seen again at a later horizon keeps its start date
    for category, horizon, observed_on, source in outcomes:
        if category in jc.JOB_CATEGORIES:
            start = starts.setdefault(category, observed_on - days(rng.randint(0, 60)))
            yield category, horizon, observed_on, source, occupation, sector, hours, start
        else:
            yield category, horizon, observed_on, source, None, "", None, None
