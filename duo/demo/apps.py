from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "duo.demo"
    label = "demo"
