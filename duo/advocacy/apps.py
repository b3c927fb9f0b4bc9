from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvocacyConfig(AppConfig):
    name = "duo.advocacy"
    verbose_name = _("Advocacy")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The reminders register their job title (shown in the jobs list) when imported; the worker and the jobs
        # page may not import them otherwise.
        from . import reminders  # noqa: F401
