"""Creating, replacing and revoking a user's calendar subscription; finding the one a URL opens."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone, translation

from duo.accounts import roles, scoping

from . import tokens
from .models import CalendarToken


def may_subscribe(user) -> bool:
    """The feed is the coordinator's calendar of duos and sessions: for who may see duos."""
    return scoping.has(user, roles.DUOS_VIEW)


def active_for(user) -> CalendarToken | None:
    return CalendarToken.objects.filter(user=user, revoked_at__isnull=True).first()


@transaction.atomic
def subscription_create(*, user, language: str | None = None) -> str:
    """A new token for the user, replacing (revoking) the active one. Returns the token itself,
    which is shown once and never stored."""
    if not may_subscribe(user):
        raise scoping.NotAllowed
    CalendarToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now())
    token, digest = tokens.new_token()
    CalendarToken.objects.create(user=user, token_hash=digest,
                                 language=(language or translation.get_language() or "fr")[:2])
    return token


@transaction.atomic
def subscription_revoke(*, user) -> int:
    """Revoke the user's active token (the subscribed calendars stop updating). Returns how many."""
    return CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def find_active(token: str) -> CalendarToken | None:
    """The token's subscription if it still opens a feed: not revoked, its owner active and still
    allowed to see duos. None otherwise (the view answers 404, whatever the reason)."""
    digest = tokens.hash_of(token)
    if digest is None:
        return None
    found = CalendarToken.objects.select_related("user").filter(token_hash=digest, revoked_at__isnull=True).first()
    if found is None or not may_subscribe(found.user):
        return None
    today = timezone.localdate()
    if found.last_used_on != today:
        # At most one write a day, so a calendar polling every few minutes costs reads only.
        CalendarToken.objects.filter(pk=found.pk).update(last_used_on=today)
    return found
