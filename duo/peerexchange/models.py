"""Mentor peer-exchange (intervision) sessions: every two months per antenna, and who came.

The programme asks each mentor to attend at least twice per duo (DESIGN.md §3, step 7); the rule
is computed from attendance and the duos' dates, never stored.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duo.journeys.choices import MeetingMode
from duo.privacy.audit import AuditedModel

# Sessions are held every EVERY_MONTHS months (the next one is proposed that long after the last),
# and a mentor attends at least MIN_PER_DUO during each duo; defined beside the pure rule.
from .rule import EVERY_MONTHS, MIN_PER_DUO  # noqa: F401



class PeerSession(AuditedModel):
    antenna = models.ForeignKey("organisation.Antenna", on_delete=models.PROTECT, related_name="peer_sessions",
                                verbose_name=_("antenna"))
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("start time"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    mode = models.CharField(_("how"), max_length=10, choices=MeetingMode.choices, default=MeetingMode.IN_PERSON)
    place = models.CharField(_("place or link"), max_length=200, blank=True)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("peer-exchange session")
        verbose_name_plural = _("peer-exchange sessions")
        indexes = [models.Index(fields=["antenna", "-held_on"])]

    def __str__(self):
        return f"{self.antenna} {self.held_on}"

    @property
    def has_taken_place(self) -> bool:
        """Whether attendance can be taken: the day is past, or it is today and the start time (if
        known) has come, so the coordinator can take it straight after the session."""
        now = timezone.localtime()
        if self.held_on != now.date():
            return self.held_on < now.date()
        return self.starts_at is None or self.starts_at <= now.time()


class Attendance(AuditedModel):
    """A mentor invited to a session, and whether they came (recorded after the session)."""

    session = models.ForeignKey(PeerSession, on_delete=models.CASCADE, related_name="attendances",
                                verbose_name=_("session"))
    mentor = models.ForeignKey("people.MentorProfile", on_delete=models.CASCADE, related_name="peer_attendances",
                               verbose_name=_("mentor"))
    # None until the session has been held and attendance taken.
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["session", "id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["session", "mentor"], name="peerexchange_one_per_mentor")]

    def __str__(self):
        return f"{self.mentor} @ {self.session}"
