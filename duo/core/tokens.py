"""Personal-link tokens: a random secret, signed with a salt per purpose so that forged tokens are turned
away before any database look-up and a token for one purpose never opens another, stored only as the
SHA-256 hash of the secret (a copy of the database opens nothing)."""

import hashlib
import secrets

from django.core import signing


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_token(salt: str) -> tuple[str, str]:
    """(token for the URL, hash to store)."""
    secret = secrets.token_urlsafe(32)
    return signing.Signer(salt=salt).sign(secret), hash_secret(secret)


def hash_of(token: str, salt: str) -> str | None:
    """The stored hash the token stands for, or None if its signature is wrong."""
    try:
        return hash_secret(signing.Signer(salt=salt).unsign(token))
    except signing.BadSignature:
        return None
