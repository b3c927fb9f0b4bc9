"""Barriers to employment that a person meets, recorded by staff: the raw material of advocacy.

The kinds are a fixed taxonomy so that they can be counted across antennas and years. The note is
short on purpose: the kind carries the fact, the note only the context a coordinator needs.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duo.privacy.audit import AuditedModel

NOTE_LENGTH = 200


class BarrierKind(models.TextChoices):
    DISCRIMINATION_ORIGIN = "discrimination_origin", _("Discrimination by origin")
    DISCRIMINATION_AGE = "discrimination_age", _("Discrimination by age")
    DISCRIMINATION_GENDER = "discrimination_gender", _("Discrimination by gender")
    DISCRIMINATION_RELIGION = "discrimination_religion", _("Discrimination by religion")
    DISCRIMINATION_NAME = "discrimination_name", _("Discrimination by name")
    LANGUAGE = "language", _("Language")
    DIPLOMA = "diploma", _("Foreign diploma not recognised")
    NO_NETWORK = "no_network", _("No professional network")
    NO_LOCAL_EXPERIENCE = "no_local_experience", _("No local work experience")
    MOBILITY = "mobility", _("Mobility or driving licence")
    CHILDCARE = "childcare", _("Childcare")
    PERMIT = "permit", _("Residence or work permit")
    DIGITAL = "digital", _("Digital skills")
    HEALTH = "health", _("Health")
    HOUSING = "housing", _("Housing")
    MONEY = "money", _("Money")
    PUBLIC_SERVICES = "public_services", _("Access to public services")
    OTHER = "other", _("Other")


DISCRIMINATION = frozenset(k for k in BarrierKind.values if k.startswith("discrimination_"))


class BarrierStage(models.TextChoices):
    INTAKE = "intake", _("At intake")
    FOLLOW_UP = "follow_up", _("During follow-up")


class Barrier(AuditedModel):
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="barriers", verbose_name=_("person")
    )
    # Set when the barrier came up while a duo was under way; intake barriers have none.
    duo = models.ForeignKey(
        "journeys.Duo", on_delete=models.SET_NULL, null=True, blank=True, related_name="barriers",
        verbose_name=_("duo"),
    )
    kind = models.CharField(_("barrier"), max_length=32, choices=BarrierKind.choices)
    observed_on = models.DateField(_("observed on"), default=timezone.localdate)
    stage = models.CharField(_("when"), max_length=10, choices=BarrierStage.choices, default=BarrierStage.INTAKE)
    note = models.CharField(_("short note"), max_length=NOTE_LENGTH, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-observed_on", "-id"]
        verbose_name = _("barrier")
        verbose_name_plural = _("barriers")
        indexes = [
            models.Index(fields=["person", "-observed_on"]),
            # The summary counts by kind and year.
            models.Index(fields=["kind", "observed_on"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.observed_on})"
