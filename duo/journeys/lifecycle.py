"""The duo lifecycle as a state machine: which step may follow which, and what each step needs.

Pure Python on purpose (no Django): the rules can be read, and property-tested, on their own.
duo.journeys.transitions applies them to a Duo, records the move and puts problems into words.
Problems are returned as codes, per field, so the service can translate them.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

# The statuses, as stored (duo.journeys.choices.DuoStatus holds the same values with labels).
INTRODUCTION_PLANNED = "introduction_planned"
INTRODUCED = "introduced"
ACCEPTED = "accepted"
REFUSED = "refused"
AGREEMENT_SIGNED = "agreement_signed"
ACTIVE = "active"
COMPLETED = "completed"
ENDED_EARLY = "ended_early"
CLOSED = "closed"
STATUSES = (INTRODUCTION_PLANNED, INTRODUCED, ACCEPTED, REFUSED, AGREEMENT_SIGNED, ACTIVE, COMPLETED, ENDED_EARLY,
            CLOSED)
START = INTRODUCTION_PLANNED

# Who refused the other after the introduction (the "why" goes in the note, which is then required).
REFUSAL_SIDES = ("mentee", "mentor")
# Why a duo ended before its planned end (same values as duo.journeys.choices.EndReason).
END_REASONS = ("job_or_training", "mentee_unavailable", "mentor_unavailable", "relationship", "moved", "health",
               "other")
# An early end for these reasons is a success, not a drop-out: the mentee no longer needs a mentor.
POSITIVE_END_REASONS = ("job_or_training",)

MENTORING_MONTHS = 6
# A duo may be recorded as completed up to two weeks before its planned end (a last meeting on the
# Friday before, a holiday); earlier than that it ended early, and the reason matters for the reports.
COMPLETION_GRACE_DAYS = 14


@dataclass(frozen=True)
class Step:
    target: str
    reasons: tuple[str, ...] = ()  # empty: no reason asked
    note_required: bool = False


# What each status may become. Refused and closed are the two ends; a refused duo never started,
# so there is no closing interview to hold. After the introduction each side has 24 hours to accept
# or refuse (duo.journeys.acceptance): an agreement is signed only once both have accepted.
NEXT: dict[str, tuple[Step, ...]] = {
    INTRODUCTION_PLANNED: (Step(INTRODUCED),),
    INTRODUCED: (Step(ACCEPTED), Step(REFUSED, reasons=REFUSAL_SIDES, note_required=True)),
    ACCEPTED: (Step(AGREEMENT_SIGNED),),
    AGREEMENT_SIGNED: (Step(ACTIVE),),
    ACTIVE: (Step(COMPLETED), Step(ENDED_EARLY, reasons=END_REASONS)),
    COMPLETED: (Step(CLOSED),),
    ENDED_EARLY: (Step(CLOSED),),
    REFUSED: (),
    CLOSED: (),
}


def allowed(current: str) -> tuple[str, ...]:
    """The statuses a duo in `current` may move to, in the order the staff sees them."""
    return tuple(step.target for step in NEXT.get(current, ()))


def step(current: str, target: str) -> Step | None:
    return next((s for s in NEXT.get(current, ()) if s.target == target), None)


def is_terminal(status: str) -> bool:
    return not NEXT.get(status)


def ended_positively(status: str, end_reason: str, *, closed_from: str = "") -> bool:
    """Whether the duo reached its term, or stopped early because the mentee found a job or training.
    For a closed duo, `closed_from` is the status it was closed from (completed or ended early)."""
    ending = closed_from if status == CLOSED else status
    return ending == COMPLETED or (ending == ENDED_EARLY and end_reason in POSITIVE_END_REASONS)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it has no such day (31 Aug + 6 = 28/29 Feb)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def problems(current: str, target: str, *, reason: str = "", note: str = "", on: datetime.date | None,
             today: datetime.date, floor: datetime.date | None = None,
             planned_end: datetime.date | None = None) -> dict[str, str]:
    """What prevents the move, as {field: code}; empty when it may go ahead.

    `on` is the date of the step (first meeting, signature, start, end, closing interview), `floor`
    the earliest date it may have (the duo's previous step), `planned_end` the duo's planned end.
    Codes: "to:illegal", "to:unknown", "reason:required", "reason:invalid", "note:required",
    "on:required", "on:future", "on:before_previous", "on:before_planned_end".
    """
    if target not in STATUSES:
        return {"to": "unknown"}
    found = step(current, target)
    if found is None:
        return {"to": "illegal"}
    errors: dict[str, str] = {}
    if found.reasons:
        if not reason:
            errors["reason"] = "required"
        elif reason not in found.reasons:
            errors["reason"] = "invalid"
    if found.note_required and not (note or "").strip():
        errors["note"] = "required"
    if on is None:
        errors["on"] = "required"
    elif on > today:
        errors["on"] = "future"
    elif floor is not None and on < floor:
        errors["on"] = "before_previous"
    elif (target == COMPLETED and planned_end is not None
          and on < planned_end - datetime.timedelta(days=COMPLETION_GRACE_DAYS)):
        errors["on"] = "before_planned_end"
    return errors
