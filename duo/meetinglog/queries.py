"""Reads for the meeting log: hours volunteered, and the links a coordinator sees."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from duo.journeys.choices import MeetingTopic
from duo.journeys.models import Meeting

from .models import AccessLink


def hours_by_mentor(*, mentors=None, duos=None, since=None, until=None) -> dict[int, Decimal]:
    """Hours of logged meetings per mentor profile id, over all their duos (or the `duos` given),
    optionally between two dates (inclusive). Mentors with no meeting are absent."""
    qs = Meeting.objects.all()
    if mentors is not None:
        qs = qs.filter(duo__mentor__in=mentors)
    if duos is not None:
        qs = qs.filter(duo__in=duos)
    if since:
        qs = qs.filter(held_on__gte=since)
    if until:
        qs = qs.filter(held_on__lte=until)
    rows = qs.values("duo__mentor").annotate(minutes=Sum("duration_minutes")).order_by()
    return {
        row["duo__mentor"]: (Decimal(row["minutes"]) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        for row in rows
    }


def active_links(duo):
    return AccessLink.objects.active().filter(duo=duo).select_related("person", "created_by")


def meetings_for_link(link, limit=50):
    """The duo's latest meetings, each with `topic_labels` in the active language."""
    labels = dict(MeetingTopic.choices)
    meetings = list(link.duo.meetings.order_by("-held_on", "-pk")[:limit])
    for m in meetings:
        m.topic_labels = [str(labels[t]) for t in m.topics or () if t in labels]
    return meetings
