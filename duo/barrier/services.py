"""Recording and removing barriers. Each use case is one transaction and checks who acts."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duo.accounts import scoping

from .models import NOTE_LENGTH, Barrier, BarrierKind, BarrierStage


class BarrierError(Exception):
    """A barrier that cannot be recorded as given; the message says why, for the user."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field  # the form field the message belongs to, if any


def check(*, person, duo, kind, observed_on: datetime.date, stage, note) -> None:
    """The rules a barrier must satisfy, shared by the form (as field errors) and the service."""
    if kind not in BarrierKind.values or stage not in BarrierStage.values:
        raise BarrierError(_("Choose a barrier and when it was met from the lists."))
    if observed_on > timezone.localdate():
        raise BarrierError(_("A barrier cannot be observed in the future."), "observed_on")
    if len(note) > NOTE_LENGTH:
        raise BarrierError(_("Keep the note under %(n)d characters.") % {"n": NOTE_LENGTH}, "note")
    if duo is not None:
        if person.pk not in (duo.mentee.person_id, duo.mentor.person_id):
            raise BarrierError(_("This duo does not concern this person."))
        if stage != BarrierStage.FOLLOW_UP:
            raise BarrierError(_("A barrier met during a duo is recorded as met during follow-up."), "stage")
        if observed_on < duo.matched_on:
            raise BarrierError(_("This date is before the duo was formed."), "observed_on")


@transaction.atomic
def barrier_record(*, person, kind, observed_on, stage, note="", duo=None, by) -> Barrier:
    if not scoping.can_change(by, person) or (duo is not None and not scoping.can_change(by, duo)):
        raise scoping.NotAllowed
    note = (note or "").strip()
    check(person=person, duo=duo, kind=kind, observed_on=observed_on, stage=stage, note=note)
    return Barrier.objects.create(person=person, duo=duo, kind=kind, observed_on=observed_on, stage=stage,
                                  note=note, recorded_by=by)


@transaction.atomic
def barrier_remove(*, barrier: Barrier, by) -> None:
    """For a barrier recorded by mistake; the audit trail keeps what it said."""
    if not scoping.can_change(by, barrier):
        raise scoping.NotAllowed
    barrier.delete()
