from django import forms
from django.utils.translation import gettext_lazy as _

from duo.journeys.choices import MeetingTopic

from . import services
from .models import DETAIL_LENGTH, TITLE_LENGTH, GoalStatus

# The participant's goal form sits on the meeting-log page beside the meeting form: its own names.
PREFIX = "plan"
AREA_CHOICES = [("", _("— no particular area —")), *MeetingTopic.choices]


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _GoalRules(forms.Form):
    """Field errors from the services' own rules, so the form and the use case never disagree."""

    def __init__(self, *args, duo, **kwargs):
        super().__init__(*args, **kwargs)
        self.duo = duo
        if "target_on" in self.fields:
            self.fields["target_on"].widget.attrs["min"] = services.earliest_target(duo).isoformat()

    def clean(self):
        data = super().clean()
        given = {k: v for k, v in data.items() if k in ("title", "target_on", "status", "area", "detail")
                 and k not in self.errors and v is not None}
        for field, message in services.check(duo=self.duo, **given).items():
            self.add_error(field, message)
        return data


class GoalForm(_GoalRules):
    """The coordinator's form: every field of a goal."""

    title = forms.CharField(label=_("Goal"), max_length=TITLE_LENGTH,
                            help_text=_("Short and concrete, e.g. “Finish a CV in Dutch”."))
    area = forms.ChoiceField(label=_("Area"), choices=AREA_CHOICES, required=False)
    target_on = forms.DateField(label=_("Target date"), widget=_date_widget())
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices, initial=GoalStatus.PLANNED)
    detail = forms.CharField(label=_("Details (optional)"), required=False, max_length=DETAIL_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 3}))
    position = forms.IntegerField(label=_("Order in the plan"), min_value=0, max_value=999, required=False,
                                  widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                                  help_text=_("Goals are listed from the lowest number."))


class ParticipantGoalForm(_GoalRules):
    """What a mentor or mentee fills in on a phone: few fields, nothing staff-only."""

    title = forms.CharField(label=_("Our goal"), max_length=TITLE_LENGTH,
                            help_text=_("Short and concrete, e.g. “Finish a CV in Dutch”."))
    area = forms.ChoiceField(label=_("Area"), choices=AREA_CHOICES, required=False)
    target_on = forms.DateField(label=_("Target date"), widget=_date_widget())


class ParticipantStatusForm(_GoalRules):
    status = forms.ChoiceField(label=_("Where are you with this goal?"), choices=GoalStatus.choices,
                               widget=forms.RadioSelect)
