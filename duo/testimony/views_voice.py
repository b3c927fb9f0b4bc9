"""The author's page, opened from the link in their emails (links.url_for): their testimonies, each
with a way to withdraw it or to narrow how it is used. No password; a forged link is 404. What it changes is audited as done
through that person's link."""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from duo.core.forms import errors_into
from duo.privacy.context import Actor, acting_as

from . import links, services
from .forms import LowerConsentForm, WithdrawForm
from .models import Consent, Testimony, WithdrawalChannel


def through_link(view):
    @never_cache
    @wraps(view)
    def wrapped(request, token, **kwargs):
        person = links.person_from_token(token)
        if person is None:
            if links.revoked_link_person(token) is None:
                raise Http404
            # Switched off by staff (a leaked link) or by erasure: the portal's kind page, nothing of the person.
            response = render(request, "people/link_revoked.html")
            response["X-Robots-Tag"] = "noindex, nofollow"
            return response
        path = request.path.replace(token, "<token>")[:255]
        actor = Actor(label=f"testimony link (person {person.pk})", ip=request.META.get("REMOTE_ADDR"), path=path)
        with acting_as(actor):
            response = view(request, person, token, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


@through_link
def voice(request, person, token):
    testimonies = Testimony.objects.filter(person=person).prefetch_related("translations").order_by(
        "withdrawn_at", "-collected_on", "-pk")
    return render(request, "testimony/voice.html", {
        "person": person, "token": token, "testimonies": testimonies,
        "just_withdrawn": request.GET.get("withdrawn", "")})


@through_link
def voice_withdraw(request, person, token, pk):
    testimony = get_object_or_404(Testimony, person=person, pk=pk)
    if testimony.is_withdrawn:
        return redirect("testimony:voice", token=token)
    form = WithdrawForm(request.POST if request.method == "POST" else None, initial={"confirm": True})
    if request.method == "POST" and form.is_valid():
        services.withdraw(testimony=testimony, channel=WithdrawalChannel.LINK)
        return redirect(reverse("testimony:voice", kwargs={"token": token}) + f"?withdrawn={testimony.pk}#withdrawn")
    return render(request, "testimony/voice_withdraw.html", {"person": person, "token": token,
                                                             "testimony": testimony, "form": form})


@through_link
def voice_consent(request, person, token, pk):
    testimony = get_object_or_404(Testimony, person=person, pk=pk, withdrawn_at__isnull=True)
    if testimony.consent == Consent.INTERNAL:
        return redirect("testimony:voice", token=token)  # nothing narrower than internal use: withdraw instead
    form = LowerConsentForm(request.POST if request.method == "POST" else None, current=testimony.consent)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_lower(testimony=testimony, consent=form.cleaned_data["consent"])
        except services.TestimonyError as e:
            errors_into(form, e.errors)
        else:
            messages.success(request, _("Thank you: we will use your testimony only as you now agreed."))
            return redirect("testimony:voice", token=token)
    return render(request, "testimony/voice_consent.html", {"person": person, "token": token,
                                                            "testimony": testimony, "form": form})
