"""The "Erase this contact" page: administrators only, a typed confirmation, a reason, the password asked again."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from duo.accounts import scoping
from duo.accounts.reauth import recent_auth_required
from duo.accounts.scoping import require
from duo.privacy.views_erasure import erased_from

from .erasure import ERASE, contact_erase
from .forms_erasure import ContactErasureForm
from .models import Contact


@require(ERASE)
@recent_auth_required
def contact_erase_confirm(request, pk):
    contact = scoping.get_or_404(request.user, Contact, pk=pk)
    form = ContactErasureForm(request.POST or None, contact=contact)
    if request.method == "POST" and form.is_valid():
        if erased_from(form, lambda reason: contact_erase(contact=contact, reason=reason, by=request.user)):
            messages.success(request, _("Contact #%(id)s was erased.") % {"id": contact.pk})
            return redirect("advocacy:contact", pk=contact.pk)
    return render(request, "advocacy/stakeholders/contact_erase.html", {
        "contact": contact, "form": form,
        "positions": contact.positions.count(), "interactions": contact.interactions.count(),
    })
