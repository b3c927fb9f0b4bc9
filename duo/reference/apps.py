from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "duo.reference"
    label = "reference"

    def ready(self):
        from . import jobs  # noqa: F401  registers the import job handlers
