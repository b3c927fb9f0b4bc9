from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "duo.reference"
    label = "reference"
