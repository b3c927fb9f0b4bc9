"""'Subscribe to my calendar' (staff), and the feed a calendar app fetches with the personal URL."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from duo.accounts import roles
from duo.accounts.scoping import require
from duo.journeys.closure import coordinator_calendar

from . import services


class ConfirmForm(forms.Form):
    # Only the page's button creates a token: an empty POST changes nothing.
    confirm = forms.BooleanField(widget=forms.HiddenInput, initial=True,
                                 error_messages={"required": gettext_lazy("Confirm with the button.")})


@never_cache
@require(roles.DUOS_VIEW)
def subscribe(request):
    form = ConfirmForm(request.POST or None)
    feed_url = ""
    if request.method == "POST" and form.is_valid():
        token = services.subscription_create(user=request.user)
        # Shown in this answer only: the token is not stored, so it cannot be shown again.
        feed_url = request.build_absolute_uri(reverse("calendar_feed", kwargs={"token": token}))
    return render(request, "calendarfeed/subscribe.html", {
        "form": form, "feed_url": feed_url, "active": services.active_for(request.user),
        "posted_empty": request.method == "POST" and not form.is_valid(),
    })


@require(roles.DUOS_VIEW)
def revoke(request):
    if request.method == "POST" and services.subscription_revoke(user=request.user):
        messages.success(request, _("Calendar subscription revoked: subscribed calendars no longer update."))
    return redirect("calendarfeed:subscribe")


@never_cache
@require_GET
def feed(request, token):
    """No login and no session: the token is the key, and the events are those its owner would see
    now (with their current antennas and role). Unknown, forged or revoked: 404, nothing more."""
    subscription = services.find_active(token)
    if subscription is None:
        raise Http404
    body = coordinator_calendar(user=subscription.user, host=request.get_host().split(":")[0],
                                language=subscription.language)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="duo.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
