"""Outcomes: recording one, and the list of those coming due at each horizon after a duo's end."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import DateField, Exists, OuterRef, Q
from django.db.models.functions import Coalesce

from duo.accounts import scoping

from . import choices as c
from .lifecycle import add_months
from duo.people.models import encrypted_paths
from duo.webhooks.events import emit

from .models import Duo, Outcome

# Months after the duo's end at which an outcome is due, per horizon: the one place to change them.
# "At intake" is recorded when the duo forms and is not reminded: there is no end to count from.
HORIZON_MONTHS = {c.OutcomeHorizon.END: 0, c.OutcomeHorizon.MONTHS_6: 6, c.OutcomeHorizon.MONTHS_12: 12}
# How far ahead the reminders look, so that a coordinator can plan the calls of the coming weeks.
DUE_WITHIN_DAYS = 14
# Duos that never got going have no mentoring to measure.
_MEASURED = [c.DuoStatus.AGREEMENT_SIGNED, c.DuoStatus.ACTIVE, c.DuoStatus.COMPLETED, c.DuoStatus.ENDED_EARLY,
             c.DuoStatus.CLOSED]


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


def outcomes_due(*, user, today: datetime.date, within_days: int = DUE_WITHIN_DAYS,
                 since: datetime.date | None = None) -> list[Due]:
    """Per duo in the user's antennas and per horizon, the outcomes due by `today + within_days` (and on
    or after `since`, when given) and not yet recorded, oldest due first."""
    horizon_by = today + datetime.timedelta(days=within_days)
    # Every horizon falls on or after the end, so a duo ending later than the window has nothing due.
    duos = (scoping.scope(user, Duo.objects.all())
            .filter(status__in=_MEASURED)
            .annotate(ref_end=Coalesce("ended_on", "planned_end_on", output_field=DateField()))
            .filter(ref_end__lte=horizon_by))
    if since is not None:
        # Nothing is due more than the longest horizon after the end.
        duos = duos.filter(ref_end__gte=add_months(since, -max(HORIZON_MONTHS.values())))
    # Most duos of past years have every outcome recorded: leave them in the database, and load full duos
    # (with their people, whose sensitive fields would be decrypted) only for what is found due.
    missing = Q()
    for horizon in HORIZON_MONTHS:
        missing |= ~Exists(Outcome.objects.filter(duo=OuterRef("pk"), horizon=horizon))
    duos = duos.filter(missing)
    recorded = {}
    for duo_id, horizon in Outcome.objects.filter(duo__in=duos.values("pk")).values_list("duo_id", "horizon"):
        recorded.setdefault(duo_id, set()).add(horizon)
    dues = []
    rows = duos.values_list("pk", "ended_on", "planned_end_on").iterator(chunk_size=5000)
    for pk, ended_on, planned_end_on in rows:
        done = recorded.get(pk, set())
        for horizon, months in HORIZON_MONTHS.items():
            day = add_months(ended_on or planned_end_on, months)
            if horizon not in done and day <= horizon_by and (since is None or day >= since):
                dues.append((pk, horizon, day))
    # The pks come from the user's scoped duos above.
    objects = Duo.objects.select_related("mentor__person", "mentee__person", "antenna").defer(
        *encrypted_paths("mentor__person", "mentee__person")).in_bulk({pk for pk, _h, _d in dues})
    found = [Due(duo=objects[pk], horizon=horizon, due_on=day, overdue=day < today) for pk, horizon, day in dues]
    found.sort(key=lambda d: (d.due_on, d.duo.pk, list(HORIZON_MONTHS).index(d.horizon)))
    return found


@transaction.atomic
def outcome_record(*, duo: Duo, category, horizon, observed_on, source, by, occupation=None, sector="",
                   hours_per_week=None, job_started_on=None) -> Outcome:
    """Records an outcome; raises ValidationError (per field) when the job details do not fit the category."""
    if not scoping.can_change(by, duo):
        raise scoping.NotAllowed
    return _store(duo=duo, category=category, horizon=horizon, observed_on=observed_on, source=source,
                  recorded_by=by, occupation=occupation, sector=sector or "", hours_per_week=hours_per_week,
                  job_started_on=job_started_on)


@transaction.atomic
def outcome_confirm_by_partner(*, duo: Duo, category, horizon, observed_on, occupation=None, sector="",
                               hours_per_week=None, job_started_on=None) -> Outcome:
    """An outcome a partner (a public employment service) confirmed through the API. No staff member recorded it:
    the API checked the token's scope and antennas instead, and the audit trail names the token. The partner's
    records are administrative data."""
    return _store(duo=duo, category=category, horizon=horizon, observed_on=observed_on,
                  source=c.OutcomeSource.ADMINISTRATIVE, recorded_by=None, occupation=occupation,
                  sector=sector or "", hours_per_week=hours_per_week, job_started_on=job_started_on)


def _store(**fields) -> Outcome:
    outcome = Outcome(**fields)
    outcome.full_clean()
    outcome.save()
    emit("outcome.recorded", {"outcome_id": outcome.pk, "duo_id": outcome.duo_id, "category": outcome.category,
                              "horizon": outcome.horizon})
    return outcome
