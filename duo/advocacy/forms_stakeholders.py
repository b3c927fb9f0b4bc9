"""The forms of the stakeholder and contact pages: filters, a stakeholder, a contact, a position, its end, and the
spreadsheet upload. The forms check what a form can see (a valid choice, a party only with a public mandate, a
parent that is not the stakeholder's own child); the services refuse the rest and their errors land on these
fields through duo.core.forms.errors_into.
"""

from django import forms
from django.db import models
from django.forms.models import fields_for_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duo.intake.records.forms import MAX_UPLOAD_MB, SpreadsheetUploadMixin
from duo.organisation.models import Region

from .models import Contact, LegalBasis, Level, Position, Stakeholder, StakeholderKind
from .services import CONTACT_FIELDS, POSITION_FIELDS, STAKEHOLDER_FIELDS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ACTIVE_CHOICES = [("", _("Active or not")), ("yes", _("Active")), ("no", _("Inactive"))]


def _date_fields(form):
    for field in form.fields.values():
        if isinstance(field, forms.DateField):
            field.widget = DATE_INPUT


class StakeholderFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}))
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *StakeholderKind.choices])
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("All levels")), *Level.choices])
    region = forms.ModelChoiceField(label=_("Region"), required=False, queryset=Region.objects.all(),
                                    to_field_name="code", empty_label=_("All regions"))
    active = forms.ChoiceField(label=_("Active"), required=False, choices=ACTIVE_CHOICES)

    def filters(self) -> dict:
        """The valid filters; an invalid one (a hand-edited address) is ignored rather than refused."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) or ("" if name != "region" else None) for name in self.fields}


class ContactSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}),
                        help_text=_("A name, an email address, a role or a stakeholder."))


def _https(field, **kwargs):
    """Model fields as form fields; a website typed without a scheme is https."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class StakeholderForm(forms.Form):
    def __init__(self, *args, instance: Stakeholder | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.fields.update(fields_for_model(Stakeholder, fields=STAKEHOLDER_FIELDS, formfield_callback=_https))
        parents = Stakeholder.objects.order_by("name")
        if instance is not None and instance.pk:
            parents = parents.exclude(pk__in=[instance.pk, *_descendants(instance)])
        self.fields["parent"].queryset = parents
        self.fields["region"].queryset = Region.objects.all()


def _descendants(stakeholder) -> set:
    """Its children, their children...: none of them may become its parent."""
    found, frontier = set(), {stakeholder.pk}
    while frontier:
        frontier = set(Stakeholder.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found


class ContactForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The legal basis first: nobody records a person without knowing on which ground.
        fields = fields_for_model(Contact, fields=CONTACT_FIELDS)
        order = ("legal_basis", "source", *(name for name in CONTACT_FIELDS if name not in ("legal_basis", "source")))
        self.fields.update({name: fields[name] for name in order})
        self.fields["legal_basis"].widget = forms.RadioSelect(choices=LegalBasis.choices)
        self.fields["legal_basis"].choices = LegalBasis.choices
        self.fields["legal_basis"].help_text = _(
            "The GDPR ground on which the organisation keeps this person's details. Legitimate interest fits a "
            "public role or a professional contact.")
        self.fields["notes"].widget = forms.Textarea(attrs={"rows": 4})


class PositionForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(Position, fields=POSITION_FIELDS))
        self.fields["stakeholder"].queryset = Stakeholder.objects.order_by("name")
        self.fields["level"].help_text = _("Empty: the stakeholder's level.")
        _date_fields(self)

    def clean(self):
        data = super().clean()
        stakeholder = data.get("stakeholder")
        if data.get("party") and stakeholder and stakeholder.kind != StakeholderKind.POLITICAL:
            self.add_error("party", _("A party is recorded only for a public mandate: choose a political "
                                      "stakeholder, or leave the party empty."))
        if stakeholder and not data.get("level"):
            data["level"] = stakeholder.level
        return data


class PositionEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DATE_INPUT,
                               help_text=_("The last day of the mandate or job. The person stays in the contacts."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate()


class StakeholderImportForm(SpreadsheetUploadMixin, forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"required": _("Choose a file."), "empty": _("This file is empty.")},
    )
    # What was checked (the file's SHA-256): an import runs only on exactly that file.
    checked = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, too_big=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_big = too_big
        self.fields["file"].help_text = _("An Excel workbook (.xlsx, first sheet) or a CSV file, at most %(size)s MB, "
                                          "with the headers of the template.") % {"size": MAX_UPLOAD_MB}
