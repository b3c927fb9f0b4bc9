from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "duo.research"
    verbose_name = _("Research exports")
    default_auto_field = "django.db.models.BigAutoField"
