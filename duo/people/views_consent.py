"""Consent by purpose: the person's own page, opened from the link in any email (no password; a forged link is
404), and the staff page where a decision received by phone or letter is recorded. Both go through
duo.people.consent, so a withdrawal has the same effects wherever it comes from."""

from functools import wraps

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from duo.accounts import roles, scoping
from duo.accounts.scoping import require
from duo.privacy.context import Actor, acting_as

from . import consent
from .choices import Channel, ConsentPurpose
from .models import Person

WITHDRAW, GIVE = "withdraw", "give"


class ConsentChangeForm(forms.Form):
    purpose = forms.ChoiceField(label=gettext_lazy("Purpose"), choices=ConsentPurpose.choices)
    action = forms.ChoiceField(label=gettext_lazy("Decision"), choices=[
        (WITHDRAW, gettext_lazy("Withdraw consent")), (GIVE, gettext_lazy("Give consent"))])


def _apply(form, *, person, channel, by=None, language=None) -> str:
    """Carry out a valid form's decision; the confirmation to show."""
    purpose, action = form.cleaned_data["purpose"], form.cleaned_data["action"]
    label = ConsentPurpose(purpose).label
    if action == WITHDRAW:
        consent.consent_withdraw(person=person, purpose=purpose, channel=channel, by=by, language=language)
        return _("Done: consent withdrawn for “%(purpose)s”. We stop this use of the data now.") % {"purpose": label}
    consent.consent_give(person=person, purpose=purpose, channel=channel, by=by, language=language)
    return _("Done: consent given for “%(purpose)s”. Thank you.") % {"purpose": label}


def through_link(view):
    @never_cache
    @wraps(view)
    def wrapped(request, token):
        person = consent.person_from_token(token)
        if person is None:
            raise Http404
        if person is consent.EXPIRED:
            response = render(request, "people/consent/expired.html", status=410)
        else:
            path = request.path.replace(token, "<token>")[:255]
            actor = Actor(label=f"consent link (person {person.pk})", ip=request.META.get("REMOTE_ADDR"), path=path)
            with acting_as(actor):
                response = view(request, person, token)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


@through_link
def manage(request, person, token):
    if consent.is_erased(person):
        return render(request, "people/consent/erased.html")
    form = ConsentChangeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            # The language of the page they read the text in: the URL's.
            messages.success(request, _apply(form, person=person, channel=Channel.WEB, language=get_language()[:2]))
            return redirect("consent:manage", token=token)
        messages.error(request, _("Nothing was changed: please use one of the buttons below."))
    return render(request, "people/consent/manage.html", {
        "person": person, "positions": consent.positions(person), "form": form})


@require(roles.PEOPLE_CHANGE)
def staff(request, pk):
    person = scoping.get_or_404(request.user, Person.objects.select_related("antenna"), pk=pk)
    if not scoping.can_change(request.user, person):
        raise Http404
    form = ConsentChangeForm(request.POST if request.method == "POST" else None, prefix="consent")
    if request.method == "POST" and form.is_valid():
        messages.success(request, _apply(form, person=person, channel=Channel.STAFF, by=request.user,
                                         language=person.preferred_language))
        return redirect("consent:staff", pk=person.pk)
    return render(request, "people/consent/staff.html", {
        "person": person, "positions": consent.positions(person), "history": consent.history(person),
        "form": form})
