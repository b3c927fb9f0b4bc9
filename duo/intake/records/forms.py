from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from duo.accounts import scoping
from duo.core import security
from duo.organisation.models import Antenna

from . import columns

# settings.UPLOAD_MAX_MB["spreadsheet"] (UPLOAD_MAX_MB_SPREADSHEET): every spreadsheet import shares it.
MAX_UPLOAD_MB = f"{settings.UPLOAD_MAX_MB['spreadsheet']:g}"
MAX_UPLOAD_BYTES = security.max_upload_bytes("spreadsheet")


class SpreadsheetUploadMixin:
    """A form's `file` field for an import: .xlsx or .csv only, its bytes in cleaned_data["content"], and a
    plain message when the upload handler stopped it for its size (`too_big`, set by the view)."""

    too_big = False

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Choose an Excel workbook (.xlsx) or a CSV file (.csv)."))
        security.validate_spreadsheet(upload)  # by its bytes: a workbook is a zip with its parts, a CSV is text
        self.cleaned_data["content"] = upload.read()
        return upload

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.too_big:
            self.errors.pop("file", None)
            self.add_error("file", _("This file is larger than %(size)s MB: split it in several files.") % {
                "size": MAX_UPLOAD_MB})


class RecordsImportForm(SpreadsheetUploadMixin, forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=list(columns.KIND_LABELS.items()),
                             initial="mentees", widget=forms.RadioSelect)
    antenna = forms.ModelChoiceField(
        label=_("Antenna"), required=False, queryset=Antenna.objects.none(),
        empty_label=_("The antenna named on each row"),
        help_text=_("For the rows whose antenna column is empty, or for a file without that column."),
    )
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("An Excel workbook (.xlsx, first sheet) or a CSV file, at most %(size)s MB, with the headers "
                    "of the template.") % {"size": MAX_UPLOAD_MB},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"required": _("Choose a file."), "empty": _("This file is empty.")},
    )
    # What was checked (kind, antenna and the file's SHA-256): an import runs only on exactly that.
    checked = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, too_big=False, **kwargs):
        super().__init__(*args, **kwargs)
        antennas = scoping.scope(user, Antenna.objects.filter(is_active=True))
        self.fields["antenna"].queryset = antennas
        if not self.is_bound and len(antennas) == 1:
            self.fields["antenna"].initial = antennas[0].pk
        self.too_big = too_big

