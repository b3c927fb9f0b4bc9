"""The subscription URL's token: duo.meetinglog's scheme (a random secret, signed so that forged
tokens are turned away before any database look-up, stored only as its SHA-256 hash), with a salt
of its own so a meeting-log token can never open a calendar."""

import secrets

from django.core import signing

from duo.meetinglog.tokens import hash_secret

SALT = "duo.calendarfeed.token"


def new_token() -> tuple[str, str]:
    """(token for the URL, hash to store)."""
    secret = secrets.token_urlsafe(32)
    return signing.Signer(salt=SALT).sign(secret), hash_secret(secret)


def hash_of(token: str) -> str | None:
    try:
        return hash_secret(signing.Signer(salt=SALT).unsign(token))
    except signing.BadSignature:
        return None
