"""The structured intake interview: one form per side, and what its answers change.

The interview is where a coordinator learns what matching needs (expectations, personality,
working style, interests, availability, languages, what the person wants help with or can help
with). The answers are kept as said on the day in IntakeInterview.answers, and copied onto the
profile, which is what matching reads.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy as _

from duo.people import choices as pc
from duo.reference.models import Occupation

PERIODS = [("am", _("morning")), ("pm", _("afternoon")), ("eve", _("evening"))]


def _slot_label(day, period) -> str:
    # Translators: a time slot, e.g. "Monday morning"; reorder or join the words as the language does.
    return gettext("%(day)s %(period)s") % {"day": day, "period": period}


SLOTS = [(f"{day}_{period}", lazy(_slot_label, str)(day_label, period_label))
         for day, day_label in pc.Weekday.choices for period, period_label in PERIODS]
LANGUAGE_FIELD = "lang_{}"
# Profile fields the interview sets, per side; the form fields carry the same names.
COMMON = ["expectations", "personality", "working_style", "interests", "availability"]
PROFILE_FIELDS = {
    "mentee": COMMON + ["goals", "target_occupation", "no_precise_plan", "education_level", "diploma_recognition",
                        "employment_service", "unemployment_duration", "preferred_mentor_gender",
                        "preference_required"],
    "mentor": COMMON + ["strength_areas", "career_occupation", "status", "max_duos"],
}


class OccupationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        # The ISCO level shown as indentation: sectors first, then the trades within them.
        return "\u2003" * (obj.level - 1) + str(obj)


def _checkboxes(label, choices, help_text=""):
    return forms.MultipleChoiceField(label=label, choices=choices, required=False, help_text=help_text,
                                     widget=forms.CheckboxSelectMultiple)


def _choice(label, choices):
    return forms.ChoiceField(label=label, choices=[("", "—")] + list(choices), required=False)


class InterviewForm(forms.Form):
    held_on = forms.DateField(label=_("Interview held on"), widget=forms.DateInput(attrs={"type": "date"},
                                                                                    format="%Y-%m-%d"))
    expectations = forms.CharField(label=_("Expectations"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text=_("What they hope the six months will bring, in their words."))
    personality = forms.CharField(label=_("Personality"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    working_style = _checkboxes(_("Working style"), pc.WorkingStyle.choices)
    interests = _checkboxes(_("Interests"), pc.Interest.choices,
                            help_text=_("Shared interests help a duo get on: they are a matching input."))
    availability = _checkboxes(_("Availability"), SLOTS)
    # Mentees
    goals = _checkboxes(_("Wants help with"), pc.SupportArea.choices)
    target_occupation = OccupationChoice(label=_("Target occupation or sector"), required=False,
                                         queryset=Occupation.objects.all())
    no_precise_plan = forms.BooleanField(label=_("No precise plan yet"), required=False)
    education_level = _choice(_("Education level"), pc.EducationLevel.choices)
    diploma_recognition = _choice(_("Foreign diploma"), pc.DiplomaRecognition.choices)
    employment_service = _choice(_("Public employment service"), pc.EmploymentService.choices)
    unemployment_duration = _choice(_("Time without work"), pc.UnemploymentDuration.choices)
    preferred_mentor_gender = forms.ChoiceField(
        label=_("Preferred mentor gender"), required=False,
        choices=[("", _("No preference")), (pc.Gender.FEMALE, _("A woman")), (pc.Gender.MALE, _("A man"))],
    )
    preference_required = forms.BooleanField(
        label=_("The preference is a condition"), required=False,
        help_text=_("If ticked, matching never proposes a mentor who does not meet it."),
    )
    # Mentors
    strength_areas = _checkboxes(_("Can help with"), pc.SupportArea.choices)
    career_occupation = OccupationChoice(label=_("Career occupation"), required=False,
                                         queryset=Occupation.objects.all())
    status = _choice(_("Retired or working"), pc.MentorStatus.choices)
    max_duos = forms.IntegerField(label=_("Duos at once"), min_value=1, max_value=5, initial=1)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        other = "mentor" if kind == "mentee" else "mentee"
        for name in set(PROFILE_FIELDS[other]) - set(PROFILE_FIELDS[kind]):
            del self.fields[name]
        for code, label in pc.Language.choices:
            self.fields[LANGUAGE_FIELD.format(code)] = forms.ChoiceField(
                label=label, required=False,
                choices=[("", _("Does not speak it"))] + list(pc.LanguageLevel.choices),
            )

    def language_fields(self):
        return [self[LANGUAGE_FIELD.format(code)] for code in pc.Language.values]

    def clean(self):
        data = super().clean()
        if self.kind == "mentee":
            occupation, no_plan = data.get("target_occupation"), data.get("no_precise_plan")
            if occupation and no_plan:
                self.add_error("no_precise_plan",
                               _("Choose a target occupation or “no precise plan yet”, not both."))
            elif not occupation and not no_plan and "target_occupation" not in self.errors:
                self.add_error("target_occupation",
                               _("Choose a target occupation or sector, or tick “no precise plan yet”."))
            if data.get("preference_required") and not data.get("preferred_mentor_gender"):
                self.add_error("preference_required", _("Choose the preferred mentor gender it is about."))
        held_on = data.get("held_on")
        if held_on and held_on > timezone.localdate():
            self.add_error("held_on", _("An interview cannot be held in the future."))
        return data


def initial_for(person, kind: str) -> dict:
    """The form's starting values: what the profile and the languages say today."""
    profile = getattr(person, kind)
    initial = {"held_on": timezone.localdate()}
    for name in PROFILE_FIELDS[kind]:
        initial[name] = getattr(profile, name)
    for spoken in person.languages.all():
        initial[LANGUAGE_FIELD.format(spoken.language)] = spoken.level
    return initial


def profile_values(kind: str, data: dict) -> dict:
    """The profile's new values from the form's cleaned data."""
    return {name: data[name] for name in PROFILE_FIELDS[kind] if name in data}


def language_levels(data: dict) -> dict[str, str]:
    """language code -> level, "" meaning the person does not speak it."""
    return {code: data.get(LANGUAGE_FIELD.format(code)) or "" for code in pc.Language.values}


def answers(kind: str, data: dict) -> dict:
    """The answers as plain JSON, kept on the interview record as they were on the day."""
    kept = {}
    for name, value in profile_values(kind, data).items():
        kept[name] = value.code if isinstance(value, Occupation) else value
    kept["languages"] = {code: level for code, level in language_levels(data).items() if level}
    return kept
