from django import forms
from django.utils.translation import gettext_lazy as _

from duo.accounts import scoping
from duo.core.concurrency import VersionedFormMixin
from duo.organisation.models import Antenna

from . import choices as c
from . import consent
from .models import SPECIAL_CATEGORY_FIELDS, MenteeProfile, MentorProfile, Person


class LinksRevokeForm(forms.Form):
    # Sent by the page's own button: an empty post (a crawler, a double submit) changes nothing.
    confirm = forms.BooleanField(widget=forms.HiddenInput, error_messages={
        "required": _("Use the “Switch the links off” button to confirm.")})


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    role = forms.ChoiceField(
        label=_("Role"), required=False,
        choices=[("", _("Everyone")), ("mentee", _("Mentees")), ("mentor", _("Mentors"))],
    )
    stage = forms.ChoiceField(
        label=_("Stage"), required=False,
        choices=[("", _("Any stage"))] + sorted(set(c.MenteeStage.choices) | set(c.MentorStage.choices)),
    )
    antenna = forms.ModelChoiceField(label=_("Antenna"), required=False, queryset=Antenna.objects.none(),
                                     empty_label=_("All my antennas"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["antenna"].queryset = scoping.scope(user, Antenna.objects.all())


class PersonForm(VersionedFormMixin, forms.ModelForm):
    """Contact and profile facts. Special-category fields only for roles allowed to see them. Carries the version
    loaded (duo.core.concurrency): saving over someone else's newer change is refused."""

    class Meta:
        model = Person
        fields = [
            "first_name", "last_name", "email", "phone", "date_of_birth", "gender", "gender_self_described",
            "postal_code", "antenna", "preferred_language", *SPECIAL_CATEGORY_FIELDS,
        ]
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["antenna"].queryset = scoping.scope(user, Antenna.objects.filter(is_active=True))
        self.fields["antenna"].empty_label = None
        # Without the person's consent (withdrawn or refused) these answers may not be held: not even asked.
        if not (self.instance.pk and scoping.can_view_special_category(user, self.instance)
                and consent.granted(self.instance, c.ConsentPurpose.SPECIAL_CATEGORY)):
            for name in SPECIAL_CATEGORY_FIELDS:
                self.fields.pop(name)
        for name in SPECIAL_CATEGORY_FIELDS:
            if name in self.fields:
                self.fields[name].help_text = _(
                    "Optional and encrypted. Asked only to measure discrimination and report on equal "
                    "opportunities; never used for matching."
                )

    def clean_postal_code(self):
        code = self.cleaned_data["postal_code"].strip()
        if code and not code.isdigit():
            raise forms.ValidationError(_("A postal code is made of digits, e.g. 1000."))
        return code


class MenteeProfileForm(forms.ModelForm):
    class Meta:
        model = MenteeProfile
        fields = ["stage", "education_level", "diploma_recognition", "target_occupation", "no_precise_plan",
                  "employment_service", "unemployment_duration", "expectations", "preferred_mentor_gender",
                  "preference_required"]


class MentorProfileForm(forms.ModelForm):
    class Meta:
        model = MentorProfile
        fields = ["stage", "career_occupation", "status", "max_duos", "training_completed_on", "strengths"]
        widgets = {"training_completed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
