"""Changes to people. Each is one transaction; the audit trail is written by the models."""

from django.db import transaction
from django.utils import timezone

from duo.accounts import scoping
from duo.meetinglog.models import AccessLink
from duo.privacy.audit import record, record_view
from duo.privacy.models import AuditEvent

from . import links
from .models import SPECIAL_CATEGORY_FIELDS, Person


@transaction.atomic
def person_update(*, person: Person, form, profile_form=None, by) -> Person:
    if not scoping.can_change(by, person):
        raise scoping.NotAllowed
    person = form.save()
    if profile_form is not None:
        profile_form.save()
    return person


def special_category_read(*, person: Person, by) -> dict:
    """The special-category values of a person, for a role allowed to see them; the view is audited."""
    if not scoping.can_view_special_category(by, person):
        raise scoping.NotAllowed
    record_view(obj=person, fields=SPECIAL_CATEGORY_FIELDS)
    return {
        name: (person._meta.get_field(name).verbose_name, getattr(person, f"get_{name}_display")())
        for name in SPECIAL_CATEGORY_FIELDS
    }


@transaction.atomic
def links_revoke(*, person: Person, by) -> int:
    """Switch off the person's personal links: their Duo page and testimony links (a new generation, see
    duo.people.links) and their active meeting-log links. The consent link keeps working on purpose (see
    duo.people.consent.token_for). Returns how many meeting-log links were switched off."""
    if not scoping.can_change(by, person):
        raise scoping.NotAllowed
    generation = links.bump(person)
    logs = AccessLink.objects.active().filter(person=person).update(revoked_at=timezone.now())
    # links.bump writes no event of its own: this one says what happened (a count, never a link).
    record(action=AuditEvent.Action.UPDATE, model=Person, object_id=person.pk, fields=["link_generation"],
           note=f"personal links revoked: generation {generation}, {logs} meeting-log link(s) switched off")
    return logs
