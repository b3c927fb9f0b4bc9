"""Outcomes: recording one, and the list of those coming due at each horizon after a duo's end."""

import calendar
import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import DateField
from django.db.models.functions import Coalesce

from duo.accounts import scoping

from . import choices as c
from .models import Duo, Outcome

# Months after the duo's end at which an outcome is due, per horizon: the one place to change them.
# "At intake" is recorded when the duo forms and is not reminded: there is no end to count from.
HORIZON_MONTHS = {c.OutcomeHorizon.END: 0, c.OutcomeHorizon.MONTHS_6: 6, c.OutcomeHorizon.MONTHS_12: 12}
# How far ahead the reminders look, so that a coordinator can plan the calls of the coming weeks.
DUE_WITHIN_DAYS = 14
# Duos that never got going have no mentoring to measure.
_MEASURED = [c.DuoStatus.AGREEMENT_SIGNED, c.DuoStatus.ACTIVE, c.DuoStatus.COMPLETED, c.DuoStatus.ENDED_EARLY,
             c.DuoStatus.CLOSED]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, on the month's last day when it is shorter (31 Aug + 6 = 28/29 Feb)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def end_of(duo) -> datetime.date | None:
    """The date the horizons count from: the actual end, else the planned one."""
    return duo.ended_on or duo.planned_end_on


def due_on(duo, horizon) -> datetime.date | None:
    end = end_of(duo)
    if end is None or horizon not in HORIZON_MONTHS:
        return None
    return add_months(end, HORIZON_MONTHS[horizon])


@dataclass(frozen=True)
class Due:
    duo: Duo
    horizon: str
    due_on: datetime.date
    overdue: bool

    @property
    def horizon_label(self):
        return c.OutcomeHorizon(self.horizon).label


def outcomes_due(*, user, today: datetime.date, within_days: int = DUE_WITHIN_DAYS) -> list[Due]:
    """Per duo in the user's antennas and per horizon, the outcomes due by `today + within_days` and not
    yet recorded, oldest due first."""
    horizon_by = today + datetime.timedelta(days=within_days)
    # Every horizon falls on or after the end, so a duo ending later than the window has nothing due.
    duos = (scoping.scope(user, Duo.objects.all())
            .filter(status__in=_MEASURED)
            .annotate(ref_end=Coalesce("ended_on", "planned_end_on", output_field=DateField()))
            .filter(ref_end__lte=horizon_by)
            .select_related("mentor__person", "mentee__person", "antenna"))
    recorded = {}
    for duo_id, horizon in Outcome.objects.filter(duo__in=duos.values("pk")).values_list("duo_id", "horizon"):
        recorded.setdefault(duo_id, set()).add(horizon)
    found = []
    for duo in duos.iterator(chunk_size=2000):
        done = recorded.get(duo.pk, set())
        for horizon in HORIZON_MONTHS:
            day = due_on(duo, horizon)
            if horizon not in done and day <= horizon_by:
                found.append(Due(duo=duo, horizon=horizon, due_on=day, overdue=day < today))
    found.sort(key=lambda d: (d.due_on, d.duo.pk, list(HORIZON_MONTHS).index(d.horizon)))
    return found


@transaction.atomic
def outcome_record(*, duo: Duo, category, horizon, observed_on, source, by, occupation=None, sector="",
                   hours_per_week=None, job_started_on=None) -> Outcome:
    """Records an outcome; raises ValidationError (per field) when the job details do not fit the category."""
    if not scoping.can_change(by, duo):
        raise scoping.NotAllowed
    outcome = Outcome(
        duo=duo, category=category, horizon=horizon, observed_on=observed_on, source=source, recorded_by=by,
        occupation=occupation, sector=sector or "", hours_per_week=hours_per_week, job_started_on=job_started_on,
    )
    outcome.full_clean()
    outcome.save()
    return outcome
