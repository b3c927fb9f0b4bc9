from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "duo.reference"
    label = "reference"
    verbose_name = _("Reference data")

    def ready(self):
        from . import jobs  # noqa: F401  registers the import job handlers
