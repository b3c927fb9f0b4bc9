"""API tokens: one per integration (a website form, a partner's outcome feed, a funder's dashboard), with the scopes
and antennas it may use, an expiry, and a log of every use.

The secret is shown once, when the token is created, and stored only as a SHA-256 digest: it is 32 random bytes,
so a slow password hash would add nothing but latency to every call. The prefix (public, unique) finds the row.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duo.organisation.models import Antenna


class Scope(models.TextChoices):
    APPLICATIONS_WRITE = "applications:write", _("Send applications (a website's form)")
    OUTCOMES_WRITE = "outcomes:write", _("Confirm outcomes of duos (its antennas)")
    INDICATORS_READ = "indicators:read", _("Read published indicators and publications")
    DUOS_READ = "duos:read", _("Read duos (its antennas)")


class ApiToken(models.Model):
    name = models.CharField(_("integration"), max_length=120, help_text=_("Who uses it, for what."))
    prefix = models.CharField(_("prefix"), max_length=12, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    antennas = models.ManyToManyField(Antenna, blank=True, related_name="+", verbose_name=_("antennas"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("revoked by"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now

    def scope_labels(self) -> list[str]:
        return [Scope(s).label for s in self.scopes if s in Scope.values]


class TokenUse(models.Model):
    """One call made with a token: what, when, from where, and the answer's status. Never the body."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="uses")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=255)
    status = models.PositiveSmallIntegerField()
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("API call")
        verbose_name_plural = _("API calls")
