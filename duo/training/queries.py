"""Reads about training: what a mentor still misses, who is close to ready, whom to invite."""

from django.db.models import Count, Q
from django.utils import timezone

from duo.accounts import scoping
from duo.people.models import Person

from .models import Attendance, TrainingModule, TrainingSession

# Mentors who may be invited to training: they have heard the programme presented.
INVITABLE_STAGES = ("info_session", "intake_done")
# Mentors whose training progress the coordinators follow.
PROGRESS_STAGES = ("applied", "contacted", "info_session", "intake_done", "training_done", "ready")


def required_modules():
    return TrainingModule.objects.filter(active=True, required=True).order_by("order", "code")


def modules_done_ids(person) -> set[int]:
    return set(
        Attendance.objects.filter(person=person, attended=True).values_list("session__module_id", flat=True)
    )


def required_modules_missing(person):
    """The active required modules the person has not attended, in training order.

    duo.intake.services asks this before letting a mentor become ready for matching.
    """
    done = Attendance.objects.filter(person_id=person.pk, attended=True).values("session__module_id")
    return required_modules().exclude(pk__in=done)


def sessions_list(user, *, when="upcoming", antenna=None, module=None):
    qs = scoping.scope(user, TrainingSession.objects.all()).select_related("antenna", "module")
    qs = qs.annotate(taken=Count("attendances", distinct=True))
    now = timezone.now()
    if when == "past":
        qs = qs.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
    else:
        qs = qs.filter(starts_at__gte=now).order_by("starts_at", "pk")
    if antenna:
        qs = qs.filter(antenna=antenna)
    if module:
        qs = qs.filter(module=module)
    return qs


def invite_candidates(session):
    """Mentors of the session's antenna, far enough in the pipeline, who have not done this module
    and hold no seat in an upcoming session of it (or in this one)."""
    now = timezone.now()
    done_or_booked = Attendance.objects.filter(session__module_id=session.module_id).filter(
        Q(attended=True) | Q(session=session) | Q(session__starts_at__gte=now, session__cancelled=False)
    ).values("person_id")
    return (
        Person.objects.filter(antenna_id=session.antenna_id, mentor__stage__in=INVITABLE_STAGES)
        .exclude(pk__in=done_or_booked)
        .select_related("mentor")
        .order_by("mentor__stage_changed_on", "last_name", "first_name", "pk")
    )


def progress(user, *, antenna=None, stage=""):
    """Mentors of the user's antennas still on their way to matching, the ones closest to ready first.

    Returns (queryset of people annotated with `done` = required modules attended, required modules)."""
    required = list(required_modules())
    qs = scoping.scope(user, Person.objects.filter(mentor__stage__in=PROGRESS_STAGES)).select_related(
        "mentor", "antenna")
    if antenna:
        qs = qs.filter(antenna=antenna)
    if stage:
        qs = qs.filter(mentor__stage=stage)
    qs = qs.annotate(done=Count(
        "training_attendances__session__module", distinct=True,
        filter=Q(training_attendances__attended=True,
                 training_attendances__session__module__in=[m.pk for m in required]),
    ))
    return qs.order_by("-done", "last_name", "first_name", "pk"), required


def attach_progress(people, required):
    """For one page of people: which required modules each has done, and their upcoming sessions."""
    ids = [p.pk for p in people]
    done = {}
    for person_id, module_id in Attendance.objects.filter(person_id__in=ids, attended=True).values_list(
            "person_id", "session__module_id"):
        done.setdefault(person_id, set()).add(module_id)
    booked = {}
    for att in Attendance.objects.filter(person_id__in=ids, session__starts_at__gte=timezone.now(),
                                         session__cancelled=False).select_related("session__module"):
        booked.setdefault(att.person_id, []).append(att.session)
    for person in people:
        mine = done.get(person.pk, set())
        person.modules_missing = [m for m in required if m.pk not in mine]
        person.upcoming_training = sorted(booked.get(person.pk, []), key=lambda s: s.starts_at)
    return people
