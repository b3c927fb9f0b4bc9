"""Use cases of mentor training. Each function is one transaction and checks who is acting.

Staff functions take `by`; portal functions take the `person` whose signed link opened the page.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duo.accounts import scoping
from duo.infosession import emails, seats
from duo.infosession.choices import SeatChannel
from duo.infosession.seats import SeatError
from duo.intake.services import stage_change

from .models import Attendance, Evaluation, TrainingSession
from .queries import required_modules_missing

# Completing the required modules moves a mentor to "training completed" from these stages only.
MOVES_FROM = ("applied", "contacted", "info_session", "intake_done")


def _check(by, session):
    if not scoping.can_change(by, session if session.pk else TrainingSession):
        raise scoping.NotAllowed


@transaction.atomic
def session_save(*, session: TrainingSession, by) -> TrainingSession:
    """Create or change a session. People already registered are told of a new time or place."""
    _check(by, session)
    new_module = session.pk is None or TrainingSession.objects.filter(pk=session.pk).exclude(
        module_id=session.module_id).exists()
    if new_module and not session.module.active:
        raise SeatError(_("The module “%(module)s” is no longer offered.") % {"module": session.module})
    if new_module and session.pk and session.attendances.exists():
        # Attendance says which module a mentor has done: it cannot change under their feet.
        raise SeatError(_("People are already registered: the module of the session cannot change."))
    changed = seats.save_session(session=session, by=by)
    if changed and session.is_open:
        people = [r.person for r in session.attendances.select_related("person")]
        emails.tell(session=session, people=people, name="changed")
    return session


@transaction.atomic
def session_cancel(*, session: TrainingSession, by) -> int:
    _check(by, session)
    people = seats.cancel_session(session=session)
    session.refresh_from_db()
    return emails.tell(session=session, people=people, name="cancelled")


@transaction.atomic
def invite(*, session: TrainingSession, people, by) -> list:
    """Register the chosen mentors and send each an invitation with a calendar file (the seat is
    reserved, as for information sessions). Returns the people without an email address."""
    _check(by, session)
    people = list(people)
    for person in people:
        if person.antenna_id != session.antenna_id or not scoping.can_change(by, person):
            raise scoping.NotAllowed
        if not hasattr(person, "mentor"):
            raise SeatError(_("%(name)s is not a mentor.") % {"name": person})
    seats.take_seats(session=session, people=people, channel=SeatChannel.STAFF)
    emails.tell(session=session, people=people, name="invited")
    return [p for p in people if not p.email]


@transaction.atomic
def attendance_remove(*, attendance: Attendance, by) -> None:
    if not scoping.can_change(by, attendance):
        raise scoping.NotAllowed
    seats.release_seat(session=attendance.session, person=attendance.person)


def complete_if_done(*, person, by) -> bool:
    """Move a mentor to "training completed" once no required module is missing. True if moved."""
    profile = getattr(person, "mentor", None) if hasattr(person, "mentor") else None
    if profile is None or profile.stage not in MOVES_FROM or required_modules_missing(person).exists():
        return False
    stage_change(person=person, kind="mentor", to="training_done", by=by,
                 note=_("Every required training module attended"))
    return True


@transaction.atomic
def attendance_record(*, session: TrainingSession, rows, present_ids, by) -> int:
    """Record who came. Returns how many mentors completed their training with this session."""
    _check(by, session)
    for row in rows:
        if not scoping.can_change(by, row):
            raise scoping.NotAllowed
    present = seats.record_attendance(session=seats.locked(session), rows=rows, present_ids=set(present_ids))
    return sum(complete_if_done(person=row.person, by=by) for row in present)


# --- from the mentor's personal link ---------------------------------------------------------------

@transaction.atomic
def register(*, session: TrainingSession, person) -> Attendance:
    """The mentor takes a seat. One upcoming session per module at a time."""
    from duo.infosession.portal import training_sessions_for

    if not training_sessions_for(person).filter(pk=session.pk).exists():
        raise SeatError(_("This session is not open to you."))
    other = person.training_attendances.filter(
        session__module_id=session.module_id, session__cancelled=False, session__starts_at__gte=timezone.now(),
    ).exclude(session=session).select_related("session").first()
    if other is not None:
        raise SeatError(_("You are already registered for this module on %(date)s. Cancel that registration "
                          "first to choose another date.") % {"date": emails.when(other.session)})
    (row,) = seats.take_seats(session=session, people=[person], channel=SeatChannel.LINK)
    emails.tell(session=session, people=[person], name="registered")
    return row


@transaction.atomic
def unregister(*, session: TrainingSession, person) -> None:
    seats.release_seat(session=session, person=person)


@transaction.atomic
def evaluation_submit(*, session: TrainingSession, person, usefulness: int, clarity: int,
                      comment: str = "") -> Evaluation:
    """The mentor's evaluation of a session they attended. One per session: a second is refused."""
    if not session.attendances.filter(person=person, attended=True).exists():
        raise SeatError(_("Only people who attended this session can evaluate it."))
    if Evaluation.objects.filter(person=person, session=session).exists():
        raise SeatError(_("You have already evaluated this session. Thank you!"))
    try:
        with transaction.atomic():
            return Evaluation.objects.create(person=person, session=session, usefulness=usefulness,
                                             clarity=clarity, comment=comment.strip())
    except IntegrityError:  # the same form sent twice at the same moment
        raise SeatError(_("You have already evaluated this session. Thank you!"))
