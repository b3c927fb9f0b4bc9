"""The forms of the impact pages: the breakdown of an indicator, the dimension of the fairness page, a snapshot's
note and the reference rates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .dimensions import allowed
from .indicators import INDICATOR_LIST, INDICATORS, PROPORTION
from .models import ReferenceRate, Snapshot

MAX_BY = 2


def _snapshot_field():
    return forms.ModelChoiceField(label=_("Snapshot"), queryset=Snapshot.objects.all(), required=False,
                                  empty_label=_("The latest"))


class BreakdownForm(forms.Form):
    """What the indicator page and its downloads show: up to two dimensions, one filter, a snapshot.

    Only the dimensions this user may use are offered, so a forbidden one (the origin group for a researcher) is
    an invalid choice like any unknown name.
    """

    by = forms.MultipleChoiceField(label=_("Break down by (up to two)"), required=False,
                                   widget=forms.CheckboxSelectMultiple)
    filter = forms.ChoiceField(label=_("Only"), required=False)
    snapshot = _snapshot_field()

    def __init__(self, data=None, *, user, values=None, **kwargs):
        super().__init__(data, **kwargs)
        self.dimensions = allowed(user)
        self.fields["by"].choices = [(k, d.title) for k, d in self.dimensions.items()]
        self.fields["snapshot"].label_from_instance = _snapshot_label
        choices = [("", _("Everyone"))]
        for key, codes in (values or {}).items():
            if key in self.dimensions:
                dimension = self.dimensions[key]
                choices.append((str(dimension.title), [(f"{key}={c}", dimension.label(c)) for c in codes]))
        self.fields["filter"].choices = choices

    def clean_by(self):
        by = self.cleaned_data["by"]
        if len(by) > MAX_BY:
            raise forms.ValidationError(_("Choose at most two dimensions."), code="too_many")
        return by

    def clean(self):
        data = super().clean()
        chosen = data.get("filter") or ""
        if chosen and chosen.split("=", 1)[0] in (data.get("by") or []):
            self.add_error("filter", _("A figure cannot be broken down by the dimension it is limited to."))
        return data

    @property
    def filters(self) -> dict:
        chosen = self.cleaned_data.get("filter") or ""
        if not chosen:
            return {}
        key, value = chosen.split("=", 1)
        return {key: value}


def _snapshot_label(snapshot) -> str:
    return f"#{snapshot.pk} · {snapshot.as_of:%Y-%m-%d} · {snapshot.short_hash}"


class DimensionForm(forms.Form):
    dimension = forms.ChoiceField(label=_("Groups"), required=False)
    snapshot = _snapshot_field()

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["dimension"].choices = [(k, d.title) for k, d in allowed(user).items()]
        self.fields["snapshot"].label_from_instance = _snapshot_label


class SnapshotForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), max_length=200, required=False,
                           help_text=_("e.g. Figures for the 2026 annual report"))


class ReferenceRateForm(forms.ModelForm):
    indicator = forms.ChoiceField(label=_("Indicator"))
    url = forms.URLField(label=_("link to the source"), required=False, assume_scheme="https")

    class Meta:
        model = ReferenceRate
        fields = ["indicator", "label", "rate", "population_size", "year", "region", "source", "url"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only shares of people can be set against a rate from elsewhere.
        self.fields["indicator"].choices = [("", "---------")] + [
            (i.id, i.title) for i in INDICATOR_LIST + [x for x in INDICATORS.values() if x not in INDICATOR_LIST]
            if i.kind == PROPORTION]
