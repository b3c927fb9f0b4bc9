"""Applying an import's changes: all or nothing, in bulk.

Called inside the transaction of duo.intake.records.services.records_import, with changes that
passed every check. Bulk writes skip Model.save() and its signals, so what save() would do is done
here (Person.phone_digits is set by the plan, updated_at below), and AuditedQuerySet leaves one
audit event per bulk write. Imported people get a first StageChange so that their pipeline
history starts somewhere; no ConsentRecord is made up for them.
"""

from django.utils import timezone
from django.utils.translation import gettext

from duo.intake.models import StageChange
from duo.journeys.models import Duo
from duo.people.models import PersonLanguage

from .plan import PROFILES, Change

BATCH = 500


def _fields(changes, attr) -> list[str]:
    names = set()
    for change in changes:
        names |= getattr(change, attr)
    return sorted(names)


def write_people(kind: str, changes: list[Change], *, by) -> dict:
    person_model = type(changes[0].obj) if changes else None
    new = [c for c in changes if c.action == "create"]
    updated = [c for c in changes if c.action == "update"]
    if new:
        person_model.objects.bulk_create([c.obj for c in new], batch_size=BATCH)
    changed = [c for c in updated if c.changed]
    if changed:
        fields = sorted(set(_fields(changed, "changed")) | {"updated_at"})
        person_model.objects.bulk_update([c.obj for c in changed], fields, batch_size=BATCH)
    touched = new + updated
    profile_model = PROFILES[kind]
    # New profiles and languages point at their Person object: bulk_create reads its new key.
    profile_model.objects.bulk_create([c.profile for c in touched if c.profile_new], batch_size=BATCH)
    changed_profiles = [c for c in touched if not c.profile_new and c.profile_changed]
    if changed_profiles:
        profile_model.objects.bulk_update([c.profile for c in changed_profiles],
                                          _fields(changed_profiles, "profile_changed"), batch_size=BATCH)
    PersonLanguage.objects.bulk_create([lang for c in touched for lang in c.languages_new], batch_size=BATCH)
    PersonLanguage.objects.bulk_update([lang for c in touched for lang in c.languages_changed], ["level"],
                                       batch_size=BATCH)
    gone = [lang.pk for c in touched for lang in c.languages_gone]
    if gone:
        PersonLanguage.objects.filter(pk__in=gone).delete()
    now = timezone.now()
    note = gettext("Spreadsheet import")
    StageChange.objects.bulk_create([
        StageChange(person=c.obj, kind=kind[:-1], from_stage=c.stage_from, to_stage=c.profile.stage,
                    reason=c.profile.stage_reason, note=note, at=now, by=by)
        for c in touched if c.stage_from is not None
    ], batch_size=BATCH)
    return _counts(changes)


def write_duos(changes: list[Change]) -> dict:
    new = [c.obj for c in changes if c.action == "create"]
    updated = [c for c in changes if c.action == "update"]
    Duo.objects.bulk_create(new, batch_size=BATCH)
    if updated:
        Duo.objects.bulk_update([c.obj for c in updated], _fields(updated, "changed"), batch_size=BATCH)
    return _counts(changes)


def _counts(changes) -> dict:
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for change in changes:
        counts[{"create": "created", "update": "updated"}.get(change.action, "unchanged")] += 1
    counts["total"] = len(changes)
    return counts


def counts(changes) -> dict:
    """What the changes would do, without doing it (for a preview)."""
    return _counts(changes)
