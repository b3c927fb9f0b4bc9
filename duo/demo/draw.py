"""Small helpers for drawing from fixed distributions quickly and reproducibly."""

import bisect
import datetime
import itertools
import unicodedata

from django.utils import timezone


class Dist:
    """A categorical distribution; `draw` is a bisect on precomputed cumulative weights, so a
    million draws cost little more than a million rng.random() calls."""

    __slots__ = ("values", "cum", "total")

    def __init__(self, weighted):
        pairs = list(weighted.items()) if isinstance(weighted, dict) else list(weighted)
        self.values = [v for v, _ in pairs]
        self.cum = list(itertools.accumulate(w for _, w in pairs))
        self.total = self.cum[-1]

    def draw(self, rng):
        return self.values[bisect.bisect_right(self.cum, rng.random() * self.total)]


def days(n) -> datetime.timedelta:
    return datetime.timedelta(days=int(n))


def at_ten(day: datetime.date) -> datetime.datetime:
    """A working-hours timestamp on a given day, for records whose creation time is made up."""
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=timezone.get_current_timezone())


_NOT_DECOMPOSED = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})


def ascii_slug(text: str) -> str:
    """'Aïssatou El Amrani' -> 'aissatou-el-amrani', for demo email addresses."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_NOT_DECOMPOSED))
    plain = decomposed.encode("ascii", "ignore").decode("ascii")
    return "-".join("".join(ch if ch.isalnum() else " " for ch in plain).split())


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def dob_for_age(rng, on: datetime.date, age: int) -> datetime.date:
    """A date of birth making someone exactly `age` years old on `on`."""
    latest = years_before(on, age)
    earliest = years_before(on, age + 1) + days(1)
    return latest - days(rng.randint(0, (latest - earliest).days))
