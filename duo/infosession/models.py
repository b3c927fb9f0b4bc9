"""Information sessions (step 1 of the programme cycle) and who registered for them."""

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from duo.privacy.audit import AuditedModel

from .choices import AUDIENCE_KINDS, Audience, SeatChannel
from .scheduling import ScheduledSession


class InfoSession(ScheduledSession):
    """A group presentation of the programme (about 90 minutes), several a month per antenna."""

    SEATS = "registrations"

    audience = models.CharField(_("for"), max_length=8, choices=Audience.choices, default=Audience.BOTH)

    class Meta(ScheduledSession.Meta):
        verbose_name = _("information session")
        verbose_name_plural = _("information sessions")
        indexes = [models.Index(fields=["antenna", "starts_at"], name="infosession_antenna_start")]

    def __str__(self):
        return _("Information session of %(date)s") % {
            "date": formats.date_format(timezone.localtime(self.starts_at), "SHORT_DATETIME_FORMAT")}

    def title(self) -> str:
        return gettext("Duo information session")

    def summary_text(self) -> str:
        return gettext("A presentation of the Duo mentoring programme: how it works, what it asks of you, "
                       "and time for your questions.")

    @property
    def kinds(self) -> tuple[str, ...]:
        return AUDIENCE_KINDS[self.audience]


class Registration(AuditedModel):
    """A person's seat in an information session, and whether they came."""

    session = models.ForeignKey(
        InfoSession, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("session")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="info_registrations", verbose_name=_("person")
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    channel = models.CharField(_("registered"), max_length=6, choices=SeatChannel.choices)
    # None until attendance is taken: unknown is not the same as absent.
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["session", "person__last_name", "person__first_name"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="infosession_one_seat_per_person"),
        ]

    def __str__(self):
        return f"{self.person} · {self.session}"
