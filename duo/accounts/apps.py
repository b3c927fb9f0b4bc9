from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "duo.accounts"
    label = "accounts"
