from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "duo.publications"
    verbose_name = _("Publications")
    default_auto_field = "django.db.models.BigAutoField"
