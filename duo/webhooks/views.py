"""The administrators' webhook pages: the subscriptions, the form that creates one (its secret shown once, on the page
that answers the form, never again), each subscription's facts, signature scheme and delivery log, and the actions:
deactivate, send a test ping, retry a failed delivery now.

Every write goes through duo.webhooks.services: a WebhookError comes back on the form's fields (or as a message),
nothing created; scoping.NotAllowed is a 403.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duo.accounts import roles, scoping
from duo.accounts.reauth import recent_auth_required
from duo.accounts.scoping import require
from duo.core.paging import paginate
from duo.core.secret_once import create_showing_secret_once

from . import delivery as sending
from . import services, signing
from .forms import SubscriptionForm
from .models import Delivery, Subscription

DELIVERIES_SHOWN = 100


def _subscriptions(request):
    return scoping.scope(request.user, Subscription.objects.select_related("created_by", "deactivated_by"))


@require(roles.REFERENCE_CHANGE)
def subscription_list(request):
    subscriptions = _subscriptions(request).annotate(
        failed=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
        pending=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.PENDING)),
    ).order_by("-created_at", "-id")
    return render(request, "webhooks/staff/list.html", paginate(request, subscriptions))


@require(roles.REFERENCE_CHANGE)
@recent_auth_required
def subscription_add(request):
    return create_showing_secret_once(
        request, form_class=SubscriptionForm, create=services.subscription_create, error=services.WebhookError,
        form_template="webhooks/staff/form.html", shown_template="webhooks/staff/created.html",
        shown_context=lambda subscription, secret: {"subscription": subscription, "secret": secret, **_scheme()})


def _scheme():
    """What the pages say about the signature, from the code that signs."""
    return {"tolerance_minutes": signing.TOLERANCE_SECONDS // 60, "max_attempts": sending.MAX_ATTEMPTS,
            "timeout_seconds": sending.TIMEOUT_SECONDS}


@require(roles.REFERENCE_CHANGE)
def subscription_detail(request, pk):
    subscription = scoping.get_or_404(request.user, _subscriptions(request), pk=pk)
    deliveries = subscription.deliveries.all()
    return render(request, "webhooks/staff/detail.html", {
        "subscription": subscription, "deliveries": deliveries[:DELIVERIES_SHOWN],
        "deliveries_count": deliveries.count(), "deliveries_shown": DELIVERIES_SHOWN, **_scheme()})


@require(roles.REFERENCE_CHANGE)
@require_POST
def subscription_deactivate(request, pk):
    subscription = scoping.get_or_404(request.user, Subscription, pk=pk)
    already = not subscription.is_active
    try:
        services.subscription_deactivate(by=request.user, subscription=subscription)
    except scoping.NotAllowed:
        raise PermissionDenied
    if already:
        messages.info(request, _("This subscription was already deactivated: nothing changed."))
    else:
        messages.success(request, _("Subscription “%(name)s” deactivated: nothing more is sent to it.") % {
            "name": subscription.name})
    return redirect("webhooks:detail", pk=subscription.pk)


@require(roles.REFERENCE_CHANGE)
@require_POST
def subscription_ping(request, pk):
    subscription = scoping.get_or_404(request.user, Subscription, pk=pk)
    return _send_now(request, partial(services.subscription_ping, subscription=subscription),
                     done=_("Test ping sent: its result is at the top of the delivery log."), back_to=subscription.pk)


@require(roles.REFERENCE_CHANGE)
@require_POST
def delivery_retry(request, pk):
    delivery = scoping.get_or_404(request.user, Delivery.objects.select_related("subscription"), pk=pk)
    return _send_now(request, partial(services.delivery_retry, delivery=delivery),
                     done=_("Delivery retried: its result is in the delivery log."), back_to=delivery.subscription_id)


def _send_now(request, send, *, done, back_to):
    """A ping or a retry: `send(by=user)`; a WebhookError's messages shown as errors, scoping.NotAllowed a 403, then
    back to the subscription `back_to`, whose delivery log shows the result."""
    try:
        send(by=request.user)
    except scoping.NotAllowed:
        raise PermissionDenied
    except services.WebhookError as exc:
        for message in exc.errors.values():
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("webhooks:detail", pk=back_to)
