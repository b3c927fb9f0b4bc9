"""The research-export pages: the register of exports, the form that makes one, one export's generalisation
report, and its download. Administrators and officers only (research.export); every write and every download goes
through duo.research.services, which records it in the audit trail."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from duo.accounts import roles, scoping
from duo.accounts.reauth import recent_auth_required
from duo.accounts.scoping import require
from duo.core.forms import errors_into
from duo.core.paging import paginate

from . import columns, queries, services
from .forms import ExportForm
from .models import ResearchExport


def _exports(request):
    return scoping.scope(request.user, ResearchExport.objects.select_related("snapshot", "created_by"))


@require(roles.RESEARCH_EXPORT)
def export_list(request):
    return render(request, "research/list.html", paginate(request, _exports(request)))


@require(roles.RESEARCH_EXPORT)
@recent_auth_required
def export_add(request):
    form = ExportForm(request.POST if request.method == "POST" else None, smallest_k=services.smallest_k())
    if request.method == "POST" and form.is_valid():
        try:
            export = services.export_create(by=request.user, **form.cleaned_data)
        except scoping.NotAllowed:
            raise PermissionDenied
        except services.ExportRefused as exc:
            errors_into(form, exc.errors)
        else:
            messages.success(request, _("The export is ready. Check its report before handing it over."))
            return redirect("research:detail", pk=export.pk)
    return render(request, "research/form.html", {"form": form, "max_suppression": services.max_suppression()})


def report_rows(export: ResearchExport) -> list[dict]:
    """Each quasi-identifier with how it was released, in the reader's language."""
    region_of, country_of = queries.places()
    levels = export.report.get("levels", {})
    return [{"label": h.label, "released_as": h.describe(levels[h.column]), "level": levels[h.column],
             "generalised": levels[h.column] > 0, "withheld": levels[h.column] >= h.height}
            for h in columns.hierarchies(region_of=region_of, country_of=country_of) if h.column in levels]


@require(roles.RESEARCH_EXPORT)
def export_detail(request, pk):
    export = scoping.get_or_404(request.user, _exports(request), pk=pk)
    return render(request, "research/detail.html", {
        "export": export, "report": export.report, "qis": report_rows(export),
        "suppressed_percent": round(100 * export.report.get("max_suppression", 0))})


@require(roles.RESEARCH_EXPORT)
@require_GET
@recent_auth_required
def export_download(request, pk):
    export = scoping.get_or_404(request.user, _exports(request), pk=pk)
    try:
        content = services.export_file(by=request.user, export=export)
    except scoping.NotAllowed:
        raise PermissionDenied
    except services.FileMissing:
        messages.error(request, _("The file of this export cannot be read: it is missing or damaged. Make a new "
                                  "export."))
        return redirect("research:detail", pk=export.pk)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export.download_name}"'
    add_never_cache_headers(response)
    return response
