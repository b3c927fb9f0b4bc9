"""Reads for the peer-exchange pages, the person page and the programme-quality page.

Sessions belong to an antenna: a user sees those of their antennas (duo.accounts.scoping decides
which), and the mentors invited to them are personal, so the pages need the people-view right.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from duo.accounts import roles, scoping
from duo.journeys.lifecycle import add_months
from duo.journeys.models import Duo
from duo.organisation.models import Antenna
from duo.people.models import MentorProfile

from . import rule
from .models import EVERY_MONTHS, MIN_PER_DUO, Attendance, PeerSession

# Without any session yet, the first one is proposed this far ahead (time to invite people).
FIRST_SESSION_DAYS = 14
# The mentors' page covers running duos and those ended within this many days (older ones are history).
RECENT_DAYS = 365


def my_antenna_ids(user, chosen: list[int] | None = None) -> list[int] | None:
    """The antennas to show: the user's (None: all, for an administrator), narrowed to `chosen`."""
    mine = scoping.antenna_ids(user)
    if chosen is None:
        return mine
    return [pk for pk in chosen if mine is None or pk in mine]


def sessions(user, antenna_ids: list[int] | None = None):
    if not scoping.has(user, roles.PEOPLE_VIEW):
        return PeerSession.objects.none()
    ids = my_antenna_ids(user, antenna_ids)
    qs = PeerSession.objects.select_related("antenna")
    return qs if ids is None else qs.filter(antenna_id__in=ids)


def with_counts(qs):
    return qs.annotate(invited=Count("attendances"),
                       came=Count("attendances", filter=Q(attendances__attended=True)),
                       taken=Count("attendances", filter=Q(attendances__attended__isnull=False)))


def get_session_or_404(user, pk) -> PeerSession:
    return scoping.get_or_404(user, with_counts(sessions(user)), pk=pk)


def invited(session):
    return (session.attendances.select_related("mentor__person")
            .order_by("mentor__person__last_name", "mentor__person__first_name", "pk"))


def invitable(user, session, limit=300):
    """Mentors of the session's antenna, not invited yet, with a duo running or ended within the
    last year around the session's date (the people a coordinator would think of)."""
    since = session.held_on - datetime.timedelta(days=RECENT_DAYS)
    duos = Duo.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=since), antenna_id=session.antenna_id)
    qs = (scoping.scope(user, MentorProfile.objects.filter(pk__in=duos.values("mentor_id")))
          .exclude(pk__in=session.attendances.values("mentor_id"))
          .select_related("person").order_by("person__last_name", "person__first_name", "pk"))
    return qs[:limit]


def next_date(antenna, today: datetime.date | None = None) -> datetime.date:
    """The last session of the antenna + EVERY_MONTHS months; never in the past (if sessions lapsed,
    the next is today), and FIRST_SESSION_DAYS ahead when there was none."""
    today = today or timezone.localdate()
    last = PeerSession.objects.filter(antenna=antenna).order_by("-held_on").values_list("held_on", flat=True).first()
    if last is None:
        return today + datetime.timedelta(days=FIRST_SESSION_DAYS)
    return max(add_months(last, EVERY_MONTHS), today)


# --- the rule per mentor -----------------------------------------------------------------------

@dataclass
class MentorRule:
    mentor_id: int
    sort_name: tuple
    rows: list = field(default_factory=list)  # [(duo id, Verdict)], then [(Duo, Verdict)] once hydrated
    mentor: MentorProfile | None = None

    @property
    def worst(self) -> str:
        return min((v.status for _, v in self.rows), key=rule.STATUSES.index)


def _attended_dates(duos) -> dict[int, list[datetime.date]]:
    """The dates of the sessions attended by the mentors of these duos (a subquery, not a list of
    ids: an administrator's page covers tens of thousands of mentors)."""
    dates = defaultdict(list)
    rows = (Attendance.objects.filter(mentor_id__in=duos.values("mentor_id"), attended=True)
            .values_list("mentor_id", "session__held_on").order_by("session__held_on"))
    for mentor_id, day in rows.iterator(chunk_size=10_000):
        dates[mentor_id].append(day)
    return dates


def _judge(duos, today) -> list[MentorRule]:
    """The rule for each duo, from plain tuples (no model instances: the page hydrates its own)."""
    dates = _attended_dates(duos)
    by_mentor: dict[int, MentorRule] = {}
    rows = duos.order_by("-started_on", "-pk").values_list(
        "pk", "mentor_id", "started_on", "ended_on", "mentor__person__last_name", "mentor__person__first_name")
    for pk, mentor_id, started_on, ended_on, last_name, first_name in rows.iterator(chunk_size=10_000):
        verdict = rule.judge(started_on=started_on, ended_on=ended_on, attended_on=dates.get(mentor_id, ()),
                             today=today)
        if verdict is None:
            continue
        entry = by_mentor.get(mentor_id)
        if entry is None:
            entry = by_mentor[mentor_id] = MentorRule(mentor_id=mentor_id, sort_name=(last_name, first_name, mentor_id))
        entry.rows.append((pk, verdict))
    return list(by_mentor.values())


def hydrate(entries: list[MentorRule]) -> list[MentorRule]:
    """Fetch the mentors and duos of the entries shown (one page), in two queries."""
    wanted = [pk for e in entries for pk, _ in e.rows]
    duos = {d.pk: d for d in Duo.objects.filter(pk__in=wanted).select_related("mentor__person", "mentee__person",
                                                                               "antenna")}
    for e in entries:
        e.rows = [(duos[pk], v) for pk, v in e.rows]
        e.mentor = e.rows[0][0].mentor if e.rows else None
    return entries


def mentor_rules(user, *, antenna_ids: list[int] | None = None, status: str = "",
                 today: datetime.date | None = None) -> list[MentorRule]:
    """Each mentor with a started duo running or ended in the last RECENT_DAYS, in the user's
    antennas, and the rule per duo (duo ids: `hydrate` the ones shown); the mentors with a duo
    "behind" first, then "missed", "on track", "met", then by name."""
    today = today or timezone.localdate()
    ids = my_antenna_ids(user, antenna_ids)
    recent = today - datetime.timedelta(days=RECENT_DAYS)
    duos = scoping.scope(user, Duo.objects.filter(started_on__isnull=False, started_on__lte=today)
                         .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=recent)))
    if ids is not None:
        duos = duos.filter(antenna_id__in=ids)
    found = _judge(duos, today)
    if status:
        found = [m for m in found if any(v.status == status for _, v in m.rows)]
    found.sort(key=lambda m: (rule.STATUSES.index(m.worst), m.sort_name))
    return found


def for_mentor(user, mentor, today: datetime.date | None = None):
    """The person page's section: (the sessions the mentor was invited to, [(duo, Verdict)])."""
    today = today or timezone.localdate()
    invitations = (Attendance.objects.filter(mentor=mentor, session__in=sessions(user))
                   .select_related("session__antenna").order_by("-session__held_on"))
    judged = hydrate(_judge(scoping.scope(user, Duo.objects.filter(mentor=mentor)), today))
    return list(invitations), (judged[0].rows if judged else [])


# --- for the programme-quality page ------------------------------------------------------------

def _sessions_in(antenna_ids, since, until):
    qs = PeerSession.objects.filter(held_on__gte=since, held_on__lte=until)
    return qs if antenna_ids is None else qs.filter(antenna_id__in=antenna_ids)


def attendance_rate(antenna_ids: list[int] | None, since: datetime.date, until: datetime.date) -> tuple[int, int]:
    """(attended, invited) over the sessions of those antennas (None: all) held from `since` to
    `until`, both included. Only invitations whose attendance was taken count: `invited` is the
    number of invitations marked present or absent, `attended` those marked present. A session
    whose attendance is not taken yet counts in neither (it would read as everybody absent).
    No user scoping here: the caller passes the antennas the user may see."""
    rows = Attendance.objects.filter(session__in=_sessions_in(antenna_ids, since, until), attended__isnull=False)
    counts = rows.aggregate(invited=Count("pk"), attended=Count("pk", filter=Q(attended=True)))
    return counts["attended"], counts["invited"]


def attended_count():
    """Per duo (as a subquery): the sessions its mentor attended between its start and its end."""
    found = (Attendance.objects.filter(mentor_id=OuterRef("mentor_id"), attended=True,
                                       session__held_on__gte=OuterRef("started_on"),
                                       session__held_on__lte=OuterRef("ended_on"))
             .order_by().values("mentor_id").annotate(n=Count("pk")).values("n")[:1])
    return Coalesce(Subquery(found, output_field=IntegerField()), Value(0))


def rule_met_share(antenna_ids: list[int] | None, since: datetime.date, until: datetime.date) -> tuple[int, int]:
    """(duos meeting the rule, ended started duos): the duos of those antennas (None: all) that had
    started and whose end date lies from `since` to `until` (both included), whatever their status
    now (completed, ended early, closed); a duo meets the rule when its mentor attended at least
    MIN_PER_DUO sessions (of any antenna) dated within [started_on, ended_on]. The same verdict as
    duo.peerexchange.rule.judge gives an ended duo ("met" against "missed")."""
    duos = Duo.objects.filter(started_on__isnull=False, ended_on__isnull=False, ended_on__gte=since,
                              ended_on__lte=until)
    if antenna_ids is not None:
        duos = duos.filter(antenna_id__in=antenna_ids)
    counts = duos.annotate(attended=attended_count()).aggregate(
        ended=Count("pk"), met=Count("pk", filter=Q(attended__gte=MIN_PER_DUO)))
    return counts["met"], counts["ended"]


def antennas(user):
    return scoping.scope(user, Antenna.objects.order_by("name"))
