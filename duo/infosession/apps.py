from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfoSessionConfig(AppConfig):
    name = "duo.infosession"
    verbose_name = _("Information sessions")
