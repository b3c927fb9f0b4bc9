"""Making and reading the link's token: a random secret, signed so that forged tokens are turned
away before any database look-up, and stored only as a SHA-256 hash."""

import hashlib
import secrets

from django.core import signing

SALT = "duo.meetinglog.link"


def new_token() -> tuple[str, str]:
    """(token for the URL, hash to store)."""
    secret = secrets.token_urlsafe(32)
    return signing.Signer(salt=SALT).sign(secret), hash_secret(secret)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def hash_of(token: str) -> str | None:
    """The stored hash the token stands for, or None if its signature is wrong."""
    try:
        secret = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    return hash_secret(secret)


def find(token: str):
    """The AccessLink of this token, whatever its state (expired, revoked), or None."""
    from .models import AccessLink

    digest = hash_of(token)
    if digest is None:
        return None
    return AccessLink.objects.select_related("duo__mentor__person", "duo__mentee__person", "duo__antenna",
                                             "person").filter(token_hash=digest).first()
