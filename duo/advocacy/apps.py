from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvocacyConfig(AppConfig):
    name = "duo.advocacy"
    verbose_name = _("Advocacy")
    default_auto_field = "django.db.models.BigAutoField"
