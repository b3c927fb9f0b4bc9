"""The form that asks for a research export. What a form cannot check (the snapshot still matches the records)
comes back from duo.research.services on these fields."""

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from duo.impact.models import Snapshot

from .models import MAX_K


class ExportForm(forms.Form):
    snapshot = forms.ModelChoiceField(
        label=_("Snapshot"), queryset=Snapshot.objects.all(), empty_label=None,
        help_text=_("The facts exported. The records must not have changed since it was taken: take a new snapshot "
                    "on the impact pages just before exporting."))
    dua_reference = forms.CharField(
        label=_("Data-use agreement"), max_length=100,
        help_text=_("The reference of the signed agreement, e.g. DUA-2026-07 ULB."))
    recipient = forms.CharField(label=_("Recipient"), max_length=200,
                                help_text=_("The institution (and team) that receives the file."))
    k = forms.IntegerField(
        label=_("k"), max_value=MAX_K,
        help_text=_("Every combination of age, gender, place, origin, education and start month is shared by at "
                    "least this many people."))

    def __init__(self, *args, smallest_k: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["k"].min_value = smallest_k
        self.fields["k"].validators.append(MinValueValidator(smallest_k))
        self.fields["k"].widget.attrs["min"] = smallest_k
        self.fields["k"].initial = smallest_k
        self.fields["snapshot"].initial = Snapshot.objects.order_by("-taken_at", "-id").first()
