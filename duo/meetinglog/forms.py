from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duo.journeys.choices import LoggedBy, MeetingMode, MeetingTopic

from .services import MeetingLogError, check_day


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date of the meeting"),
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, max_value=600,
                                          widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 5}))
    mode = forms.ChoiceField(label=_("How did you meet?"), choices=MeetingMode.choices, widget=forms.RadioSelect)
    topics = forms.MultipleChoiceField(label=_("What did you talk about?"), choices=MeetingTopic.choices,
                                       widget=forms.CheckboxSelectMultiple,
                                       help_text=_("Tick everything that applies."))
    note = forms.CharField(label=_("A short note (optional)"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Only the Duo team reads it."))

    def __init__(self, *args, duo, **kwargs):
        super().__init__(*args, **kwargs)
        self.duo = duo
        self.fields["held_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["held_on"].widget.attrs["min"] = duo.matched_on.isoformat()

    def clean_held_on(self):
        day = self.cleaned_data["held_on"]
        try:
            check_day(self.duo, day)
        except MeetingLogError as e:
            raise forms.ValidationError(str(e)) from e
        return day


class SendLinkForm(forms.Form):
    side = forms.ChoiceField(label=_("Send to"), widget=forms.RadioSelect,
                             choices=[(s.value, s.label) for s in (LoggedBy.MENTOR, LoggedBy.MENTEE)])


class ConfirmForm(forms.Form):
    # Sent by the page's own button: an empty post (a crawler, a double submit) changes nothing.
    confirm = forms.BooleanField(widget=forms.HiddenInput)
