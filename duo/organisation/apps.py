from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "duo.organisation"
    label = "organisation"
