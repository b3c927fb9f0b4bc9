"""Changes to the intake pipeline. Each function is one transaction and checks who is acting."""

from collections import Counter

from django.db import transaction
from django.db.models import UniqueConstraint
from django.utils import timezone
from django.utils.translation import gettext as _

from duo.accounts import scoping
from duo.people import consent
from duo.people.choices import ConsentPurpose, LanguageLevel
from duo.people.models import SPECIAL_CATEGORY_FIELDS, MenteeProfile, MentorProfile, Person, PersonLanguage
from duo.people.signals import person_merged

from . import interview as iv
from . import pipeline, verdicts
from .choices import Kind, Verdict
from .models import IntakeInterview, Merge, StageChange

MIN_JUSTIFICATION = 20


class PipelineError(Exception):
    """A move the pipeline does not allow; the message says why, in the user's language."""


def profile_of(person, kind):
    # A missing reverse one-to-one raises an AttributeError subclass, which getattr's default absorbs.
    profile = getattr(person, kind, None) if kind in ("mentee", "mentor") else None
    if profile is None:
        raise PipelineError(_("This person has no %(kind)s profile.") % {"kind": kind})
    return profile


def training_missing(person) -> list:
    """The required training modules a mentor has not completed yet."""
    from duo.training.queries import required_modules_missing

    return list(required_modules_missing(person))


@transaction.atomic
def stage_change(*, person, kind: str, to: str, reason: str = "", note: str = "", by=None, check=True):
    """Move a person along the pipeline, recording who, when and why.

    `by` is the staff member acting, or None when the system moves someone (a registration
    attended, a training completed); `check=False` only for the system's own moves.
    """
    if by is not None and not scoping.can_change(by, person):
        raise scoping.NotAllowed
    profile = profile_of(person, kind)
    current = profile.stage
    if to == current:
        return profile
    labels = dict(type(profile)._meta.get_field("stage").choices)
    if to not in labels:
        raise PipelineError(_("“%(to)s” is not a stage of the pipeline.") % {"to": to})
    if check and to not in pipeline.allowed_targets(kind, current):
        raise PipelineError(_("%(name)s cannot go from “%(from)s” to “%(to)s”.") % {
            "name": person, "from": labels[current], "to": labels[to]})
    if pipeline.needs_reason(to) and not reason:
        raise PipelineError(_("Give a reason for “%(to)s”.") % {"to": labels[to]})
    if kind == "mentor" and to == "ready" and check:
        missing = training_missing(person)
        if missing:
            raise PipelineError(_("%(name)s has not completed the required training: %(modules)s.") % {
                "name": person, "modules": ", ".join(str(m) for m in missing)})
    if kind == "mentee" and to == "ready" and current not in ("intake_done",) and check:
        raise PipelineError(_("A mentee is ready for matching only after the intake interview."))
    today = timezone.localdate()
    profile.stage = to
    profile.stage_reason = reason if pipeline.needs_reason(to) else ""
    profile.stage_changed_on = today
    fields = ["stage", "stage_reason", "stage_changed_on"]
    if to == "ready" and hasattr(profile, "ready_on"):
        profile.ready_on = today
        fields.append("ready_on")
    if to == "training_done" and hasattr(profile, "training_completed_on") and not profile.training_completed_on:
        profile.training_completed_on = today
        fields.append("training_completed_on")
    profile.save(update_fields=fields)
    StageChange.objects.create(person=person, kind=kind, from_stage=current, to_stage=to, reason=reason,
                               note=note, by=by if by is not None and by.is_authenticated else None)
    return profile


# --- verdicts ---------------------------------------------------------------------------------

@transaction.atomic
def application_override(*, application, verdict: str, justification: str, by):
    """A coordinator sets the verdict, in writing; the audit trail records who changed which fields."""
    if not scoping.can_change(by, application):
        raise scoping.NotAllowed
    justification = (justification or "").strip()
    if verdict not in Verdict.values:
        raise PipelineError(_("Choose a verdict."))
    if len(justification) < MIN_JUSTIFICATION:
        raise PipelineError(_("Explain the decision in at least %(n)s characters.") % {"n": MIN_JUSTIFICATION})
    application.override = verdict
    application.override_justification = justification
    application.overridden_by = by
    application.overridden_at = timezone.now()
    application.save(update_fields=["override", "override_justification", "overridden_by", "overridden_at"])
    return application


@transaction.atomic
def application_reassess(*, application, by) -> bool:
    """Check the application again against its antenna's current rules. True if the verdict or its
    reasons changed; a staff override stays as it is (it was a decision, not a computation)."""
    if not scoping.can_change(by, application):
        raise scoping.NotAllowed
    verdict, reasons = verdicts.assess(application)
    if verdict == application.verdict and reasons == application.reasons:
        return False
    application.verdict, application.reasons = verdict, reasons
    application.save(update_fields=["verdict", "reasons"])
    return True


# --- moves ----------------------------------------------------------------------------------------

class BulkRefused(PipelineError):
    """Some moves of a bulk change were refused, so none was made. `refusals` says who and why."""

    def __init__(self, refusals: list[str]):
        self.refusals = refusals
        super().__init__(" ".join(refusals))


@transaction.atomic
def bulk_stage_change(*, moves, to: str, reason: str = "", note: str = "", by) -> int:
    """Move several (person, side) at once, all or nothing. Every refusal is collected before giving up,
    so the coordinator can fix them all in one go. Returns how many people actually moved."""
    refusals, moved = [], 0
    for person, kind in moves:
        profile = getattr(person, kind) if hasattr(person, kind) else None
        before = profile.stage if profile is not None else None
        try:
            stage_change(person=person, kind=kind, to=to, reason=reason, note=note, by=by)
        except PipelineError as error:
            refusals.append(_("%(name)s (%(side)s): %(why)s") % {
                "name": person, "side": Kind(kind).label, "why": error})
        except scoping.NotAllowed:
            refusals.append(_("%(name)s: you may not change this record.") % {"name": person})
        else:
            moved += before != to
    if refusals:
        raise BulkRefused(refusals)
    return moved


# --- the intake interview -------------------------------------------------------------------------

@transaction.atomic
def interview_record(*, person, kind: str, data: dict, by) -> IntakeInterview:
    """Record the interview, copy its answers onto the profile and the languages, and move the person
    to "intake interview done" if they were not that far yet."""
    if not scoping.can_change(by, person):
        raise scoping.NotAllowed
    profile = profile_of(person, kind)
    values = iv.profile_values(kind, data)
    for name, value in values.items():
        setattr(profile, name, value)
    # Check what the interview sets, not what an old import may have left elsewhere on the profile.
    profile.clean_fields(exclude=[f.name for f in profile._meta.fields if f.name not in values])
    profile.clean()
    profile.save(update_fields=list(values))
    spoken = {pl.language: pl for pl in person.languages.all()}
    for code, level in iv.language_levels(data).items():
        current = spoken.get(code)
        if not level and current:
            current.delete()
        elif level and current is None:
            PersonLanguage.objects.create(person=person, language=code, level=level)
        elif level and current.level != level:
            current.level = level
            current.save(update_fields=["level"])
    record = IntakeInterview.objects.create(
        person=person, kind=kind, held_on=data["held_on"], held_by=by, notes=data.get("notes", ""),
        answers=iv.answers(kind, data),
    )
    flow = pipeline.flow(kind)
    if profile.stage in flow and flow.index(profile.stage) < flow.index("intake_done"):
        stage_change(person=person, kind=kind, to="intake_done", note=_("Intake interview"), by=by)
    return record


# --- merging duplicates ---------------------------------------------------------------------------

PROFILES = {"mentee": MenteeProfile, "mentor": MentorProfile}
# Contact facts a kept record takes from the merged one when it has none of its own.
FILLABLE = ["email", "phone", "date_of_birth", "postal_code", "municipality", "gender_self_described",
            "external_ref", *SPECIAL_CATEGORY_FIELDS]
_LEVELS = list(LanguageLevel.values)


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _unique_sets(model, field_name) -> list[list[str]]:
    """The other fields that, with `field_name`, must be unique together on `model`."""
    sets = [list(u) for u in model._meta.unique_together if field_name in u]
    sets += [list(c.fields) for c in model._meta.constraints
             if isinstance(c, UniqueConstraint) and c.fields and c.condition is None and field_name in c.fields]
    return [[f for f in s if f != field_name] for s in sets]


def _fold(model, from_pk, into_pk):
    """Two rows saying the same thing (the same session twice): what the kept one lacks, it takes
    from the other (say, that she attended), then the other goes."""
    manager = model._default_manager
    source, target = manager.get(pk=from_pk), manager.get(pk=into_pk)
    changed = [f for f in model._meta.concrete_fields if not f.primary_key
               and _empty(getattr(target, f.attname)) and not _empty(getattr(source, f.attname))]
    for f in changed:
        setattr(target, f.attname, getattr(source, f.attname))
    if changed:
        target.save(update_fields=[f.name for f in changed])
    source.delete()


def _move_related(model, old, new, skip=()) -> Counter:
    """Point everything that refers to `old` at `new`, for every relation Django knows of, so that
    models added later (sessions, training, ...) are moved too without this code knowing them.

    A row that would repeat one `new` already has (a unique constraint says so, e.g. the same
    session twice) is folded into it (see _fold) and counted as such."""
    moved = Counter()
    for rel in model._meta.related_objects:
        related = rel.related_model
        if related in skip:
            continue
        label = related._meta.label
        if rel.many_to_many:
            through = rel.through
            if not through._meta.auto_created:
                continue  # an explicit through model is one of the relations below
            ours = next(f for f in through._meta.fields if f.is_relation and f.related_model is model)
            theirs = next(f for f in through._meta.fields if f.is_relation and f is not ours)
            linked = through.objects.filter(**{ours.name: new}).values(theirs.attname)
            moved[label] += (through.objects.filter(**{ours.name: old}).exclude(**{f"{theirs.attname}__in": linked})
                             .update(**{ours.name: new}))
            through.objects.filter(**{ours.name: old}).delete()  # links `new` already had
            continue
        name = rel.field.name
        rows = related._default_manager.filter(**{name: old})
        if rel.one_to_one:
            if rows.exists() and related._default_manager.filter(**{name: new}).exists():
                raise PipelineError(_("Both records have a %(what)s: merge them by hand first.") % {
                    "what": related._meta.verbose_name})
        for others in _unique_sets(related, name):
            theirs = {tuple(values): pk for pk, *values in rows.values_list("pk", *others)}
            ours = {tuple(values): pk for pk, *values in
                    related._default_manager.filter(**{name: new}).values_list("pk", *others)}
            for key in theirs.keys() & ours.keys():
                _fold(related, theirs[key], ours[key])
                moved[f"{label}:already_there"] += 1
        count = rows.update(**{name: new})
        if count:
            moved[label] += count
    return moved


def _merge_languages(keep, drop, moved: Counter):
    mine = {pl.language: pl for pl in keep.languages.all()}
    for pl in drop.languages.all():
        ours = mine.get(pl.language)
        if ours is None:
            pl.person = keep
            pl.save(update_fields=["person"])
        else:
            if _LEVELS.index(pl.level) > _LEVELS.index(ours.level):
                ours.level = pl.level
                ours.save(update_fields=["level"])
            pl.delete()
        moved[PersonLanguage._meta.label] += 1


def _merge_profile(keep, drop, kind, moved: Counter):
    model = PROFILES[kind]
    theirs = model.objects.filter(person=drop).first()
    if theirs is None:
        return
    ours = model.objects.filter(person=keep).first()
    if ours is None:
        theirs.person = keep
        theirs.save(update_fields=["person"])
        moved[model._meta.label] += 1
        return
    # Both records had this side: keep ours, bring their duos and the rest over, fill our gaps.
    moved.update(_move_related(model, theirs, ours))
    changed = []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.name == "person" or f.name.startswith("stage"):
            continue
        if f.name == "applied_on" and theirs.applied_on < ours.applied_on:
            ours.applied_on = theirs.applied_on  # they first applied then
            changed.append(f.name)
        elif _empty(getattr(ours, f.attname)) and not _empty(getattr(theirs, f.attname)):
            setattr(ours, f.attname, getattr(theirs, f.attname))
            changed.append(f.name)
    if changed:
        ours.save(update_fields=changed)
    theirs.delete()
    moved[f"{model._meta.label}:merged"] += 1


def _fill_contact(keep, drop):
    changed = []
    # The consents have moved already: if the merged person's latest word on special-category data is "no"
    # (whichever record it was said on), none is copied and what the kept record holds goes too.
    special_allowed = consent.granted(keep, ConsentPurpose.SPECIAL_CATEGORY)
    for name in FILLABLE:
        attname = Person._meta.get_field(name).attname
        if name in SPECIAL_CATEGORY_FIELDS and not special_allowed:
            if getattr(keep, attname) is not None:
                setattr(keep, attname, None)
                changed.append(name)
        elif _empty(getattr(keep, attname)) and not _empty(getattr(drop, attname)):
            setattr(keep, attname, getattr(drop, attname))
            changed.append(name)
    if keep.gender == "undisclosed" and drop.gender != "undisclosed":
        keep.gender = drop.gender
        changed.append("gender")
    if changed:
        keep.save(update_fields=changed + (["phone_digits"] if "phone" in changed else []))


@transaction.atomic
def person_merge(*, keep, drop, by) -> Merge:
    """`drop` was the same human as `keep`: everything of `drop` moves to `keep`, then `drop` goes.

    Nothing is lost: languages (the higher level wins), profiles and their duos, applications,
    consents, the pipeline's history, interviews, and whatever other apps attach to a person.
    The Merge record says what moved, so the old record's number can still be traced.
    """
    if keep.pk == drop.pk:
        raise PipelineError(_("A record cannot be merged with itself."))
    if not (scoping.can_change(by, keep) and scoping.can_change(by, drop)):
        raise scoping.NotAllowed
    keep = Person.objects.select_for_update().get(pk=keep.pk)
    drop = Person.objects.select_for_update().get(pk=drop.pk)
    moved = Counter()
    _merge_languages(keep, drop, moved)
    for kind in PROFILES:
        _merge_profile(keep, drop, kind, moved)
    moved.update(_move_related(Person, drop, keep, skip=(PersonLanguage, *PROFILES.values())))
    _fill_contact(keep, drop)
    for rel in Person._meta.related_objects:
        if not rel.many_to_many and rel.related_model._default_manager.filter(**{rel.field.name: drop}).exists():
            # Something could not be moved: better no merge than a silent loss.
            raise PipelineError(_("Some records of %(name)s could not be moved; nothing was merged.") % {
                "name": drop})
    person_merged.send(sender=Person, keep=keep, drop=drop)
    merge = Merge.objects.create(kept=keep, merged_id=drop.pk, moved=dict(moved), by=by)
    drop.delete()
    return merge
