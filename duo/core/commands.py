"""What several management commands share."""

import datetime

from django.core.management.base import CommandError


def today_option(value: str) -> datetime.date:
    """The --today of a daily command ("run as if on this day"), with a message a person can act on."""
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today: expected a date as YYYY-MM-DD, got {value!r}") from None
