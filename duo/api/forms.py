"""The administrators' form to create an API token. The form checks what a form can see (a known scope, an existing
antenna, a date); duo.api.services refuses the rest (no scope, an expiry in the past or beyond a year, a scope that
reaches personal records without antennas), and its errors land on these fields through duo.core.forms.errors_into.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duo.organisation.models import Antenna

from .models import Scope

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
VALIDITY = datetime.timedelta(days=365)


def _a_year_from_today():
    return timezone.localdate() + VALIDITY


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Integration"), max_length=120,
        help_text=_("Who uses it, for what: e.g. “Website application form” or “Partner X outcome feed”."))
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("Only what this integration needs."),
        error_messages={"required": _("Choose at least one scope.")})
    antennas = forms.ModelMultipleChoiceField(
        label=_("Antennas"), queryset=Antenna.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Reading duos and confirming outcomes reach only the duos of these antennas."))
    expires_on = forms.DateField(
        label=_("Expires on"), widget=DATE_INPUT, initial=_a_year_from_today,
        help_text=_("A year at most. The token stops working at the end of that day."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["antennas"].queryset = Antenna.objects.filter(is_active=True).order_by("name")
