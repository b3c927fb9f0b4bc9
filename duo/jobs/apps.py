from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "duo.jobs"
    label = "jobs"
