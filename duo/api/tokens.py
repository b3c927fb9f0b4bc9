"""Making and recognising token strings: `duo_<prefix>_<secret>`, prefix 8 and secret 43 URL-safe characters."""

import hashlib
import hmac
import re
import secrets

PATTERN = re.compile(r"^duo_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$")
_ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new() -> tuple[str, str, str]:
    """(the whole token to show once, its prefix, the digest to store)."""
    prefix = "".join(secrets.choice(_ALPHANUMERIC) for _ in range(8))
    secret = secrets.token_urlsafe(32)
    return f"duo_{prefix}_{secret}", prefix, digest(secret)


def parse(raw: str) -> tuple[str, str] | None:
    """(prefix, secret) of a well-formed token, else None."""
    match = PATTERN.match(raw or "")
    return (match.group(1), match.group(2)) if match else None


def matches(secret: str, stored_digest: str) -> bool:
    return hmac.compare_digest(digest(secret), stored_digest)
