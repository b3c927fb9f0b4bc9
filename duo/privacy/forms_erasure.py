from django import forms
from django.utils.translation import gettext_lazy as _

from .erasure import ErasureError, checked_reason


class ErasureForm(forms.Form):
    """Typing the id is the confirmation: a slip of the mouse cannot erase someone."""

    confirm_id = forms.IntegerField(label=_("Type the person's number to confirm"), min_value=1)
    reason = forms.CharField(
        label=_("Reason"), max_length=255, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why, e.g. “request by email of 3 March” or “retention period over”. Kept for good: no name, no "
                    "contact details."))

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_confirm_id(self):
        value = self.cleaned_data["confirm_id"]
        if value != self.person.pk:
            raise forms.ValidationError(_("This is not the number of this person."))
        return value

    def clean_reason(self):
        try:
            return checked_reason(self.person, self.cleaned_data["reason"])
        except ErasureError as error:
            raise forms.ValidationError(list(error.errors.values())) from None
