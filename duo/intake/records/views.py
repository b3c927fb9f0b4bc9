"""The staff pages of the spreadsheet import: check a file, see what it would do, confirm.

The confirmed import runs within the request (10,000 rows take a few seconds) on the same file
sent again: with JavaScript, the form still holds the chosen file and the "Import" button sends
it once more; without, the person chooses it again. Either way the server stores nothing between
the check and the import: the page carries what was checked (kind, antenna, the file's SHA-256),
and the import refuses a file that differs from it and shows that file's check instead.
"""

import hashlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django_htmx.http import HttpResponseClientRedirect

from duo.accounts import roles, scoping
from duo.accounts.scoping import require
from duo.organisation.models import Antenna

from . import columns, services, template
from .forms import MAX_UPLOAD_BYTES, RecordsImportForm
from .uploads import MemoryOnlyUpload

PROBLEMS_SHOWN = 5000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@csrf_exempt  # checked below, once the upload handlers are in place (reading the token reads the body)
@require(roles.PEOPLE_CHANGE)
def records_import(request):
    if request.method == "POST":
        request.upload_handlers = [MemoryOnlyUpload(request, MAX_UPLOAD_BYTES)]
    return _records_import(request)


def _checked(kind, antenna, data) -> str:
    return f"{kind}:{antenna.pk if antenna else ''}:{hashlib.sha256(data).hexdigest()}"


@csrf_protect
def _records_import(request):
    form = RecordsImportForm(request.POST or None, request.FILES or None, user=request.user,
                             too_big=getattr(request, "upload_too_big", False))
    report, notice, checked = None, "", ""
    if request.method == "POST" and form.is_valid():
        kind, antenna, data = form.cleaned_data["kind"], form.cleaned_data["antenna"], form.cleaned_data["content"]
        filename = form.cleaned_data["file"].name
        checked = _checked(kind, antenna, data)
        confirmed = request.POST.get("action") == "import"
        try:
            if confirmed and form.cleaned_data["checked"] == checked:
                report = services.records_import(kind=kind, data=data, filename=filename, antenna=antenna,
                                                 by=request.user)
            else:
                if confirmed:
                    notice = _("This is not the file, the kind or the antenna that was checked: here is its check. "
                               "Nothing was imported.")
                report = services.records_check(kind=kind, data=data, filename=filename, antenna=antenna,
                                                by=request.user)
        except scoping.NotAllowed:
            raise PermissionDenied
        if report.committed:
            counts = {**report.counts, "kind": columns.KIND_LABELS[kind]}
            messages.success(request, _(
                "%(kind)s imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % counts)
            url = reverse("records:import")
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    context = {
        "form": form, "report": report, "notice": notice, "checked": checked, "partial": bool(request.htmx),
        **_problems(report),
    }
    if request.htmx:
        return render(request, "intake/records/_result.html", context)
    return render(request, "intake/records/import.html", {**context, "kinds": columns.KIND_LABELS})


def _problems(report) -> dict:
    if report is None:
        return {}
    problems = [
        {"row": p.row or "", "column": p.column, "value": p.value, "expected": p.expected(_)}
        for p in report.problems[:PROBLEMS_SHOWN]
    ]
    return {"problems": problems, "problem_count": len(report.problems),
            "problems_hidden": max(0, len(report.problems) - PROBLEMS_SHOWN)}


@require(roles.PEOPLE_CHANGE)
def records_template(request, kind):
    if kind not in columns.KINDS:
        raise Http404
    codes = scoping.scope(request.user, Antenna.objects.filter(is_active=True)).values_list("code", flat=True)
    response = HttpResponse(template.workbook_bytes(kind, list(codes)), content_type=XLSX)
    name = f"duo-{kind}-{request.LANGUAGE_CODE}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
