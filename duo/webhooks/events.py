"""Emitting events: `emit(event, data)` from the use case where the thing happens (one line there).

Every event's data has a fixed set of keys, ids and codes only, so that nothing personal can reach a receiver by
accident: a name, an email address or a note would need a new key here, in review. The deliveries are written in the
caller's transaction (a rolled-back change leaves none, so nothing is sent) and handed to the worker when it commits.
"""

import logging
import uuid

from django.db import transaction
from django.utils import timezone

from . import delivery
from .models import PING, Delivery, Event, Subscription

log = logging.getLogger(__name__)

# The keys of each event's "data": ids and codes, never personal data.
DATA_KEYS: dict[str, tuple[str, ...]] = {
    Event.APPLICATION_RECEIVED: ("application_id", "kind", "antenna"),
    Event.DUO_STARTED: ("duo_id", "antenna"),
    Event.DUO_CLOSED: ("duo_id", "antenna"),
    Event.OUTCOME_RECORDED: ("outcome_id", "duo_id", "category", "horizon"),
    Event.PUBLICATION_PUBLISHED: ("publication", "version"),
    PING: ("subscription_id",),
}


def payload(event: str, data: dict, *, event_id: uuid.UUID | None = None, occurred_at=None) -> dict:
    """The JSON sent: {"event", "id", "occurred_at", "data"}. Refuses data outside the event's keys."""
    keys = DATA_KEYS.get(event)
    if keys is None:
        raise ValueError(f"Unknown webhook event: {event!r}")
    if set(data) != set(keys):
        raise ValueError(f"A {event} event's data has exactly the keys {sorted(keys)}, not {sorted(data)}")
    for key, value in data.items():
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, str))):
            raise ValueError(f"{event}: {key} must be an id or a code, not {type(value).__name__}")
    return {"event": str(event), "id": str(event_id or uuid.uuid4()),
            "occurred_at": (occurred_at or timezone.now()).isoformat(), "data": {k: data[k] for k in keys}}


def emit(event: str, data: dict) -> list[Delivery]:
    """One pending delivery per active subscription to `event`, sent after the current transaction commits.

    A mistake in `data` raises (a programming error, caught by the tests); a failure to write the deliveries is
    logged and never breaks the caller's change."""
    body = payload(event, data)
    try:
        with transaction.atomic():  # a savepoint: a failure here does not spoil the caller's transaction
            subscriptions = [s for s in Subscription.objects.filter(is_active=True).only("pk", "events")
                             if event in s.events]
            if not subscriptions:
                return []
            now = timezone.now()
            deliveries = Delivery.objects.bulk_create([
                Delivery(subscription=s, event=event, event_id=body["id"], payload=body, next_attempt_at=now,
                         created_at=now) for s in subscriptions])
    except Exception:
        log.exception("Could not record the webhook deliveries of %s", event)
        return []
    delivery.queue(d.pk for d in deliveries)
    return deliveries
