"""What the applicant's personal page offers: reads only, for one person (no staff user involved)."""

from django.db.models import Count, Q
from django.utils import timezone

from duo.people.models import Person

from .choices import Audience
from .models import InfoSession, Registration

# Once someone has left the pipeline their link shows a short neutral page. "No response" is not
# among these: opening the link is precisely a response, and the coordinator will see it.
LEFT = ("withdrawn", "not_eligible")
# Information sessions are offered to people who have not reached that step yet.
BEFORE_INFO_SESSION = ("applied", "contacted", "no_response")
# Mentors may register for training once they have attended an information session.
TRAINING_STAGES = ("info_session", "intake_done", "training_done", "ready", "matched")


def open_kinds(person: Person) -> list[str]:
    """The sides (mentee, mentor) on which the person is still in the programme."""
    kinds = []
    for kind in ("mentee", "mentor"):
        profile = getattr(person, kind, None) if hasattr(person, kind) else None
        if profile is not None and profile.stage not in LEFT:
            kinds.append(kind)
    return kinds


def has_left(person: Person) -> bool:
    return not open_kinds(person)


def _audiences(kinds) -> list[str]:
    audiences = [Audience.BOTH]
    if "mentee" in kinds:
        audiences.append(Audience.MENTEES)
    if "mentor" in kinds:
        audiences.append(Audience.MENTORS)
    return audiences


def kinds_before_info_session(person: Person) -> list[str]:
    return [k for k in open_kinds(person) if getattr(person, k).stage in BEFORE_INFO_SESSION]


def info_sessions_for(person: Person):
    """Upcoming information sessions of the person's antenna meant for a side of theirs that has not
    reached that step yet, with their seats taken."""
    kinds = kinds_before_info_session(person)
    if not kinds:
        return InfoSession.objects.none()
    return (
        InfoSession.objects.filter(antenna_id=person.antenna_id, cancelled=False, starts_at__gt=timezone.now(),
                                   audience__in=_audiences(kinds))
        .annotate(taken=Count("registrations", distinct=True))
        .order_by("starts_at", "pk")
    )


def my_info_registrations(person: Person):
    return Registration.objects.filter(person=person).select_related("session").order_by("-session__starts_at")


def is_training_mentor(person: Person) -> bool:
    profile = getattr(person, "mentor", None) if hasattr(person, "mentor") else None
    return profile is not None and profile.stage in TRAINING_STAGES


def training_sessions_for(person: Person):
    """Upcoming training sessions of the person's antenna, for modules they have not attended yet."""
    from duo.training.models import Attendance, TrainingSession

    if not is_training_mentor(person):
        return TrainingSession.objects.none()
    done = Attendance.objects.filter(person=person, attended=True).values("session__module_id")
    return (
        TrainingSession.objects.filter(antenna_id=person.antenna_id, cancelled=False, starts_at__gt=timezone.now(),
                                       module__active=True)
        .exclude(module_id__in=done)
        .select_related("module")
        .annotate(taken=Count("attendances", distinct=True))
        .order_by("module__order", "starts_at", "pk")
    )


def training_overview(person: Person) -> list[dict]:
    """Every active module with its status for this mentor: done, booked (with the session) or to do."""
    from duo.training.models import Attendance, TrainingModule

    rows = Attendance.objects.filter(person=person).select_related("session").filter(
        Q(attended=True) | Q(session__cancelled=False, session__starts_at__gt=timezone.now()))
    done, booked = {}, {}
    for row in rows:
        if row.attended:
            done[row.session.module_id] = row.session
        else:
            booked[row.session.module_id] = row.session
    overview = []
    for module in TrainingModule.objects.filter(active=True).order_by("order", "code"):
        status = "done" if module.pk in done else "booked" if module.pk in booked else "todo"
        overview.append({"module": module, "status": status, "session": done.get(module.pk) or booked.get(module.pk)})
    return overview


def evaluations_due(person: Person):
    """Training sessions the person attended and has not evaluated yet."""
    from duo.training.models import TrainingSession

    return (
        TrainingSession.objects.filter(attendances__person=person, attendances__attended=True)
        .exclude(evaluations__person=person)
        .select_related("module")
        .order_by("starts_at")
    )
