"""The periods a quality page covers: the last twelve months (the default), a calendar year, or all
time. A period never runs past today: a year under way ends today."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

LAST_12 = "12m"
ALL_TIME = "all"
# Before the first duo anybody could record: "all time" needs a start for its date arithmetic.
EPOCH = datetime.date(2000, 1, 1)


@dataclass(frozen=True)
class Period:
    key: str
    start: datetime.date
    end: datetime.date  # inclusive, never after today

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def resolve(key: str, today: datetime.date) -> Period:
    """The period for a key of `choices()`; unknown keys are the form's business, not this one's."""
    if key == ALL_TIME:
        return Period(key, EPOCH, today)
    if key.isdigit():
        year = int(key)
        return Period(key, datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today))
    return Period(LAST_12, today - datetime.timedelta(days=364), today)


def choices(first_year: int | None, today: datetime.date) -> list[tuple[str, str]]:
    """The last twelve months, each calendar year from the first with a duo to this one, all time."""
    first_year = min(first_year or today.year, today.year)
    years = [(str(y), str(y)) for y in range(today.year, first_year - 1, -1)]
    return [(LAST_12, _("The last 12 months")), *years, (ALL_TIME, _("All time"))]
