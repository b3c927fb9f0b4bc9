from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "duo.privacy"
    label = "privacy"
