"""Everything Duo holds about one person, for their right of access (GDPR art. 15).

`person_data(person)` gathers it as sections of records, each record a mapping from a field's label (in the
person's language) to a readable value: choice labels, not codes; the other party of a duo by first name only,
since the other person's data is not this person's; staff accounts left out (the roles that viewed the person's
special-category data are listed in their own section, which is what the right of access asks about recipients).

Nothing is forgotten silently: `person_related_models()` walks every relation that leads to the person, and a model
found there must be in SECTIONS or in EXCLUDED with a reason (tests/test_subject_export.py fails otherwise). At run
time a model that is in neither but points straight at the person or one of their profiles is still exported, with
all its fields, under "Other records".
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from duo.people import choices as pc
from duo.people.models import Person

FORMAT = "duo.subject-access.v1"
SUBJECT = "people.Person"
PROFILES = ("people.MenteeProfile", "people.MentorProfile")

# Fields never exported, and why: credentials and values derived from other exported fields.
SKIPPED_FIELDS = {
    "people.Person": {"phone_digits": "derived from the phone number, which is exported",
                      "link_generation": "a counter that switches old personal links off: about links, not the person"},
    "survey.Invitation": {"token_hash": "a credential (hash of the survey link), not information about the person",
                          "token_sealed": "a credential (the survey link itself)"},
    "meetinglog.AccessLink": {"token_hash": "a credential (hash of the personal link)"},
    "matching.Proposal": {
        "shortlist": "the other candidates considered: other people's data",
        "funnel": "counts of other candidates, not about the person",
        "facts": "the comparison with the proposed person's profile: the other party's data",
    },
}

# Person-related models the export leaves out, and why (the completeness test reads this).
EXCLUDED = {
    "advocacy.Recommendation": "the organisation's own advocacy text; the testimonies it cites and where they are "
                               "used are exported under testimonies",
}

# Lists of codes stored in JSON fields, shown by their labels.
_SLOT_PERIODS = {"am": _("morning"), "pm": _("afternoon"), "eve": _("evening")}


def _slot_label(code: str) -> str:
    day, _sep, period = str(code).partition("_")
    days = dict(pc.Weekday.choices)
    if day in days and period in _SLOT_PERIODS:
        return f"{days[day]}, {_SLOT_PERIODS[period]}"
    return str(code)


def _json_labels():
    from duo.journeys.choices import MeetingTopic

    return {
        "availability": _slot_label,
        "goals": dict(pc.SupportArea.choices), "strength_areas": dict(pc.SupportArea.choices),
        "interests": dict(pc.Interest.choices), "working_style": dict(pc.WorkingStyle.choices),
        "topics": dict(MeetingTopic.choices),
    }


@dataclass
class Ctx:
    """What the value formatting needs to know: whose export this is."""

    person: Person


def first_name_of(obj) -> str:
    """The first name of another person (a Person or one of their profiles)."""
    person = obj if isinstance(obj, Person) else getattr(obj, "person", None)
    return person.first_name if person is not None else ""


def duo_label(duo, ctx: Ctx) -> str:
    side = "mentee" if duo.mentee.person_id == ctx.person.pk else "mentor"
    other = duo.mentor if side == "mentee" else duo.mentee
    if side == "mentee":
        return gettext("Duo with %(name)s (mentor)") % {"name": first_name_of(other)}
    return gettext("Duo with %(name)s (mentee)") % {"name": first_name_of(other)}


def _plain(value):
    """A value JSON and the PDF both read: dates stay dates (made ISO on output), datetimes in local time."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (str, int, float, bool, datetime.date)) or value is None:
        return value
    return str(value)


SELF = object()  # a relation that leads back to the person whose export this is


def value_of(obj, f, ctx: Ctx):
    if f.many_to_many:
        return [str(item) for item in getattr(obj, f.name).all()]
    if f.choices:
        raw = getattr(obj, f.attname)
        return str(getattr(obj, f"get_{f.name}_display")()) if raw not in (None, "") else None
    if f.is_relation:
        related = getattr(obj, f.name)
        if related is None:
            return None
        label = related._meta.label
        if label == "journeys.Duo":
            return duo_label(related, ctx)
        if label == SUBJECT or label in PROFILES:
            person_id = related.pk if label == SUBJECT else related.person_id
            return SELF if person_id == ctx.person.pk else first_name_of(related)
        return str(related)
    raw = getattr(obj, f.attname)
    labels = _json_labels().get(f.name) if isinstance(raw, list) else None
    if labels is not None:
        return [str(labels(v) if callable(labels) else labels.get(v, v)) for v in raw]
    return _plain(raw)


def _exported_fields(model) -> list:
    skipped = SKIPPED_FIELDS.get(model._meta.label, {})
    staff = settings.AUTH_USER_MODEL
    out = []
    for f in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if f.primary_key or f.name in skipped:
            continue
        if f.is_relation and f.related_model._meta.label == staff:
            continue  # staff accounts are the staff's data; the roles that looked are in "data_access"
        out.append(f)
    return out


def record_of(obj, ctx: Ctx, *, only: Iterable[str] | None = None, extra: dict | None = None) -> dict:
    """One record: label -> value, in the model's field order, subject's own links left out."""
    record: dict = {}
    fields = _exported_fields(type(obj))
    if only is not None:
        wanted = list(only)
        fields = sorted((f for f in fields if f.name in wanted), key=lambda f: wanted.index(f.name))
    for f in fields:
        value = value_of(obj, f, ctx)
        if value is SELF:
            continue  # the link back to the person themself
        label = capfirst(str(f.verbose_name))
        record[label if label not in record else f"{label} ({f.name})"] = value
    for label, value in (extra or {}).items():
        record[capfirst(str(label))] = _plain(value)
    return record


@dataclass
class Section:
    key: str
    title: object  # a lazy translation
    model: str
    rows: Callable  # (person, duos) -> queryset
    only: tuple | None = None
    extra: Callable | None = None  # (obj, ctx) -> {label: value}


def _duos(person):
    from duo.journeys.models import Duo

    return Duo.objects.filter(Q(mentee__person=person) | Q(mentor__person=person)).select_related(
        "mentee__person", "mentor__person", "antenna")


def _as_mentee(person):
    return Q(duo__mentee__person=person)


def _proposal_side(person):
    return Q(mentee__person=person) | Q(mentor__person=person)


def _side_of(obj, ctx):
    return {_("your role"): gettext("Mentee") if obj.mentee.person_id == ctx.person.pk else gettext("Mentor")}


def _stage_names(obj, ctx):
    stages = dict(pc.MenteeStage.choices if obj.kind == "mentee" else pc.MentorStage.choices)
    return {_("from"): str(stages.get(obj.from_stage, obj.from_stage)), _("to"): str(stages.get(obj.to_stage,
                                                                                                  obj.to_stage))}


def _answer(obj, ctx):
    question = obj.question
    shown = obj.shown
    choices = {c.value: c.label for c in question.choices.all()}
    if isinstance(shown, list):
        shown = [choices.get(v, v) for v in shown]
    elif isinstance(shown, str) and shown in choices:
        shown = choices[shown]
    return {_("questionnaire"): str(obj.response.version), _("answered on"): obj.response.answered_on,
            _("question"): question.text, _("answer"): shown}


def _data_access(obj, ctx):
    from duo.accounts.roles import Role

    role = dict(Role.choices).get(getattr(obj.actor, "role", None)) if obj.actor_id else None
    return {_("when"): obj.at, _("what"): obj.get_action_display(),
            _("by"): str(role) if role else gettext("the system (a command or an automatic task)"),
            _("fields"): obj.field_labels()}


def _audit_rows(person, duos):
    from duo.privacy.models import AuditEvent

    return AuditEvent.objects.filter(
        model=SUBJECT, object_id=str(person.pk), action__in=[AuditEvent.Action.VIEW, AuditEvent.Action.EXPORT],
    ).select_related("actor").order_by("at", "id")


def _m(label):
    return apps.get_model(label)


def _by_person(label, lookup="person", order=("pk",)):
    return lambda person, duos: _m(label).objects.filter(**{lookup: person}).order_by(*order)


def _by_duo(label, order=("pk",), mentee_only=False):
    def rows(person, duos):
        qs = _m(label).objects.filter(duo__in=duos)
        return (qs.filter(_as_mentee(person)) if mentee_only else qs).order_by(*order)

    return rows


SECTIONS: list[Section] = [
    Section("identity", _("Identity and contact details"), "people.Person",
            lambda p, d: Person.objects.filter(pk=p.pk)),
    Section("languages", _("Languages spoken"), "people.PersonLanguage", _by_person("people.PersonLanguage")),
    Section("mentee_profile", _("Profile as a mentee"), "people.MenteeProfile", _by_person("people.MenteeProfile")),
    Section("mentor_profile", _("Profile as a mentor"), "people.MentorProfile", _by_person("people.MentorProfile")),
    Section("applications", _("Applications"), "intake.Application",
            _by_person("intake.Application", order=("submitted_at", "pk"))),
    Section("consents", _("Consent, purpose by purpose"), "people.ConsentRecord",
            _by_person("people.ConsentRecord", order=("purpose", "recorded_at", "pk"))),
    Section("stage_changes", _("Steps in the programme"), "intake.StageChange",
            _by_person("intake.StageChange", order=("at", "pk")), only=("kind", "reason", "note", "at"),
            extra=_stage_names),
    Section("intake_interviews", _("Intake interviews"), "intake.IntakeInterview",
            _by_person("intake.IntakeInterview", order=("held_on", "pk"))),
    Section("merges", _("Duplicate records merged into this one"), "intake.Merge",
            _by_person("intake.Merge", lookup="kept", order=("at", "pk"))),
    Section("info_sessions", _("Information sessions"), "infosession.Registration",
            _by_person("infosession.Registration", order=("registered_at", "pk"))),
    Section("training", _("Training sessions"), "training.Attendance",
            _by_person("training.Attendance", order=("registered_at", "pk"))),
    Section("training_evaluations", _("Training evaluations"), "training.Evaluation",
            _by_person("training.Evaluation", order=("submitted_at", "pk"))),
    Section("matching_proposals", _("Matching proposals"), "matching.Proposal",
            lambda p, d: _m("matching.Proposal").objects.filter(_proposal_side(p)).order_by("run__created_at", "pk"),
            extra=lambda obj, ctx: {_("matching meeting"): obj.run.created_at}),
    Section("matching_decisions", _("Matching decisions"), "matching.Decision",
            lambda p, d: _m("matching.Decision").objects.filter(_proposal_side(p)).order_by("at", "pk")),
    Section("duos", _("Duos"), "journeys.Duo", lambda p, d: d.order_by("matched_on", "pk"), extra=_side_of),
    Section("introduction_answers", _("Answers after the introduction"), "journeys.IntroductionAnswer",
            lambda p, d: _m("journeys.IntroductionAnswer").objects.filter(
                Q(duo__mentee__person=p, side="mentee") | Q(duo__mentor__person=p, side="mentor")).order_by("pk")),
    Section("duo_history", _("Duo history"), "journeys.DuoTransition", _by_duo("journeys.DuoTransition",
                                                                                order=("at", "pk"))),
    Section("meetings", _("Meetings"), "journeys.Meeting", _by_duo("journeys.Meeting", order=("held_on", "pk"))),
    # The staff's notes and check-ins on a duo are mostly about the mentee, the person the programme serves; the
    # action plan and the outcomes are the mentee's. A mentor's export does not carry them (GDPR art. 15(4): a copy
    # must not disclose others' data); the meetings, which both logged and both saw, go to both.
    Section("staff_notes", _("Staff notes"), "followup.StaffNote",
            _by_duo("followup.StaffNote", order=("at", "pk"), mentee_only=True)),
    Section("check_ins", _("Follow-up check-ins"), "followup.CheckIn",
            _by_duo("followup.CheckIn", order=("due_on", "pk"), mentee_only=True)),
    Section("career_plan", _("Action and career plan"), "careerplan.Goal",
            _by_duo("careerplan.Goal", order=("position", "pk"), mentee_only=True)),
    Section("closing_interviews", _("Closing interviews"), "journeys.ClosingInterview",
            _by_duo("journeys.ClosingInterview", order=("held_on", "pk"))),
    Section("outcomes", _("Outcomes"), "journeys.Outcome",
            _by_duo("journeys.Outcome", order=("observed_on", "pk"), mentee_only=True)),
    Section("barriers", _("Barriers"), "barrier.Barrier", _by_person("barrier.Barrier", order=("observed_on", "pk"))),
    Section("peer_exchange", _("Mentors' peer exchanges"), "peerexchange.Attendance",
            _by_person("peerexchange.Attendance", lookup="mentor__person", order=("session__held_on", "pk"))),
    Section("meeting_links", _("Personal links to the meeting log"), "meetinglog.AccessLink",
            _by_person("meetinglog.AccessLink", order=("created_at", "pk"))),
    Section("survey_invitations", _("Survey invitations"), "survey.Invitation",
            _by_person("survey.Invitation", order=("due_on", "pk"))),
    Section("survey_responses", _("Survey responses"), "survey.Response",
            _by_person("survey.Response", order=("answered_on", "pk"))),
    Section("survey_answers", _("Your survey answers"), "survey.Answer",
            lambda p, d: _m("survey.Answer").objects.filter(response__person=p).select_related(
                "question", "response__version__instrument").order_by("response__answered_on", "response", "pk"),
            only=(), extra=_answer),
    Section("testimonies", _("Testimonies"), "testimony.Testimony",
            _by_person("testimony.Testimony", order=("collected_on", "pk"))),
    Section("testimony_translations", _("Translations of your testimonies"), "testimony.Translation",
            _by_person("testimony.Translation", lookup="testimony__person", order=("created_at", "pk"))),
    Section("testimony_uses", _("Where your testimonies are used"), "testimony.QuoteSetItem",
            _by_person("testimony.QuoteSetItem", lookup="testimony__person", order=("added_at", "pk")),
            only=("quote_set", "testimony", "added_at")),
    Section("data_access", _("Who looked at or exported your protected data"), "privacy.AuditEvent", _audit_rows,
            only=(), extra=_data_access),
]
COVERED = {s.model for s in SECTIONS}


def person_related_models() -> dict[str, object]:
    """Every model whose rows lead to a person through relations (foreign keys, one-to-one, many-to-many),
    walked from Person outwards. Excluded models are not walked further: what hangs on them is theirs."""
    found: dict[str, object] = {SUBJECT: Person}
    queue = [Person]
    models = [m for m in apps.get_models() if not m._meta.auto_created]
    while queue:
        target = queue.pop(0)
        for model in models:
            label = model._meta.label
            if label in found:
                continue
            if any(f.is_relation and not f.auto_created and f.related_model is target
                   for f in model._meta.get_fields()):
                found[label] = model
                if label not in EXCLUDED:
                    queue.append(model)
    return found


def _uncovered_direct(person) -> list[tuple[str, object, Q]]:
    """Models that point straight at the person or their profiles but that no section knows: exported anyway."""
    out = []
    for label, model in person_related_models().items():
        if label in COVERED or label in EXCLUDED:
            continue
        lookups = Q()
        for f in model._meta.get_fields():
            if f.is_relation and not f.auto_created and f.related_model is not None:
                target = f.related_model._meta.label
                if target == SUBJECT:
                    lookups |= Q(**{f.name: person})
                elif target in PROFILES:
                    lookups |= Q(**{f"{f.name}__person": person})
        if lookups:
            out.append((label, model, lookups))
    return out


def _sections(person) -> list[Section]:
    """The sections of this person's export: SECTIONS, then one section ("other:<label>") per model that no section
    knows but that points straight at the person, with all its fields. The export and the staff's counts both read
    this list, so they cannot disagree."""
    def rows(model, lookups):
        return lambda p, d: model._default_manager.filter(lookups).distinct().order_by("pk")

    return [*SECTIONS, *(Section(f"other:{label}", capfirst(str(model._meta.verbose_name_plural)), label,
                                 rows(model, lookups)) for label, model, lookups in _uncovered_direct(person))]


def _section(title, rows, ctx, only=None, extra=None) -> dict:
    records = [record_of(obj, ctx, only=only, extra=extra(obj, ctx) if extra else None) for obj in rows]
    return {"title": str(title), "count": len(records), "records": records}


def person_data(person: Person, *, language: str | None = None) -> dict:
    """Everything held about the person, in their language (or `language`). Decrypts special-category data:
    callers audit the export (duo.privacy.subject_render.export)."""
    lang = language or person.preferred_language or settings.LANGUAGE_CODE
    with translation.override(lang):
        ctx = Ctx(person=person)
        duos = _duos(person)
        sections = {s.key: _section(s.title, s.rows(person, duos), ctx, s.only, s.extra) for s in _sections(person)}
        return {
            "format": FORMAT,
            "language": lang,
            "generated_at": _plain(timezone.now()),
            "title": gettext("Data held about %(name)s") % {"name": person.full_name},
            "person": {"id": person.pk, "name": person.full_name},
            "consent": consent_state(person),
            "sections": sections,
        }


def consent_state(person: Person) -> list[dict]:
    """The person's current position per purpose: their latest decision, or none recorded."""
    latest = {}
    for record in person.consents.order_by("purpose", "-recorded_at", "-id"):
        latest.setdefault(record.purpose, record)
    out = []
    for code, label in pc.ConsentPurpose.choices:
        record = latest.get(code)
        out.append({
            "purpose": str(label),
            "state": (gettext("given") if record.granted else gettext("withdrawn or refused")) if record
            else gettext("not recorded"),
            "granted": record.granted if record else None,
            "text_version": record.text_version if record else None,
            "recorded_at": _plain(record.recorded_at) if record else None,
        })
    return out


def section_counts(person: Person) -> list[dict]:
    """How many records each section holds, for the staff summary: counted, not read (nothing decrypted)."""
    duos = _duos(person)
    return [{"key": s.key, "title": str(s.title), "count": s.rows(person, duos).count()} for s in _sections(person)]
