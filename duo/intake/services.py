"""Changes to the intake pipeline. Each function is one transaction and checks who is acting."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duo.accounts import scoping

from . import pipeline
from .models import StageChange


class PipelineError(Exception):
    """A move the pipeline does not allow; the message says why, in the user's language."""


def profile_of(person, kind):
    profile = getattr(person, kind, None) if hasattr(person, kind) else None
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
