"""Changes to people. Each is one transaction; the audit trail is written by the models."""

from django.db import transaction

from duo.accounts import scoping
from duo.privacy.audit import record_view

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
