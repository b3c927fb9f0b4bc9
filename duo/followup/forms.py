from django import forms
from django.utils.translation import gettext_lazy as _

from duo.accounts import scoping
from duo.journeys.choices import MeetingMode
from duo.organisation.models import Antenna


class CheckInDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    mode = forms.ChoiceField(label=_("How"), choices=MeetingMode.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class StaffNoteForm(forms.Form):
    text = forms.CharField(label=_("Staff note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class AntennaFilterForm(forms.Form):
    antenna = forms.ModelChoiceField(label=_("Antenna"), required=False, queryset=Antenna.objects.none(),
                                     empty_label=_("All my antennas"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["antenna"].queryset = scoping.scope(user, Antenna.objects.order_by("name"))
