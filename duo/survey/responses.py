"""Inviting, saving answers on the way, submitting, declining: the use cases behind the answering pages,
the staff's entry on a person's behalf and the spreadsheet import. Each is one transaction.

Answers travel as {question code: value}: a string for a scale, a choice, a number, a date or a text, a
list of strings for several choices. duo.survey.logic decides what is shown and what is valid.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duo.accounts import scoping
from duo.core import tokens

from . import logic
from .models import (Answer, Instrument, InstrumentVersion, Invitation, InvitationStatus, QuestionType, Response,
                     ResponseSource, VersionStatus, Wave)
from .queries import as_logic

SALT = "duo.survey.invitation"

# Called with the new Response after every submission, inside its transaction (e.g. a follow-up's outcome
# status becomes the duo's outcome). Registered by apps at import time; see register_after_submit.
_AFTER_SUBMIT = []


def register_after_submit(function):
    if function not in _AFTER_SUBMIT:
        _AFTER_SUBMIT.append(function)
    return function


class AnswersInvalid(Exception):
    """The answers do not fit the questionnaire: {question code: message in the user's language}."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


class InvitationClosed(Exception):
    """The link no longer takes answers (answered, declined or expired)."""


def error_text(code: str, question=None) -> str:
    """An answer's problem (duo.survey.logic's code) in the current language."""
    texts = {
        "required": _("Please answer this question."),
        "type": _("This answer is not of the expected kind."),
        "range": _("Choose a value from 1 to 5."),
        "choice": _("Choose among the proposed answers."),
        "date": _("Enter a date as YYYY-MM-DD."),
        "unknown": _("This question is not part of the questionnaire."),
    }
    if code == "min" and question is not None and question.minimum is not None:
        return _("Enter a number of at least %(min)s.") % {"min": _number(question.minimum)}
    if code == "max" and question is not None and question.maximum is not None:
        return _("Enter a number of at most %(max)s.") % {"max": _number(question.maximum)}
    if code in ("min", "max"):
        return _("This number is out of range.")
    return texts.get(code, _("This answer is not valid."))


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def current_version(instrument: Instrument) -> InstrumentVersion | None:
    return instrument.versions.filter(status=VersionStatus.PUBLISHED).first()


def wave_for(instrument: Instrument, day: datetime.date) -> Wave:
    wave, _created = Wave.objects.get_or_create(instrument=instrument, opens_on=day.replace(day=1))
    return wave


def find(token: str) -> Invitation | None:
    """The invitation of this token whatever its state, or None (unknown or forged)."""
    digest = tokens.hash_of(token, SALT)
    if digest is None:
        return None
    return (Invitation.objects.select_related("version__instrument", "person", "duo", "antenna", "wave")
            .filter(token_hash=digest).first())


@transaction.atomic
def invitation_create(*, instrument: Instrument, person, due_on: datetime.date, duo=None,
                      antenna=None) -> tuple[Invitation, str]:
    """An invitation to the instrument's current version, in the person's language; returns it with its
    token. Sending it is duo.survey.schedule's business."""
    version = current_version(instrument)
    if version is None:
        raise ValueError(f"instrument {instrument.code} has no published version")
    token, digest = tokens.new_token(SALT)
    invitation = Invitation.objects.create(
        wave=wave_for(instrument, due_on), version=version, person=person, duo=duo,
        antenna=antenna or (duo.antenna if duo is not None else person.antenna), due_on=due_on,
        language=person.preferred_language or "fr", token_hash=digest, token_sealed=token)
    return invitation, token


def token_of(invitation: Invitation) -> str:
    """The invitation's link token, the same in every email (see Invitation.token_sealed)."""
    sealed = Invitation.objects.filter(pk=invitation.pk).values_list("token_sealed", flat=True).first()
    if sealed and tokens.hash_of(sealed, SALT) == invitation.token_hash:
        return sealed
    # Unreadable (its key was dropped without a rotation): a new link; the old one stops working.
    token, digest = tokens.new_token(SALT)
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=digest, token_sealed=token)
    invitation.token_hash = digest
    return token


def clean_answers(questions: list[logic.Q], answers: dict) -> dict:
    """Only the visible questions' non-empty answers, as strings or lists of strings, trimmed."""
    shown = set(logic.visible(questions, answers))
    kept = {}
    for q in questions:
        if q.code not in shown:
            continue
        value = answers.get(q.code)
        if logic.is_empty(value):
            continue
        if q.type == logic.MULTIPLE:
            value = [str(v) for v in (value if isinstance(value, (list, tuple)) else [value])]
        elif isinstance(value, (list, tuple)):
            value = [str(v) for v in value]  # invalid for a single answer: validation says so
        else:
            value = str(value).strip()
        kept[q.code] = value
    return kept


def check(version: InstrumentVersion, answers: dict) -> tuple[list[logic.Q], dict]:
    """(questions, cleaned answers); raises AnswersInvalid with a message per question."""
    questions = as_logic(version)
    known = {q.code for q in questions}
    errors = {code: "unknown" for code in answers if code not in known}
    errors.update(logic.validate(questions, answers))
    if errors:
        by_code = {q.code: q for q in version.questions.all()}
        raise AnswersInvalid({code: error_text(problem, by_code.get(code)) for code, problem in errors.items()})
    return questions, clean_answers(questions, answers)


def _store(*, version, person, duo, antenna, answers: dict, source, by, language, answered_on, invitation=None,
           import_ref="") -> Response:
    questions, kept = check(version, answers)
    types = {q.code: q.type for q in questions}
    rows = []
    for question in version.questions.all():
        if question.code not in kept:
            continue
        value = kept[question.code]
        kind = types[question.code]
        number = None
        if kind in (QuestionType.LIKERT5, QuestionType.NUMBER):
            number = float(value.replace(",", "."))
        if kind == QuestionType.TEXT:
            rows.append(Answer(question=question, text=value))
        else:
            rows.append(Answer(question=question, value=value, number=number))
    scores = logic.scale_scores((a.question.scale, a.number) for a in rows
                                if a.question.type == QuestionType.LIKERT5)
    response = Response.objects.create(
        version=version, person=person, duo=duo, antenna=antenna, invitation=invitation, source=source,
        entered_by=by, language=language, answered_on=answered_on, import_ref=import_ref, scores=scores)
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    for function in _AFTER_SUBMIT:
        function(response)
    return response


def _lock_open(invitation: Invitation) -> Invitation:
    # of=("self",): the duo is an outer join, which PostgreSQL refuses to lock.
    invitation = (Invitation.objects.select_for_update(of=("self",)).select_related("version", "person", "duo", "antenna")
                  .get(pk=invitation.pk))
    if not invitation.is_open:
        raise InvitationClosed
    return invitation


@transaction.atomic
def answers_save(*, invitation: Invitation, answers: dict, one_per_screen: bool | None = None) -> Invitation:
    """Autosave: keep the answers so far (not validated: the person may be half-way through a number)."""
    invitation = _lock_open(invitation)
    invitation.draft = {str(k): v for k, v in answers.items() if not logic.is_empty(v)}
    invitation.draft_saved_at = timezone.now()
    invitation.status = InvitationStatus.STARTED
    fields = ["draft", "draft_saved_at", "status"]
    if one_per_screen is not None:
        invitation.one_per_screen = one_per_screen
        fields.append("one_per_screen")
    invitation.save(update_fields=fields)
    return invitation


def _complete(invitation: Invitation, response: Response) -> None:
    invitation.status = InvitationStatus.COMPLETED
    invitation.completed_at = response.submitted_at
    invitation.draft = {}
    invitation.save(update_fields=["status", "completed_at", "draft"])


@transaction.atomic
def response_submit(*, invitation: Invitation, answers: dict) -> Response:
    """The person submits through their link: validated, stored, the invitation closed (no more reminders)."""
    invitation = _lock_open(invitation)
    response = _store(version=invitation.version, person=invitation.person, duo=invitation.duo,
                      antenna=invitation.antenna, answers=answers, source=ResponseSource.LINK, by=None,
                      language=invitation.language, answered_on=timezone.localdate(), invitation=invitation)
    _complete(invitation, response)
    return response


@transaction.atomic
def response_enter(*, invitation: Invitation, answers: dict, by, answered_on: datetime.date | None = None
                   ) -> Response:
    """Staff enter the answers a person gave them (by phone, on paper): marked as entered on their behalf.
    Allowed while the invitation has no answer, even after its link expired."""
    if not scoping.can_change(by, invitation.person):
        raise scoping.NotAllowed
    invitation = (Invitation.objects.select_for_update(of=("self",))
                  .select_related("version", "person", "duo", "antenna").get(pk=invitation.pk))
    if invitation.status == InvitationStatus.COMPLETED:
        raise InvitationClosed
    answered_on = answered_on or timezone.localdate()
    if answered_on > timezone.localdate():
        raise AnswersInvalid({"answered_on": _("The date of the answers cannot be in the future.")})
    response = _store(version=invitation.version, person=invitation.person, duo=invitation.duo,
                      antenna=invitation.antenna, answers=answers, source=ResponseSource.ON_BEHALF, by=by,
                      language=invitation.language, answered_on=answered_on, invitation=invitation)
    _complete(invitation, response)
    return response


def response_import(*, version: InstrumentVersion, person, duo, answers: dict, by, answered_on, language,
                    import_ref: str) -> Response:
    """One row of a spreadsheet of answers; the importer checks permissions and wraps all rows in one
    transaction (all or nothing). An open invitation of the same person and instrument counts as answered."""
    invitation = (Invitation.objects.select_for_update()
                  .filter(person=person, duo=duo, version__instrument_id=version.instrument_id,
                          status__in=[InvitationStatus.PENDING, InvitationStatus.STARTED]).first())
    response = _store(version=version, person=person, duo=duo,
                      antenna=invitation.antenna if invitation else (duo.antenna if duo else person.antenna),
                      answers=answers, source=ResponseSource.IMPORT, by=by, language=language,
                      answered_on=answered_on, invitation=invitation, import_ref=import_ref)
    if invitation is not None:
        _complete(invitation, response)
    return response


@transaction.atomic
def invitation_decline(*, invitation: Invitation) -> Invitation:
    """The person does not want to answer this survey: no more reminders. Answers already given stay."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status in (InvitationStatus.PENDING, InvitationStatus.STARTED):
        invitation.status = InvitationStatus.OPTED_OUT
        invitation.opted_out_at = timezone.now()
        invitation.draft = {}
        invitation.save(update_fields=["status", "opted_out_at", "draft"])
    return invitation
