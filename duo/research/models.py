"""Research exports: pseudonymised, k-anonymous microdata from one impact snapshot, for one recipient under one
data-use agreement. The record says what left, to whom and why; the file itself is kept encrypted beside the
snapshots (the pseudonyms' key is destroyed once the file is written, so the file cannot be made again)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_K = 100


class ResearchExport(models.Model):
    snapshot = models.ForeignKey("impact.Snapshot", on_delete=models.PROTECT, related_name="research_exports",
                                 verbose_name=_("snapshot"))
    dua_reference = models.CharField(_("data-use agreement"), max_length=100,
                                     help_text=_("The reference of the signed agreement, e.g. DUA-2026-07 ULB."))
    recipient = models.CharField(_("recipient"), max_length=200,
                                 help_text=_("The institution (and team) that receives the file."))
    k = models.PositiveSmallIntegerField(_("k (smallest group of people)"),
                                         validators=[MinValueValidator(2), MaxValueValidator(MAX_K)])
    report = models.JSONField(_("generalisation report"), default=dict, editable=False)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, editable=False)
    file_name = models.CharField(_("file"), max_length=200, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("research export")
        verbose_name_plural = _("research exports")

    def __str__(self):
        return f"#{self.pk} · {self.dua_reference} · {self.recipient}"

    @property
    def download_name(self) -> str:
        return f"duo-research-{self.pk}-{self.created_at:%Y%m%d}.zip"
