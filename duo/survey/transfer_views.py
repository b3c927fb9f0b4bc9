"""The staff pages that move answers in and out: the import of answers collected on paper or in another
tool (with its template), and the pseudonymised export for the impact work and researchers.

The import runs within the request, as the intake import does: a file of paper answers holds tens or
hundreds of rows, checked and written in a second. The file is kept in memory only (never on the
server's disk) and nothing is stored between a check and an import: each sends the file again.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from duo.accounts import roles, scoping
from duo.accounts.reauth import recent_auth_required
from duo.accounts.scoping import require
from duo.core.export import FORMATS
from duo.core.i18n import LANGS, LANGUAGE_CHOICES
from duo.intake.records.forms import MAX_UPLOAD_BYTES, MAX_UPLOAD_MB, SpreadsheetUploadMixin
from duo.intake.records.reader import describe
from duo.intake.records.uploads import MemoryOnlyUpload
from duo.organisation.models import Antenna

from . import exporting, importing
from .models import Instrument

PROBLEMS_SHOWN = 1000
CONTENT_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "csv": "text/csv; charset=utf-8"}


class VersionChoice(forms.ModelChoiceField):
    def label_from_instance(self, version):
        return _("%(instrument)s — version %(number)s") % {"instrument": version.instrument.title,
                                                          "number": version.number}


class ImportForm(SpreadsheetUploadMixin, forms.Form):
    version = VersionChoice(label=gettext_lazy("Questionnaire"), queryset=importing.importable_versions(),
                            empty_label=gettext_lazy("Choose the questionnaire and its version"),
                            error_messages={"required": gettext_lazy("Choose the questionnaire.")})
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet of answers"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"required": gettext_lazy("Choose a file."), "empty": gettext_lazy("This file is empty.")},
    )

    def __init__(self, *args, too_big=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_big = too_big
        self.fields["file"].help_text = _("An Excel workbook (.xlsx, first sheet) or a CSV file with the columns of "
                                          "the template, at most %(size)s MB.") % {"size": MAX_UPLOAD_MB}


@csrf_exempt  # checked below, once the upload handlers are in place (reading the token reads the body)
@require(roles.PEOPLE_CHANGE)
def responses_import(request):
    if request.method == "POST":
        request.upload_handlers = [MemoryOnlyUpload(request, MAX_UPLOAD_BYTES)]
    return _responses_import(request)


@csrf_protect
def _responses_import(request):
    form = ImportForm(request.POST or None, request.FILES or None, too_big=getattr(request, "upload_too_big", False))
    result = None
    if request.method == "POST" and form.is_valid():
        version, upload = form.cleaned_data["version"], form.cleaned_data["file"]
        commit = request.POST.get("action") != "check"
        try:
            result = importing.responses_import(version=version, data=form.cleaned_data["content"],
                                                filename=upload.name, by=request.user, commit=commit)
        except scoping.NotAllowed:
            raise PermissionDenied
        if result.committed:
            messages.success(request, ngettext(
                "%(n)s response imported from %(file)s.", "%(n)s responses imported from %(file)s.",
                result.created) % {"n": result.created, "file": upload.name})
            return redirect("survey:import")
    problems = [describe(p, _) for p in result.problems[:PROBLEMS_SHOWN]] if result else []
    return render(request, "survey/import.html", {
        "form": form, "result": result, "problems": problems,
        "problems_hidden": max(0, len(result.problems) - PROBLEMS_SHOWN) if result else 0,
        "versions": importing.importable_versions(), "languages": LANGUAGE_CHOICES,
    })


@require(roles.PEOPLE_CHANGE)
def import_template(request, pk, fmt):
    version = importing.importable_versions().filter(pk=pk).first()
    if version is None or fmt not in FORMATS:
        raise Http404
    lang = request.GET.get("in") or translation.get_language()[:2]
    if lang not in LANGS:
        raise Http404
    # The whole file in the language of the paper form: question texts and notes alike.
    with translation.override(lang):
        data = exporting.template_xlsx(version) if fmt == "xlsx" else exporting.template_csv(version)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    name = f"duo-survey-{version.instrument.code}-v{version.number}-{lang}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class ExportForm(forms.Form):
    instrument = forms.ModelChoiceField(label=gettext_lazy("Questionnaire"), queryset=Instrument.objects.all(),
                                        empty_label=gettext_lazy("Choose the questionnaire"),
                                        help_text=gettext_lazy("All its versions, in one table."))
    antenna = forms.ModelChoiceField(label=gettext_lazy("Antenna"), queryset=Antenna.objects.none(), required=False,
                                     empty_label=gettext_lazy("All antennas"))
    start = forms.DateField(label=gettext_lazy("Answered from"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label=gettext_lazy("Answered until"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    format = forms.ChoiceField(label=gettext_lazy("File"), initial="xlsx", widget=forms.RadioSelect,
                               choices=[("xlsx", gettext_lazy("Excel workbook (.xlsx)")), ("csv", "CSV")])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["antenna"].queryset = scoping.scope(user, Antenna.objects.all())

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end of the period comes before its start."))
        return data


@require(roles.RESPONSES_EXPORT)
@recent_auth_required
def responses_export(request):
    form = ExportForm(request.GET if "format" in request.GET else None, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            response, _count = exporting.export_file(
                user=request.user, instrument=data["instrument"], fmt=data["format"], antenna=data["antenna"],
                start=data["start"], end=data["end"])
            return response
        except scoping.NotAllowed:
            raise PermissionDenied
    return render(request, "survey/export.html", {"form": form, "fixed": exporting.FIXED})
