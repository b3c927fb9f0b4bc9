"""A mentee's follow-up answers become the duo's outcome at that horizon.

Registered with duo.survey.responses.register_after_submit (in apps.py), so it runs inside the submission's
transaction: the answer and the outcome are saved together or not at all, whether the mentee answered
through their link, a coordinator entered the answers on their behalf, or a file was imported.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError

from duo.journeys.choices import JOB_CATEGORIES, OutcomeCategory, OutcomeHorizon, OutcomeSource
from duo.journeys.models import Outcome

from .models import InstrumentKind

HORIZONS = {
    InstrumentKind.MENTEE_FOLLOWUP_6M: OutcomeHorizon.MONTHS_6,
    InstrumentKind.MENTEE_FOLLOWUP_12M: OutcomeHorizon.MONTHS_12,
    # The end-of-mentoring questionnaire as shipped has no outcome question; a later version may add one.
    InstrumentKind.MENTEE_END: OutcomeHorizon.END,
}
STATUS_CODE, STARTED_CODE, HOURS_CODE = "outcome_status", "job_started_on", "job_hours"


def _answers(response) -> dict:
    return {a.question.code: a for a in response.answers.select_related("question")}


def _date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def _hours(answer) -> int | None:
    if answer is None or answer.number is None:
        return None
    hours = round(answer.number)
    return hours if 1 <= hours <= 60 else None


def outcome_from_response(response) -> Outcome | None:
    """The outcome a submitted follow-up records, or None (not a follow-up, no status answered, not a duo's,
    or an outcome already recorded at that horizon)."""
    horizon = HORIZONS.get(response.version.instrument.kind)
    if horizon is None or response.duo_id is None:
        return None
    answers = _answers(response)
    status = answers.get(STATUS_CODE)
    if status is None or status.value not in OutcomeCategory.values:
        return None
    # What a coordinator recorded (often after a phone call with more detail: the occupation, the sector)
    # wins over the survey; nor does a second answer at the same horizon replace the first.
    if Outcome.objects.filter(duo_id=response.duo_id, horizon=horizon).exists():
        return None
    category = status.value
    started_on = hours = None
    if category in JOB_CATEGORIES:
        started = answers.get(STARTED_CODE)
        started_on = _date(started.value) if started else None
        if started_on is not None and started_on > response.answered_on:
            started_on = None  # a start "in the future" is a job promised, not begun: the coordinator asks
        hours = _hours(answers.get(HOURS_CODE))
    outcome = Outcome(duo_id=response.duo_id, category=category, horizon=horizon, observed_on=response.answered_on,
                      source=OutcomeSource.MENTEE_SURVEY, recorded_by=response.entered_by,
                      hours_per_week=hours, job_started_on=started_on)
    # Occupation and sector are never asked of the mentee: Outcome.clean lets a survey's job go without
    # them, and the duo page marks it "details to complete".
    try:
        outcome.full_clean()
    except ValidationError:
        # The answers themselves are valid (the questionnaire checked them); an outcome that does not fit
        # must not cost the mentee their submission. The outcome stays due on the coordinator's list.
        return None
    outcome.save()
    return outcome
