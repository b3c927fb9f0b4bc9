"""A staff member's personal calendar subscription: calendar apps cannot log in, so the feed's URL
carries a random token. Only its hash is stored (like duo.meetinglog's links); one active per user."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CalendarToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens",
                             verbose_name=_("user"))
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    # The feed's titles are written in the language the user had when subscribing.
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_on = models.DateField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")
        constraints = [models.UniqueConstraint(fields=["user"], condition=Q(revoked_at__isnull=True),
                                               name="calendarfeed_one_active_per_user")]

    def __str__(self):
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.user.is_active
