from django import forms
from django.utils.translation import gettext_lazy as _

from duo.privacy.erasure import ErasureError

from .erasure import checked_contact_reason


class ContactErasureForm(forms.Form):
    """Typing the number is the confirmation: a slip of the mouse cannot erase someone."""

    confirm_id = forms.IntegerField(label=_("Type the contact's number to confirm"), min_value=1)
    reason = forms.CharField(
        label=_("Reason"), max_length=255, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why, e.g. “request by email of 3 March” or “retention period over”. Kept for good: no name, no "
                    "contact details."))

    def __init__(self, *args, contact, **kwargs):
        super().__init__(*args, **kwargs)
        self.contact = contact

    def clean_confirm_id(self):
        value = self.cleaned_data["confirm_id"]
        if value != self.contact.pk:
            raise forms.ValidationError(_("This is not the number of this contact."))
        return value

    def clean_reason(self):
        try:
            return checked_contact_reason(self.contact, self.cleaned_data["reason"])
        except ErasureError as error:
            raise forms.ValidationError(list(error.errors.values())) from None
