from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "duo.core"
    label = "core"
