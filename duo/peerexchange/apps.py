from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeerExchangeConfig(AppConfig):
    name = "duo.peerexchange"
    label = "peerexchange"
    verbose_name = _("Peer exchange")
