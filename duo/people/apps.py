from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "duo.people"
    label = "people"
