"""Webhooks: another system (a partner's CRM, a funder's dashboard, the website) subscribes to events of Duo and
receives each one as a signed POST, retried with backoff until it answers 2xx, every attempt in a delivery log.

The secret signs the deliveries, so it cannot be kept as a digest like an API token's: it is stored encrypted with
the field keys (DUO_FIELD_KEYS, rotated by `manage.py rotate_field_keys`), shown once when the subscription is
created, and never again. Payloads carry ids and codes only, never a name, an address or free text.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField


class Event(models.TextChoices):
    """The events a subscription may ask for (value = the event's name on the wire)."""

    APPLICATION_RECEIVED = "application.received", _("An application is received")
    DUO_STARTED = "duo.started", _("A duo starts its mentoring")
    DUO_CLOSED = "duo.closed", _("A duo is closed")
    OUTCOME_RECORDED = "outcome.recorded", _("An outcome is recorded")
    PUBLICATION_PUBLISHED = "publication.published", _("A publication is published")


# Sent only on request, from the subscription's page, to check that the receiver works.
PING = "ping"


class Subscription(models.Model):
    name = models.CharField(_("name"), max_length=120, help_text=_("Who receives it, for what."))
    url = models.URLField(_("address"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    secret = EncryptedCharField(_("secret"), max_length=100, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    deactivated_at = models.DateTimeField(_("deactivated"), null=True, blank=True)
    deactivated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("deactivated by"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self):
        return self.name

    def event_labels(self) -> list[str]:
        return [Event(e).label for e in self.events if e in Event.values]


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries",
                                     verbose_name=_("subscription"))
    # The delivery's own id (the X-Duo-Delivery header): the same on every attempt.
    uuid = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(_("event"), max_length=40)
    # The event's id (the payload's "id"): the same for every subscription that receives this event.
    event_id = models.UUIDField(_("event id"), db_index=True)
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last status code"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=255, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due")]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self):
        return f"{self.event} → {self.subscription} ({self.get_status_display()})"
