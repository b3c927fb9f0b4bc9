"""What information sessions and training sessions have in common: a time, a place, seats.

Both apps build on the abstract model here so that capacity, calendars and emails are written once.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duo.core.i18n import LANGUAGE_CHOICES

from .choices import Mode


class ScheduledSession(models.Model):
    """A group session of an antenna at a given time, in a room or online, with limited seats."""

    # The related name of the seats (registrations, attendances) on the concrete model.
    SEATS = ""

    antenna = models.ForeignKey(
        "organisation.Antenna", on_delete=models.PROTECT, related_name="+", verbose_name=_("antenna")
    )
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=90, validators=[MinValueValidator(15), MaxValueValidator(600)]
    )
    mode = models.CharField(_("format"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    place = models.CharField(_("place"), max_length=120, blank=True, help_text=_("For example: Room 2, 3rd floor."))
    address = models.CharField(_("address"), max_length=200, blank=True)
    video_link = models.URLField(_("video call link"), blank=True, max_length=300)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES, default="fr")
    capacity = models.PositiveSmallIntegerField(
        _("seats"), default=15, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    notes = models.TextField(_("notes for the participants"), blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    # Calendar programs replace an event they already have when the same UID comes with a higher
    # SEQUENCE: this counts the changes that matter to participants (time, place, cancellation).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("created by"), editable=False,
    )

    # Fields whose change participants must hear about (a new calendar entry is sent).
    PRACTICAL_FIELDS = ("starts_at", "duration_minutes", "mode", "place", "address", "video_link")

    class Meta:
        abstract = True
        ordering = ["starts_at", "pk"]

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        """Whether people may still register or cancel (seats are checked separately)."""
        return not self.cancelled and not self.has_started

    def seat_rows(self):
        return getattr(self, self.SEATS)

    def seats_taken(self) -> int:
        annotated = getattr(self, "taken", None)  # set by queries that list many sessions at once
        return annotated if annotated is not None else self.seat_rows().count()

    def seats_left(self) -> int:
        return max(self.capacity - self.seats_taken(), 0)

    @property
    def is_full(self) -> bool:
        return self.seats_left() <= 0

    def where(self) -> str:
        """The place in words: the room and address, or the video link."""
        if self.mode == Mode.ONLINE:
            return self.video_link
        return ", ".join(part for part in (self.place, self.address) if part)

    def ics_uid(self) -> str:
        host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "duo.local"
        return f"{self._meta.app_label}-{self._meta.model_name}-{self.pk}@{host}"

    def clean(self):
        errors = {}
        if self.mode == Mode.ONLINE and not self.video_link:
            errors["video_link"] = _("An online session needs the link of the video call.")
        if self.mode == Mode.IN_PERSON and not (self.place or self.address):
            errors["address"] = _("A session in person needs a place or an address.")
        if errors:
            raise ValidationError(errors)
