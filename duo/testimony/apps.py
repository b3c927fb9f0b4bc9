from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TestimonyConfig(AppConfig):
    name = "duo.testimony"
    label = "testimony"
    verbose_name = _("Testimonies")
    default_auto_field = "django.db.models.BigAutoField"
