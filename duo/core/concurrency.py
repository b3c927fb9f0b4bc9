"""No lost update: a form remembers which version of a record the user loaded, and saving refuses to
overwrite a version someone else saved meanwhile.

The version travels as a hidden field ("version"). Saving locks the row (SELECT ... FOR UPDATE, inside the save's
transaction) and compares; if the record moved on, EditConflict is raised, the transaction rolls back, and the
view shows the form again with who changed the record, when, and its current values — and with the new version,
so that saving once more, knowingly, keeps the user's values.

A post without any version (a script written before this existed) is not checked: every page Duo renders sends it.
"""

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

VERSION_FIELD = "version"


def updated_at_token(obj) -> str:
    """The default version: the record's `updated_at` (auto_now), to the microsecond."""
    value = getattr(obj, "updated_at", None)
    return value.isoformat() if value is not None else ""


def last_change(obj):
    """(who, when) of the last change to `obj` in the audit trail; (None, None) if there is none."""
    from duo.privacy.models import AuditEvent

    event = (AuditEvent.objects.filter(model=obj._meta.label, object_id=str(obj.pk))
             .exclude(action__in=[AuditEvent.Action.VIEW, AuditEvent.Action.EXPORT])
             .order_by("-at", "-id").first())
    if event is None:
        return None, None
    who = None
    if event.actor_id:
        user = get_user_model().objects.filter(pk=event.actor_id).first()
        who = (getattr(user, "full_name", "") or str(user)) if user else None
    return who or event.actor_label, event.at


class EditConflict(Exception):
    """The record changed after the user loaded it. `current` is the record as it is now."""

    def __init__(self, *, current, token: str):
        self.current = current
        self.token = token
        self.who, self.at = last_change(current)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        who = self.who or _("Someone else")
        if self.at is None:
            return _("%(who)s changed this record while you were editing it. Nothing was saved: here is its "
                     "current version. Save again to replace it with your values.") % {"who": who}
        at = timezone.localtime(self.at)
        when = (time_format(at, "H:i") if at.date() == timezone.localdate()
                else date_format(at, "SHORT_DATETIME_FORMAT"))
        return _("%(who)s changed this record at %(when)s while you were editing it. Nothing was saved: here is "
                 "its current version. Save again to replace it with your values.") % {"who": who, "when": when}


class VersionedFormMixin:
    """Put before forms.Form/ModelForm. On a ModelForm the version is the instance's; any other form is given
    the record with `versioned=`. `version_of` turns a record into its version (override per form)."""

    version_of = staticmethod(updated_at_token)

    def __init__(self, *args, versioned=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.versioned = versioned if versioned is not None else getattr(self, "instance", None)
        exists = self.versioned is not None and self.versioned.pk is not None
        self.fields[VERSION_FIELD] = forms.CharField(
            required=False, widget=forms.HiddenInput, initial=self.version_of(self.versioned) if exists else "")

    def loaded_version(self) -> str | None:
        if not self.is_bound:
            return None
        return self.data.get(self.add_prefix(VERSION_FIELD)) or None

    def check_version(self):
        """Locks the record and raises EditConflict if it is no longer the version loaded. Call it inside the
        transaction that saves, before writing (ModelForm.save does it by itself)."""
        loaded = self.loaded_version()
        if loaded is None or self.versioned is None or self.versioned.pk is None:
            return
        model = type(self.versioned)
        current = model._base_manager.select_for_update().get(pk=self.versioned.pk)
        token = self.version_of(current)
        if token != loaded:
            raise EditConflict(current=current, token=token)

    def save(self, commit=True):
        with transaction.atomic():
            if commit:
                self.check_version()
            return super().save(commit=commit)

    def refuse(self, conflict: EditConflict):
        """Shows the conflict on the form: the message at the top, and the current version behind the hidden
        field, so that the user's next save is a deliberate one."""
        data = self.data.copy()
        data[self.add_prefix(VERSION_FIELD)] = conflict.token
        self.data = data
        self.add_error(None, conflict.message)
        self.conflict = conflict
        self.current_values = differences(self, conflict.current)


def _display(obj, name):
    field = obj._meta.get_field(name)
    value = getattr(obj, name)
    if field.choices and value not in (None, ""):
        return getattr(obj, f"get_{name}_display")()
    if value in (None, ""):
        return "—"
    return str(value)


def differences(form, current) -> list[tuple[str, str, str]]:
    """(label, current value, the user's value) for each field of the form whose stored value differs from
    what the user sent."""
    rows = []
    mine = getattr(form, "instance", None)
    if mine is None or not hasattr(form, "cleaned_data"):
        return rows
    for name, field in form.fields.items():
        if name == VERSION_FIELD:
            continue
        try:
            model_field = current._meta.get_field(name)
        except FieldDoesNotExist:  # a form field that is no model field
            continue
        if model_field.value_from_object(current) != model_field.value_from_object(mine):
            rows.append((str(field.label), _display(current, name), _display(mine, name)))
    return rows
