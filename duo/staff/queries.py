"""Reads behind the staff home: counts per antenna, always through scoping."""

from django.db.models import Count

from duo.accounts import scoping
from duo.journeys.choices import OPEN_DUO_STATUSES, DuoStatus
from duo.journeys.models import Duo
from duo.journeys.queries import attention_reasons, needing_attention
from duo.organisation.models import Antenna
from duo.people import choices as pc
from duo.people.models import MenteeProfile, MentorProfile


def _stage_counts(queryset, stages):
    counts = dict(queryset.filter(stage__in=stages).values_list("stage").annotate(n=Count("pk")).order_by())
    return [(stage, stage.label, counts.get(stage.value, 0)) for stage in stages]


def antenna_overview(user, antenna_ids=None):
    """Pipeline and duo figures for the antennas a user may see (or a chosen subset of them)."""
    antennas = scoping.scope(user, Antenna.objects.filter(is_active=True))
    if antenna_ids is not None:
        antennas = antennas.filter(pk__in=antenna_ids)
    ids = list(antennas.values_list("pk", flat=True))
    mentees = MenteeProfile.objects.filter(person__antenna_id__in=ids)
    mentors = MentorProfile.objects.filter(person__antenna_id__in=ids)
    duos = Duo.objects.filter(antenna_id__in=ids)
    by_status = dict(duos.values_list("status").annotate(n=Count("pk")).order_by())
    return {
        "per_antenna": _per_antenna(ids, mentees, mentors, duos) if len(ids) > 1 else [],
        "antennas": list(antennas.select_related("region")),
        "mentee_funnel": _stage_counts(mentees, pc.OPEN_MENTEE_STAGES),
        "mentor_funnel": _stage_counts(mentors, pc.OPEN_MENTOR_STAGES),
        "active_duos": by_status.get(DuoStatus.ACTIVE, 0),
        "open_duos": sum(by_status.get(s, 0) for s in OPEN_DUO_STATUSES),
        "duos_total": sum(by_status.values()),
    }


def _per_antenna(ids, mentees, mentors, duos):
    """One row per antenna, for people who look after several: where is the work?"""

    def counts(qs, path, **filters):
        return dict(qs.filter(**filters).values_list(path).annotate(n=Count("pk")).order_by())

    active = counts(duos, "antenna_id", status=DuoStatus.ACTIVE)
    attention = counts(needing_attention(duos), "antenna_id")
    ready_mentees = counts(mentees, "person__antenna_id", stage=pc.MenteeStage.READY)
    ready_mentors = counts(mentors, "person__antenna_id", stage=pc.MentorStage.READY)
    return [
        {"antenna": a, "active": active.get(a.pk, 0), "attention": attention.get(a.pk, 0),
         "ready_mentees": ready_mentees.get(a.pk, 0), "ready_mentors": ready_mentors.get(a.pk, 0)}
        for a in Antenna.objects.filter(pk__in=ids).order_by("name")
    ]


def duos_needing_attention(user, limit=20):
    qs = needing_attention(scoping.scope(user, Duo.objects.all())).order_by("planned_end_on", "pk")
    # One pass over the open duos gives both the count and the first page (each open duo costs a look-up of its
    # last meeting, so counting in a second query doubled the home page's heaviest work); only the first page is
    # then joined to its people: joining every open duo made PostgreSQL hash the whole mentee table.
    found = list(qs.values_list("pk", "last_meeting"))
    first = dict(found[:limit])
    people = Duo.objects.select_related("mentor__person", "mentee__person", "antenna").in_bulk(first)
    rows = []
    for pk, last_meeting in first.items():
        duo = people[pk]
        duo.last_meeting = last_meeting
        rows.append((duo, attention_reasons(duo)))
    return rows, len(found)


def longest_waiting(user, limit=10):
    """Mentees ready for matching, longest wait first, so nobody is passed over."""
    return (
        scoping.scope(user, MenteeProfile.objects.filter(stage=pc.MenteeStage.READY))
        .select_related("person", "person__antenna")
        .order_by("ready_on", "applied_on", "pk")[:limit]
    )
