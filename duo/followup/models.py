"""The coordinator's follow-up of a running duo: planned check-ins and private staff notes."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duo.journeys.choices import MeetingMode
from duo.privacy.audit import AuditedModel


class CheckInKind(models.TextChoices):
    FIRST_MONTH = "first_month", _("After the first month")
    MONTH_3 = "month_3", _("Month 3")
    END = "end", _("At the end")


class CheckIn(AuditedModel):
    duo = models.ForeignKey("journeys.Duo", on_delete=models.CASCADE, related_name="checkins",
                            verbose_name=_("duo"))
    kind = models.CharField(_("check-in"), max_length=12, choices=CheckInKind.choices)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    mode = models.CharField(_("how"), max_length=10, choices=MeetingMode.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("done by"))

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        # One of each kind per duo: scheduling twice must not double them.
        constraints = [models.UniqueConstraint(fields=["duo", "kind"], name="followup_checkin_one_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.due_on})"


class StaffNote(AuditedModel):
    """Never shown to the mentor or mentee: only the duo page, for staff who may see duos."""

    duo = models.ForeignKey("journeys.Duo", on_delete=models.CASCADE, related_name="staff_notes",
                            verbose_name=_("duo"))
    text = models.TextField(_("note"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("staff note")
        verbose_name_plural = _("staff notes")

    def __str__(self):
        return self.text[:40]
