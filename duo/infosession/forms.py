from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from duo.accounts import scoping
from duo.organisation.models import Antenna

from .models import InfoSession

WHEN = [("upcoming", _("Upcoming")), ("past", _("Past"))]
SESSION_FIELDS = ["antenna", "starts_at", "duration_minutes", "mode", "place", "address", "video_link",
                  "language", "capacity", "notes"]
SESSION_WIDGETS = {
    "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    "notes": forms.Textarea(attrs={"rows": 3}),
}


def posted(request):
    """The posted data for a form, even when empty: an empty post is an incomplete form, not a page view."""
    return request.POST if request.method == "POST" else None


class SessionFilterForm(forms.Form):
    when = forms.ChoiceField(label=_("Sessions"), required=False, choices=WHEN)
    antenna = forms.ModelChoiceField(label=_("Antenna"), required=False, queryset=Antenna.objects.none(),
                                     empty_label=_("All my antennas"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["antenna"].queryset = scoping.scope(user, Antenna.objects.all())


class SessionFormMixin:
    """What information and training sessions ask alike: an antenna of the user's, a time not yet past."""

    def setup(self, user):
        self.fields["antenna"].queryset = scoping.scope(user, Antenna.objects.filter(is_active=True))
        self.fields["antenna"].empty_label = None
        self.fields["starts_at"].help_text = _("Brussels time.")
        self.fields["video_link"].help_text = _("For online sessions: the address of the video call.")
        self.fields["notes"].help_text = _("Sent to the participants with the invitation.")

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        moved = self.instance.pk is None or starts_at != self.instance.starts_at
        if moved and starts_at <= timezone.now():
            raise forms.ValidationError(_("Choose a date and time in the future."))
        return starts_at


def video_link_field():
    return forms.URLField(label=capfirst(_("video call link")), required=False, max_length=300, assume_scheme="https")


class InfoSessionForm(SessionFormMixin, forms.ModelForm):
    video_link = video_link_field()

    class Meta:
        model = InfoSession
        fields = SESSION_FIELDS[:2] + ["audience"] + SESSION_FIELDS[2:]
        widgets = SESSION_WIDGETS

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup(user)


class InviteForm(forms.Form):
    people = forms.ModelMultipleChoiceField(
        label=_("People to invite"), queryset=None, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one person to invite."),
                        "invalid_choice": _("Someone you chose can no longer be invited. Please choose again."),
                        "invalid_pk_value": _("Someone you chose can no longer be invited. Please choose again.")},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = candidates


class AttendanceForm(forms.Form):
    """One checkbox per seat; `sent` tells a real submission from an empty one (which changes nothing)."""

    present = forms.MultipleChoiceField(label=_("Present"), required=False, widget=forms.CheckboxSelectMultiple)
    sent = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        self.fields["present"].choices = [(str(r.pk), str(r.person)) for r in self.rows]
        self.fields["present"].initial = [str(r.pk) for r in self.rows if r.attended]
        self.fields["sent"].initial = "1"

    def clean(self):
        if not self.cleaned_data.get("sent"):
            raise forms.ValidationError(_("The list was not sent completely; nothing was recorded. Please try again."))
        return self.cleaned_data

    def present_ids(self) -> set[int]:
        return {int(pk) for pk in self.cleaned_data["present"]}


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, I confirm."), required=True, error_messages={
        "required": _("Tick the box to confirm.")})
