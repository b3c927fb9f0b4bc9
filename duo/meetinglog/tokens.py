"""The meeting-log link's token (duo.core.tokens) and finding its link."""

from duo.core import tokens

SALT = "duo.meetinglog.link"


def new_token() -> tuple[str, str]:
    """(token for the URL, hash to store)."""
    return tokens.new_token(SALT)


def hash_of(token: str) -> str | None:
    """The stored hash the token stands for, or None if its signature is wrong."""
    return tokens.hash_of(token, SALT)


def find(token: str):
    """The AccessLink of this token, whatever its state (expired, revoked), or None."""
    from .models import AccessLink

    digest = hash_of(token)
    if digest is None:
        return None
    return AccessLink.objects.select_related("duo__mentor__person", "duo__mentee__person", "duo__antenna",
                                             "person").filter(token_hash=digest).first()
