"""Moving a duo along its lifecycle (duo.journeys.lifecycle holds the rules).

One use case, `duo_transition`: one transaction that checks who acts and whether the step is
allowed, updates the duo, records a DuoTransition, and for a refusal puts both people back in the
matching pool. Problems raise TransitionError, with a translated message per field; nothing changes.
`duo_transition_by_link` is the same step when a participant's answer through their personal link
moves the duo (duo.journeys.acceptance): the link, not a staff member, is then the permission.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from duo.accounts import scoping
from duo.people import choices as pc
from duo.webhooks.events import emit

from . import lifecycle
from .choices import OPEN_DUO_STATUSES, DuoStatus, EndReason
from .models import Duo, DuoTransition

REFUSAL_SIDES = [("mentee", gettext_lazy("The mentee refused")), ("mentor", gettext_lazy("The mentor refused"))]
assert [v for v, _label in REFUSAL_SIDES] == list(lifecycle.REFUSAL_SIDES)
assert list(EndReason.values) == list(lifecycle.END_REASONS)
# The steps other systems may subscribe to (duo.webhooks): the mentoring starts, the duo is closed.
WEBHOOK_EVENTS = {DuoStatus.ACTIVE: "duo.started", DuoStatus.CLOSED: "duo.closed"}

# What the date of each step is, for the form's label and the timeline.
DATE_LABELS = {
    DuoStatus.INTRODUCED: gettext_lazy("Date of the introduction meeting"),
    DuoStatus.ACCEPTED: gettext_lazy("Date of the second acceptance"),
    DuoStatus.REFUSED: gettext_lazy("Date of the refusal"),
    DuoStatus.AGREEMENT_SIGNED: gettext_lazy("Signature date"),
    DuoStatus.ACTIVE: gettext_lazy("Start date"),
    DuoStatus.COMPLETED: gettext_lazy("End date"),
    DuoStatus.ENDED_EARLY: gettext_lazy("End date"),
    DuoStatus.CLOSED: gettext_lazy("Date of the closing interview"),
}
ACTION_LABELS = {
    DuoStatus.INTRODUCED: gettext_lazy("Introduction held"),
    DuoStatus.ACCEPTED: gettext_lazy("Both accepted"),
    DuoStatus.REFUSED: gettext_lazy("Refused after the introduction"),
    DuoStatus.AGREEMENT_SIGNED: gettext_lazy("Agreement signed"),
    DuoStatus.ACTIVE: gettext_lazy("Mentoring started"),
    DuoStatus.COMPLETED: gettext_lazy("Completed at the planned end"),
    DuoStatus.ENDED_EARLY: gettext_lazy("Ended early"),
    DuoStatus.CLOSED: gettext_lazy("Closed after the closing interview"),
}


class TransitionError(Exception):
    """A step that cannot be taken; `errors` maps form fields to messages in the user's language."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(" ".join(errors.values()))


def reason_choices(target: str) -> list[tuple[str, str]]:
    """The reasons offered for a step (empty when the step asks for none)."""
    if target == DuoStatus.REFUSED:
        return list(REFUSAL_SIDES)
    if target == DuoStatus.ENDED_EARLY:
        return list(EndReason.choices)
    return []


def reason_label(target: str, reason: str) -> str:
    return str(dict(reason_choices(target)).get(reason, reason))


def floor_of(duo: Duo) -> datetime.date:
    """The earliest date the duo's next step may have: its latest step's, its start's, or the match's."""
    last = duo.transitions.order_by("-on").values_list("on", flat=True).first()
    return max(d for d in (duo.matched_on, duo.started_on, last) if d is not None)


def _status_label(value: str) -> str:
    return str(dict(DuoStatus.choices).get(value, value))


def _messages(duo: Duo, target: str, codes: dict[str, str], floor) -> dict[str, str]:
    allowed = lifecycle.allowed(duo.status)
    texts = {
        ("to", "unknown"): _("“%(to)s” is not a status of a duo.") % {"to": target},
        ("to", "illegal"): (
            _("This duo is “%(status)s”: its next step can only be %(next)s.") % {
                "status": _status_label(duo.status), "next": ", ".join(f"“{_status_label(s)}”" for s in allowed)}
            if allowed else
            _("This duo is “%(status)s”: its lifecycle is over, it cannot change any more.") % {
                "status": _status_label(duo.status)}),
        ("reason", "required"): _("Choose a reason."),
        ("reason", "invalid"): _("Choose one of the reasons offered."),
        ("note", "required"): _("Say why, in a few words."),
        ("to", "answers_missing"): _(
            "Both the mentee and the mentor must accept first: record their answers after the introduction."),
        ("on", "required"): _("Give the date."),
        ("on", "future"): _("This date is in the future."),
        ("on", "before_previous"): _("This date is before the duo's previous step (%(day)s).") % {
            "day": date_format(floor) if floor else ""},
        ("on", "before_planned_end"): _(
            "The planned end is %(day)s: a duo that stops well before it has ended early.") % {
            "day": date_format(duo.planned_end_on) if duo.planned_end_on else ""},
    }
    return {field: texts[(field, code)] for field, code in codes.items()}


def _back_to_pool(duo: Duo, by, note: str):
    """After a refusal the mentee waits for a new match, keeping their place in the queue, and the
    mentor is available again unless another open duo keeps them matched."""
    from duo.intake.services import stage_change  # the intake app imports journeys: avoid a cycle

    mentee, mentor = duo.mentee, duo.mentor
    if mentee.stage == pc.MenteeStage.MATCHED:
        ready_on = getattr(mentee, "ready_on", None)
        # "Ready" is reached from "matched" only here: the pipeline's own check refuses it, on purpose.
        stage_change(person=mentee.person, kind="mentee", to=pc.MenteeStage.READY, note=note, by=by, check=False)
        if ready_on is not None:
            # stage_change restarts the waiting time; a refusal should not send the mentee to the back.
            type(mentee).objects.filter(pk=mentee.pk).update(ready_on=ready_on)
    others = Duo.objects.filter(mentor=mentor, status__in=OPEN_DUO_STATUSES).exclude(pk=duo.pk)
    if mentor.stage == pc.MentorStage.MATCHED and not others.exists():
        stage_change(person=mentor.person, kind="mentor", to=pc.MentorStage.READY, note=note, by=by, check=False)


@transaction.atomic
def duo_transition(*, duo: Duo, to: str, reason: str = "", note: str = "", on: datetime.date | None = None,
                   by) -> DuoTransition:
    """Move the duo to `to`, on the date `on` (today if not given), and record the step."""
    if not scoping.can_change(by, duo):
        raise scoping.NotAllowed
    return _move(duo=duo, to=to, reason=reason, note=note, on=on, by=by)


@transaction.atomic
def duo_transition_by_link(*, link, to: str, reason: str = "", note: str = "",
                           on: datetime.date | None = None) -> DuoTransition:
    """The same step, taken because a participant answered through their own personal link (the
    acceptance after the introduction): no staff member acts, so the link is the permission. Only a
    link that still works, for this very duo, and held by one of its two people, may move it."""
    from duo.meetinglog.models import AccessLink  # the meeting log imports journeys: avoid a cycle

    link = AccessLink.objects.select_related("duo__mentor", "duo__mentee").get(pk=link.pk)
    if not link.is_active or link.person_id not in (link.duo.mentor.person_id, link.duo.mentee.person_id):
        raise scoping.NotAllowed
    return _move(duo=link.duo, to=to, reason=reason, note=note, on=on, by=None)


def _move(*, duo: Duo, to: str, reason: str, note: str, on: datetime.date | None, by) -> DuoTransition:
    """The step itself, once who acts has been checked by the caller."""
    duo = Duo.objects.select_for_update().select_related("mentee__person", "mentor__person", "antenna").get(pk=duo.pk)
    today = timezone.localdate()
    on = on or today
    note = (note or "").strip()
    floor = floor_of(duo)
    codes = lifecycle.problems(duo.status, to, reason=reason, note=note, on=on, today=today, floor=floor,
                               planned_end=duo.planned_end_on)
    if not codes and to == DuoStatus.ACCEPTED and duo.introduction_answers.filter(accepted=True).count() < 2:
        # "Both accepted" is a fact about the two answers, never a status set by hand.
        codes = {"to": "answers_missing"}
    if codes:
        raise TransitionError(_messages(duo, to, codes, floor))
    previous = duo.status
    duo.status = to
    if to == DuoStatus.ACTIVE:
        # The six months count from the first mentoring meeting after the signature, not the signature itself:
        # the two are often weeks apart, and the planned end and the alerts follow the actual mentoring.
        duo.started_on = on
        duo.planned_end_on = lifecycle.add_months(on, duo.antenna.mentoring_months or lifecycle.MENTORING_MONTHS)
    elif to in (DuoStatus.COMPLETED, DuoStatus.ENDED_EARLY):
        duo.ended_on = on
        duo.end_reason = reason if to == DuoStatus.ENDED_EARLY else ""
    # A plain save, so the matching app's post_save signal blocks pairs that ended badly.
    duo.save()
    if to == DuoStatus.ACTIVE:
        from duo.followup.services import checkins_schedule  # followup imports journeys: avoid a cycle

        checkins_schedule(duo=duo)
    if to == DuoStatus.REFUSED:
        _back_to_pool(duo, by, _("Refused after the introduction"))
    if to in WEBHOOK_EVENTS:
        emit(WEBHOOK_EVENTS[to], {"duo_id": duo.pk, "antenna": duo.antenna.code})
    return DuoTransition.objects.create(duo=duo, from_status=previous, to_status=to, reason=reason, note=note,
                                        on=on, by=by if by is not None and by.is_authenticated else None)


def timeline(duo: Duo):
    """The duo's steps, newest first, with who recorded them."""
    return duo.transitions.select_related("by").order_by("-on", "-at", "-id")
