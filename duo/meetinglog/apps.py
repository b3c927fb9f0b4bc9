from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetinglogConfig(AppConfig):
    name = "duo.meetinglog"
    label = "meetinglog"
    verbose_name = _("Meeting log")

    def ready(self):
        from . import signals  # noqa: F401
