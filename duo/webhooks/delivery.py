"""Sending deliveries: one signed POST per attempt, retried with backoff, never an exception for the caller.

A delivery is pending until its receiver answers 2xx (delivered) or its last attempt fails (failed). After the
first attempt fails, the next ones wait 1 min, 5 min, 30 min, 2 h and 12 h: six attempts in all, over about 15 hours.
Each attempt first claims the delivery (a conditional UPDATE that moves its next attempt a few minutes on), so the
immediate task, the periodic "deliver due" task and `manage.py deliver_webhooks` never send the same attempt twice.
"""

import datetime
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from . import signing
from .models import Delivery

log = logging.getLogger(__name__)

BACKOFF = (datetime.timedelta(minutes=1), datetime.timedelta(minutes=5), datetime.timedelta(minutes=30),
           datetime.timedelta(hours=2), datetime.timedelta(hours=12))
MAX_ATTEMPTS = len(BACKOFF) + 1
TIMEOUT_SECONDS = 10
# How long an attempt in progress keeps others off the delivery (far longer than the timeout).
LEASE = datetime.timedelta(minutes=5)
# At most this much of a refusing receiver's answer is kept, to say why it refused.
BODY_EXCERPT = 200
USER_AGENT = "Duo-Webhooks/1"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a new address to post to (it might not be https): the attempt fails with it."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def queue(ids) -> None:
    """Hand deliveries to the background worker once the current transaction commits (at once outside one).
    A broker that is down loses nothing: the deliveries stay pending and the periodic run sends them."""
    ids = list(ids)
    if not ids:
        return

    def send():
        from .tasks import deliver_task

        for pk in ids:
            try:
                deliver_task.delay(pk)
            except Exception:
                log.exception("Could not queue webhook delivery %s; the periodic run will send it", pk)

    transaction.on_commit(send)


def headers_for(delivery: Delivery, body: bytes, timestamp: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Duo-Event": delivery.event,
        "X-Duo-Delivery": str(delivery.uuid),
        "X-Duo-Timestamp": timestamp,
        "X-Duo-Signature": signing.signature(delivery.subscription.secret, timestamp, body),
    }


def _excerpt(raw: bytes) -> str:
    return " ".join(raw.decode("utf-8", errors="replace").split())[:BODY_EXCERPT]


def _post(url: str, body: bytes, headers: dict) -> tuple[int | None, str]:
    """(the answer's status code or None, an error in a few words or "")."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        try:
            excerpt = _excerpt(exc.read(BODY_EXCERPT))
        except Exception:
            excerpt = ""
        finally:
            exc.close()
        return exc.code, f"HTTP {exc.code}" + (f": {excerpt}" if excerpt else "")
    except urllib.error.URLError as exc:
        return None, str(exc.reason)[:255]
    except TimeoutError:
        return None, f"No answer within {TIMEOUT_SECONDS} seconds"
    except Exception as exc:  # a malformed answer, a reset connection…: the receiver's problem, never the caller's
        return None, (f"{type(exc).__name__}: {exc}")[:255]


def _claim(pk, now) -> bool:
    return bool(Delivery.objects.filter(pk=pk, status=Delivery.Status.PENDING, next_attempt_at__lte=now)
                .update(next_attempt_at=now + LEASE))


def _attempt(delivery: Delivery, now) -> Delivery:
    subscription = delivery.subscription
    if not subscription.is_active:
        delivery.status, delivery.next_attempt_at = Delivery.Status.FAILED, None
        delivery.last_error = "The subscription is deactivated"
        delivery.save(update_fields=["status", "next_attempt_at", "last_error"])
        return delivery
    body = signing.body_of(delivery.payload)
    timestamp = str(int(time.time()))
    code, error = _post(subscription.url, body, headers_for(delivery, body, timestamp))
    delivery.attempts += 1
    delivery.last_status_code = code
    if code is not None and 200 <= code < 300:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = Delivery.Status.DELIVERED, now, None
        delivery.last_error = ""
    else:
        delivery.last_error = error[:255]
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status, delivery.next_attempt_at = Delivery.Status.FAILED, None
        else:
            delivery.next_attempt_at = now + BACKOFF[delivery.attempts - 1]
    delivery.save(update_fields=["status", "attempts", "next_attempt_at", "last_status_code", "last_error",
                                 "delivered_at"])
    return delivery


def deliver(pk, *, now=None) -> Delivery | None:
    """One attempt at this delivery if it is pending and due; None when there was nothing to do. Never raises."""
    now = now or timezone.now()
    try:
        if not _claim(pk, now):
            return None
        return _attempt(Delivery.objects.select_related("subscription").get(pk=pk), now)
    except Exception:
        log.exception("Webhook delivery %s could not be attempted", pk)
        return None


@dataclass
class Summary:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0

    def line(self) -> str:
        return (f"{self.delivered} webhook delivery(ies) delivered, {self.retrying} to retry later, "
                f"{self.failed} failed")


def deliver_due(*, now=None, limit: int = 500) -> Summary:
    """Attempt every pending delivery whose time has come (oldest first), at most `limit` of them."""
    now = now or timezone.now()
    summary = Summary()
    due = (Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
           .order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
    for pk in list(due):
        done = deliver(pk, now=now)
        if done is None:
            continue
        if done.status == Delivery.Status.DELIVERED:
            summary.delivered += 1
        elif done.status == Delivery.Status.FAILED:
            summary.failed += 1
        else:
            summary.retrying += 1
    return summary
