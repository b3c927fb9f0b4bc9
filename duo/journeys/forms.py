from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duo.accounts import scoping
from duo.organisation.models import Antenna

from duo.reference.models import Occupation

from .choices import DuoStatus, OutcomeHorizon
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
        fields = ["category", "horizon", "observed_on", "source", "occupation", "sector", "hours_per_week",
                  "job_started_on"]
        widgets = {
            "observed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "job_started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "hours_per_week": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }
        help_texts = {
            "occupation": _("For a job only, as are the sector, hours and start date."),
        }

    def __init__(self, *args, duo, **kwargs):
        super().__init__(*args, **kwargs)
        self.duo = duo
        # Unit groups when the full ISCO file was imported; the coarser groups otherwise.
        level = 4 if Occupation.objects.filter(level=4).exists() else None
        occupations = Occupation.objects.order_by("code")
        self.fields["occupation"].queryset = occupations.filter(level=level) if level else occupations
        self.fields["occupation"].empty_label = _("Not a job")
        # The due list links here with the horizon to record already chosen.
        if not self.is_bound and self.initial.get("horizon") not in OutcomeHorizon.values:
            self.initial.pop("horizon", None)

    def clean_observed_on(self):
        day = self.cleaned_data["observed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("An outcome cannot be observed in the future."))
        if self.duo.matched_on and day < self.duo.matched_on:
            raise forms.ValidationError(_("This date is before the duo was formed."))
        return day
