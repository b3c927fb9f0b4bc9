from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BarrierConfig(AppConfig):
    name = "duo.barrier"
    label = "barrier"
    verbose_name = _("Barriers")
