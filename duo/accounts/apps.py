from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "duo.accounts"
    label = "accounts"
    verbose_name = _("Staff accounts")

    def ready(self):
        from . import reauth  # noqa: F401  (connects the user_logged_in receiver)
