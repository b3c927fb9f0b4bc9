"""The administrators' use cases: subscribing a receiver (its secret returned once), deactivating it, sending it a
test ping, and retrying a failed delivery now. Refusals raise WebhookError with a message per field."""

import secrets
import urllib.parse

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duo.accounts import roles, scoping

from . import delivery as sending
from . import events
from .models import PING, Delivery, Event, Subscription

SECRET_PREFIX = "whsec_"
# Plain http only to this machine, for development and tests: a real receiver is reached over TLS.
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


class WebhookError(Exception):
    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


def _require(by):
    if not scoping.has(by, roles.REFERENCE_CHANGE):
        raise scoping.NotAllowed


def url_problem(url: str) -> str | None:
    """Why this address cannot receive deliveries, or None."""
    try:
        parts = urllib.parse.urlsplit((url or "").strip())
        host = parts.hostname
    except ValueError:
        return _("Enter a valid address.")
    if not host:
        return _("Enter a valid address.")
    if parts.username or parts.password:
        return _("Leave the user name and password out of the address: the signature tells the receiver it is Duo.")
    if parts.scheme == "https":
        return None
    if parts.scheme == "http" and host in LOCAL_HOSTS and not getattr(settings, "PRODUCTION", False):
        return None
    return _("Use an https:// address: deliveries must not travel unencrypted.")


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


@transaction.atomic
def subscription_create(*, by, name: str, url: str, events: list[str]) -> tuple[Subscription, str]:
    """The new subscription and its secret, to be shown once and never again."""
    _require(by)
    chosen = sorted(set(events or ()))
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("Name the receiver: who gets these events, for what.")
    problem = url_problem(url)
    if problem:
        errors["url"] = problem
    if not chosen:
        errors["events"] = _("Choose at least one event.")
    elif set(chosen) - set(Event.values):
        errors["events"] = _("Unknown event.")
    if errors:
        raise WebhookError(errors)
    secret = new_secret()
    subscription = Subscription.objects.create(name=name.strip()[:120], url=url.strip(), events=chosen,
                                               secret=secret, created_by=by)
    return subscription, secret


@transaction.atomic
def subscription_deactivate(*, by, subscription: Subscription) -> Subscription:
    """No new deliveries; those still pending fail at their next attempt. Deactivating twice changes nothing."""
    _require(by)
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.is_active:
        subscription.is_active, subscription.deactivated_at, subscription.deactivated_by = False, timezone.now(), by
        subscription.save(update_fields=["is_active", "deactivated_at", "deactivated_by"])
    return subscription


def _refuse_inactive(subscription):
    if not subscription.is_active:
        raise WebhookError({"__all__": _("This subscription is deactivated: nothing is sent to it any more.")})


@transaction.atomic
def subscription_ping(*, by, subscription: Subscription) -> Delivery:
    """A "ping" event to this receiver only, sent at once, logged like any delivery."""
    _require(by)
    _refuse_inactive(subscription)
    body = events.payload(PING, {"subscription_id": subscription.pk})
    ping = Delivery.objects.create(subscription=subscription, event=PING, event_id=body["id"], payload=body,
                                   next_attempt_at=timezone.now())
    sending.queue([ping.pk])
    return ping


@transaction.atomic
def delivery_retry(*, by, delivery: Delivery) -> Delivery:
    """One more attempt at a failed delivery, now (if it fails again, it stays failed)."""
    _require(by)
    found = Delivery.objects.select_for_update().select_related("subscription").get(pk=delivery.pk)
    if found.status != Delivery.Status.FAILED:
        raise WebhookError({"__all__": _("Only a failed delivery can be retried: this one is %(status)s.") % {
            "status": found.get_status_display()}})
    _refuse_inactive(found.subscription)
    found.status, found.next_attempt_at = Delivery.Status.PENDING, timezone.now()
    found.save(update_fields=["status", "next_attempt_at"])
    sending.queue([found.pk])
    return found
