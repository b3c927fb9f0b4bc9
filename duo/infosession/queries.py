"""Reads for the staff pages of information sessions."""

from django.db.models import Count, Q
from django.utils import timezone

from duo.accounts import scoping
from duo.people.models import Person

from .models import InfoSession, Registration

# Applicants worth inviting: not yet met at a session.
INVITABLE_STAGES = ("applied", "contacted")


def sessions_list(user, *, when="upcoming", antenna=None):
    qs = scoping.scope(user, InfoSession.objects.all()).select_related("antenna")
    qs = qs.annotate(taken=Count("registrations", distinct=True),
                     came=Count("registrations", filter=Q(registrations__attended=True), distinct=True))
    now = timezone.now()
    if when == "past":
        qs = qs.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
    else:
        qs = qs.filter(starts_at__gte=now).order_by("starts_at", "pk")
    if antenna:
        qs = qs.filter(antenna=antenna)
    return qs


def registrations(user, session):
    """The seats of a session the user may see (people of their antennas)."""
    return scoping.scope(user, Registration.objects.filter(session=session)).select_related(
        "person", "person__mentee", "person__mentor").order_by("person__last_name", "person__first_name", "pk")


def invite_candidates(session):
    """Applicants of the session's antenna, on a side the session is for, at an early stage, who hold
    no seat in an upcoming session (nor in this one)."""
    booked = Registration.objects.filter(
        Q(session=session) | Q(session__starts_at__gte=timezone.now(), session__cancelled=False)
    ).values("person_id")
    stage = Q()
    for kind in session.kinds:
        stage |= Q(**{f"{kind}__stage__in": INVITABLE_STAGES})
    return (
        Person.objects.filter(stage, antenna_id=session.antenna_id)
        .exclude(pk__in=booked)
        .select_related("mentee", "mentor")
        .order_by("last_name", "first_name", "pk")
    )
