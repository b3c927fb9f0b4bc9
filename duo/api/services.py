"""Creating and revoking API tokens (administrators), and finding the token a call presents."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duo.accounts import roles, scoping
from duo.organisation.models import Antenna

from . import tokens
from .models import ApiToken, Scope

# Scopes that reach personal records are limited to the antennas the token names.
ANTENNA_SCOPES = {Scope.OUTCOMES_WRITE, Scope.DUOS_READ}
LONGEST = datetime.timedelta(days=366)


class TokenError(Exception):
    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


@transaction.atomic
def token_create(*, by, name: str, scopes, expires_on: datetime.date, antennas=()) -> tuple[ApiToken, str]:
    """The new token and its secret string, to be shown once and never again."""
    if not scoping.has(by, roles.REFERENCE_CHANGE):
        raise scoping.NotAllowed
    scopes, antennas = sorted(set(scopes or ())), list(antennas or ())
    today = timezone.localdate()
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("Name the integration that will use this token.")
    if not scopes:
        errors["scopes"] = _("Choose at least one scope.")
    elif set(scopes) - set(Scope.values):
        errors["scopes"] = _("Unknown scope.")
    elif set(scopes) & ANTENNA_SCOPES and not antennas:
        errors["antennas"] = _("Reading duos or confirming outcomes needs the antennas this token may reach.")
    if not expires_on or expires_on <= today:
        errors["expires_on"] = _("A token expires in the future.")
    elif expires_on > today + LONGEST:
        errors["expires_on"] = _("A token lasts a year at most: renew it rather than keep it forever.")
    if errors:
        raise TokenError(errors)
    raw, prefix, digest = tokens.new()
    expires_at = timezone.make_aware(datetime.datetime.combine(expires_on, datetime.time.max))
    token = ApiToken.objects.create(name=name.strip()[:120], prefix=prefix, digest=digest, scopes=scopes,
                                    created_by=by, expires_at=expires_at)
    token.antennas.set(Antenna.objects.filter(pk__in=[getattr(a, "pk", a) for a in antennas]))
    return token, raw


@transaction.atomic
def token_revoke(*, by, token: ApiToken) -> ApiToken:
    if not scoping.has(by, roles.REFERENCE_CHANGE):
        raise scoping.NotAllowed
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), by
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def token_for(raw: str) -> ApiToken | None:
    """The active token this string is, or None (malformed, unknown, wrong secret, revoked or expired)."""
    parsed = tokens.parse(raw)
    if parsed is None:
        return None
    prefix, secret = parsed
    token = ApiToken.objects.filter(prefix=prefix).prefetch_related("antennas").first()
    if token is None or not tokens.matches(secret, token.digest) or not token.is_active():
        return None
    return token
