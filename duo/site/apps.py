from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "duo.site"
    label = "site"
