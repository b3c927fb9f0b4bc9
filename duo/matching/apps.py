from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "duo.matching"
    verbose_name = _("Matching")

    def ready(self):
        from . import jobs, signals  # noqa: F401  (the run's job handler; duos that end badly become pair blocks)
