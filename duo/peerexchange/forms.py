from django import forms
from django.utils.translation import gettext_lazy as _

from duo.journeys.choices import MeetingMode

from . import queries
from .rule import STATUSES
from .services import MAX_MINUTES

STATUS_LABELS = {
    "met": _("Met"),
    "on_track": _("On track"),
    "behind": _("Behind"),
    "missed": _("Missed"),
}


class AntennaFilterForm(forms.Form):
    antenna = forms.ModelChoiceField(label=_("Antenna"), required=False, queryset=None,
                                     empty_label=_("All my antennas"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["antenna"].queryset = queries.antennas(user)

    def chosen_ids(self):
        if self.is_valid() and self.cleaned_data["antenna"] is not None:
            return [self.cleaned_data["antenna"].pk]
        return None


class MentorFilterForm(AntennaFilterForm):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Every status"))] + [(s, STATUS_LABELS[s]) for s in STATUSES])


class SessionForm(forms.Form):
    antenna = forms.ModelChoiceField(label=_("Antenna"), queryset=None)
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    starts_at = forms.TimeField(label=_("Start time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, max_value=MAX_MINUTES,
                                          initial=120)
    mode = forms.ChoiceField(label=_("How"), choices=MeetingMode.choices, initial=MeetingMode.IN_PERSON,
                             widget=forms.RadioSelect)
    place = forms.CharField(label=_("Place or link"), required=False, max_length=200)
    theme = forms.CharField(label=_("Theme"), required=False, max_length=200)
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["antenna"].queryset = queries.antennas(user)


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(label=_("Came"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(str(a.mentor_id), str(a.mentor)) for a in rows]
        if not self.is_bound:
            self.initial["present"] = [str(a.mentor_id) for a in rows if a.attended]


class InviteForm(forms.Form):
    mentors = forms.MultipleChoiceField(label=_("Mentors to invite"), widget=forms.CheckboxSelectMultiple,
                                        error_messages={"required": _("Choose at least one mentor.")})

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentors"].choices = [(str(m.pk), str(m)) for m in candidates]
