"""The administrators' form to subscribe a receiver. The form checks what a form can see (a URL, known events);
duo.webhooks.services refuses the rest (plain http, credentials in the address), and its errors land on these fields
through duo.core.forms.errors_into."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Event


class SubscriptionForm(forms.Form):
    name = forms.CharField(
        label=_("Receiver"), max_length=120,
        help_text=_("Who receives these events, for what: e.g. “Partner X CRM” or “Funder dashboard”."))
    url = forms.URLField(
        label=_("Address"), max_length=500, assume_scheme="https",
        help_text=_("An https:// address that accepts a POST with a JSON body."))
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=Event.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("Only what this receiver needs."), error_messages={"required": _("Choose at least one event.")})
