"""The "Erase this person" page: administrators only, a typed confirmation and a reason."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from duo.accounts import roles, scoping
from duo.accounts.reauth import recent_auth_required
from duo.accounts.scoping import require
from duo.people.models import Person

from . import subject
from .erasure import ErasureError, person_erase
from .forms_erasure import ErasureForm
from .models import Erasure


def erased_from(form, erase) -> bool:
    """Runs `erase(reason)` for a valid confirmation form: True once done; a refusal goes onto the form's fields
    (nothing changed); an object the user may not change is a 404, as everywhere."""
    try:
        erase(form.cleaned_data["reason"])
    except scoping.NotAllowed:
        raise Http404 from None
    except ErasureError as error:
        for name, message in error.errors.items():
            form.add_error(None if name == "__all__" else name, message)
        return False
    return True


@require(roles.PERSON_ERASE)
@recent_auth_required
def confirm(request, pk):
    person = scoping.get_or_404(request.user, Person.objects.select_related("antenna"), pk=pk)
    erasure = Erasure.objects.filter(person_id=person.pk).select_related("by").first()
    form = ErasureForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        if erased_from(form, lambda reason: person_erase(person=person, reason=reason, by=request.user)):
            messages.success(request, _("Person #%(id)s was erased.") % {"id": person.pk})
            return redirect("people:detail", pk=person.pk)
    return render(request, "privacy/erasure/confirm.html", {
        "person": person, "form": form, "erasure": erasure,
        "counts": [c for c in subject.section_counts(person) if c["count"]],
    })
