"""Follow-up use cases: scheduling check-ins, marking them done, writing staff notes.

Each is one transaction; bad input raises FollowupError with a translated message per field and
changes nothing.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duo.accounts import scoping
from duo.journeys import lifecycle
from duo.journeys.choices import DuoStatus, MeetingMode

from .models import CheckIn, CheckInKind, StaffNote


class FollowupError(Exception):
    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(" ".join(errors.values()))


def due_dates(started_on: datetime.date, planned_end_on: datetime.date | None) -> dict[str, datetime.date]:
    """When each check-in falls: one month and three months after the start, and at the planned end."""
    end = planned_end_on or lifecycle.add_months(started_on, lifecycle.MENTORING_MONTHS)
    return {
        CheckInKind.FIRST_MONTH: lifecycle.add_months(started_on, 1),
        CheckInKind.MONTH_3: lifecycle.add_months(started_on, 3),
        CheckInKind.END: end,
    }


@transaction.atomic
def checkins_schedule(*, duo) -> list[CheckIn]:
    """Plan the three check-ins of an active duo. Idempotent: kinds already planned are left alone,
    so it can run again from the transition, the command or the demo."""
    if duo.status != DuoStatus.ACTIVE or duo.started_on is None:
        return []
    existing = set(CheckIn.objects.filter(duo=duo).values_list("kind", flat=True))
    created = []
    for kind, due_on in due_dates(duo.started_on, duo.planned_end_on).items():
        if kind not in existing:
            created.append(CheckIn.objects.create(duo=duo, kind=kind, due_on=due_on))
    return created


def checkins_schedule_all(*, duos) -> int:
    """Schedule the check-ins of every active duo given (for duos that started before this app)."""
    return sum(len(checkins_schedule(duo=d)) for d in duos.filter(status=DuoStatus.ACTIVE))


@transaction.atomic
def checkin_done(*, checkin: CheckIn, done_on: datetime.date | None, mode: str, note: str = "", by) -> CheckIn:
    if not scoping.can_change(by, checkin.duo):
        raise scoping.NotAllowed
    checkin = CheckIn.objects.select_for_update().select_related("duo").get(pk=checkin.pk)
    errors = {}
    today = timezone.localdate()
    if checkin.done_on is not None:
        errors["__all__"] = _("This check-in was already marked done.")
    if done_on is None:
        errors["done_on"] = _("Give the date.")
    elif done_on > today:
        errors["done_on"] = _("This date is in the future.")
    elif checkin.duo.started_on and done_on < checkin.duo.started_on:
        errors["done_on"] = _("This date is before the start of the duo.")
    if mode not in MeetingMode.values:
        errors["mode"] = _("Choose how the check-in took place.")
    if errors:
        raise FollowupError(errors)
    checkin.done_on, checkin.mode, checkin.note = done_on, mode, (note or "").strip()
    checkin.done_by = by
    checkin.save()
    return checkin


@transaction.atomic
def note_add(*, duo, text: str, by) -> StaffNote:
    if not scoping.can_change(by, duo):
        raise scoping.NotAllowed
    text = (text or "").strip()
    if not text:
        raise FollowupError({"text": _("Write the note.")})
    return StaffNote.objects.create(duo=duo, text=text, by=by)
