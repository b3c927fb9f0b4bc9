"""Seats in sessions, for information sessions and training alike: capacity, registration, attendance.

Callers (the services of each app) check who is acting and open the transaction; these helpers
lock the session row first, so two people cannot take the last seat at the same moment.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from duo.accounts import scoping
from duo.organisation.models import Antenna


class SeatError(Exception):
    """A registration or an attendance the session refuses; the message says why, in the user's language."""


def locked(session):
    """The session again, its row locked until the transaction ends."""
    return type(session).objects.select_for_update().get(pk=session.pk)


def check_antenna(by, antenna) -> None:
    if not scoping.scope(by, Antenna.objects.filter(pk=antenna.pk)).exists():
        raise scoping.NotAllowed


def check_open(session) -> None:
    if session.cancelled:
        raise SeatError(_("This session has been cancelled."))
    if session.has_started:
        raise SeatError(_("This session has already started: registrations are closed."))


def take_seats(*, session, people, channel: str) -> list:
    """One seat each for `people` in `session`, all or none. Returns the new rows."""
    session = locked(session)
    check_open(session)
    seats = session.seat_rows()
    already = set(seats.filter(person__in=people).values_list("person_id", flat=True))
    if already:
        names = ", ".join(str(p) for p in people if p.pk in already)
        raise SeatError(_("Already registered for this session: %(names)s.") % {"names": names})
    left = session.capacity - seats.count()
    if len(people) > left:
        if left <= 0:
            raise SeatError(_("This session is full. Please choose another date."))
        raise SeatError(" ".join([
            ngettext("Only %(left)s seat is left in this session.", "Only %(left)s seats are left in this session.",
                     left) % {"left": left},
            ngettext("You chose %(n)s person.", "You chose %(n)s people.", len(people)) % {"n": len(people)},
        ]))
    model = seats.model
    return [model.objects.create(session=session, person=person, channel=channel, registered_at=timezone.now())
            for person in people]


def release_seat(*, session, person) -> None:
    """The person gives their seat back (before the session starts)."""
    session = locked(session)
    check_open(session)
    row = session.seat_rows().filter(person=person).first()
    if row is None:
        raise SeatError(_("You are not registered for this session."))
    row.delete()


def record_attendance(*, session, rows, present_ids: set[int]) -> list:
    """Mark each of `rows` present or absent. Returns the rows of the people present.

    Only rows whose answer changes are saved, so that re-sending the same list leaves no trace."""
    if session.cancelled:
        raise SeatError(_("This session was cancelled: there is no attendance to record."))
    if not session.has_started:
        raise SeatError(_("Attendance can be recorded once the session has started."))
    present = []
    for row in rows:
        attended = row.pk in present_ids
        if row.attended is not attended:
            row.attended = attended
            row.save(update_fields=["attended"])
        if attended:
            present.append(row)
    return present


def save_session(*, session, by) -> list[str]:
    """Create or update a session. Returns the practical fields that changed (which raise its calendar
    revision, and which the people registered must hear about)."""
    check_antenna(by, session.antenna)
    changed = practical_changes(session)
    if session.pk is None:
        session.created_by = by
    else:
        taken = locked(session).seat_rows().count()
        if taken and antenna_changed(session):
            raise SeatError(_("People are already registered: the session cannot move to another antenna."))
        if session.capacity < taken:
            raise SeatError(ngettext(
                "%(n)s person is already registered: the session needs at least %(n)s seat.",
                "%(n)s people are already registered: the session needs at least %(n)s seats.", taken) % {"n": taken})
        if changed:
            session.revision += 1
    session.full_clean()
    session.save()
    return changed


def practical_changes(session) -> list[str]:
    """Which of the fields participants care about differ from what is stored."""
    if session.pk is None:
        return []
    stored = type(session).objects.get(pk=session.pk)
    return [name for name in session.PRACTICAL_FIELDS if getattr(stored, name) != getattr(session, name)]


def antenna_changed(session) -> bool:
    return type(session).objects.filter(pk=session.pk).exclude(antenna_id=session.antenna_id).exists()


def cancel_session(*, session) -> list:
    """Cancel the session; returns the people who held a seat, to be told."""
    session = locked(session)
    if session.cancelled:
        return []
    if session.has_started:
        raise SeatError(_("A session that has already started cannot be cancelled."))
    session.cancelled = True
    session.revision += 1
    session.save(update_fields=["cancelled", "revision"])
    return [row.person for row in session.seat_rows().select_related("person")]
