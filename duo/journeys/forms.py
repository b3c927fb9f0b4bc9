from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duo.accounts import scoping
from duo.organisation.models import Antenna

from .choices import DuoStatus
from .models import Outcome


class DuoFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any status"))] + DuoStatus.choices)
    antenna = forms.ModelChoiceField(label=_("Antenna"), required=False, queryset=Antenna.objects.none(),
                                     empty_label=_("All my antennas"))
    attention = forms.BooleanField(label=_("Needing attention only"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["antenna"].queryset = scoping.scope(user, Antenna.objects.all())


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["category", "horizon", "observed_on", "source"]
        widgets = {"observed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, duo, **kwargs):
        super().__init__(*args, **kwargs)
        self.duo = duo

    def clean_observed_on(self):
        day = self.cleaned_data["observed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("An outcome cannot be observed in the future."))
        if self.duo.matched_on and day < self.duo.matched_on:
            raise forms.ValidationError(_("This date is before the duo was formed."))
        return day
