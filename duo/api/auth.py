"""How a call proves which integration it is (a bearer token), what it may do (scopes), and how often (a rate per
token). The token, not a staff user, is the caller: `request.user` is an ApiClient standing for it."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.throttling import SimpleRateThrottle

from . import services
from .models import ApiToken


class ApiClient:
    """The integration behind a token, in the place DRF keeps a user."""

    is_authenticated = True
    is_active = True
    is_anonymous = False
    is_staff = False
    role = None

    def __init__(self, token: ApiToken):
        self.token = token
        self.pk = self.id = None

    def __str__(self):
        return f"API token {self.token.prefix}"


class TokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None  # no token: the permission check answers 401
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Send the token as: Authorization: Bearer <token>."))
        token = services.token_for(parts[1].decode("ascii", "replace"))
        if token is None:
            # Unknown, revoked and expired tokens get the same answer: nothing to learn by guessing.
            raise exceptions.AuthenticationFailed(_("This token is not valid, or no longer."))
        return ApiClient(token), token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "duo.api.auth.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": str(_(
            "A token an administrator created for your integration, with its scopes: duo_xxxxxxxx_…"))}


class HasScope(BasePermission):
    """The view's `required_scope` must be among the token's scopes."""

    message = _("This token does not have the scope this operation needs.")

    def has_permission(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return False
        needed = getattr(view, "required_scope", None)
        if needed is None or needed not in request.auth.scopes:
            self.message = _("This token does not have the scope “%(scope)s”.") % {"scope": needed}
            return False
        return True


class TokenRateThrottle(SimpleRateThrottle):
    """Calls per token (settings.API_RATE, e.g. "600/hour"): one runaway integration does not slow the others."""

    scope = "token"

    def get_rate(self):
        return settings.API_RATE

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.prefix}
