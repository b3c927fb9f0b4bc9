"""A pool worth a matching meeting in every antenna, and last week's meeting with its decisions.

Every antenna gets 18-40 mentees and 12-30 mentors ready for matching, with what matching reads
(what they want help with or can help with, interests, working style, a few preferences about the
mentor's gender, some of them required). Last week's meeting ran on the same pool through the real
services: the engine proposed, the coordinator accepted some pairs, rejected a couple, and closed it.
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from duo.accounts.models import User
from duo.intake.models import StageChange
from duo.journeys.models import Duo
from duo.matching import services
from duo.matching.models import Decision, MatchingRun, Proposal
from duo.matching.pool import mentor_queryset
from duo.people import choices as pc
from duo.people.models import MenteeProfile, MentorProfile
from duo.reference.models import Place
from duo.reference.services import places_import_file

from .draw import Dist, at_ten, days
from .places import SPECS

PLACES_CSV = Path(settings.BASE_DIR).parent / "shared" / "data" / "belgian-places" / "belgian-cities-geocoded.csv"
MENTEES_READY, MENTORS_READY = (18, 40), (12, 30)
LAST_MEETING_DAYS_AGO = 7
HARD_TO_MATCH = 2  # per antenna, among the people added to the pool
WEEKEND_EVENINGS = ("sat_eve", "sun_eve")  # when the demo's mentors never meet
ACCEPTED = (2, 5)  # pairs accepted at last week's meeting, per antenna (fewer for a small demo)
GOALS = Dist({"cv": 30, "interviews": 25, "network": 25, "orientation": 12, "entrepreneurship": 4, "language": 10})
NO_PLAN_GOALS = Dist({"orientation": 50, "cv": 15, "network": 20, "language": 10, "interviews": 5})
STRENGTHS = Dist({"cv": 25, "interviews": 25, "network": 22, "orientation": 14, "entrepreneurship": 7,
                  "language": 10})
INTERESTS = Dist({v: 1 for v in pc.Interest.values})
STYLES = Dist({v: 1 for v in pc.WorkingStyle.values})
# Few mentees ask for a mentor of a given gender, mostly young women asking for a woman.
PREFERENCE = {"female": Dist({"": 82, "female": 16, "male": 2}), "male": Dist({"": 95, "male": 4, "female": 1})}
REJECT_REASONS = Dist({"profile": 3, "schedule": 2, "known_fact": 2, "distance": 1, "mentor_unavailable": 1})


def _some(rng, dist, low, high) -> list[str]:
    picked = []
    for _ in range(rng.randint(low, high)):
        value = dist.draw(rng)
        if value not in picked:
            picked.append(value)
    return picked


def plan_accepts(seeder, total: int) -> dict[str, int]:
    """How many of the `total` duos asked for last week's meetings create, per antenna: the rest are
    the seeder's history, so that --duos N still makes N duos."""
    rng = seeder.rng
    per = (lambda: 0) if total < 60 else (lambda: 1) if total < 300 else (lambda: rng.randint(*ACCEPTED))
    return {spec.code: per() for spec in SPECS}


def places(log) -> int:
    """Coordinates of Belgian postal codes, for distances between homes, from the shared reference data
    beside the checkout when it is there (Paris has none: its people match within their antenna)."""
    if Place.objects.exists() or not PLACES_CSV.is_file():
        return 0
    result, _warnings = places_import_file(path=PLACES_CSV)
    log(f"{result['created']:,} places loaded from {PLACES_CSV}")
    return result["created"]


def top_up(seeder, batch) -> dict:
    """Enough people ready for matching in each antenna (a large organisation has them already)."""
    rng, today = seeder.rng, seeder.today
    added = {"pool_mentees": 0, "pool_mentors": 0, "places": places(seeder.log)}
    for code, spec in seeder.specs.items():
        antenna = seeder.antennas[code]
        have_mentees = MenteeProfile.objects.filter(person__antenna=antenna, stage="ready").count()
        have_mentors = MentorProfile.objects.filter(person__antenna=antenna, stage="ready").count()
        # Last week's accepted mentees leave the pool: count them in.
        want_mentees = rng.randint(*MENTEES_READY) + seeder.accepts.get(code, 0)
        want_mentors = rng.randint(*MENTORS_READY) + seeder.accepts.get(code, 0)
        for k in range(max(0, want_mentees - have_mentees)):
            applied_on = today - days(rng.randint(35, 150))
            person, fields, languages = seeder.maker.mentee(spec, antenna, applied_on)
            if k < HARD_TO_MATCH:
                _hard_to_match(rng, fields)
            waited = min(int(rng.expovariate(1 / 25)), (today - applied_on).days - 20)
            fields["ready_on"] = fields["stage_changed_on"] = today - days(max(0, waited))
            batch.mentee(person, fields, languages, stage="ready")
            added["pool_mentees"] += 1
        for _ in range(max(0, want_mentors - have_mentors)):
            applied_on = today - days(rng.randint(60, 200))
            person, fields, languages = seeder.maker.mentor(spec, antenna, applied_on)
            fields["training_completed_on"] = applied_on + days(rng.randint(30, 55))
            fields["stage_changed_on"] = fields["training_completed_on"] + days(rng.randint(0, 5))
            batch.mentor(person, fields, languages, stage="ready")
            added["pool_mentors"] += 1
    batch.write()
    describe_pool(seeder)
    return added


def _hard_to_match(rng, fields):
    """Someone the meeting cannot place, so that its "why no mentor" has something to say: working
    shifts all week, free only on weekend evenings, when no mentor of the demo meets."""
    fields["availability"] = ["sun_eve"] if rng.random() < .5 else ["sat_eve", "sun_eve"]


def describe_pool(seeder, chunk=2000):
    """What the intake interview would have recorded for the people ready for matching."""
    rng = seeder.rng
    mentees = list(MenteeProfile.objects.filter(stage="ready").select_related("person").order_by("pk")
                   .only("pk", "no_precise_plan", "person__gender"))
    for m in mentees:
        m.goals = _some(rng, NO_PLAN_GOALS if m.no_precise_plan else GOALS, 1, 3)
        m.interests = _some(rng, INTERESTS, 1, 4)
        m.working_style = _some(rng, STYLES, 1, 2)
        preference = PREFERENCE.get(m.person.gender)
        m.preferred_mentor_gender = preference.draw(rng) if preference else ""
        m.preference_required = bool(m.preferred_mentor_gender) and rng.random() < .35
    MenteeProfile.objects.bulk_update(mentees, ["goals", "interests", "working_style", "preferred_mentor_gender",
                                                "preference_required"], batch_size=chunk)
    # Exactly the mentors a meeting can propose: ready, or matched with a place left.
    mentors = [m for antenna in seeder.antennas.values()
               for m in mentor_queryset(antenna.pk).order_by("pk").only("pk", "availability")]
    for m in mentors:
        m.strength_areas = _some(rng, STRENGTHS, 2, 5)
        m.interests = _some(rng, INTERESTS, 1, 4)
        m.working_style = _some(rng, STYLES, 1, 2)
        m.availability = [slot for slot in m.availability if slot not in WEEKEND_EVENINGS] or ["tue_am"]
    MentorProfile.objects.bulk_update(mentors, ["strength_areas", "interests", "working_style", "availability"],
                                      batch_size=chunk)


def last_meetings(seeder) -> dict:
    """Last week's meeting in each antenna, decided through the services as a coordinator would.

    Runs after the demo's bulk load has reset the id sequences: the services write through the ORM.
    Its two emails per accepted duo go nowhere (the people are made up)."""
    rng = seeder.rng
    held = seeder.today - days(LAST_MEETING_DAYS_AGO)
    counts = {"matching_meetings": 0, "duos": 0}
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
        for code, antenna in seeder.antennas.items():
            user = User.objects.filter(pk=seeder.coordinators.get(code)).first() or User.objects.filter(
                role="administrator").order_by("pk").first()
            run = MatchingRun.objects.create(antenna=antenna, state=MatchingRun.State.RUNNING, created_by=user)
            services.run_compute(run=run)
            proposed = list(Proposal.objects.filter(run=run, status=Proposal.Status.PROPOSED)
                            .select_related("mentee__person", "mentor__person").order_by("-score", "pk"))
            want = seeder.accepts.get(code, 0)
            accepted = [services.proposal_accept(proposal=p, by=user) for p in proposed[:want]]
            if len(accepted) < want:
                seeder.log(f"{code}: {len(accepted)} pairs accepted at last week's meeting instead of {want}")
            for proposal in proposed[len(accepted):len(accepted) + rng.randint(1, 2)]:
                services.proposal_reject(proposal=proposal, reason=REJECT_REASONS.draw(rng), note="", by=user)
            services.run_close(run=run, by=user)
            _back_date(run, accepted, held)
            counts["matching_meetings"] += 1
            counts["duos"] += len(accepted)
    return counts


def _back_date(run, duos, held: datetime.date):
    """The meeting was last week: its run, minutes, duos and the moves to "matched" say so."""
    start = at_ten(held)
    MatchingRun.objects.filter(pk=run.pk).update(created_at=start)
    for k, pk in enumerate(Decision.objects.filter(run=run).order_by("pk").values_list("pk", flat=True)):
        Decision.objects.filter(pk=pk).update(at=start + datetime.timedelta(minutes=5 + 4 * k))
    Duo.objects.filter(pk__in=[d.pk for d in duos]).update(matched_on=held, created_at=start)
    MenteeProfile.objects.filter(pk__in=[d.mentee_id for d in duos]).update(stage_changed_on=held)
    MentorProfile.objects.filter(pk__in=[d.mentor_id for d in duos]).update(stage_changed_on=held)
    people = [d.mentee.person_id for d in duos] + [d.mentor.person_id for d in duos]
    StageChange.objects.filter(person_id__in=people, to_stage="matched", at__date=timezone.localdate()).update(
        at=start + datetime.timedelta(minutes=30))
