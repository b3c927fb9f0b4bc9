"""The subscription URL's token (duo.core.tokens), with a salt of its own so a meeting-log token can never
open a calendar."""

from duo.core import tokens

SALT = "duo.calendarfeed.token"


def new_token() -> tuple[str, str]:
    return tokens.new_token(SALT)


def hash_of(token: str) -> str | None:
    return tokens.hash_of(token, SALT)
