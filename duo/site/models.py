"""What staff write for the public site: the advocacy page (one row, the organisation's)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duo.publications.models import pick


class AdvocacyPage(models.Model):
    """The public advocacy page, written by staff: one row (the organisation's)."""

    goal_fr = models.TextField(_("goal (French)"), blank=True)
    goal_nl = models.TextField(_("goal (Dutch)"), blank=True)
    goal_en = models.TextField(_("goal (English)"), blank=True)
    # Markdown, per language: the priorities of the advocacy work.
    priorities_fr = models.TextField(_("priorities (French)"), blank=True)
    priorities_nl = models.TextField(_("priorities (Dutch)"), blank=True)
    priorities_en = models.TextField(_("priorities (English)"), blank=True)
    key_figures = models.JSONField(_("key figures"), default=list, blank=True,
                                   help_text=_("Indicators shown live from the latest published snapshot."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("updated by"))

    class Meta:
        verbose_name = _("advocacy page")
        verbose_name_plural = _("advocacy page")

    def __str__(self):
        return str(_("Advocacy page"))

    def goal(self, lang: str | None = None) -> str:
        return pick(self, "goal", lang)

    def priorities(self, lang: str | None = None) -> str:
        return pick(self, "priorities", lang)
