from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareerplanConfig(AppConfig):
    name = "duo.careerplan"
    label = "careerplan"
    verbose_name = _("Career action plan")
