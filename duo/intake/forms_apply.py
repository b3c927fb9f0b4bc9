"""The public application forms: one page in sections, for a mentee or a mentor.

The forms only check and tidy what was typed; duo.intake.applications stores it. Anything a
stranger may get wrong gets a message in their language next to the field, and the page's error
summary links to it (see `error_links`).
"""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duo.core.i18n import LANGS, LANGUAGE_CHOICES, pick
from duo.organisation.models import Antenna
from duo.people import choices as pc
from duo.people.models import Person
from duo.reference.models import Occupation

from . import choices as c
from .applications import nearest_antenna
from .consent import CONSENT_TEXTS

HONEYPOT = "homepage"
OTHER_LANGUAGE_ROWS = 2
MIN_AGE, MAX_AGE = 15, 100  # outside these, a date of birth is a typing mistake, not an applicant
PERIODS = [("am", _("Morning")), ("pm", _("Afternoon")), ("eve", _("Evening"))]
SLOTS = [(f"{day}_{period}", f"{day_label}, {period_label}")
         for day, day_label in pc.Weekday.choices for period, period_label in PERIODS]
LEVELS = [("", _("I do not speak it"))] + list(pc.LanguageLevel.choices)
OTHER_LEVELS = [("", _("Choose a level"))] + list(pc.LanguageLevel.choices)
OTHER_LANGUAGES = [("", _("Choose a language"))] + [
    (code, label) for code, label in pc.Language.choices if code not in LANGS
]
# What the date picker sends, then the day-first dates people type where there is no picker.
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"]
POSTAL_CODE = re.compile(r"^\d{4,5}$")
PHONE = re.compile(r"^\+?[\d\s./()-]+$")
# Checkboxes and radio buttons: each option is its own input, so the summary links to the first one.
GROUPED = (forms.RadioSelect, forms.CheckboxSelectMultiple)


def _sensitive(choices, label, why):
    """A special-category question: optional, "prefer not to say" first and chosen until changed."""
    options = [(v, lbl) for v, lbl in choices if v == pc.PREFER_NOT_TO_SAY]
    options += [(v, lbl) for v, lbl in choices if v != pc.PREFER_NOT_TO_SAY]
    return forms.ChoiceField(label=label, choices=options, required=False, initial=pc.PREFER_NOT_TO_SAY,
                             help_text=why)


def _checkboxes(label, choices, required=False, help_text=""):
    return forms.MultipleChoiceField(label=label, choices=choices, required=required,
                                     widget=forms.CheckboxSelectMultiple, help_text=help_text)


def _radios(label, choices, required=True, help_text="", initial=None):
    return forms.ChoiceField(label=label, choices=choices, required=required, widget=forms.RadioSelect,
                             help_text=help_text, initial=initial)


def occupation_choices() -> list:
    """ISCO-08 sub-major groups (two digits) under their major group, named in the page's language.

    Forty-three options every install has (they are built in); the intake interview refines them.
    """
    groups, by_major = [], {}
    for occ in Occupation.objects.filter(level__in=(1, 2)).order_by("code"):
        if occ.level == 1:
            by_major[occ.code] = []
            groups.append((pick(occ, "label"), by_major[occ.code]))
        elif occ.code[:1] in by_major:
            by_major[occ.code[:1]].append((occ.code, pick(occ, "label")))
    return [("", _("Choose a field of work"))] + [g for g in groups if g[1]]


class AntennaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name if obj.city in obj.name else f"{obj.name} ({obj.city})"


class ApplicationForm(forms.Form):
    kind: str = ""
    # The fields in the order of the page, so that the error summary reads in the same order.
    ABOUT = ["first_name", "last_name", "date_of_birth", "gender", "gender_self_described", "email", "phone",
             "postal_code", "antenna", "preferred_language"]
    SIDE: list[str] = []
    PERSONAL = ["availability", "interests", "working_style", "motivation", "how_heard"]
    SENSITIVE: list[str] = []
    CONSENT = ["consent_programme", "consent_surveys", HONEYPOT]
    # The consent fields' labels are whole paragraphs: the error summary names them briefly.
    SHORT_LABELS = {
        "consent_programme": _("Agreement to handle your application"),
        "consent_special": _("Agreement to keep the sensitive answers"),
        "consent_surveys": _("Agreement to surveys"),
    }

    # --- about you ---
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(
        label=_("Email address"), max_length=254,
        help_text=_("We send you the confirmation and your personal link there."),
    )
    phone = forms.CharField(
        label=_("Phone number"), max_length=30,
        help_text=_("So that a coordinator can call you, for example 0470 12 34 56 or +32 470 12 34 56."),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"), input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    gender = _radios(_("Gender"), pc.Gender.choices, initial=pc.Gender.UNDISCLOSED)
    gender_self_described = forms.CharField(
        label=_("Your gender, in your own words (optional)"), max_length=60, required=False,
    )
    postal_code = forms.CharField(
        label=_("Postal code"), max_length=10,
        help_text=_("Where you live: 4 digits in Belgium, 5 digits in France."),
    )
    antenna = AntennaChoiceField(
        label=_("Duo office"), queryset=Antenna.objects.none(), required=False,
        empty_label=_("The nearest to my postal code"),
        help_text=_("The team that will welcome you. Leave the first choice and we pick the nearest."),
    )
    preferred_language = _radios(_("Language for our messages"), LANGUAGE_CHOICES)

    # --- languages (lang_fr, lang_nl, lang_en and the other_* rows are added in __init__) ---

    # --- availability and personality ---
    availability = _checkboxes(
        _("When are you usually free?"), SLOTS,
        help_text=_("Tick every moment that usually suits you. You can change it later."),
    )
    interests = _checkboxes(_("Your interests"), pc.Interest.choices,
                            help_text=_("Shared interests help us find a partner you get along with."))
    working_style = _checkboxes(_("How do you like to work?"), pc.WorkingStyle.choices)
    motivation = forms.CharField(
        label=_("Why do you want to take part? (optional)"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    how_heard = forms.ChoiceField(
        label=_("How did you hear about Duo? (optional)"), required=False,
        choices=[("", _("Choose an answer"))] + list(c.HowHeard.choices),
    )

    # --- consent (labels are the versioned texts of duo.intake.consent) ---
    consent_programme = forms.BooleanField(
        label=CONSENT_TEXTS[pc.ConsentPurpose.PROGRAMME].text,
        error_messages={"required": _("We can only handle your application with this agreement.")},
    )
    consent_surveys = forms.BooleanField(label=CONSENT_TEXTS[pc.ConsentPurpose.SURVEYS].text, required=False)

    # Spam trap: people never see it (hidden, out of the tab order); robots fill in every field.
    homepage = forms.CharField(
        label=_("Leave this field empty"), required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["antenna"].queryset = Antenna.objects.filter(is_active=True).select_related("region")
        for code, label in pc.Language.choices:
            if code in LANGS:
                self.fields[f"lang_{code}"] = forms.ChoiceField(label=label, choices=LEVELS, required=False)
        for i in range(1, OTHER_LANGUAGE_ROWS + 1):
            self.fields[f"other_{i}"] = forms.ChoiceField(
                label=_("Other language %(n)s") % {"n": i}, choices=OTHER_LANGUAGES, required=False)
            self.fields[f"other_{i}_level"] = forms.ChoiceField(
                label=_("Level in other language %(n)s") % {"n": i}, choices=OTHER_LEVELS, required=False)
        languages = [f"lang_{code}" for code in LANGS] + [
            name for i in range(1, OTHER_LANGUAGE_ROWS + 1) for name in (f"other_{i}", f"other_{i}_level")]
        self.order_fields(self.ABOUT + languages + self.SIDE + self.PERSONAL + self.SENSITIVE + self.CONSENT)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "type": "tel"})
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["date_of_birth"].widget.attrs["autocomplete"] = "bday"
        self.fields["postal_code"].widget.attrs.update({"autocomplete": "postal-code", "inputmode": "numeric"})

    # --- what the template needs ---

    @property
    def spoken_fields(self):
        return [self[f"lang_{code}"] for code in LANGS]

    @property
    def other_language_rows(self):
        return [(self[f"other_{i}"], self[f"other_{i}_level"]) for i in range(1, OTHER_LANGUAGE_ROWS + 1)]

    @property
    def availability_rows(self):
        """The slots as a week: one row per day, a checkbox per part of the day."""
        boxes = list(self["availability"])
        width = len(PERIODS)
        return [(label, boxes[i * width:(i + 1) * width]) for i, (_code, label) in enumerate(pc.Weekday.choices)]

    @property
    def periods(self):
        return [label for _code, label in PERIODS]

    def error_links(self):
        """(anchor, label, message) for the error summary: checkbox and radio groups link to their first box."""
        links = [("", "", e) for e in self.non_field_errors()]
        for name, field in self.fields.items():
            anchor = self[name].auto_id + ("_0" if isinstance(field.widget, GROUPED) else "")
            label = self.SHORT_LABELS.get(name, field.label)
            links += [(anchor, label, e) for e in self.errors.get(name, [])]
        return links

    def is_spam(self) -> bool:
        return bool((self.data.get(HONEYPOT) or "").strip())

    # --- checks ---

    def clean_first_name(self):
        return " ".join(self.cleaned_data["first_name"].split())

    def clean_last_name(self):
        return " ".join(self.cleaned_data["last_name"].split())

    def clean_phone(self):
        phone = " ".join(self.cleaned_data["phone"].split())
        digits = sum(ch.isdigit() for ch in phone)
        if not PHONE.match(phone) or not 9 <= digits <= 15:
            raise forms.ValidationError(
                _("Enter a phone number such as 0470 12 34 56 or +32 470 12 34 56."), code="phone")
        return phone

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born >= today:
            raise forms.ValidationError(_("The date of birth must be in the past."), code="future")
        age = Person(date_of_birth=born).age_on(today)
        if age < MIN_AGE or age > MAX_AGE:
            raise forms.ValidationError(
                _("Please check the year: this date makes you %(age)s years old.") % {"age": age}, code="implausible")
        return born

    def clean_postal_code(self):
        code = "".join(self.cleaned_data["postal_code"].split())
        if not POSTAL_CODE.match(code) or (len(code) == 4 and code.startswith("0")):
            raise forms.ValidationError(
                _("Enter the postal code of where you live: 4 digits in Belgium (e.g. 1000), 5 in France "
                  "(e.g. 75011)."), code="postal_code")
        return code

    def clean_gender_self_described(self):
        return " ".join(self.cleaned_data["gender_self_described"].split())

    def clean(self):
        data = super().clean()
        data["languages"] = self._clean_languages(data)
        if "postal_code" in data and not data.get("antenna"):
            data["antenna"] = nearest_antenna(data["postal_code"])
            if data["antenna"] is None:
                self.add_error("antenna", forms.ValidationError(
                    _("We could not find the office nearest to your postal code: please choose one."),
                    code="antenna"))
        return data

    def _clean_languages(self, data) -> list[tuple[str, str]]:
        spoken = [(code, data[f"lang_{code}"]) for code in LANGS if data.get(f"lang_{code}")]
        seen = {code for code, _level in spoken}
        for i in range(1, OTHER_LANGUAGE_ROWS + 1):
            code, level = data.get(f"other_{i}"), data.get(f"other_{i}_level")
            if not code:
                if level:
                    self.add_error(f"other_{i}", forms.ValidationError(
                        _("Choose the language you speak at this level."), code="no_language"))
                continue
            if code in seen and code != pc.Language.OTHER:
                self.add_error(f"other_{i}", forms.ValidationError(
                    _("You already chose this language above."), code="repeated"))
                continue
            if not level:
                self.add_error(f"other_{i}_level", forms.ValidationError(
                    _("Choose your level in this language."), code="level"))
                continue
            if code == pc.Language.OTHER and code in seen:
                continue  # one "other language" row is enough: the interview asks which
            seen.add(code)
            spoken.append((code, level))
        if not spoken and not any(f"other_{i}" in self.errors for i in range(1, OTHER_LANGUAGE_ROWS + 1)):
            self.add_error("lang_fr", forms.ValidationError(
                _("Tell us at least one language you speak, with your level."), code="no_language"))
        return spoken


class MenteeApplicationForm(ApplicationForm):
    kind = c.Kind.MENTEE
    SIDE = ["education_level", "diploma_recognition", "employment_service", "unemployment_duration",
            "target_occupation", "no_precise_plan", "goals", "right_to_work"]
    SENSITIVE = ["nationality_background", "origin_region", "residence_route", "consent_special"]

    education_level = forms.ChoiceField(
        label=_("Your highest level of education"),
        choices=[("", _("Choose a level"))] + list(pc.EducationLevel.choices),
    )
    diploma_recognition = forms.ChoiceField(
        label=_("Is your diploma from abroad recognised here?"),
        choices=[("", _("Choose an answer"))] + list(pc.DiplomaRecognition.choices),
    )
    employment_service = forms.ChoiceField(
        label=_("Are you registered with a public employment service?"),
        choices=[("", _("Choose an answer"))] + list(pc.EmploymentService.choices),
    )
    unemployment_duration = forms.ChoiceField(
        label=_("How long have you been without work?"),
        choices=[("", _("Choose an answer"))] + list(pc.UnemploymentDuration.choices),
    )
    target_occupation = forms.ChoiceField(
        label=_("The field of work you aim for"), required=False,
        help_text=_("Choose the closest; we will talk about it in detail at the interview."),
    )
    no_precise_plan = forms.BooleanField(label=_("I have no precise plan yet"), required=False)
    goals = _checkboxes(_("What would you like help with?"), pc.SupportArea.choices, required=True)
    right_to_work = _radios(
        _("Are you allowed to work in Belgium or France?"), c.RightToWork.choices,
        help_text=_("The programme helps people who can take a job. If you are not sure, say so: we will "
                    "look at it together."),
    )
    nationality_background = _sensitive(
        pc.NationalityBackground.choices, _("Your nationality background (optional)"),
        _("Why we ask: the programme is meant for young people of foreign origin, so this tells us whether "
          "it is open to you. You do not have to answer: “Prefer not to say” never closes the programme to "
          "you, we will simply talk about it at the interview."),
    )
    origin_region = _sensitive(
        pc.OriginRegion.choices, _("Where were you born? (optional)"),
        _("Why we ask: only to measure and fight discrimination in hiring, in anonymous statistics. "
          "You do not have to answer."),
    )
    residence_route = _sensitive(
        pc.ResidenceRoute.choices, _("How did you obtain your right to stay? (optional)"),
        _("Why we ask: only to measure and fight discrimination in hiring, in anonymous statistics. "
          "You do not have to answer."),
    )
    consent_special = forms.BooleanField(
        label=CONSENT_TEXTS[pc.ConsentPurpose.SPECIAL_CATEGORY].text, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_occupation"].choices = occupation_choices()

    def clean(self):
        data = super().clean()
        occupation = data.get("target_occupation")
        if occupation and data.get("no_precise_plan"):
            self.add_error("no_precise_plan", forms.ValidationError(
                _("Choose a field of work or “I have no precise plan yet”, not both."), code="both"))
        elif not occupation and not data.get("no_precise_plan") and "target_occupation" not in self.errors:
            self.add_error("target_occupation", forms.ValidationError(
                _("Choose a field of work, or tick “I have no precise plan yet”."), code="neither"))
        data["target_occupation"] = Occupation.objects.filter(code=occupation).first() if occupation else None
        return data


class MentorApplicationForm(ApplicationForm):
    kind = c.Kind.MENTOR
    SIDE = ["career_occupation", "status", "strength_areas", "max_duos"]

    career_occupation = forms.ChoiceField(
        label=_("The field you worked in"),
        help_text=_("The closest to your career, or to your main job if you had several."),
    )
    status = _radios(_("Are you retired or still working?"), pc.MentorStatus.choices)
    strength_areas = _checkboxes(_("What could you help a young job seeker with?"), pc.SupportArea.choices,
                                 required=True)
    max_duos = forms.TypedChoiceField(
        label=_("How many young people could you mentor at the same time?"), coerce=int,
        choices=[(n, str(n)) for n in range(1, 4)], initial=1,
        help_text=_("Most mentors follow one young person at a time, for six months."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["career_occupation"].choices = occupation_choices()

    def clean_career_occupation(self):
        return Occupation.objects.filter(code=self.cleaned_data["career_occupation"]).first()


FORMS = {c.Kind.MENTEE: MenteeApplicationForm, c.Kind.MENTOR: MentorApplicationForm}
