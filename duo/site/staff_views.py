"""The advocacy page's editor, for those who may change publications (administrators and officers)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from duo.accounts import roles
from duo.accounts.scoping import require
from duo.publications.services import PublicationError

from . import queries, services
from .forms import AdvocacyForm


@require(roles.PUBLICATIONS_CHANGE)
def advocacy_edit(request):
    page = queries.advocacy_page()
    if request.method == "POST":
        form = AdvocacyForm(request.POST)
        if form.is_valid():
            try:
                services.advocacy_save(by=request.user, **form.cleaned_data)
            except PublicationError as exc:
                form.add_service_errors(exc.errors)
            else:
                messages.success(request, _("The advocacy page is saved."))
                return redirect("site_staff:advocacy")
    else:
        initial = {name: getattr(page, name) for name in services.TEXTS} if page else {}
        initial["key_figures"] = page.key_figures if page else []
        form = AdvocacyForm(initial=initial)
    return render(request, "site/advocacy_edit.html", {"form": form, "page": page})
