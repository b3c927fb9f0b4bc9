"""Reads about duos that more than one page needs."""

import datetime

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from .choices import OPEN_DUO_STATUSES, DuoStatus
from .models import Meeting

QUIET_DAYS = 30
INTRODUCTION_DAYS = 14


def needing_attention(queryset, today: datetime.date | None = None):
    """Open duos that are stuck: no meeting for a month, past their planned end, or an
    introduction still not held two weeks after the match. Annotated with `last_meeting`."""
    today = today or timezone.localdate()
    quiet_since = today - datetime.timedelta(days=QUIET_DAYS)
    # A correlated subquery (one index look-up per open duo) rather than a join and GROUP BY,
    # which made the database group every column of every joined row on large organisations.
    last_meeting = Meeting.objects.filter(duo=OuterRef("pk")).order_by("-held_on").values("held_on")[:1]
    return (
        queryset.filter(status__in=OPEN_DUO_STATUSES)
        .annotate(last_meeting=Subquery(last_meeting))
        .filter(
            Q(status=DuoStatus.ACTIVE, last_meeting__lt=quiet_since)
            | Q(status=DuoStatus.ACTIVE, last_meeting__isnull=True, started_on__lt=quiet_since)
            | Q(planned_end_on__lt=today)
            | Q(status=DuoStatus.INTRODUCTION_PLANNED,
                matched_on__lt=today - datetime.timedelta(days=INTRODUCTION_DAYS))
        )
    )


def attention_reasons(duo, today: datetime.date | None = None) -> list[str]:
    """Why a duo from needing_attention() is there, as codes the templates put in words."""
    today = today or timezone.localdate()
    quiet_since = today - datetime.timedelta(days=QUIET_DAYS)
    reasons = []
    if duo.planned_end_on and duo.planned_end_on < today:
        reasons.append("past_end")
    if duo.status == DuoStatus.ACTIVE and (duo.last_meeting or duo.started_on or today) < quiet_since:
        reasons.append("quiet")
    if duo.status == DuoStatus.INTRODUCTION_PLANNED:
        reasons.append("not_introduced")
    return reasons
