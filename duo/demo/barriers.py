"""The barriers coordinators noted: at intake for every mentee who had an intake interview, and
during follow-up for about a third of the duos that started.

Frequencies follow what the organisation reports from its intakes: no professional network, the
language and a foreign diploma not recognised are the most common; no local experience is frequent;
discrimination (by origin and by name above all) is noted at intake for some, and is met more often
once the mentee applies for jobs, so it dominates what comes up during follow-up.
"""

import datetime
import random

from duo.barrier.models import Barrier
from duo.journeys.models import Duo
from duo.people.models import MenteeProfile

from .bulk import Table
from .draw import Dist, at_ten, days

# Chance that a mentee who had an intake interview is noted with each barrier at intake.
AT_INTAKE = {
    "no_network": 0.55, "language": 0.42, "diploma": 0.30, "no_local_experience": 0.28,
    "mobility": 0.18, "discrimination_origin": 0.12, "digital": 0.12, "money": 0.10, "childcare": 0.09,
    "discrimination_name": 0.08, "permit": 0.06, "housing": 0.06, "public_services": 0.05,
    "discrimination_religion": 0.04, "health": 0.04, "discrimination_gender": 0.03, "other": 0.03,
    "discrimination_age": 0.02,
}
FOLLOW_UP_SHARE = 0.35  # of the duos that started
FOLLOW_UP = Dist({
    "discrimination_origin": 25, "discrimination_name": 18, "language": 12, "diploma": 12, "no_network": 8,
    "discrimination_religion": 6, "discrimination_gender": 5, "discrimination_age": 3, "mobility": 4,
    "childcare": 3, "digital": 3, "permit": 2, "other": 2,
})
# Short notes as coordinators write them, in the person's language (intake) or the duo's (follow-up):
# context, never a third party's name.
NOTES = {
    "fr": {
        "discrimination_name": "Rappels seulement après avoir postulé avec un prénom raccourci.",
        "discrimination_origin": "« Pas le bon profil pour l'équipe » après un très bon entretien.",
        "diploma": "Demande d'équivalence en attente depuis des mois.",
        "language": "Niveau B1 en français ; les entretiens sont difficiles.",
        "mobility": "Pas de permis ; emplois hors des horaires des transports en commun.",
        "no_network": "Ne connaît personne dans son secteur en Belgique.",
        "childcare": "Pas de place en crèche avant la rentrée.",
    },
    "nl": {
        "discrimination_name": "Pas teruggebeld na solliciteren met een verkorte voornaam.",
        "discrimination_origin": "'Past niet in het team' na een sterk sollicitatiegesprek.",
        "diploma": "Aanvraag tot gelijkwaardigheid ligt al maanden stil.",
        "language": "Niveau B1 Nederlands; sollicitatiegesprekken zijn moeilijk.",
        "mobility": "Geen rijbewijs; jobs buiten de uren van het openbaar vervoer.",
        "no_network": "Kent niemand in de sector in België.",
        "childcare": "Geen plaats in de kinderopvang voor september.",
    },
    "en": {
        "discrimination_name": "Callbacks only after applying under a shortened first name.",
        "discrimination_origin": "Told the team was 'not the right fit' after a strong interview.",
        "diploma": "Equivalence request pending for months.",
        "language": "B1 in French; interviews are hard.",
        "mobility": "No driving licence; jobs outside public transport hours.",
        "no_network": "Knows nobody in their sector in Belgium.",
        "childcare": "No childcare place before September.",
    },
}
NOTE_SHARE = 0.3
INTERVIEWED = ("intake_done", "ready", "matched")
COLUMNS = ("person_id", "duo_id", "kind", "observed_on", "stage", "note", "recorded_by_id", "created_at")


def barriers(seeder) -> dict:
    # A generator of its own, derived from the seeder's without drawing from it: the rest of the demo
    # stays what it was before barriers existed, and the same seed still gives the same barriers.
    rng, today = random.Random(repr(seeder.rng.getstate()[1][:8])), seeder.today
    table = Table(Barrier, COLUMNS)
    rows = []

    def row(person_id, duo_id, kind, day, stage, antenna_id, language):
        note = NOTES.get(language, NOTES["en"]).get(kind, "") if rng.random() < NOTE_SHARE else ""
        by = seeder.coordinators.get(seeder.code_of.get(antenna_id))
        rows.append((person_id, duo_id, kind, day, stage, note, by, at_ten(day)))

    mentees = MenteeProfile.objects.filter(stage__in=INTERVIEWED).order_by("pk").values_list(
        "person_id", "person__antenna_id", "applied_on", "ready_on", "person__preferred_language")
    for person_id, antenna_id, applied_on, ready_on, language in mentees.iterator(chunk_size=5000):
        # The intake interview falls between applying and being ready for matching.
        day = min(ready_on or applied_on + days(rng.randint(10, 30)), today)
        for kind, p in AT_INTAKE.items():
            if rng.random() < p:
                row(person_id, None, kind, day, "intake", antenna_id, language)
        if len(rows) >= 20_000:
            table.insert(rows)
            rows.clear()

    started = Duo.objects.filter(started_on__isnull=False).order_by("pk").values_list(
        "pk", "mentee__person_id", "antenna_id", "started_on", "ended_on", "language")
    for duo_id, person_id, antenna_id, started_on, ended_on, language in started.iterator(chunk_size=5000):
        if rng.random() >= FOLLOW_UP_SHARE:
            continue
        last = min(ended_on or today, today)
        span = max((last - started_on).days, 0)
        # dict.fromkeys, not a set: a set's order of strings changes from run to run, the seed would not hold.
        for kind in dict.fromkeys(FOLLOW_UP.draw(rng) for _ in range(rng.randint(1, 2))):
            row(person_id, duo_id, kind, started_on + datetime.timedelta(days=rng.randint(0, span)), "follow_up",
                antenna_id, language)
        if len(rows) >= 20_000:
            table.insert(rows)
            rows.clear()
    table.insert(rows)
    return {"barriers": Barrier.objects.count()}
