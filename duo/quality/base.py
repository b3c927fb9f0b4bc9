"""What a quality measure is: a value, its denominator, the organisation's target where it has one,
and a one-line definition shown beside it, so that anyone can check the figure against the records."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# Fewer cases than this and a figure says more about a few people than about the programme.
FEW = 5
AGREEMENT_DAYS = 14  # the agreement is signed within two weeks of the introduction
CHECKIN_GRACE_DAYS = 7  # a check-in done within a week of its due date is on time
TWELVE_MONTHS = datetime.timedelta(days=365)
DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class Target:
    low: float | None
    high: float | None
    text: str

    def met(self, value: float) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)


INTAKE_TO_MATCH = Target(15, 30, _("15–30 days, the organisation's practice"))
REACHING_TERM = Target(89, None, _("89 % or more, the organisation's published figure"))
RE_ENROLMENT = Target(80, None, _("80 % or more: 8 in 10 mentors start a new duo"))
POSITIVE_EXITS = Target(72, None, _("72 % or more, the organisation's published figure"))
STABLE_JOBS = Target(50, None, _("50 % or more, the organisation's published figure"))


@dataclass
class Measure:
    code: str
    label: str
    definition: str
    unit: str  # "count", "percent", "days", "per_month", "hours"
    value: float | None
    n: int  # the denominator: the cases the figure is computed over
    count: int | None = None  # for a share: the cases that meet it
    target: Target | None = None
    rows: list = field(default_factory=list)  # for a list (the top barriers): (label, count, suppressed)

    @property
    def no_data(self) -> bool:
        return self.value is None and not self.rows

    @property
    def few(self) -> bool:
        return 0 < self.n < FEW

    @property
    def status(self) -> str | None:
        """"within" or "outside" the target; None without a target or a value."""
        if self.target is None or self.value is None:
            return None
        return "within" if self.target.met(self.value) else "outside"


@dataclass
class Standard:
    code: str
    label: str
    measures: list[Measure]


def scoped(queryset, path: str, antenna_ids):
    return queryset if antenna_ids is None else queryset.filter(**{f"{path}__in": antenna_ids})


def pct(count: int, n: int) -> float | None:
    return round(100 * count / n, 1) if n else None


def share(code, label, definition, count, n, target=None) -> Measure:
    return Measure(code, label, definition, "percent", pct(count, n), n, count, target)
