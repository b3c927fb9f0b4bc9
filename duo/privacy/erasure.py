"""Erasing a person (GDPR art. 17, and the retention rules in duo.privacy.retention).

Erasure anonymises; it does not delete the Person row, the profiles or the duos. Their ids stay so that:
- the history adds up: duos, meetings, outcomes and survey scores are still counted in later snapshots and
  dashboards (a person who asks to be forgotten does not rewrite last year's figures);
- the no-re-pair guard still holds: duo.matching.keys hashes the person id, and the duo rows of a pair that ended
  badly are still there.

What is wiped: every name, contact detail, free text (profiles, applications, interviews, notes of meetings,
check-ins and closings, career plans, barriers, survey free-text answers and drafts, testimonies and their photo
files, translations and the quotes frozen in publications), the special-category fields, languages spoken, the
personal links (meeting-log links are deleted; survey links get a new random hash, so the old link opens nothing;
the portal and testimony links are switched off by a new link generation).
What is kept, because statistics need it and it no longer identifies anyone on its own: gender, birth year (stored as
1 July of that year: ages computed from it are right within six months), antenna, preferred language, dates, codes
(stages, reasons, topics, interests…), numbers (scores, hours), consent records (purpose, granted, text version,
date: the evidence of what was agreed to).

Nothing is forgotten silently: PLANS must hold every model that duo.privacy.subject.person_related_models() finds
(every model related to a person, their profiles or their duos), and every free-text, JSON, file or encrypted field
of it must be either scrubbed or kept with a reason (tests/test_erasure.py fails otherwise, so a model or field added
later cannot be missed).

Snapshots already taken are files with a digest: they are not touched (and they hold no names, no ids, no free text).
The audit trail names fields, never values, so it holds nothing to erase; the erasure adds one "erased" event naming
the person's id, who and why (the reason is checked not to contain the person's name or contact details).
"""

from __future__ import annotations

import datetime
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duo.accounts import roles, scoping
from duo.people import choices as pc
from duo.people import links
from duo.people.models import Person

from .audit import record
from .context import Actor, acting_as, current_actor
from .models import AuditEvent, Erasure


class ErasureError(Exception):
    def __init__(self, errors: dict):
        self.errors = errors
        super().__init__(" ".join(str(v) for v in errors.values()))


def _m(label):
    return apps.get_model(label)


@dataclass(frozen=True)
class Plan:
    """What erasure does to one model's rows about the person."""

    rows: Callable  # (person, duos) -> queryset of the rows about the person
    scrub: Mapping[str, object] = field(default_factory=dict)  # field -> the value it becomes
    delete: bool = False
    keep: Mapping[str, str] = field(default_factory=dict)  # free-text-like fields left as they are, and why
    before: Callable | None = None  # (queryset, person) -> None: what a plain update cannot do (files, notices…)


def _by(label, lookup="person"):
    return lambda person, duos: _m(label).objects.filter(**{lookup: person})


def _in_duos(label):
    # Notes of a duo speak of both its members and cannot be split: erasing either one wipes them.
    return lambda person, duos: _m(label).objects.filter(duo__in=duos)


def _either_side(label):
    return lambda person, duos: _m(label).objects.filter(Q(mentee__person=person) | Q(mentor__person=person))


def _duos(person):
    from duo.journeys.models import Duo

    return Duo.objects.filter(Q(mentee__person=person) | Q(mentor__person=person))


CODES = "codes from fixed lists (no free text), kept for the programme's statistics"


def _invalidate_survey_links(qs, person):
    # The hash is unique and the link in the person's mailbox must open nothing any more: a fresh random one each.
    for pk in qs.values_list("pk", flat=True):
        models.QuerySet.update(qs.model.objects.filter(pk=pk), token_hash=secrets.token_hex(32))


def _delete_photos(qs, person):
    for name in qs.exclude(photo="").values_list("photo", flat=True):
        qs.model._meta.get_field("photo").storage.delete(name)
    models.QuerySet.update(qs.filter(withdrawn_at__isnull=True), withdrawn_at=timezone.now())
    _unfreeze_quotes(list(qs.values_list("pk", flat=True)))


def _unfreeze_quotes(testimony_ids):
    """Published versions froze the quotes' words: the words go, the entry stays (shown as one quote withdrawn)."""
    if not testimony_ids:
        return
    Section = _m("publications.Section")
    wanted = set(testimony_ids)
    for section in Section.objects.exclude(frozen=None).only("pk", "frozen"):
        frozen = section.frozen if isinstance(section.frozen, dict) else None
        quotes = (frozen or {}).get("quotes") or []
        if not any(isinstance(q, dict) and q.get("testimony") in wanted and q.get("texts") for q in quotes):
            continue
        frozen = {**frozen, "quotes": [{**q, "texts": {}} if isinstance(q, dict) and q.get("testimony") in wanted
                                       else q for q in quotes]}
        # A published version is frozen by its save(): this one change goes round it on purpose.
        models.QuerySet.update(Section.objects.filter(pk=section.pk), frozen=frozen)


def _notify_quote_sets(qs, person):
    """As a withdrawal does: each set that held the quotes says how many left and when, never whose."""
    Notice = _m("testimony.QuoteSetNotice")
    counts: dict[int, int] = {}
    for set_id in qs.values_list("quote_set_id", flat=True):
        counts[set_id] = counts.get(set_id, 0) + 1
    today = timezone.localdate()
    Notice.objects.bulk_create(Notice(quote_set_id=set_id, removed=n, withdrawn_on=today)
                               for set_id, n in counts.items())


PLANS: dict[str, Plan] = {
    "people.Person": Plan(
        lambda person, duos: Person.objects.filter(pk=person.pk),
        scrub={"first_name": "", "last_name": "", "email": "", "phone": "", "phone_digits": "",
               "gender_self_described": "", "postal_code": "", "municipality": None, "external_ref": "",
               "nationality_background": None, "origin_region": None, "residence_route": None},
        keep={}),  # the date of birth becomes a year: see _keep_birth_year
    "people.PersonLanguage": Plan(_by("people.PersonLanguage"), delete=True),
    "people.MenteeProfile": Plan(
        _by("people.MenteeProfile"), scrub={"expectations": "", "personality": ""},
        keep={"availability": CODES, "goals": CODES, "interests": CODES, "working_style": CODES}),
    "people.MentorProfile": Plan(
        _by("people.MentorProfile"), scrub={"strengths": "", "personality": "", "expectations": ""},
        keep={"availability": CODES, "strength_areas": CODES, "interests": CODES, "working_style": CODES}),
    "people.ConsentRecord": Plan(
        _by("people.ConsentRecord"),
        keep={"text_version": "the evidence of what was agreed to: a version code, not about the person"}),
    "intake.Application": Plan(
        _by("intake.Application"), scrub={"motivation": "", "override_justification": ""},
        keep={"reasons": "codes of the eligibility rules applied"}),
    "intake.StageChange": Plan(
        _by("intake.StageChange"), scrub={"note": ""},
        keep={"from_stage": "stage codes", "to_stage": "stage codes"}),
    "intake.IntakeInterview": Plan(_by("intake.IntakeInterview"), scrub={"answers": {}, "notes": ""}),
    "intake.Merge": Plan(_by("intake.Merge", "kept"), keep={"moved": "counts of records per record type"}),
    "infosession.Registration": Plan(_by("infosession.Registration")),
    "training.Attendance": Plan(_by("training.Attendance")),
    "training.Evaluation": Plan(_by("training.Evaluation"), scrub={"comment": ""}),
    "meetinglog.AccessLink": Plan(_by("meetinglog.AccessLink"), delete=True),
    "barrier.Barrier": Plan(_by("barrier.Barrier"), scrub={"note": ""}),
    "survey.Invitation": Plan(
        _by("survey.Invitation"), scrub={"token_sealed": None, "draft": {}},
        keep={"token_hash": "replaced by a random value: the old link opens nothing"},
        before=_invalidate_survey_links),
    "survey.Response": Plan(
        _by("survey.Response"), scrub={"import_ref": ""},
        keep={"scores": "numbers per scale, the programme's statistics"}),
    "survey.Answer": Plan(
        _by("survey.Answer", "response__person"), scrub={"text": None},
        keep={"value": "choices, scale points, numbers and dates (free text is in `text`)"}),
    "testimony.Testimony": Plan(
        _by("testimony.Testimony"), scrub={"text": "", "photo": ""},
        keep={"purpose": "what the author agreed to: the evidence of the consent",
              "areas": "codes of the areas of action"},
        before=_delete_photos),
    "testimony.Translation": Plan(_by("testimony.Translation", "testimony__person"), delete=True),
    "testimony.QuoteSetItem": Plan(_by("testimony.QuoteSetItem", "testimony__person"), delete=True,
                                   before=_notify_quote_sets),
    "journeys.Duo": Plan(lambda person, duos: duos),
    "matching.Proposal": Plan(
        _either_side("matching.Proposal"), scrub={"facts": []},
        keep={"shortlist": "other mentors' profile ids, scores and criterion codes",
              "funnel": "counts of candidates"}),
    "matching.Decision": Plan(_either_side("matching.Decision"), scrub={"note": ""}),
    "peerexchange.Attendance": Plan(_by("peerexchange.Attendance", "mentor__person")),
    "journeys.Outcome": Plan(_in_duos("journeys.Outcome")),
    "journeys.Meeting": Plan(_in_duos("journeys.Meeting"), scrub={"note": ""}, keep={"topics": CODES}),
    "journeys.DuoTransition": Plan(_in_duos("journeys.DuoTransition"), scrub={"note": ""},
                                   keep={"reason": "a reason code"}),
    "journeys.ClosingInterview": Plan(_in_duos("journeys.ClosingInterview"),
                                      scrub={"note": "", "reenrol_reason": ""}),
    "journeys.IntroductionAnswer": Plan(_in_duos("journeys.IntroductionAnswer"), scrub={"note": ""}),
    "followup.CheckIn": Plan(_in_duos("followup.CheckIn"), scrub={"note": ""}),
    "followup.StaffNote": Plan(_in_duos("followup.StaffNote"), delete=True),
    "careerplan.Goal": Plan(_in_duos("careerplan.Goal"), scrub={"title": "", "detail": ""}),
}

# Related to a person, yet not theirs to erase.
NOT_ERASED = {
    "advocacy.Recommendation": "the organisation's own advocacy text; it cites testimonies, which are erased",
}


def personal_fields(model) -> list[str]:
    """The fields of a model that can hold words or values about someone: free text, JSON, files, bytes, and every
    encrypted field (special-category data has choices, yet it is the most personal of all)."""
    out = []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.is_relation:
            continue
        encrypted = type(f).__module__.startswith("encrypted_fields")
        texty = isinstance(f, (models.CharField, models.TextField, models.JSONField, models.FileField,
                               models.BinaryField))
        if encrypted or (texty and not f.choices):
            out.append(f.name)
    return out


def is_erased(person) -> bool:
    return Erasure.objects.filter(person_id=person.pk).exists()


def _words(value: str) -> list[str]:
    return [w for w in re.split(r"[\s\-']+", value or "") if len(w) >= 2]


def checked_reason(person, reason: str) -> str:
    """The reason is kept for good: it must say why, not whom."""
    reason = (reason or "").strip()
    if not reason:
        raise ErasureError({"reason": _("Give the reason for the erasure.")})
    if len(reason) > 255:
        raise ErasureError({"reason": _("Keep the reason under 255 characters.")})
    folded = reason.casefold()
    names = _words(person.first_name) + _words(person.last_name)
    named = any(re.search(rf"(?<!\w){re.escape(w.casefold())}(?!\w)", folded) for w in names)
    mailed = bool(person.email) and person.email.casefold() in folded
    digits = re.sub(r"\D", "", reason)
    phoned = len(person.phone_digits or "") >= 6 and person.phone_digits in digits
    if named or mailed or phoned:
        raise ErasureError({"reason": _("The reason is kept for good: it must not contain the person's name or "
                                        "contact details.")})
    return reason


def _refuse_open_duos(person, duos):
    from duo.journeys.choices import OPEN_DUO_STATUSES

    if duos.filter(status__in=OPEN_DUO_STATUSES).exists():
        raise ErasureError({"__all__": _("This person is in a duo that is still open: close the duo first.")})


def _leave_pipeline(person):
    """Someone erased is no longer waiting for anything: an open stage becomes "withdrawn" (matching skips them)."""
    today = timezone.localdate()
    for label, open_stages, withdrawn in (
            ("people.MenteeProfile", pc.OPEN_MENTEE_STAGES, pc.MenteeStage.WITHDRAWN),
            ("people.MentorProfile", pc.OPEN_MENTOR_STAGES, pc.MentorStage.WITHDRAWN)):
        models.QuerySet.update(_m(label).objects.filter(person=person, stage__in=open_stages),
                               stage=withdrawn, stage_changed_on=today)


def _keep_birth_year(person):
    dob = person.date_of_birth
    if dob and (dob.month, dob.day) != (7, 1):
        models.QuerySet.update(Person.objects.filter(pk=person.pk), date_of_birth=datetime.date(dob.year, 7, 1))


def _forget_admin_log(model, pks):
    """The admin's history shows each object by its __str__ as it was: a name, for a person, a profile or a duo."""
    ct = ContentType.objects.get_for_model(model, for_concrete_model=False)
    LogEntry.objects.filter(content_type=ct, object_id__in=[str(pk) for pk in pks]).update(
        object_repr=Concat(Value(f"{model._meta.label} #"), Cast(F("object_id"), models.CharField())))


def _scrub(person) -> tuple[list[str], int]:
    duos = _duos(person)
    fields, rows = [], 0
    for label, plan in PLANS.items():
        model = _m(label)
        qs = plan.rows(person, duos)
        pks = list(qs.values_list("pk", flat=True))
        if not pks:
            continue
        mine = model.objects.filter(pk__in=pks)
        _forget_admin_log(model, pks)
        if plan.before:
            plan.before(mine, person)
        if plan.delete:
            mine.delete()
            fields.append(label)
        elif plan.scrub:
            # A plain update: the erasure's own audit event lists these fields, one event for the whole erasure.
            models.QuerySet.update(mine, **plan.scrub)
            fields += [f"{label}.{name}" for name in plan.scrub]
        rows += len(pks)
    return sorted(set(fields)), rows


def _actor_for(by):
    actor = current_actor()
    if by is not None and getattr(by, "is_authenticated", False) and actor.user_id is None:
        return Actor(user_id=by.pk, label=by.email, ip=actor.ip, path=actor.path)
    return actor


@transaction.atomic
def person_erase(*, person, reason, by=None) -> Erasure:
    """Anonymise the person everywhere, in one transaction. Erasing again re-applies the scrub (anything written
    since goes too) and returns the first Erasure: no second record, no second audit event.

    `by`: the administrator doing it; None for a command or the retention run."""
    if by is not None and not scoping.has(by, roles.PERSON_ERASE):
        raise scoping.NotAllowed
    person = Person.objects.select_for_update().get(pk=person.pk)
    existing = Erasure.objects.filter(person_id=person.pk).first()
    reason = checked_reason(person, reason) if existing is None else existing.reason
    _refuse_open_duos(person, _duos(person))
    _leave_pipeline(person)
    _keep_birth_year(person)
    fields, rows = _scrub(person)
    # The portal and testimony links in the person's mailbox are signed ids: a new generation switches them off.
    links.bump(person)
    if existing is not None:
        return existing
    erasure = Erasure.objects.create(person_id=person.pk, reason=reason,
                                     by=by if by is not None and by.is_authenticated else None)
    with acting_as(_actor_for(by)):
        record(action=AuditEvent.Action.ERASE, model=Person, object_id=person.pk,
               fields=[*fields, "people.Person.date_of_birth", "people.Person.link_generation"], count=rows,
               note=reason)
    return erasure
