"""Use cases of information sessions. Each function is one transaction and checks who is acting.

Staff functions take `by` (the staff member); portal functions take the `person` whose signed
link opened the page, and may only touch that person's own seats.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duo.accounts import scoping
from duo.intake.services import stage_change

from . import emails, seats
from .choices import SeatChannel
from .models import InfoSession, Registration
from .seats import SeatError  # noqa: F401  (re-exported for the views)

# Attending an information session moves people on from these stages only: anyone further along
# (or out of the pipeline) keeps their stage.
MOVES_FROM = ("applied", "contacted")


def _check(by, session):
    if not scoping.can_change(by, session if session.pk else InfoSession):
        raise scoping.NotAllowed


@transaction.atomic
def session_save(*, session: InfoSession, by) -> InfoSession:
    """Create or change a session. People already registered are told of a new time or place."""
    _check(by, session)
    changed = seats.save_session(session=session, by=by)
    if changed and session.is_open:
        people = [r.person for r in session.registrations.select_related("person")]
        emails.tell(session=session, people=people, name="changed")
    return session


@transaction.atomic
def session_cancel(*, session: InfoSession, by) -> int:
    """Cancel the session and tell everyone registered. Returns how many people were told."""
    _check(by, session)
    people = seats.cancel_session(session=session)
    session.refresh_from_db()
    return emails.tell(session=session, people=people, name="cancelled")


@transaction.atomic
def invite(*, session: InfoSession, people, by) -> list:
    """Register the chosen applicants and send each an invitation with a calendar file.

    Inviting reserves the seat: a coordinator invites people they have usually already spoken to,
    and the email lets them give the seat back in one click. Returns the people without an email
    address, whom the coordinator has to tell another way."""
    _check(by, session)
    people = list(people)
    for person in people:
        if person.antenna_id != session.antenna_id or not scoping.can_change(by, person):
            raise scoping.NotAllowed
    seats.take_seats(session=session, people=people, channel=SeatChannel.STAFF)
    emails.tell(session=session, people=people, name="invited")
    return [p for p in people if not p.email]


@transaction.atomic
def registration_remove(*, registration: Registration, by) -> None:
    if not scoping.can_change(by, registration):
        raise scoping.NotAllowed
    seats.release_seat(session=registration.session, person=registration.person)


@transaction.atomic
def attendance_record(*, session: InfoSession, rows, present_ids, by) -> int:
    """Record who came. Those present move to "info session attended" if they had not got that far.

    Returns how many people moved on in the pipeline."""
    _check(by, session)
    for row in rows:
        if not scoping.can_change(by, row):
            raise scoping.NotAllowed
    present = seats.record_attendance(session=seats.locked(session), rows=rows, present_ids=set(present_ids))
    moved = 0
    for row in present:
        for kind in session.kinds:
            profile = getattr(row.person, kind, None) if hasattr(row.person, kind) else None
            if profile is not None and profile.stage in MOVES_FROM:
                stage_change(person=row.person, kind=kind, to="info_session", by=by,
                             note=_("Attended the information session of %(date)s") % {"date": emails.when(session)})
                moved += 1
    return moved


# --- from the applicant's personal link ---------------------------------------------------------------

@transaction.atomic
def register(*, session: InfoSession, person) -> Registration:
    """The person takes a seat themselves. One upcoming information session at a time."""
    from .portal import info_sessions_for  # the same rule that decides what the portal offers

    if not info_sessions_for(person).filter(pk=session.pk).exists():
        raise SeatError(_("This session is not open to you."))
    other = person.info_registrations.filter(session__cancelled=False, session__starts_at__gte=timezone.now()).exclude(
        session=session).select_related("session").first()
    if other is not None:
        raise SeatError(_("You are already registered for the session of %(date)s. Cancel that registration "
                          "first to choose another date.") % {"date": emails.when(other.session)})
    (row,) = seats.take_seats(session=session, people=[person], channel=SeatChannel.LINK)
    emails.tell(session=session, people=[person], name="registered")
    return row


@transaction.atomic
def unregister(*, session: InfoSession, person) -> None:
    seats.release_seat(session=session, person=person)
