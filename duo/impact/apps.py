from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "duo.impact"
    label = "impact"
    verbose_name = _("Impact analytics")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import jobs  # noqa: F401  (registers the snapshot job)
