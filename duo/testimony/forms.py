from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duo.core.i18n import LANGUAGE_CHOICES

from .models import Area, CollectedHow, Consent, Side, Theme, WithdrawalChannel, validate_photo

_DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class TestimonyForm(forms.Form):
    text = forms.CharField(label=_("Quote"), widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("The author's words. Edit out anything they did not mean to share."))
    language = forms.ChoiceField(label=_("Language of the quote"), choices=LANGUAGE_CHOICES)
    consent = forms.ChoiceField(label=_("Consent"), choices=Consent.choices, widget=forms.RadioSelect,
                                help_text=_("How the author agreed to be named. Anonymous quotes are checked "
                                            "for anything that identifies the author before any public use."))
    purpose = forms.CharField(label=_("Purpose"), max_length=300,
                              help_text=_("What the author agreed to, e.g. “experience report 2027, social media”."))
    consent_on = forms.DateField(label=_("Consent given on"), **_DATE)
    collected_on = forms.DateField(label=_("Collected on"), **_DATE)
    collected_how = forms.ChoiceField(label=_("Collected how"), choices=[("", "—")] + CollectedHow.choices,
                                      required=False)
    themes = ThemeChoiceField(label=_("Themes"), queryset=Theme.objects.all(), required=False,
                              widget=forms.CheckboxSelectMultiple)
    areas = forms.MultipleChoiceField(label=_("Areas of action"), choices=Area.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    photo = forms.FileField(label=_("Photo"), required=False, validators=[validate_photo],
                            help_text=_("Only with consent to the full name and photo. JPEG, PNG or WebP, 5 MB at most."),
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))

    def __init__(self, *args, person_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        for name in ("consent_on", "collected_on"):
            self.fields[name].initial = self.fields[name].initial or today
            self.fields[name].widget.attrs["max"] = today.isoformat()
        if person_choices is not None:
            # Collected by staff: the author among the people of the user's antennas.
            self.fields = {"person": forms.ModelChoiceField(label=_("Author"), queryset=person_choices),
                           **self.fields}

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        for name in ("consent_on", "collected_on"):
            if data.get(name) and data[name] > today:
                self.add_error(name, _("This date is in the future."))
        return data


class TranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    text = forms.CharField(label=_("Translation"), widget=forms.Textarea(attrs={"rows": 6}))
    machine = forms.BooleanField(label=_("Made with a translation tool"), required=False,
                                 help_text=_("Tick it even when a person reviewed the result."))


class CheckForm(forms.Form):
    """One box per flagged passage: ticking it says "this identifies nobody"."""

    def __init__(self, *args, spans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.spans = list(spans)
        self.fields["confirmed"] = forms.MultipleChoiceField(
            label=_("Passages that identify nobody"), required=False, widget=forms.CheckboxSelectMultiple,
            choices=[(str(i), f"“{s.text}”") for i, s in enumerate(self.spans)])
        self.fields["confirm"] = forms.BooleanField(widget=forms.HiddenInput, initial=True)


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(widget=forms.HiddenInput)


class StaffWithdrawForm(forms.Form):
    confirm = forms.BooleanField(label=_("The author asked to withdraw this testimony"),
                                 help_text=_("By phone, by email or in person. The quote is erased and removed "
                                             "from every draft; this cannot be undone."))
    channel = forms.CharField(widget=forms.HiddenInput, initial=WithdrawalChannel.STAFF, required=False)


class QuoteSetForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("E.g. “Memorandum 2027 — draft”."))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FilterForm(forms.Form):
    STATES = [("usable", _("Not withdrawn")), ("public", _("Usable in public")), ("withdrawn", _("Withdrawn"))]
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    area = forms.ChoiceField(label=_("Area of action"), required=False, choices=[("", _("All"))] + Area.choices)
    consent = forms.ChoiceField(label=_("Consent"), required=False, choices=[("", _("All"))] + Consent.choices)
    language = forms.ChoiceField(label=_("Language"), required=False, choices=[("", _("All"))] + LANGUAGE_CHOICES)
    side = forms.ChoiceField(label=_("Author is"), required=False, choices=[("", _("All"))] + Side.choices)
    state = forms.ChoiceField(label=_("State"), required=False, choices=STATES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("All"))] + [(t.code, t.name) for t in Theme.objects.all()]


class SheetForm(forms.Form):
    lang = forms.ChoiceField(label=_("Language of the sheet"), choices=LANGUAGE_CHOICES)


class LowerConsentForm(forms.Form):
    """The uses narrower than the one the author agreed to."""

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import CONSENT_RANK

        choices = [(v, label) for v, label in Consent.choices if CONSENT_RANK[v] < CONSENT_RANK[current]]
        self.fields["consent"] = forms.ChoiceField(label=_("How may we use it from now on?"), choices=choices,
                                                   widget=forms.RadioSelect)
