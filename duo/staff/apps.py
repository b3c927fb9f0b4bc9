from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "duo.staff"
    label = "staff"
