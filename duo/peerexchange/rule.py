"""The rule "a mentor attends at least MIN_PER_DUO peer-exchange sessions during each duo", computed.

Pure Python on purpose (no Django, like duo.journeys.lifecycle): the rule can be read and
property-tested on its own; duo.peerexchange.queries feeds it the dates from the database.

For one duo of a mentor:

- its window is [started_on, ended_on], or [started_on, today] while the duo runs; a duo that has
  not started (no start date, or a start date after today) is not judged at all (None);
- `attended` counts the sessions the mentor attended with a date inside that window, bounds
  included (any antenna's session counts: the mentor went);
- `expected` is what the mentor should have attended by today: one per *completed* period of
  EVERY_MONTHS months since the start, capped at MIN_PER_DUO. Completed, not started: sessions are
  held every EVERY_MONTHS months, so a mentor whose duo began last week may not have had one yet
  and is not behind; after one full period they should have been to one, after two to two.
- the status:
  "met"      attended >= MIN_PER_DUO (ongoing or ended: the rule is satisfied for good);
  "missed"   the duo has ended with fewer than MIN_PER_DUO;
  "on_track" the duo runs and attended >= expected;
  "behind"   the duo runs and attended < expected.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from duo.journeys.lifecycle import add_months

# Sessions every EVERY_MONTHS months; at least MIN_PER_DUO attended per duo (DESIGN.md §3, step 7).
EVERY_MONTHS = 2
MIN_PER_DUO = 2

MET, ON_TRACK, BEHIND, MISSED = "met", "on_track", "behind", "missed"
STATUSES = (BEHIND, MISSED, ON_TRACK, MET)  # also the order of urgency on the mentors' page


@dataclass(frozen=True)
class Verdict:
    attended: int
    expected: int
    required: int
    status: str
    ongoing: bool


def completed_periods(started_on: datetime.date, today: datetime.date, every_months: int = EVERY_MONTHS) -> int:
    """How many whole periods of `every_months` months lie between the start and today."""
    if today < started_on:
        return 0
    months = (today.year - started_on.year) * 12 + today.month - started_on.month
    n = months // every_months
    # add_months clamps to the month's end, so count back when the n-th period is not over yet.
    while n > 0 and add_months(started_on, n * every_months) > today:
        n -= 1
    return n


def expected_so_far(started_on: datetime.date, today: datetime.date, *, every_months: int = EVERY_MONTHS,
                    required: int = MIN_PER_DUO) -> int:
    return min(required, completed_periods(started_on, today, every_months))


def judge(*, started_on: datetime.date | None, ended_on: datetime.date | None, attended_on: Iterable[datetime.date],
          today: datetime.date, every_months: int = EVERY_MONTHS, required: int = MIN_PER_DUO) -> Verdict | None:
    """The rule for one duo. `attended_on`: the dates of every session the mentor attended (any duo)."""
    if started_on is None or started_on > today:
        return None
    ongoing = ended_on is None or ended_on > today
    end = today if ongoing else ended_on
    attended = sum(1 for day in attended_on if started_on <= day <= end)
    expected = required if not ongoing else expected_so_far(started_on, today, every_months=every_months,
                                                             required=required)
    if attended >= required:
        status = MET
    elif not ongoing:
        status = MISSED
    else:
        status = ON_TRACK if attended >= expected else BEHIND
    return Verdict(attended=attended, expected=expected, required=required, status=status, ongoing=ongoing)
