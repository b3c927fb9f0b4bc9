from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from duo.core.i18n import pick


class Region(models.Model):
    """A region the organisation works in. Data, not code: France's regions are rows too."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    country = models.CharField(_("country"), max_length=2, default="BE", help_text=_("ISO 3166 code"))
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    belgica_id = models.CharField(_("Statbel region code"), max_length=5, blank=True)

    class Meta:
        ordering = ["country", "name_en"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return pick(self, "name")


class Antenna(models.Model):
    """A local office: the unit that owns people and duos and scopes coordinators."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="antennas", verbose_name=_("region"))
    city = models.CharField(_("city"), max_length=120)
    postal_code = models.CharField(_("postal code"), max_length=10)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # The programme's length for duos of this antenna; six months unless the antenna runs another format.
    mentoring_months = models.PositiveSmallIntegerField(
        _("length of the mentoring (months)"), default=6, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("antenna")
        verbose_name_plural = _("antennas")

    def __str__(self):
        return self.name
