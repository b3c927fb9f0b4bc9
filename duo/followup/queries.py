"""What the coordinator should look at this week: check-ins due or late, and computed alerts.

Alerts are not stored: each is the answer to a question about today's data, so one disappears as
soon as its cause does (a meeting logged, an agreement signed).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from duo.accounts import scoping
from duo.journeys.choices import DuoStatus, OutcomeHorizon
from duo.journeys.models import Duo
from duo.journeys.outcomes import outcomes_due
from duo.people.models import encrypted_paths

from .models import CheckIn, StaffNote

WEEK_DAYS = 7
# An active duo that has not met for three weeks is drifting; a coordinator calls before it stops.
SILENCE_DAYS = 21
# Two weeks after the introduction the agreement should be signed, or the duo is in doubt.
AGREEMENT_DAYS = 14
# An overdue outcome is an alert for this long after its due date.
OUTCOME_ALERT_WINDOW = datetime.timedelta(days=60)


@dataclass(frozen=True)
class Alert:
    duo: Duo
    kind: str
    text: str
    since: datetime.date
    horizon: str = ""  # for an overdue outcome: which one to record


def _duos(user, antenna_ids):
    qs = scoping.scope(user, Duo.objects.select_related("mentor__person", "mentee__person", "antenna")
                       .defer(*encrypted_paths("mentor__person", "mentee__person")))
    return qs if antenna_ids is None else qs.filter(antenna_id__in=antenna_ids)


def checkins_due(user, *, antenna_ids=None, today=None):
    """Open check-ins due within the week, the overdue ones first, for duos still active."""
    today = today or timezone.localdate()
    duos = _duos(user, antenna_ids).filter(status=DuoStatus.ACTIVE)
    return (CheckIn.objects.filter(duo__in=duos, done_on__isnull=True,
                                   due_on__lte=today + datetime.timedelta(days=WEEK_DAYS))
            .select_related("duo__mentor__person", "duo__mentee__person", "duo__antenna")
            .defer(*encrypted_paths("duo__mentor__person", "duo__mentee__person")).order_by("due_on", "id"))


def alerts(user, *, antenna_ids=None, today=None) -> list[Alert]:
    today = today or timezone.localdate()
    duos = _duos(user, antenna_ids)
    found = []
    silent_since = today - datetime.timedelta(days=SILENCE_DAYS)
    # Filtered in the database: an administrator's week covers every antenna's active duos.
    active = (duos.filter(status=DuoStatus.ACTIVE).annotate(last_met=Max("meetings__held_on"))
              .annotate(since=Coalesce("last_met", "started_on", "matched_on")).filter(since__lte=silent_since))
    for duo in active:
        # Since the last meeting, or since the start when the duo has never logged one.
        text = (_("No meeting logged for %(n)s days.") if duo.last_met else
                _("No meeting logged since the start, %(n)s days ago."))
        found.append(Alert(duo, "silent", text % {"n": (today - duo.since).days}, duo.since))
    waiting_since = today - datetime.timedelta(days=AGREEMENT_DAYS)
    introduced = (duos.filter(status__in=[DuoStatus.INTRODUCED, DuoStatus.ACCEPTED])
                  .annotate(introduced_on=Max("transitions__on", filter=Q(transitions__to_status=DuoStatus.INTRODUCED)))
                  .annotate(since=Coalesce("introduced_on", "matched_on")).filter(since__lte=waiting_since))
    for duo in introduced:
        found.append(Alert(duo, "agreement", _("Introduced %(n)s days ago, no agreement signed.") % {
            "n": (today - duo.since).days}, duo.since))
    # An outcome past its horizon and still not recorded: the evidence for advocacy is slipping away.
    # Only the recent ones: those are the calls to make this week; older gaps are counted apart
    # (older_outcomes_overdue) and listed on the outcomes-due page, not as hundreds of alerts.
    for due in outcomes_due(user=user, today=today, within_days=0, since=today - OUTCOME_ALERT_WINDOW):
        if due.overdue and (antenna_ids is None or due.duo.antenna_id in antenna_ids):
            found.append(Alert(due.duo, "outcome", _("Outcome “%(horizon)s” not recorded, due %(n)s days ago.") % {
                "horizon": OutcomeHorizon(due.horizon).label, "n": (today - due.due_on).days}, due.due_on,
                horizon=due.horizon))
    for source in alert_sources():
        found.extend(source(duos, today))
    return sorted(found, key=lambda a: a.since)


def older_outcomes_overdue(user, *, antenna_ids=None, today=None) -> int:
    """How many outcomes fell due before the alerts' window and were never recorded."""
    today = today or timezone.localdate()
    before = today - OUTCOME_ALERT_WINDOW
    return sum(1 for due in outcomes_due(user=user, today=before, within_days=0)
               if due.due_on < before and (antenna_ids is None or due.duo.antenna_id in antenna_ids))


def alert_sources():
    """Alerts other apps compute, each a function (duos, today) -> list[Alert] over the user's duos.
    Imported late: those apps import this module for Alert."""
    from duo.careerplan.queries import no_plan_alerts
    from duo.journeys.acceptance import acceptance_alerts
    from duo.survey.alerts import pairing_fit_alerts

    return [
        no_plan_alerts,
        acceptance_alerts,
        pairing_fit_alerts,
    ]


def notes_for(user, duo):
    return scoping.scope(user, StaffNote.objects.filter(duo=duo)).select_related("by")


def checkins_for(user, duo):
    return scoping.scope(user, CheckIn.objects.filter(duo=duo)).select_related("done_by")
