"""Staff pages of stakeholders and contacts: the lists, each one's dossier (everything the organisation did with
that body or person, and the colleagues in touch with them around today), the forms, ending a position, and the
spreadsheet import with its template.

Every write goes through duo.advocacy.services (or services_import): an AdvocacyError comes back on the form,
nothing changed; scoping.NotAllowed is a 403.
"""

import hashlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django_htmx.http import HttpResponseClientRedirect

from duo.accounts import roles, scoping
from duo.accounts.scoping import require
from duo.core.paging import paginate
from duo.intake.records.forms import MAX_UPLOAD_BYTES
from duo.intake.records.uploads import MemoryOnlyUpload
from duo.organisation.models import Region

from . import queries_stakeholders as queries
from . import services, services_import
from .forms_stakeholders import (
    ContactForm, ContactSearchForm, PositionEndForm, PositionForm, StakeholderFilterForm, StakeholderForm,
    StakeholderImportForm,
)
from .erasure import ERASE
from .models import Contact, Position, Stakeholder
from .services import CONTACT_FIELDS, POSITION_FIELDS, STAKEHOLDER_FIELDS
from .views_base import attempt

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROBLEMS_SHOWN = 2000


def _posted(request):
    return request.POST if request.method == "POST" else None


def _may_change(request) -> bool:
    return scoping.has(request.user, roles.ADVOCACY_CHANGE)



# --- stakeholders ---------------------------------------------------------------------------------------------------

@require(roles.ADVOCACY_VIEW)
def stakeholder_list(request):
    form = StakeholderFilterForm(request.GET)
    found = queries.stakeholder_list(**form.filters())
    return render(request, "advocacy/stakeholders/list.html", {
        "form": form, "may_change": _may_change(request), "filtered": any(form.filters().values()),
        **paginate(request, found)})


@require(roles.ADVOCACY_VIEW)
def stakeholder_detail(request, pk):
    stakeholder = scoping.get_or_404(request.user, Stakeholder.objects.select_related("region", "parent"), pk=pk)
    return render(request, "advocacy/stakeholders/stakeholder.html", {
        "stakeholder": stakeholder, "may_change": _may_change(request),
        **queries.stakeholder_dossier(stakeholder, user=request.user)})


def _stakeholder_form(request, stakeholder=None):
    if stakeholder is not None:
        initial = model_to_dict(stakeholder, fields=STAKEHOLDER_FIELDS)
    else:
        initial = {"parent": request.GET.get("parent", "")}
    form = StakeholderForm(_posted(request), instance=stakeholder, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, services.stakeholder_save, by=request.user, stakeholder=stakeholder, **form.cleaned_data)
        if saved is not None:
            messages.success(request, _("Stakeholder saved."))
            return redirect("advocacy:stakeholder", pk=saved.pk)
        if stakeholder is not None:
            stakeholder.refresh_from_db()  # the refused values stay on the form, not on the page's title
    return render(request, "advocacy/stakeholders/stakeholder_form.html", {"form": form, "stakeholder": stakeholder})


@require(roles.ADVOCACY_CHANGE)
def stakeholder_add(request):
    return _stakeholder_form(request)


@require(roles.ADVOCACY_CHANGE)
def stakeholder_edit(request, pk):
    return _stakeholder_form(request, scoping.get_or_404(request.user, Stakeholder, pk=pk))


# --- contacts -------------------------------------------------------------------------------------------------------

@require(roles.ADVOCACY_VIEW)
def contact_list(request):
    form = ContactSearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    context = paginate(request, queries.contact_list(q=q))
    context["rows"] = [{"contact": c, "current": queries.current_positions(c)} for c in context["page"]]
    return render(request, "advocacy/stakeholders/contacts.html", {
        "form": form, "may_change": _may_change(request), "q": q, **context})


@require(roles.ADVOCACY_VIEW)
def contact_detail(request, pk):
    contact = scoping.get_or_404(request.user, Contact, pk=pk)
    erased = contact.erased_at is not None  # nothing more is written about an erased contact
    return render(request, "advocacy/stakeholders/contact.html", {
        "contact": contact, "may_change": _may_change(request) and not erased,
        "may_erase": scoping.has(request.user, ERASE) and not erased,
        **queries.contact_dossier(contact, user=request.user)})


def _contact_form(request, contact=None):
    initial = model_to_dict(contact, fields=CONTACT_FIELDS) if contact is not None else None
    form = ContactForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, services.contact_save, by=request.user, contact=contact, **form.cleaned_data)
        if saved is not None:
            messages.success(request, _("Contact saved."))
            stakeholder = request.GET.get("stakeholder", "")
            if contact is None and stakeholder.isdigit():  # added from a stakeholder's page: now their role there
                return redirect(f"{reverse('advocacy:position_add', args=[saved.pk])}?stakeholder={stakeholder}")
            return redirect("advocacy:contact", pk=saved.pk)
        if contact is not None:
            contact.refresh_from_db()
    return render(request, "advocacy/stakeholders/contact_form.html", {"form": form, "contact": contact})


@require(roles.ADVOCACY_CHANGE)
def contact_add(request):
    return _contact_form(request)


@require(roles.ADVOCACY_CHANGE)
def contact_edit(request, pk):
    return _contact_form(request, scoping.get_or_404(request.user, Contact, pk=pk))


# --- positions ------------------------------------------------------------------------------------------------------

def _position_form(request, contact, position=None):
    if position is not None:
        initial = model_to_dict(position, fields=POSITION_FIELDS)
    else:
        initial = {"stakeholder": request.GET.get("stakeholder", "")}
    form = PositionForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, services.position_save, by=request.user, contact=contact, position=position,
                      **form.cleaned_data)
        if saved is not None:
            messages.success(request, _("Position saved."))
            return redirect("advocacy:contact", pk=contact.pk)
        if position is not None:
            position.refresh_from_db()
    return render(request, "advocacy/stakeholders/position_form.html", {
        "form": form, "contact": contact, "position": position})


@require(roles.ADVOCACY_CHANGE)
def position_add(request, pk):
    return _position_form(request, scoping.get_or_404(request.user, Contact, pk=pk))


@require(roles.ADVOCACY_CHANGE)
def position_edit(request, pk):
    position = scoping.get_or_404(request.user, Position.objects.select_related("contact", "stakeholder"), pk=pk)
    return _position_form(request, position.contact, position)


@require(roles.ADVOCACY_CHANGE)
def position_end(request, pk):
    """A mandate ends: the role closes, the person stays. The form is also a page of its own (without JS, or
    when the date is refused)."""
    position = scoping.get_or_404(request.user, Position.objects.select_related("contact", "stakeholder"), pk=pk)
    form = PositionEndForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        ended = attempt(form, services.position_end, by=request.user, position=position,
                      on=form.cleaned_data["ended_on"])
        if ended is not None:
            messages.success(request, _("Position ended. %(name)s stays in the contacts.") % {
                "name": position.contact.full_name})
            return redirect("advocacy:contact", pk=position.contact_id)
        position.refresh_from_db()
    return render(request, "advocacy/stakeholders/position_end.html", {"form": form, "position": position})


# --- the import -----------------------------------------------------------------------------------------------------

@csrf_exempt  # checked below, once the upload handlers are in place (reading the token reads the body)
@require(roles.ADVOCACY_CHANGE)
def stakeholders_import(request):
    if request.method == "POST":
        # Contacts are personal data: the file stays in memory, never in a temporary file on the server's disk.
        request.upload_handlers = [MemoryOnlyUpload(request, MAX_UPLOAD_BYTES)]
    return _stakeholders_import(request)


@csrf_protect
def _stakeholders_import(request):
    form = StakeholderImportForm(request.POST or None, request.FILES or None,
                                 too_big=getattr(request, "upload_too_big", False))
    report, notice, checked = None, "", ""
    if request.method == "POST" and form.is_valid():
        data, filename = form.cleaned_data["content"], form.cleaned_data["file"].name
        checked = hashlib.sha256(data).hexdigest()
        confirmed = request.POST.get("action") == "import"
        try:
            if confirmed and form.cleaned_data["checked"] == checked:
                report = services_import.stakeholders_import(data=data, filename=filename, by=request.user)
            else:
                if confirmed:
                    notice = _("This is not the file that was checked: here is its check. Nothing was imported.")
                report = services_import.stakeholders_check(data=data, filename=filename, by=request.user)
        except scoping.NotAllowed:
            raise PermissionDenied
        if report.committed:
            counts = report.counts
            messages.success(request, _(
                "Imported: %(stakeholders)s stakeholders, %(contacts)s contacts and %(positions)s positions created; "
                "%(updated)s updated.") % {
                "stakeholders": counts["stakeholders"]["create"], "contacts": counts["contacts"]["create"],
                "positions": counts["positions"]["create"], "updated": sum(c["update"] for c in counts.values())})
            url = reverse("advocacy:stakeholders")
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    context = {"form": form, "report": report, "notice": notice, "checked": checked, "partial": bool(request.htmx),
               **_problems(report)}
    if request.htmx:
        return render(request, "advocacy/stakeholders/_import_result.html", context)
    return render(request, "advocacy/stakeholders/import.html", context)


def _problems(report) -> dict:
    if report is None:
        return {}
    problems = [{"row": p.row or "", "column": p.column, "value": p.value, "expected": p.expected(_)}
                for p in report.problems[:PROBLEMS_SHOWN]]
    pending = report.counts and any(c["create"] or c["update"] for c in report.counts.values())
    return {"problems": problems, "problem_count": len(report.problems), "pending": pending,
            "problems_hidden": max(0, len(report.problems) - PROBLEMS_SHOWN)}


@require(roles.ADVOCACY_CHANGE)
def stakeholders_template(request):
    codes = list(Region.objects.order_by("code").values_list("code", flat=True))
    response = HttpResponse(services_import.template_bytes(codes), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="duo-stakeholders-{request.LANGUAGE_CODE}.xlsx"'
    return response
