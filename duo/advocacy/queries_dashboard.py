"""The advocacy overview's figures: what the team did over the last twelve months, by priority, level of government
and month; where the recommendations stand; what is due. Reads only advocacy records, never a participant's.

An interaction serving two priorities counts once under each, and one meeting two levels of government (a minister
and a municipality) counts once under each: the tables say how often each was served, not a share of a whole.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format

from duo.testimony.models import Area

from . import rollup
from .models import Campaign, CampaignStatus, Interaction, Level, Recommendation, Stakeholder, Status, Target

MONTHS = 12
SOON_DAYS = 14
NONE = ""  # the bucket of "not stated"


def months_back(today: datetime.date, n: int = MONTHS) -> list[datetime.date]:
    """The first day of each of the last `n` months, the current one last."""
    firsts, year, month = [], today.year, today.month
    for _i in range(n):
        firsts.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @classmethod
    def last_months(cls, today=None, n: int = MONTHS) -> "Period":
        today = today or timezone.localdate()
        return cls(months_back(today, n)[0], today)

    def interactions(self):
        # Planned meetings have not happened: activity is what took place.
        return Interaction.objects.filter(on__gte=self.start, on__lte=self.end)


def by_priority(period: Period) -> list[dict]:
    counts = Counter()
    for value in period.interactions().values_list("areas", flat=True):
        codes = [c for c in (value or "").split(",") if c in Area.values]
        counts.update(codes or [NONE])
    rows = [{"code": code, "label": label, "count": counts[code]} for code, label in Area.choices]
    rows.append({"code": NONE, "label": None, "count": counts[NONE]})
    return rows


def by_level(period: Period) -> list[dict]:
    pairs = set(period.interactions().values_list("pk", "stakeholders__level"))
    levels_of: dict[int, set] = {}
    for pk, level in pairs:
        levels_of.setdefault(pk, set())
        if level:
            levels_of[pk].add(level)
    counts = Counter()
    for levels in levels_of.values():
        counts.update(levels or {NONE})
    rows = [{"code": code, "label": label, "count": counts[code]} for code, label in Level.choices]
    rows.append({"code": NONE, "label": None, "count": counts[NONE]})
    return rows


def by_month(period: Period) -> list[dict]:
    counts = Counter((d.year, d.month) for d in period.interactions().values_list("on", flat=True))
    return [{"month": first, "label": date_format(first, "YEAR_MONTH_FORMAT"),
             "count": counts[(first.year, first.month)]} for first in months_back(period.end)
            if first >= period.start]


def pipeline() -> dict:
    """Active recommendations by their rolled-up status, and their targets by status."""
    recommendations = Recommendation.objects.filter(is_active=True).prefetch_related(
        Prefetch("targets", queryset=Target.objects.only("recommendation_id", "status", "progress")))
    standing = Counter(rollup.rollup((t.status, t.progress) for t in r.targets.all()).status
                       for r in recommendations)
    targets = Counter(dict(Target.objects.filter(recommendation__is_active=True).values_list("status")
                           .annotate(n=Count("pk")).values_list("status", "n")))
    return {"rows": [{"code": code, "label": label, "recommendations": standing[code], "targets": targets[code]}
                     for code, label in Status.choices],
            "recommendations": sum(standing.values()), "targets": sum(targets.values())}


def follow_ups(today=None) -> dict:
    today = today or timezone.localdate()
    open_ = Interaction.objects.filter(follow_up_due__isnull=False, follow_up_done_at__isnull=True)
    # Overdue as the interaction itself says (Interaction.follow_up_overdue): due today counts.
    return {"overdue": open_.filter(follow_up_due__lte=today).count(),
            "soon": open_.filter(follow_up_due__gt=today,
                                 follow_up_due__lte=today + datetime.timedelta(days=SOON_DAYS)).count(),
            "soon_days": SOON_DAYS}


def recent(n: int = 8, today=None) -> list[Interaction]:
    today = today or timezone.localdate()
    return list(Interaction.objects.filter(on__lte=today).order_by("-on", "-id")
                .prefetch_related(Prefetch("stakeholders", queryset=Stakeholder.objects.only("name")))[:n])


def active_campaigns() -> list[Campaign]:
    return list(Campaign.objects.filter(status=CampaignStatus.ACTIVE).order_by("ends_on", "name").annotate(
        n_recommendations=Count("recommendations", distinct=True),
        n_stakeholders=Count("stakeholders", distinct=True),
        n_interactions=Count("interactions", distinct=True),
        milestones_open=Count("milestones", filter=Q(milestones__done=False), distinct=True)))
