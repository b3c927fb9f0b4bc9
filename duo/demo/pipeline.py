"""People who are not (or not yet) in a duo: past applicants who dropped out, and today's
pipeline at every stage, sized on each antenna's recent pace so the funnels look lived-in."""

from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from duo.journeys.choices import OPEN_DUO_STATUSES
from duo.journeys.models import Duo
from duo.people.models import MentorProfile

from .draw import Dist, days
from .intake import LEFT_BECAUSE

DROPOUT_STAGE = Dist({"withdrawn": 45, "no_response": 40, "not_eligible": 15})
# Open stage -> (people per month of recent duos, days since application: low, high).
MENTEE_STAGES = {
    "applied": (0.9, 0, 20), "contacted": (0.6, 7, 35), "info_session": (0.6, 14, 45),
    "intake_done": (0.5, 20, 60), "ready": (1.0, 30, 120),
}
MENTOR_STAGES = {
    "applied": (0.25, 0, 20), "contacted": (0.2, 7, 35), "info_session": (0.2, 14, 45),
    "intake_done": (0.2, 20, 60), "training_done": (0.15, 45, 90), "ready": (0.1, 60, 120),
}


def dropout(seeder, batch, day, role):
    """A past applicant ("mentee" or "mentor") who left the pipeline before a duo."""
    rng = seeder.rng
    spec = seeder.specs[seeder.antenna_dist.draw(rng)]
    applied_on = day - days(rng.randint(0, 90 if role == "mentee" else 120))
    person, fields, languages = getattr(seeder.maker, role)(spec, seeder.antennas[spec.code], applied_on)
    stage = DROPOUT_STAGE.draw(rng)
    if stage == "not_eligible":
        reason = batch.intake.not_eligible(role, person, languages, applied_on)
    else:
        reason = LEFT_BECAUSE[stage].draw(rng)
    fields["stage_changed_on"] = min(day, applied_on + days(rng.randint(5, 40)))
    getattr(batch, role)(person, fields, languages, stage=stage, reason=reason)


def open_pipeline(seeder, batch):
    """Everyone currently between application and a first duo, at least one per stage and antenna."""
    rng, today = seeder.rng, seeder.today
    for spec in seeder.specs.values():
        antenna = seeder.antennas[spec.code]
        per_month = seeder.recent[spec.code] / 12
        for stage, (rate, low, high) in MENTEE_STAGES.items():
            for _ in range(1 + round(rate * per_month)):
                applied_on = today - days(rng.randint(low, high))
                person, fields, languages = seeder.maker.mentee(spec, antenna, applied_on)
                if stage == "ready":
                    # Most wait a few weeks; a few have waited months and head the "longest waiting" list.
                    waited = min(int(rng.expovariate(1 / 20)), (today - applied_on).days - 10)
                    fields["ready_on"] = today - days(max(0, waited))
                fields["stage_changed_on"] = _moved_on(rng, today, applied_on, stage, fields.get("ready_on"))
                batch.mentee(person, fields, languages, stage=stage)
                batch.write_if_large()
        for stage, (rate, low, high) in MENTOR_STAGES.items():
            for _ in range(1 + round(rate * per_month)):
                applied_on = today - days(rng.randint(low, high))
                person, fields, languages = seeder.maker.mentor(spec, antenna, applied_on)
                if stage in ("training_done", "ready"):
                    fields["training_completed_on"] = applied_on + days(rng.randint(30, (today - applied_on).days))
                fields["stage_changed_on"] = _moved_on(rng, today, applied_on, stage, fields.get("training_completed_on"))
                batch.mentor(person, fields, languages, stage=stage)
                batch.write_if_large()


def _moved_on(rng, today, applied_on, stage, milestone=None):
    """When someone reached their current stage: at application for "applied", otherwise some
    days ago, never before they applied nor before the milestone (ready, trained) that took them there."""
    if stage == "applied":
        return applied_on
    floor = max(applied_on, milestone or applied_on)
    return max(floor, today - days(rng.randint(0, 25)))


def idle_mentors_ready(seeder, step=5000):
    """Mentors who re-enrolled and have no open duo today are back in the matching pool."""
    ids = sorted({entry[2] for pool in seeder.pools.values() for entry in pool})
    changed = 0
    for k in range(0, len(ids), step):
        changed += (
            MentorProfile.objects.filter(pk__in=ids[k:k + step])
            .exclude(duos__status__in=OPEN_DUO_STATUSES)
            # Back in the pool since their last duo ended.
            .update(stage="ready", stage_changed_on=Coalesce(Subquery(
                Duo.objects.filter(mentor=OuterRef("pk"), ended_on__isnull=False).order_by("-ended_on")
                .values("ended_on")[:1]), Value(seeder.today)))
        )
    return changed
