"""Peer-exchange use cases: planning a session (and inviting its mentors), inviting more, taking
attendance, cancelling.

Each is one transaction. Bad input raises PeerExchangeError with a translated message per field
and changes nothing; acting outside one's antennas raises scoping.NotAllowed (the views answer 404).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from duo.accounts import roles, scoping
from duo.journeys.choices import OPEN_DUO_STATUSES, MeetingMode
from duo.journeys.models import Duo
from duo.organisation.models import Antenna
from duo.people.models import MentorProfile

from .models import Attendance, PeerSession

MAX_MINUTES = 8 * 60


class PeerExchangeError(Exception):
    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(" ".join(str(v) for v in errors.values()))


def _may_change(user, antenna) -> bool:
    """Sessions are not personal, but who is invited is: the same right as changing people there."""
    return (scoping.has(user, roles.PEOPLE_CHANGE)
            and scoping.scope(user, Antenna.objects.filter(pk=antenna.pk)).exists())


def mentors_open_on(antenna, day: datetime.date):
    """Mentors with an open duo in the antenna on that day: a duo matched by then and still open
    today, or one that had started by then and ended on or after it (a session planned afterwards)."""
    running = (Q(status__in=OPEN_DUO_STATUSES, matched_on__lte=day)
               | Q(started_on__lte=day, ended_on__gte=day))
    duos = Duo.objects.filter(running, antenna=antenna)
    return MentorProfile.objects.filter(pk__in=duos.values("mentor_id"))


@transaction.atomic
def session_plan(*, antenna, held_on: datetime.date | None, starts_at: datetime.time | None = None,
                 duration_minutes: int | None = 120, mode: str = MeetingMode.IN_PERSON, place: str = "",
                 theme: str = "", note: str = "", by) -> PeerSession:
    """Create the session and invite every mentor with an open duo in the antenna on that date."""
    if antenna is None or not _may_change(by, antenna):
        raise scoping.NotAllowed
    errors = {}
    if held_on is None:
        errors["held_on"] = _("Give the date.")
    if not duration_minutes or not 0 < duration_minutes <= MAX_MINUTES:
        errors["duration_minutes"] = _("Give a duration between 1 and %(max)s minutes.") % {"max": MAX_MINUTES}
    if mode not in MeetingMode.values:
        errors["mode"] = _("Choose how the session takes place.")
    if errors:
        raise PeerExchangeError(errors)
    session = PeerSession.objects.create(
        antenna=antenna, held_on=held_on, starts_at=starts_at, duration_minutes=duration_minutes, mode=mode,
        place=(place or "").strip(), theme=(theme or "").strip(), note=(note or "").strip(), created_by=by)
    mentor_ids = mentors_open_on(antenna, held_on).values_list("pk", flat=True)
    Attendance.objects.bulk_create([Attendance(session=session, mentor_id=pk) for pk in mentor_ids])
    return session


@transaction.atomic
def session_invite(*, session: PeerSession, mentors, by) -> int:
    """Invite more mentors (of the user's antennas); those already invited are left as they are.
    Returns how many were added."""
    if not _may_change(by, session.antenna):
        raise scoping.NotAllowed
    ids = {m.pk if isinstance(m, MentorProfile) else int(m) for m in mentors}
    if not ids:
        raise PeerExchangeError({"mentors": _("Choose at least one mentor.")})
    visible = set(scoping.scope(by, MentorProfile.objects.filter(pk__in=ids)).values_list("pk", flat=True))
    if visible != ids:
        raise scoping.NotAllowed
    already = set(session.attendances.values_list("mentor_id", flat=True))
    added = Attendance.objects.bulk_create([Attendance(session=session, mentor_id=pk) for pk in sorted(ids - already)])
    return len(added)


@transaction.atomic
def attendance_record(*, session: PeerSession, present, by) -> tuple[int, int]:
    """Record who came: the invited mentors in `present` (mentor ids) attended, the others did not.
    Taking it again corrects it. Returns (attended, invited)."""
    if not _may_change(by, session.antenna):
        raise scoping.NotAllowed
    session = PeerSession.objects.select_for_update().get(pk=session.pk)
    if not session.has_taken_place:
        raise PeerExchangeError({"__all__": _(
            "This session has not taken place yet (%(day)s): attendance can be taken once it has.")
            % {"day": session.held_on.strftime("%d/%m/%Y")}})
    present = {int(pk) for pk in present}
    invited = set(session.attendances.values_list("mentor_id", flat=True))
    if present - invited:
        raise PeerExchangeError({"present": _("Only invited mentors can be marked present: invite them first.")})
    rows = session.attendances.all()
    rows.filter(mentor_id__in=present).exclude(attended=True).update(attended=True)
    rows.exclude(mentor_id__in=present).exclude(attended=False).update(attended=False)
    return len(present), len(invited)


@transaction.atomic
def session_cancel(*, session: PeerSession, by) -> None:
    """Remove a session that will not take place, with its invitations. Once attendance is taken
    the session happened: it stays, and only its attendance can be corrected."""
    if not _may_change(by, session.antenna):
        raise scoping.NotAllowed
    if session.attendances.filter(attended__isnull=False).exists():
        raise PeerExchangeError({"__all__": _("Attendance was taken for this session: it took place and cannot "
                                              "be cancelled.")})
    session.delete()
