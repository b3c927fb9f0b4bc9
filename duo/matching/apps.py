from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "duo.matching"
    verbose_name = _("Matching")

    def ready(self):
        from . import signals  # noqa: F401  (duos that end badly become pair blocks)
