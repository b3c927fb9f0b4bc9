from django.apps import AppConfig


class JourneysConfig(AppConfig):
    name = "duo.journeys"
    label = "journeys"
