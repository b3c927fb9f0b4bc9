"""The personal link a mentor or mentee uses to log meetings from a phone, without a password.

Only a hash of the link's secret is stored: a copy of the database does not open anyone's log.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LINK_DAYS = 60


def default_expiry():
    return timezone.now() + datetime.timedelta(days=LINK_DAYS)


class AccessLinkQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class AccessLink(models.Model):
    # Not an AuditedModel: the link's rows hold no personal data beyond whom it was sent to, and
    # recording every visit ("last used") as a change would drown the audit trail.
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="meeting_links",
                               verbose_name=_("person"))
    duo = models.ForeignKey("journeys.Duo", on_delete=models.CASCADE, related_name="meeting_links",
                            verbose_name=_("duo"))
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("sent by"))
    expires_at = models.DateTimeField(_("expires"), default=default_expiry)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = AccessLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("meeting-log link")
        verbose_name_plural = _("meeting-log links")
        indexes = [models.Index(fields=["duo", "revoked_at", "expires_at"])]

    def __str__(self):
        return f"{self.person} · {self.duo_id}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return not (self.is_revoked or self.is_expired)
