"""The advocacy page's editor. The rules (lengths, at most six key figures) are the service's: the form only
offers the fields, and shows the service's errors on them."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from duo.impact.indicators import INDICATOR_LIST, INDICATORS

from .queries import DEFAULT_KEY_FIGURES, MAX_KEY_FIGURES

LANGUAGE_NAMES = {"fr": _("French"), "nl": _("Dutch"), "en": _("English")}


class AdvocacyForm(forms.Form):
    key_figures = forms.MultipleChoiceField(label=_("Key figures"), required=False,
                                            widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = {}
        for lang, name in LANGUAGE_NAMES.items():
            fields[f"goal_{lang}"] = forms.CharField(
                label=format_lazy(_("Goal ({language})"), language=name), required=False,
                widget=forms.Textarea(attrs={"rows": 3, "lang": lang}),
                help_text=_("One or two sentences. Empty: the page shows a default text."))
        for lang, name in LANGUAGE_NAMES.items():
            fields[f"priorities_{lang}"] = forms.CharField(
                label=format_lazy(_("Priorities ({language})"), language=name), required=False,
                widget=forms.Textarea(attrs={"rows": 10, "lang": lang}),
                help_text=_("Markdown: a list with “- ” at the start of each line, **bold**, [links](https://…). "
                            "Empty: the page shows the default priorities."))
        fields.update(self.fields)
        self.fields = fields
        others = [i for i in INDICATORS.values() if i not in INDICATOR_LIST]
        self.fields["key_figures"].choices = [(i.id, i.title) for i in INDICATOR_LIST + others]
        self.fields["key_figures"].help_text = _(
            "Up to %(n)s, shown live from the snapshot of the latest publication. None chosen: %(default)s.") % {
            "n": MAX_KEY_FIGURES, "default": ", ".join(str(INDICATORS[i].title) for i in DEFAULT_KEY_FIGURES)}

    def add_service_errors(self, errors: dict):
        for field, message in errors.items():
            self.add_error(field if field in self.fields else None, message)
