"""Closing a duo, a person's history across duos, and the coordinator's calendar feed.

`closing_interview_record` is the one use case: it records the closing interview's checklist and
the mentor's answer to the offer of a new duo, and moves the duo to "closed" through
duo.journeys.transitions (so the step is checked and recorded like every other). The two reads
feed the person page and the .ics feed.
"""

from __future__ import annotations

import datetime

import icalendar
from django.db import transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from duo.accounts import scoping
from duo.people import choices as pc

from . import transitions
from .choices import OPEN_DUO_STATUSES, DuoStatus
from .models import ClosingInterview, Duo, ReEnrolAnswer

# Only a duo that has ended can be closed: the lifecycle allows "closed" from these two alone.
CLOSABLE = (DuoStatus.COMPLETED, DuoStatus.ENDED_EARLY)
CHECKLIST = ("mentee_heard", "mentor_heard", "outcome_recorded", "thanks_sent", "survey_proposed", "consent_checked")


class ClosureError(Exception):
    """The interview cannot be recorded; `errors` maps form fields (None: the whole form) to messages."""

    def __init__(self, errors: dict):
        self.errors = errors
        super().__init__(" ".join(str(m) for m in errors.values()))


def closable(duo: Duo) -> bool:
    return duo.status in CLOSABLE


def not_closable_message(duo: Duo) -> str:
    return _("This duo is “%(status)s”: only a completed duo, or one that ended early, can be closed.") % {
        "status": duo.get_status_display()}


def _answer_problems(*, offered, answer, later_on, reason, held_on) -> dict:
    errors = {}
    if not offered:
        return errors
    if answer not in ReEnrolAnswer.values:
        errors["reenrol_answer"] = _("Record the mentor's answer.")
    elif answer == ReEnrolAnswer.LATER:
        if later_on is None:
            errors["reenrol_on"] = _("Give the date to ask the mentor again.")
        elif held_on and later_on <= held_on:
            errors["reenrol_on"] = _("This date should come after the closing interview.")
    elif answer == ReEnrolAnswer.NO and not (reason or "").strip():
        errors["reenrol_reason"] = _("Say why, in a few words.")
    return errors


def _mentor_back_to_pool(duo: Duo, by):
    """A mentor who wants a new duo now is ready for matching again, unless another open duo keeps
    them matched (the matching accepts matched mentors below their maximum anyway)."""
    from duo.intake.services import stage_change  # the intake app imports journeys: avoid a cycle

    mentor = duo.mentor
    others = Duo.objects.filter(mentor=mentor, status__in=OPEN_DUO_STATUSES).exclude(pk=duo.pk)
    if mentor.stage == pc.MentorStage.MATCHED and not others.exists():
        # "Ready" from "matched" is refused by the pipeline's own check, on purpose: only the system does it.
        stage_change(person=mentor.person, kind="mentor", to=pc.MentorStage.READY,
                     note=_("Wants a new duo after the closing interview"), by=by, check=False)


@transaction.atomic
def closing_interview_record(*, duo: Duo, by, held_on: datetime.date, note: str = "",
                             reenrol_offered: bool = True, reenrol_answer: str = "",
                             reenrol_on: datetime.date | None = None, reenrol_reason: str = "",
                             **checklist) -> ClosingInterview:
    """Record the closing interview and close the duo; raises ClosureError and changes nothing on bad input."""
    if not scoping.can_change(by, duo):
        raise scoping.NotAllowed
    unknown = set(checklist) - set(CHECKLIST)
    if unknown:
        raise TypeError(f"unknown checklist items: {sorted(unknown)}")
    duo = Duo.objects.select_for_update().select_related("mentor__person").get(pk=duo.pk)
    if not closable(duo):
        raise ClosureError({None: not_closable_message(duo)})
    errors = _answer_problems(offered=reenrol_offered, answer=reenrol_answer, later_on=reenrol_on,
                              reason=reenrol_reason, held_on=held_on)
    if errors:
        raise ClosureError(errors)
    note = (note or "").strip()
    try:
        transitions.duo_transition(duo=duo, to=DuoStatus.CLOSED, on=held_on, note=note, by=by)
    except transitions.TransitionError as error:
        # The step's date is the interview's date; other problems concern the whole form.
        raise ClosureError({("held_on" if field == "on" else None): message
                            for field, message in error.errors.items()})
    if not reenrol_offered:
        reenrol_answer = ""
    interview = ClosingInterview.objects.create(
        duo=duo, held_on=held_on, note=note, reenrol_offered=reenrol_offered, reenrol_answer=reenrol_answer,
        reenrol_on=reenrol_on if reenrol_answer == ReEnrolAnswer.LATER else None,
        reenrol_reason=reenrol_reason.strip() if reenrol_answer == ReEnrolAnswer.NO else "",
        recorded_by=by if by is not None and by.is_authenticated else None,
        **{item: bool(checklist.get(item)) for item in CHECKLIST},
    )
    if reenrol_answer == ReEnrolAnswer.YES_NOW:
        _mentor_back_to_pool(duo, by)
    return interview


def person_history(*, user, person) -> list[dict]:
    """Every duo the user may see where the person was mentor or mentee, newest first, with counts."""
    rows = []
    for side in ("mentor", "mentee"):
        profile = getattr(person, side, None)
        if profile is None:
            continue
        duos = (scoping.scope(user, Duo.objects.filter(**{side: profile}))
                .select_related("mentor__person", "mentee__person", "antenna")
                .annotate(meeting_count=Count("meetings", distinct=True),
                          transition_count=Count("transitions", distinct=True))
                .prefetch_related("outcomes"))
        for duo in duos:
            other = duo.mentee if side == "mentor" else duo.mentor
            rows.append({"duo": duo, "side": side, "other": other, "outcomes": list(duo.outcomes.all())})
    rows.sort(key=lambda r: (r["duo"].matched_on, r["duo"].pk), reverse=True)
    return rows


def _all_day(uid: str, day: datetime.date, summary: str, description: str) -> icalendar.Event:
    ev = icalendar.Event()
    ev.add("uid", uid)
    ev.add("dtstamp", datetime.datetime.now(datetime.timezone.utc))
    ev.add("dtstart", day)
    ev.add("dtend", day + datetime.timedelta(days=1))
    ev.add("summary", summary)
    ev.add("description", description)
    ev.add("transp", "TRANSPARENT")  # a reminder, not a meeting: it does not make the day busy
    return ev


def _first_names(duo) -> str:
    # A calendar travels to phones and other companies' servers: first names are enough to know whom.
    return f"{duo.mentor.person.first_name} & {duo.mentee.person.first_name}"


def _session_event(session, uid: str) -> icalendar.Event:
    """A peer-exchange session: at its time when known (it makes the slot busy), else all day."""
    title = _("Peer exchange: %(antenna)s") % {"antenna": session.antenna}
    if session.theme:
        title = f"{title} ({session.theme})"
    details = [_("Mentors' peer-exchange session."), session.get_mode_display()]
    if session.starts_at is None:
        ev = _all_day(uid, session.held_on, title, " ".join(str(d) for d in details))
    else:
        ev = icalendar.Event()
        start = timezone.make_aware(datetime.datetime.combine(session.held_on, session.starts_at))
        ev.add("uid", uid)
        ev.add("dtstamp", datetime.datetime.now(datetime.timezone.utc))
        ev.add("dtstart", start.astimezone(datetime.timezone.utc))
        end = start + datetime.timedelta(minutes=session.duration_minutes)
        ev.add("dtend", end.astimezone(datetime.timezone.utc))
        ev.add("summary", title)
        ev.add("description", " ".join(str(d) for d in details))
    if session.place:
        ev.add("location", session.place)
    return ev


# What the feed reads of a duo: first names and the antenna's name, never a whole (partly encrypted) file.
_DUO_FIELDS = ("planned_end_on", "mentor__person__first_name", "mentee__person__first_name", "antenna__name")
# Past events kept in the feed: enough to look back on the last weeks, not the whole history.
CALENDAR_PAST_DAYS = 90


def coordinator_calendar(*, user, host: str = "duo", language: str | None = None) -> bytes:
    """The .ics feed of the user's antennas, as the user may see them: planned ends of active duos,
    the dates to ask mentors again about a new duo, the check-ins not done yet of active duos, and
    the peer-exchange sessions. Duos are named by first names only. Served to the logged-in user
    (journeys:ics) and, with the owner's permissions, at a personal subscription URL
    (duo.calendarfeed)."""
    from duo.followup.models import CheckIn
    from duo.peerexchange import queries as peer_queries

    language = language or translation.get_language() or "en"
    with translation.override(language):
        cal = icalendar.Calendar()
        cal.add("prodid", "-//Duo//Duos//%s" % language.upper())
        cal.add("version", "2.0")
        cal.add("x-wr-calname", _("Duo: my duos"))
        today = timezone.localdate()
        since = today - datetime.timedelta(days=CALENDAR_PAST_DAYS)
        active = (scoping.scope(user, Duo.objects.filter(status=DuoStatus.ACTIVE, planned_end_on__isnull=False))
                  .select_related("mentor__person", "mentee__person", "antenna").only(*_DUO_FIELDS)
                  .order_by("planned_end_on", "pk"))
        for duo in active:
            cal.add_component(_all_day(
                f"duo-{duo.pk}-planned-end@{host}", duo.planned_end_on,
                _("Planned end: %(duo)s") % {"duo": _first_names(duo)},
                _("Antenna: %(antenna)s. Plan the closing interview.") % {"antenna": duo.antenna}))
        later = (scoping.scope(user, ClosingInterview.objects.filter(reenrol_answer=ReEnrolAnswer.LATER,
                                                                     reenrol_on__gte=today))
                 .select_related("duo__mentor__person", "duo__antenna")
                 .only("reenrol_on", *(f"duo__{f}" for f in _DUO_FIELDS if not f.startswith("mentee")))
                 .order_by("reenrol_on", "pk"))
        for interview in later:
            cal.add_component(_all_day(
                f"closing-{interview.pk}-ask-again@{host}", interview.reenrol_on,
                _("Ask %(mentor)s again about a new duo") % {"mentor": interview.duo.mentor.person.first_name},
                _("Antenna: %(antenna)s.") % {"antenna": interview.duo.antenna}))
        checkins = (scoping.scope(user, CheckIn.objects.filter(done_on__isnull=True, due_on__gte=since,
                                                               duo__status=DuoStatus.ACTIVE))
                    .select_related("duo__mentor__person", "duo__mentee__person", "duo__antenna")
                    .only("kind", "due_on", *(f"duo__{f}" for f in _DUO_FIELDS)).order_by("due_on", "pk"))
        for checkin in checkins:
            cal.add_component(_all_day(
                f"checkin-{checkin.pk}@{host}", checkin.due_on,
                _("Check-in (%(kind)s): %(duo)s") % {"kind": checkin.get_kind_display(),
                                                     "duo": _first_names(checkin.duo)},
                _("Antenna: %(antenna)s. Call the duo and mark the check-in done.") % {"antenna": checkin.duo.antenna}))
        for session in peer_queries.sessions(user).filter(held_on__gte=since).order_by("held_on", "pk"):
            cal.add_component(_session_event(session, f"peer-session-{session.pk}@{host}"))
        return cal.to_ical()
