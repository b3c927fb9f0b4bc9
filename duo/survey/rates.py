"""Response rates: per wave (an instrument's month), per antenna, per instrument; and who has not answered.

Counts are not personal, so every staff role with the aggregates capability sees every antenna's rates.
The list of non-respondents names people: it goes through duo.accounts.scoping (a coordinator sees their
antennas' people, officers and researchers nobody).

Every count is one GROUP BY in the database, whatever the number of invitations: no row is loaded to be
counted in Python (the invitation table reaches hundreds of thousands of rows over the years).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from duo.accounts import scoping
from duo.organisation.models import Antenna

from .models import Instrument, Invitation, InvitationStatus, ResponseSource, Wave

OPEN = [InvitationStatus.PENDING, InvitationStatus.STARTED]


@dataclass
class Counts:
    invited: int = 0
    answered: int = 0
    declined: int = 0
    expired: int = 0  # expired without an answer (the link no longer works; staff may still enter answers)
    pending: int = 0  # still open: the person may yet answer
    on_behalf: int = 0
    imported: int = 0

    @property
    def rate(self) -> float | None:
        """Answered / invited, 0–1; None when nobody was invited."""
        return self.answered / self.invited if self.invited else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(100 * self.rate)

    def add(self, other: Counts) -> None:
        for name in ("invited", "answered", "declined", "expired", "pending", "on_behalf", "imported"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _aggregates(now: datetime.datetime) -> dict:
    unanswered, answered = Q(status__in=OPEN), Q(status=InvitationStatus.COMPLETED)
    return {
        "invited": Count("id"),
        "answered": Count("id", filter=answered),
        "declined": Count("id", filter=Q(status=InvitationStatus.OPTED_OUT)),
        "expired": Count("id", filter=unanswered & Q(expires_at__lte=now)),
        "pending": Count("id", filter=unanswered & Q(expires_at__gt=now)),
        "on_behalf": Count("id", filter=answered & Q(response__source=ResponseSource.ON_BEHALF)),
        "imported": Count("id", filter=answered & Q(response__source=ResponseSource.IMPORT)),
    }


def _grouped(qs, *fields, now=None) -> dict:
    """{group key (a value, or a tuple for several fields): Counts}, in one query."""
    now = now or timezone.now()
    found = {}
    for row in qs.order_by().values(*fields).annotate(**_aggregates(now)):
        key = tuple(row.pop(f) for f in fields)
        found[key[0] if len(fields) == 1 else key] = Counts(**row)
    return found


def invitations(*, instrument=None, antenna=None, year=None):
    """The invitations the filters keep (not scoped: the counts of every antenna are for every staff role)."""
    qs = Invitation.objects.all()
    if instrument is not None:
        qs = qs.filter(wave__instrument=instrument)
    if antenna is not None:
        qs = qs.filter(antenna=antenna)
    if year:
        qs = qs.filter(wave__opens_on__year=year)
    return qs


@dataclass
class WaveRow:
    wave: Wave
    counts: Counts


def waves(*, instrument=None, antenna=None, year=None, now=None) -> list[WaveRow]:
    """One row per wave that has invitations under the filters, latest month first."""
    by_wave = _grouped(invitations(instrument=instrument, antenna=antenna, year=year), "wave_id", now=now)
    objects = Wave.objects.select_related("instrument").in_bulk(list(by_wave))
    rows = [WaveRow(objects[pk], counts) for pk, counts in by_wave.items()]
    rows.sort(key=lambda r: (-r.wave.opens_on.toordinal(), r.wave.instrument.code))
    return rows


@dataclass
class Total:
    label: object  # an Instrument or an Antenna
    counts: Counts


def by_instrument(*, instrument=None, antenna=None, year=None, now=None) -> list[Total]:
    counts = _grouped(invitations(instrument=instrument, antenna=antenna, year=year), "wave__instrument_id", now=now)
    objects = Instrument.objects.in_bulk(list(counts))
    return sorted((Total(objects[pk], c) for pk, c in counts.items()), key=lambda t: t.label.code)


def by_antenna(qs=None, *, instrument=None, antenna=None, year=None, now=None) -> list[Total]:
    """Per antenna (the one frozen on each invitation), of `qs` or of the filtered invitations."""
    if qs is None:
        qs = invitations(instrument=instrument, antenna=antenna, year=year)
    counts = _grouped(qs, "antenna_id", now=now)
    objects = Antenna.objects.in_bulk(list(counts))
    return sorted((Total(objects[pk], c) for pk, c in counts.items()), key=lambda t: t.label.name)


def total(qs, now=None) -> Counts:
    return Counts(**qs.order_by().aggregate(**_aggregates(now or timezone.now())))


def wave_totals(wave: Wave, now=None) -> tuple[Counts, list[Total]]:
    """A wave's overall counts and its counts per antenna."""
    qs = Invitation.objects.filter(wave=wave)
    return total(qs, now), by_antenna(qs, now=now)


def years() -> list[int]:
    """The years that have waves, latest first (for the filter)."""
    return sorted({d.year for d in Wave.objects.dates("opens_on", "year")}, reverse=True)


def non_respondents(user, wave: Wave):
    """The wave's invitations still without an answer, among the people the user may see: the coordinator's
    phone list. Those who declined are left out: they said no, and a call would not respect it."""
    return (scoping.scope(user, Invitation.objects.filter(wave=wave, status__in=OPEN))
            .select_related("person", "antenna", "duo")
            .only("id", "status", "language", "reminders_sent", "last_sent_at", "sent_at", "expires_at", "due_on",
                  "person__id", "person__first_name", "person__last_name", "person__phone", "antenna__name",
                  "duo__id")
            .order_by("antenna__name", "person__last_name", "person__first_name", "id"))
