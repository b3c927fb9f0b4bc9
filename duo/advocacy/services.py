"""What officers do in advocacy, one function per use case, each one transaction, permission-checked here.

Views, the import and commands call these; nothing else writes advocacy rows. Bad input raises AdvocacyError with
messages per field (the forms show them) and changes nothing.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duo.accounts import roles, scoping
from duo.barrier.models import BarrierKind
from duo.testimony.models import Area

from .models import (
    DEFAULT_PROGRESS, LANGUAGES, STATUS_RANK, Campaign, Contact, Interaction, InteractionKind, Milestone, Position,
    Recommendation, RecommendationVersion, Stakeholder, Status, StatusChange, Target, codes_value,
)

NotAllowed = scoping.NotAllowed

# Conversations move a recommendation to "discussed"; a letter, a post or a media piece only raises it.
CONVERSATIONS = frozenset({InteractionKind.MEETING, InteractionKind.HEARING, InteractionKind.CONSULTATION,
                           InteractionKind.CALL})
FINAL = frozenset({Status.IMPLEMENTED, Status.REJECTED})


class AdvocacyError(Exception):
    """Bad input: `errors` maps a field name ("" for the whole form) to a message in the user's language."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" if k else v for k, v in errors.items()))
        self.errors = errors


def _require(by):
    if not scoping.has(by, roles.ADVOCACY_CHANGE):
        raise NotAllowed


def _raise(errors):
    if errors:
        raise AdvocacyError(errors)


# Stakeholders, contacts, positions ---------------------------------------------------------------------------------

STAKEHOLDER_FIELDS = ("name", "kind", "level", "region", "parent", "website", "email", "phone", "address", "notes",
                      "is_active")
CONTACT_FIELDS = ("first_name", "last_name", "title", "email", "phone", "language", "legal_basis", "source", "notes")
POSITION_FIELDS = ("stakeholder", "role", "level", "party", "committees", "started_on", "ended_on")


def _set(obj, fields, values):
    for name in fields:
        if name in values:
            setattr(obj, name, values[name])


@transaction.atomic
def stakeholder_save(*, by, stakeholder: Stakeholder | None = None, **values) -> Stakeholder:
    _require(by)
    obj = stakeholder or Stakeholder(created_by=by)
    _set(obj, STAKEHOLDER_FIELDS, values)
    errors = {}
    if not (obj.name or "").strip():
        errors["name"] = _("Give the stakeholder's name.")
    if obj.pk and obj.parent_id == obj.pk:
        errors["parent"] = _("A stakeholder cannot be part of itself.")
    duplicate = Stakeholder.objects.filter(name__iexact=(obj.name or "").strip(), kind=obj.kind).exclude(pk=obj.pk)
    if obj.name and duplicate.exists():
        errors["name"] = _("A stakeholder of this type with this name already exists.")
    _raise(errors)
    obj.name = obj.name.strip()
    obj.save()
    return obj


def _refuse_erased(contact):
    # Writing details back would undo the erasure in all but name: someone who comes back is a new contact.
    if contact is not None and contact.erased_at is not None:
        raise AdvocacyError({"": _("This contact was erased: nothing can be written about them any more. If they "
                                   "come back, add them as a new contact.")})


@transaction.atomic
def contact_save(*, by, contact: Contact | None = None, **values) -> Contact:
    _require(by)
    _refuse_erased(contact)
    obj = contact or Contact(created_by=by)
    _set(obj, CONTACT_FIELDS, values)
    errors = {}
    if not (obj.last_name or "").strip():
        errors["last_name"] = _("Give the contact's last name.")
    _raise(errors)
    obj.save()
    return obj


def _check_position(values) -> dict[str, str]:
    errors = {}
    start, end = values.get("started_on"), values.get("ended_on")
    if start and end and end < start:
        errors["ended_on"] = _("A position cannot end before it starts.")
    if not (values.get("role") or "").strip():
        errors["role"] = _("Say what the role or mandate is.")
    if values.get("stakeholder") is None:
        errors["stakeholder"] = _("Choose the stakeholder.")
    return errors


@transaction.atomic
def position_save(*, by, contact: Contact | None = None, position: Position | None = None, **values) -> Position:
    _require(by)
    _refuse_erased(position.contact if position is not None else contact)
    obj = position or Position(contact=contact)
    current = {name: getattr(obj, name, None) for name in POSITION_FIELDS if name != "stakeholder"}
    current["stakeholder"] = obj.stakeholder if obj.stakeholder_id else None
    current.update(values)
    _raise(_check_position(current))
    _set(obj, POSITION_FIELDS, current)
    obj.save()
    return obj


@transaction.atomic
def position_end(*, by, position: Position, on: datetime.date) -> Position:
    """A mandate ends (an election, a new job): the person stays, the role closes."""
    _require(by)
    if position.started_on and on < position.started_on:
        raise AdvocacyError({"ended_on": _("A position cannot end before it starts.")})
    position.ended_on = on
    position.save()
    return position


# Recommendations --------------------------------------------------------------------------------------------------

RECOMMENDATION_FIELDS = ("code", "area", "level", "snapshot", "is_active")


def _wording_errors(values) -> dict[str, str]:
    errors = {}
    if not any((values.get(f"title_{lang}") or "").strip() for lang in LANGUAGES):
        errors["title_fr"] = _("Give the recommendation a title in at least one language.")
    for lang in LANGUAGES:
        if (values.get(f"text_{lang}") or "").strip() and not (values.get(f"title_{lang}") or "").strip():
            errors[f"title_{lang}"] = _("A text needs its title in the same language.")
    return errors


def _evidence(obj, values, errors):
    if "barriers" in values:
        unknown = [c for c in values["barriers"] or () if c not in BarrierKind.values]
        if unknown:
            errors["barriers"] = _("Unknown barrier: %(code)s.") % {"code": unknown[0]}
        obj.barriers = codes_value(values["barriers"], BarrierKind.values)
    if "indicators" in values:
        from duo.impact.indicators import INDICATORS

        unknown = [c for c in values["indicators"] or () if c not in INDICATORS]
        if unknown:
            errors["indicators"] = _("Unknown indicator: %(code)s.") % {"code": unknown[0]}
        obj.indicators = codes_value(values["indicators"], list(INDICATORS))


def _relations(obj, values):
    for name in ("testimonies", "publications"):
        if name in values:
            getattr(obj, name).set(values[name] or [])


@transaction.atomic
def recommendation_create(*, by, code: str, area: str, level: str, **values) -> Recommendation:
    _require(by)
    errors = _wording_errors(values)
    if Recommendation.objects.filter(code=code).exists():
        errors["code"] = _("Another recommendation already has this code.")
    if area not in Area.values:
        errors["area"] = _("Choose an area of action.")
    obj = Recommendation(code=code, area=area, level=level, created_by=by,
                         snapshot=values.get("snapshot"), is_active=values.get("is_active", True))
    _evidence(obj, values, errors)
    _raise(errors)
    obj.save()
    _relations(obj, values)
    RecommendationVersion.objects.create(
        recommendation=obj, number=1, created_by=by, change_note=values.get("change_note", ""),
        **{f"{stem}_{lang}": (values.get(f"{stem}_{lang}") or "").strip() for stem in ("title", "text")
           for lang in LANGUAGES})
    return obj


@transaction.atomic
def recommendation_update(*, by, recommendation: Recommendation, **values) -> Recommendation:
    """Area, level, evidence: the facts around the ask. Its wording changes with recommendation_revise."""
    _require(by)
    errors = {}
    code = values.get("code", recommendation.code)
    if Recommendation.objects.filter(code=code).exclude(pk=recommendation.pk).exists():
        errors["code"] = _("Another recommendation already has this code.")
    _set(recommendation, RECOMMENDATION_FIELDS, values)
    _evidence(recommendation, values, errors)
    _raise(errors)
    recommendation.save()
    _relations(recommendation, values)
    return recommendation


@transaction.atomic
def recommendation_revise(*, by, recommendation: Recommendation, change_note: str = "",
                          **wording) -> RecommendationVersion:
    """A new wording is a new version; publications that quoted an earlier one keep theirs."""
    _require(by)
    _raise(_wording_errors(wording))
    current = recommendation.current
    texts = {f"{stem}_{lang}": (wording.get(f"{stem}_{lang}") or "").strip() for stem in ("title", "text")
             for lang in LANGUAGES}
    if current and all(getattr(current, k) == v for k, v in texts.items()):
        raise AdvocacyError({"": _("Nothing changed in the wording: no new version was made.")})
    number = (current.number if current else 0) + 1
    version = RecommendationVersion.objects.create(recommendation=recommendation, number=number, created_by=by,
                                                   change_note=change_note.strip(), **texts)
    recommendation._current = version
    recommendation.save(update_fields=["updated_at"])
    return version


def _target(recommendation, stakeholder) -> Target:
    target, _created = Target.objects.select_for_update().get_or_create(
        recommendation=recommendation, stakeholder=stakeholder)
    return target


@transaction.atomic
def target_add(*, by, recommendation: Recommendation, stakeholder: Stakeholder) -> Target:
    _require(by)
    return _target(recommendation, stakeholder)


@transaction.atomic
def target_set_status(*, by, target: Target, status: str, on: datetime.date | None = None,
                      progress: int | None = None, note: str = "", interaction: Interaction | None = None) -> Target:
    """Move a target along the road (or back: a minister may withdraw support); every move is on the timeline."""
    _require(by)
    errors = {}
    if status not in Status.values:
        errors["status"] = _("Choose a status.")
    progress = DEFAULT_PROGRESS.get(status, 0) if progress is None else progress
    if not 0 <= progress <= 100:
        errors["progress"] = _("Progress is a percentage between 0 and 100.")
    on = on or timezone.localdate()
    if on > timezone.localdate():
        errors["on"] = _("A status change cannot be dated in the future.")
    _raise(errors)
    StatusChange.objects.create(target=target, status=status, progress=progress, on=on, note=note.strip()[:500],
                                interaction=interaction, by=by)
    latest = target.changes.order_by("-on", "-at", "-id").first()
    target.status, target.progress, target.status_on = latest.status, latest.progress, latest.on
    target.save()
    return target


# Interactions ------------------------------------------------------------------------------------------------------

INTERACTION_FIELDS = ("kind", "on", "subject", "campaign", "summary", "follow_up", "follow_up_due", "follow_up_owner",
                      "lobbying")
INTERACTION_RELATIONS = ("stakeholders", "contacts", "staff", "recommendations", "publications")


def _interaction_errors(obj, relations) -> dict[str, str]:
    errors = {}
    if not (obj.subject or "").strip():
        errors["subject"] = _("Give the interaction a subject.")
    if obj.kind not in InteractionKind.values:
        errors["kind"] = _("Choose the type of interaction.")
    if obj.on and obj.on > timezone.localdate() + datetime.timedelta(days=366):
        errors["on"] = _("This date is more than a year ahead.")
    if obj.follow_up_due and not (obj.follow_up or "").strip():
        errors["follow_up"] = _("Say what was promised, or leave the due date empty.")
    if obj.follow_up_due and obj.on and obj.follow_up_due < obj.on:
        errors["follow_up_due"] = _("A follow-up cannot be due before the interaction.")
    if relations.get("recommendations") and not relations.get("stakeholders"):
        errors["stakeholders"] = _("Say to which stakeholders the recommendations were raised.")
    return errors


def _advance(*, by, interaction: Interaction, recommendations, stakeholders) -> None:
    """Raising a recommendation with a stakeholder moves its target forward, never back, and never past a final
    status: a rejected or implemented ask stays so until someone says otherwise."""
    if interaction.on > timezone.localdate():
        return  # a planned meeting has not raised anything yet
    reached = Status.DISCUSSED if interaction.kind in CONVERSATIONS else Status.RAISED
    for recommendation in recommendations:
        for stakeholder in stakeholders:
            target = _target(recommendation, stakeholder)
            if target.status in FINAL or STATUS_RANK[target.status] >= STATUS_RANK[reached]:
                if not target.changes.filter(interaction=interaction).exists():
                    StatusChange.objects.create(target=target, status=target.status, progress=target.progress,
                                                on=interaction.on, interaction=interaction, by=by,
                                                note=_("Raised again"))
                continue
            target_set_status(by=by, target=target, status=reached, on=interaction.on, interaction=interaction)


@transaction.atomic
def interaction_save(*, by, interaction: Interaction | None = None, areas=None, **values) -> Interaction:
    _require(by)
    obj = interaction or Interaction(created_by=by)
    _set(obj, INTERACTION_FIELDS, values)
    if areas is not None:
        obj.areas = codes_value(areas, Area.values)
    relations = {name: list(values[name]) for name in INTERACTION_RELATIONS if name in values}
    if obj.pk:
        for name in INTERACTION_RELATIONS:
            relations.setdefault(name, list(getattr(obj, name).all()))
    _raise(_interaction_errors(obj, relations))
    obj.subject = obj.subject.strip()
    obj.save()
    for name, items in relations.items():
        getattr(obj, name).set(items)
    _advance(by=by, interaction=obj, recommendations=relations.get("recommendations", []),
             stakeholders=relations.get("stakeholders", []))
    return obj


@transaction.atomic
def follow_up_done(*, by, interaction: Interaction) -> Interaction:
    _require(by)
    if not interaction.follow_up_due:
        raise AdvocacyError({"": _("This interaction has no follow-up to mark as done.")})
    if interaction.follow_up_done_at is None:
        interaction.follow_up_done_at = timezone.now()
        interaction.save(update_fields=["follow_up_done_at", "updated_at"])
    return interaction


@transaction.atomic
def interaction_delete(*, by, interaction: Interaction) -> None:
    """Mistakes happen; the status changes it caused go with it and each target falls back to what it was."""
    _require(by)
    targets = list(Target.objects.filter(changes__interaction=interaction).distinct())
    StatusChange.objects.filter(interaction=interaction).delete()
    interaction.delete()
    for target in targets:
        latest = target.changes.order_by("-on", "-at", "-id").first()
        if latest is None:
            target.status, target.progress, target.status_on = Status.NOT_RAISED, 0, None
        else:
            target.status, target.progress, target.status_on = latest.status, latest.progress, latest.on
        target.save()


# Campaigns ---------------------------------------------------------------------------------------------------------

CAMPAIGN_FIELDS = ("name", "slug", "goal", "starts_on", "ends_on", "status")
CAMPAIGN_RELATIONS = ("recommendations", "stakeholders", "publications")


@transaction.atomic
def campaign_save(*, by, campaign: Campaign | None = None, **values) -> Campaign:
    _require(by)
    obj = campaign or Campaign(created_by=by)
    _set(obj, CAMPAIGN_FIELDS, values)
    errors = {}
    if not (obj.name or "").strip():
        errors["name"] = _("Give the campaign a name.")
    if obj.starts_on and obj.ends_on and obj.ends_on < obj.starts_on:
        errors["ends_on"] = _("A campaign cannot end before it starts.")
    if obj.slug and Campaign.objects.filter(slug=obj.slug).exclude(pk=obj.pk).exists():
        errors["slug"] = _("Another campaign already has this short name.")
    _raise(errors)
    obj.save()
    for name in CAMPAIGN_RELATIONS:
        if name in values:
            getattr(obj, name).set(values[name] or [])
    # A campaign's targets are asked each of its recommendations: the pairs exist so that progress can be shown.
    for recommendation in obj.recommendations.all():
        for stakeholder in obj.stakeholders.all():
            _target(recommendation, stakeholder)
    return obj


@transaction.atomic
def milestone_save(*, by, campaign: Campaign, milestone: Milestone | None = None, **values) -> Milestone:
    _require(by)
    obj = milestone or Milestone(campaign=campaign)
    _set(obj, ("on", "title", "done"), values)
    if not (obj.title or "").strip():
        raise AdvocacyError({"title": _("Say what the milestone is.")})
    obj.save()
    return obj
