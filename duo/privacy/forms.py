from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label=_("Who (email)"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("Any action"))] + AuditEvent.Action.choices)
    model = forms.CharField(label=_("Record type"), required=False, help_text=_("e.g. people.Person"))
    object_id = forms.CharField(label=_("Record id"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The start date comes after the end date."))
        return data

    def filter(self, qs):
        d = self.cleaned_data
        if d.get("actor"):
            qs = qs.filter(actor_label__icontains=d["actor"])
        if d.get("action"):
            qs = qs.filter(action=d["action"])
        if d.get("model"):
            qs = qs.filter(model__iexact=d["model"])
        if d.get("object_id"):
            qs = qs.filter(object_id=d["object_id"])
        if d.get("since"):
            qs = qs.filter(at__date__gte=d["since"])
        if d.get("until"):
            qs = qs.filter(at__date__lte=d["until"])
        return qs
