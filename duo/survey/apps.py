from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveyConfig(AppConfig):
    name = "duo.survey"
    label = "survey"
    verbose_name = _("Surveys")

    def ready(self):
        from . import outcome_feed, responses

        responses.register_after_submit(outcome_feed.outcome_from_response)
