"""Snapshots of the facts behind every figure, and the reference rates staff compare them with.

A snapshot is immutable: its file is written once, its record saved once. A figure names the snapshot it was
computed from, so it can be computed again, years later, to the same digits.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Snapshot(models.Model):
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now)
    as_of = models.DateField(_("facts as of"))
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64, unique=True)
    file_name = models.CharField(_("file"), max_length=200, editable=False)
    schema = models.PositiveSmallIntegerField(_("format version"), default=1)
    duos = models.PositiveIntegerField(_("duos"))
    applicants = models.PositiveIntegerField(_("applicants never matched"))
    size_bytes = models.PositiveBigIntegerField(_("size (bytes)"))
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("taken by"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-taken_at", "-id"]
        verbose_name = _("impact snapshot")
        verbose_name_plural = _("impact snapshots")

    def __str__(self):
        return f"#{self.pk} · {self.as_of} · {self.short_hash}"

    @property
    def short_hash(self) -> str:
        return self.content_hash[:12]

    def save(self, *args, **kwargs):
        # Frozen once written: a changed record would make old figures unverifiable.
        if self.pk and type(self).objects.filter(pk=self.pk).exists():
            raise ValidationError(gettext("A snapshot cannot change once taken."), code="frozen")
        super().save(*args, **kwargs)


class ReferenceRate(models.Model):
    """A rate from elsewhere that staff enter with its source, e.g. the public employment service's exit rate to
    work for a similar group, to set the organisation's figure against."""

    indicator = models.CharField(_("indicator"), max_length=60)
    label = models.CharField(_("what it measures"), max_length=200,
                             help_text=_("e.g. Share of jobseekers under 30 in work 12 months later"))
    rate = models.FloatField(_("rate (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)])
    population_size = models.PositiveIntegerField(
        _("number of people behind it"), null=True, blank=True,
        help_text=_("If the source gives it: the interval of the difference then accounts for its uncertainty."))
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)])
    region = models.ForeignKey("organisation.Region", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("region"))
    source = models.CharField(_("source"), max_length=300)
    url = models.URLField(_("link to the source"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("entered by"))
    created_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        ordering = ["indicator", "-year", "label"]
        verbose_name = _("reference rate")
        verbose_name_plural = _("reference rates")

    def __str__(self):
        return f"{self.label} ({self.year})"

    def clean(self):
        from .indicators import INDICATORS

        indicator = INDICATORS.get(self.indicator)
        if indicator is None or indicator.kind != "proportion":
            raise ValidationError({"indicator": gettext("Choose an indicator that is a share of people.")})
