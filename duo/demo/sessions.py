"""Information sessions and mentor training around today's pipeline: past sessions attended by
the people who have moved past them, upcoming ones with seats taken by those who are next."""

import datetime

from django.utils import timezone

from duo.infosession.models import InfoSession, Registration
from duo.people.models import MenteeProfile, MentorProfile
from duo.training.models import Attendance, TrainingModule, TrainingSession

from .draw import days

PAST_INFO = ("info_session", "intake_done", "training_done", "ready")
TRAINED = ("training_done", "ready")


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def sessions(seeder) -> dict:
    rng, today = seeder.rng, seeder.today
    counts = {"info_sessions": 0, "training_sessions": 0}
    modules = list(TrainingModule.objects.filter(active=True).order_by("order"))
    for code, antenna in seeder.antennas.items():
        spec = seeder.specs[code]
        by = seeder.coordinators.get(code)
        place = {"place": "Salle 1", "address": f"{spec.city} {spec.postal_code}"}
        past = InfoSession.objects.create(antenna=antenna, starts_at=_at(today - days(12), 18), capacity=30,
                                          language=spec.language, created_by_id=by, **place)
        upcoming = [
            InfoSession.objects.create(antenna=antenna, starts_at=_at(today + days(d), h), capacity=cap, mode=mode,
                                       language=spec.language, created_by_id=by,
                                       video_link="https://meet.example.org/duo" if mode == "online" else "",
                                       **(place if mode == "in_person" else {}))
            for d, h, cap, mode in ((6, 18, 25, "in_person"), (13, 12, 40, "online"), (27, 18, 25, "in_person"))
        ]
        counts["info_sessions"] += 4
        people = lambda model, stages: list(model.objects.filter(  # noqa: E731
            person__antenna=antenna, stage__in=stages).values_list("person_id", flat=True)[:25])
        attended = people(MenteeProfile, PAST_INFO) + people(MentorProfile, PAST_INFO)
        Registration.objects.bulk_create(Registration(session=past, person_id=p, channel="staff", attended=True,
                                                      registered_at=past.starts_at - days(7)) for p in attended)
        invited = people(MenteeProfile, ["contacted"]) + people(MentorProfile, ["contacted"])
        Registration.objects.bulk_create(
            Registration(session=upcoming[k % 2], person_id=p, channel=rng.choice(["link", "staff"]))
            for k, p in enumerate(invited[:20]))
        trained = people(MentorProfile, TRAINED)
        learning = people(MentorProfile, ["intake_done"])
        for k, module in enumerate(modules):
            done = TrainingSession.objects.create(module=module, antenna=antenna, capacity=15, language=spec.language,
                                                  starts_at=_at(today - days(60 - 5 * k), 14), created_by_id=by,
                                                  **place)
            nxt = TrainingSession.objects.create(module=module, antenna=antenna, capacity=15, language=spec.language,
                                                 starts_at=_at(today + days(4 + 3 * k), 14), created_by_id=by,
                                                 **place)
            counts["training_sessions"] += 2
            # Mentors half-way through training have done the first modules and booked the rest.
            half = k < len(modules) // 2
            Attendance.objects.bulk_create(
                [Attendance(session=done, person_id=p, channel="staff", attended=True) for p in trained]
                + [Attendance(session=done if half else nxt, person_id=p, channel="link",
                              attended=True if half else None) for p in learning])
    return counts
