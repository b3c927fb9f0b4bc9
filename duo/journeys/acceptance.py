"""The 24 hours after the introduction: each side accepts or refuses, and the duo moves on.

One use case, `introduction_answer`: one side's answer, given through the participant's personal
link or told to a staff member (by phone, say). Once both have accepted the duo becomes "Both
accepted"; a refusal makes it "Refused" at once (the mentee goes back to the pool, the mentor is
free again). Both moves go through duo.journeys.transitions, so they are in the duo's timeline.
Problems raise AnswerError, with a translated message per field; nothing changes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from duo.accounts import scoping

from . import transitions
from .choices import AnswerSide, AnswerVia, DuoStatus
from .models import Duo, IntroductionAnswer

# Each side has 24 hours after the introduction to answer (DESIGN §3, step 5).
ANSWER_DAYS = 1


class AnswerError(Exception):
    """An answer that cannot be recorded; `errors` maps form fields (or None) to messages."""

    def __init__(self, errors: dict[str | None, str]):
        self.errors = errors
        super().__init__(" ".join(errors.values()))


def introduced_on(duo) -> datetime.date | None:
    """The date of the introduction meeting, from the duo's timeline (None for a duo with no such step)."""
    return (duo.transitions.filter(to_status=DuoStatus.INTRODUCED).order_by("-on")
            .values_list("on", flat=True).first())


def answer_deadline(introduced: datetime.date) -> datetime.date:
    """The last day an answer counts as given within 24 hours.

    Only the introduction's date is recorded, not its time of day: "within 24 hours" is read as
    "by the end of the next day", so that an answer given in time is never counted late."""
    return introduced + datetime.timedelta(days=ANSWER_DAYS)


def is_on_time(answered_at: datetime.datetime, introduced: datetime.date | None) -> bool | None:
    if introduced is None:
        return None
    return timezone.localdate(answered_at) <= answer_deadline(introduced)


def side_of(duo, person) -> str | None:
    if person.pk == duo.mentee.person_id:
        return AnswerSide.MENTEE
    if person.pk == duo.mentor.person_id:
        return AnswerSide.MENTOR
    return None


def _check_acting(duo, side, via, by, link):
    if via == AnswerVia.STAFF:
        if not scoping.can_change(by, duo):
            raise scoping.NotAllowed
    elif via == AnswerVia.LINK:
        # A participant answers only for themselves, in their own duo, with a link that still works.
        if link is None or link.duo_id != duo.pk or not link.is_active or side_of(duo, link.person) != side:
            raise scoping.NotAllowed
    else:
        raise ValueError(f"unknown channel {via!r}")


@transaction.atomic
def introduction_answer(*, duo: Duo, side: str, accepted: bool, note: str = "", via: str, by,
                        at: datetime.datetime | None = None, link=None) -> IntroductionAnswer:
    """Record `side`'s answer, given at `at` (now if not given), and move the duo on when it is decided.

    `via` is "staff" (`by` is the staff member recording it) or "link" (`link` is the participant's
    AccessLink, `by` is None). A staff member may correct an answer while the duo awaits the other;
    through the link each side answers once."""
    _check_acting(duo, side, via, by, link)
    # Locked: two answers arriving together must not both think the other is still missing.
    duo = Duo.objects.select_for_update().select_related("mentee", "mentor").get(pk=duo.pk)
    now = timezone.now()
    at = at or now
    note = (note or "").strip()
    introduced = introduced_on(duo)
    existing = duo.introduction_answers.filter(side=side).first()
    errors: dict[str | None, str] = {}
    if duo.status != DuoStatus.INTRODUCED:
        errors[None] = _("This duo is “%(status)s”: answers after the introduction are no longer taken.") % {
            "status": duo.get_status_display()}
    elif existing is not None and via == AnswerVia.LINK:
        errors[None] = _("Your answer is already recorded. To change it, please call your coordinator.")
    if side not in AnswerSide.values:
        errors["side"] = _("Choose the mentee or the mentor.")
    if not accepted and not note:
        errors["note"] = _("Say why, in a few words.")
    if at > now:
        errors["answered_at"] = _("This is in the future.")
    elif introduced is not None and timezone.localdate(at) < introduced:
        errors["answered_at"] = _("This is before the introduction (%(day)s).") % {"day": date_format(introduced)}
    if errors:
        raise AnswerError(errors)
    answer, _created = IntroductionAnswer.objects.update_or_create(
        duo=duo, side=side,
        defaults={"accepted": accepted, "note": note, "answered_at": at, "via": via,
                  "recorded_by": by if via == AnswerVia.STAFF else None})
    answers = list(duo.introduction_answers.all())
    if not accepted:
        _move(duo, DuoStatus.REFUSED, reason=side, note=note, on=timezone.localdate(at), by=by, link=link)
    elif len(answers) == 2 and all(a.accepted for a in answers):
        on = max(timezone.localdate(a.answered_at) for a in answers)
        _move(duo, DuoStatus.ACCEPTED, on=on, by=by, link=link)
    return answer


def _move(duo, to, *, on, by, link, reason="", note=""):
    try:
        if link is not None:
            transitions.duo_transition_by_link(link=link, to=to, reason=reason, note=note, on=on)
        else:
            transitions.duo_transition(duo=duo, to=to, reason=reason, note=note, on=on, by=by)
    except transitions.TransitionError as error:
        # The step's date is the answer's: say so on the answer's own field.
        raise AnswerError({("answered_at" if field == "on" else None): message
                           for field, message in error.errors.items()}) from error


# --- reads --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SideAnswer:
    side: str
    label: str
    person: object
    answer: IntroductionAnswer | None
    on_time: bool | None

    @property
    def state(self) -> str:
        """"awaited", "accepted" or "refused"."""
        if self.answer is None:
            return "awaited"
        return "accepted" if self.answer.accepted else "refused"


def answers_of(duo) -> list[SideAnswer]:
    """Both sides' answers after the introduction, mentee first, each with whether it came in time."""
    introduced = introduced_on(duo)
    found = {a.side: a for a in duo.introduction_answers.select_related("recorded_by")}
    people = {AnswerSide.MENTEE: duo.mentee.person, AnswerSide.MENTOR: duo.mentor.person}
    return [SideAnswer(side, label, people[side], found.get(side),
                       is_on_time(found[side].answered_at, introduced) if side in found else None)
            for side, label in AnswerSide.choices]


def acceptance_alerts(duos, today: datetime.date) -> list:
    """Duos introduced before yesterday whose answers are not all in: the 24 hours are over.
    Registered in duo.followup.queries.alert_sources(); `duos` is the user's duos."""
    from duo.followup.queries import Alert  # the follow-up app imports this module late: no cycle

    late = (duos.filter(status=DuoStatus.INTRODUCED)
            .annotate(introduced_on=Max("transitions__on", filter=Q(transitions__to_status=DuoStatus.INTRODUCED)),
                      answers=Count("introduction_answers", distinct=True))
            .annotate(since=Coalesce("introduced_on", "matched_on"))
            .filter(since__lt=today - datetime.timedelta(days=ANSWER_DAYS), answers__lt=2))
    late = list(late)
    answered: dict[int, set[str]] = {}
    for duo_id, side in IntroductionAnswer.objects.filter(duo__in=[d.pk for d in late]).values_list("duo_id", "side"):
        answered.setdefault(duo_id, set()).add(side)
    texts = {
        frozenset(): _("Introduced %(n)s days ago: neither the mentee nor the mentor has answered yet."),
        frozenset({AnswerSide.MENTOR}): _("Introduced %(n)s days ago: the mentee has not answered yet."),
        frozenset({AnswerSide.MENTEE}): _("Introduced %(n)s days ago: the mentor has not answered yet."),
    }
    return [Alert(duo, "acceptance", texts[frozenset(answered.get(duo.pk, ()))] % {"n": (today - duo.since).days},
                  duo.since) for duo in late]
