from django import forms
from django.utils.translation import gettext_lazy as _

from duo.core import security

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ReferenceImportForm(forms.Form):
    KINDS = {
        "reference.import_places": _("Places with coordinates (postal code, name, latitude, longitude)"),
        "reference.import_isco": _("ISCO-08 occupation groups (code, level, parent, en, fr, nl)"),
    }

    kind = forms.ChoiceField(label=_("What the file holds"), choices=list(KINDS.items()), widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("CSV file"), help_text=_("UTF-8, with a header row. At most 5 MB. Nothing is imported if any row is wrong."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Choose a .csv file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("This file is larger than 5 MB."))
        try:
            self.cleaned_data["content"] = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("This file is not UTF-8 text. Save it as “CSV UTF-8” and try again."))
        security.validate_csv(upload)  # by its bytes: text, not a workbook or a page renamed .csv
        return upload
