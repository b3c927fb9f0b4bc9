"""When each survey falls due, counted from each duo's dates, and which invitations are due today.

RULES is the one table to change: which instrument (by kind) a duo calls for, for whom, from which of its
dates and how many months after. `due_dates` applies it to a duo's dates without touching the database
(tested with hypothesis); `invitations_due` finds what is due in the database and not yet invited.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from duo.journeys import lifecycle
from duo.journeys.lifecycle import add_months
from duo.journeys.models import Duo
from duo.people.choices import Channel, ConsentPurpose
from duo.people import consent
from duo.people.models import MentorProfile, Person, encrypted_paths
from duo.privacy.context import Actor, acting_as

from . import emails, responses
from .models import (INVITATION_DAYS, REMINDERS, Audience, Instrument, InstrumentKind, Invitation, InvitationStatus,
                     Response, VersionStatus)

# A first run on a database of past years must not email people about surveys that fell due long ago:
# only what fell due in the last CATCH_UP_DAYS is invited (a missed day or week of runs is caught up).
CATCH_UP_DAYS = 30

START, END, TRAINING = "start", "end", "training"
# Which duos call for a survey at their end: every ended duo, only those that reached their term, or only
# those that stopped early.
ENDED, COMPLETED, ENDED_EARLY = "ended", "completed", "ended_early"


@dataclass(frozen=True)
class Rule:
    kind: str
    side: str  # Audience: who in the duo is asked (must match the instrument's audience)
    anchor: str  # START, END or TRAINING (the mentor's training completion, no duo)
    months: int = 0
    when: str = ""  # for END: ENDED, COMPLETED or ENDED_EARLY


RULES = (
    Rule(InstrumentKind.MENTEE_BASELINE, Audience.MENTEE, START),
    Rule(InstrumentKind.PAIRING_FIT, Audience.MENTEE, START, months=1),
    Rule(InstrumentKind.MENTEE_END, Audience.MENTEE, END, when=COMPLETED),
    Rule(InstrumentKind.MENTOR_END, Audience.MENTOR, END, when=COMPLETED),
    Rule(InstrumentKind.WHY_ENDED, Audience.MENTEE, END, when=ENDED_EARLY),
    # What became of the mentee matters as much after an early end (often a job found early).
    Rule(InstrumentKind.MENTEE_FOLLOWUP_6M, Audience.MENTEE, END, months=6, when=ENDED),
    Rule(InstrumentKind.MENTEE_FOLLOWUP_12M, Audience.MENTEE, END, months=12, when=ENDED),
    Rule(InstrumentKind.TRAINING_EVALUATION, Audience.MENTOR, TRAINING),
)
DUO_RULES = tuple(r for r in RULES if r.anchor != TRAINING)
LONGEST_AFTER_END = max(r.months for r in RULES if r.anchor == END)
LONGEST_AFTER_START = max(r.months for r in RULES if r.anchor == START)
LONGEST_AFTER_TRAINING = max(r.months for r in RULES if r.anchor == TRAINING)


@dataclass(frozen=True)
class Due:
    kind: str
    side: str
    due_on: datetime.date


def ending(status: str, end_reason: str, ended_on: datetime.date | None) -> str:
    """COMPLETED, ENDED_EARLY, or "" for a duo that has not ended. A closed duo was closed from one of the
    two: an early end always has its reason recorded, a completion never does."""
    if ended_on is None:
        return ""
    if status == lifecycle.COMPLETED or (status == lifecycle.CLOSED and not end_reason):
        return COMPLETED
    if status == lifecycle.ENDED_EARLY or (status == lifecycle.CLOSED and end_reason):
        return ENDED_EARLY
    return ""


def due_dates(*, status: str, started_on: datetime.date | None, ended_on: datetime.date | None,
              end_reason: str = "") -> list[Due]:
    """The surveys a duo calls for, with the day each falls due (past or future), from its dates alone."""
    how = ending(status, end_reason, ended_on)
    found = []
    for rule in DUO_RULES:
        if rule.anchor == START:
            if started_on is None:
                continue
            day = add_months(started_on, rule.months)
            # A duo that ended before the check-in has no pairing left to ask about.
            if rule.months and ended_on is not None and ended_on <= day:
                continue
        else:
            if not how or (rule.when != ENDED and rule.when != how):
                continue
            day = add_months(ended_on, rule.months)
        found.append(Due(rule.kind, rule.side, day))
    return found


def training_due(training_completed_on: datetime.date | None) -> list[Due]:
    return [Due(r.kind, r.side, add_months(training_completed_on, r.months))
            for r in RULES if r.anchor == TRAINING and training_completed_on is not None]


def in_window(day: datetime.date, today: datetime.date, window_days: int = CATCH_UP_DAYS) -> bool:
    return today - datetime.timedelta(days=window_days) < day <= today


# --- consent ----------------------------------------------------------------------------------------------


def refused_among(person_ids) -> set[int]:
    """Those of these people whose latest surveys consent is a refusal. No record at all is not a refusal:
    people imported from earlier records may never have been asked on the platform."""
    return set(consent.withdrawn_ids(ConsentPurpose.SURVEYS, among=list(person_ids)))


def surveys_refused(person) -> bool:
    """Whether the person's current position on surveys is "no" (their latest record for the purpose)."""
    return not consent.granted(person, ConsentPurpose.SURVEYS)


# --- what is due in the database ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Pending:
    """An invitation to create: who, for which instrument, about which duo (None for the training)."""

    instrument: object
    person: object
    duo: object
    due_on: datetime.date


def instruments_by_kind() -> dict:
    """The instrument asked for each kind: the first (by code) that has a published version."""
    found = {}
    for instrument in Instrument.objects.filter(versions__status=VersionStatus.PUBLISHED).distinct().order_by("code"):
        found.setdefault(instrument.kind, instrument)
    return found


def invitations_due(today: datetime.date, *, window_days: int = CATCH_UP_DAYS) -> list[Pending]:
    """Every survey due in the window ending today and not yet asked: never twice the same person for the
    same kind of survey and duo (an answer imported from paper counts), nobody who refused surveys."""
    instruments = instruments_by_kind()
    since = today - datetime.timedelta(days=window_days)
    duos = (Duo.objects.filter(Q(started_on__gt=add_months(since, -LONGEST_AFTER_START), started_on__lte=today)
                               | Q(ended_on__gt=add_months(since, -LONGEST_AFTER_END), ended_on__lte=today))
            .select_related("mentee__person", "mentor__person", "antenna")
            # Nobody's special-category fields are needed to invite them: not decrypted for nothing.
            .defer(*encrypted_paths("mentee__person", "mentor__person")))
    wanted = []
    for duo in duos:
        for due in due_dates(status=duo.status, started_on=duo.started_on, ended_on=duo.ended_on,
                             end_reason=duo.end_reason):
            if due.kind in instruments and in_window(due.due_on, today, window_days):
                person = duo.mentee.person if due.side == Audience.MENTEE else duo.mentor.person
                wanted.append(Pending(instruments[due.kind], person, duo, due.due_on))
    mentors = (MentorProfile.objects.filter(training_completed_on__gt=add_months(since, -LONGEST_AFTER_TRAINING),
                                            training_completed_on__lte=today)
               .select_related("person").defer(*encrypted_paths("person")))
    for mentor in mentors:
        for due in training_due(mentor.training_completed_on):
            if due.kind in instruments and in_window(due.due_on, today, window_days):
                wanted.append(Pending(instruments[due.kind], mentor.person, None, due.due_on))
    if not wanted:
        return []
    people = {p.person.pk for p in wanted}
    asked = set()
    for model in (Invitation, Response):
        asked.update(model.objects.filter(person_id__in=people)
                     .values_list("person_id", "duo_id", "version__instrument__kind"))
    refused = refused_among(people)
    found, seen = [], set()
    for p in wanted:
        key = (p.person.pk, p.duo.pk if p.duo is not None else None, p.instrument.kind)
        if key in asked or key in seen or p.person.pk in refused:
            continue
        seen.add(key)
        found.append(p)
    return sorted(found, key=lambda p: (p.due_on, p.person.pk, p.instrument.kind))


# --- the daily run: invitations, first emails, reminders ------------------------------------------------------

# Days after the previous email before the next reminder (the first at +7, the second at +14).
REMINDER_EVERY_DAYS = 7


@dataclass
class Summary:
    invited: int = 0  # invitations created
    emailed: int = 0  # first emails
    without_email: int = 0  # invitations created that nobody could email: for the coordinator's phone call
    reminded: int = 0
    dry_run: bool = False

    def line(self) -> str:
        prefix = "dry run, nothing saved or sent: " if self.dry_run else ""
        return (f"{prefix}{self.invited} invited, {self.emailed} emailed, {self.without_email} without an email "
                f"address, {self.reminded} reminded")


def moment(today: datetime.date) -> datetime.datetime:
    """The run's "now": the current time, on `today` (another day for a test or the demo)."""
    now = timezone.localtime()
    if today == now.date():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(today, now.time().replace(microsecond=0)))


def _first_email(invitation: Invitation, token: str, now) -> bool:
    if emails.send(invitation=invitation, token=token, name="invitation") == 0:
        return False
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=now, last_sent_at=now)
    return True


def _invite(pending: Pending, now) -> tuple[bool, bool]:
    """(created, emailed) for one due survey, in one transaction; the email leaves after commit."""
    with transaction.atomic():
        # Serialises two runs on the same person (the beat and a manual run), then checks again.
        Person.objects.select_for_update().filter(pk=pending.person.pk).first()
        if Invitation.objects.filter(person=pending.person, duo=pending.duo,
                                     version__instrument__kind=pending.instrument.kind).exists():
            return False, False
        invitation, token = responses.invitation_create(instrument=pending.instrument, person=pending.person,
                                                        due_on=pending.due_on, duo=pending.duo)
        invitation.expires_at = now + datetime.timedelta(days=INVITATION_DAYS)
        invitation.save(update_fields=["expires_at"])
        return True, _first_email(invitation, token, now)


def _open_invitations(now):
    return (Invitation.objects.filter(status__in=[InvitationStatus.PENDING, InvitationStatus.STARTED],
                                      expires_at__gt=now)
            .exclude(person__email="")
            .select_related("version__instrument", "person", "antenna"))


def unsent(now):
    """Open invitations never emailed whose person has an address by now (added after the invitation)."""
    return _open_invitations(now).filter(sent_at__isnull=True)


def reminders_due(now):
    """Open invitations emailed at least REMINDER_EVERY_DAYS days ago (counted in days) with a reminder left."""
    day = timezone.localtime(now).date() - datetime.timedelta(days=REMINDER_EVERY_DAYS - 1)
    cutoff = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return _open_invitations(now).filter(sent_at__isnull=False, reminders_sent__lt=REMINDERS,
                                         last_sent_at__lt=cutoff)


def _remind(invitation: Invitation, now) -> bool:
    with transaction.atomic():
        # Conditional on what was read: a concurrent run that reminded first makes this one a no-op.
        if not Invitation.objects.filter(pk=invitation.pk, reminders_sent=invitation.reminders_sent,
                                         status__in=[InvitationStatus.PENDING, InvitationStatus.STARTED]
                                         ).update(reminders_sent=invitation.reminders_sent + 1, last_sent_at=now):
            return False
        invitation.reminders_sent += 1
        token = responses.token_of(invitation)
        return emails.send(invitation=invitation, token=token, name="reminder") == 1


def send_surveys(*, today: datetime.date | None = None, dry_run: bool = False) -> Summary:
    """Create the invitations due today, email them, send the reminders due. Running it twice the same day
    sends nothing new. Nobody who refused surveys gets an email, however old their invitation."""
    today = today or timezone.localdate()
    now = moment(today)
    summary = Summary(dry_run=dry_run)
    due = invitations_due(today)
    late = list(unsent(now))
    reminders = list(reminders_due(now))
    refused = refused_among({p.person.pk for p in due} | {i.person_id for i in late + reminders})
    late = [i for i in late if i.person_id not in refused]
    reminders = [i for i in reminders if i.person_id not in refused]
    if dry_run:
        summary.invited = len(due)
        summary.emailed = sum(1 for p in due if p.person.email) + len(late)
        summary.without_email = len(due) - sum(1 for p in due if p.person.email)
        summary.reminded = len(reminders)
        return summary
    with acting_as(Actor(label="survey schedule (send_surveys)")):
        for pending in due:
            created, emailed = _invite(pending, now)
            summary.invited += created
            summary.emailed += emailed
            summary.without_email += created and not emailed
        for invitation in late:
            with transaction.atomic():
                token = responses.token_of(invitation)
                summary.emailed += _first_email(invitation, token, now)
        for invitation in reminders:
            summary.reminded += _remind(invitation, now)
    return summary


@transaction.atomic
def decline(*, invitation: Invitation, all_surveys: bool, language: str) -> Invitation:
    """The person declines this survey from their link: no more reminders for it. With `all_surveys`, they
    refuse surveys altogether (see refuse_surveys)."""
    invitation = responses.invitation_decline(invitation=invitation)
    if all_surveys:
        refuse_surveys(person=invitation.person, language=language)
    return invitation


@transaction.atomic
def refuse_surveys(*, person, language: str) -> None:
    """No more surveys for this person: a consent record says so (the intake's text and version, through the
    person's own link), and each of their open invitations is declined, so none is reminded again."""
    consent.consent_withdraw(person=person, purpose=ConsentPurpose.SURVEYS, channel=Channel.WEB, language=language)
