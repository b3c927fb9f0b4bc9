"""The demo's career action plans: 3 to 6 goals per started duo, in the duo's language, drawn up
mostly in the first two weeks, with statuses that agree with time (ended duos mostly done, goals
past their target in a running duo mostly done, a few late). A few active duos have no plan yet,
so that the coordinator's week shows the "no career action plan" alert.
"""

import random

from duo.careerplan.models import Goal
from duo.journeys.models import Duo

from .bulk import Table
from .draw import at_ten, days

# (area, {language: title}): short, concrete goals as duos write them.
GOALS = (
    ("cv", {"fr": "Finaliser un CV adapté au marché belge", "nl": "Een cv afwerken voor de Belgische markt",
            "en": "Finish a CV for the Belgian job market"}),
    ("cv", {"fr": "Rédiger mon CV en néerlandais", "nl": "Mijn cv in het Nederlands schrijven",
            "en": "Write my CV in Dutch"}),
    ("cover_letter", {"fr": "Écrire une lettre de motivation type", "nl": "Een motivatiebrief opstellen",
                      "en": "Write a model cover letter"}),
    ("interview", {"fr": "Préparer deux entretiens d'embauche", "nl": "Twee sollicitatiegesprekken voorbereiden",
                   "en": "Prepare for two job interviews"}),
    ("strategy", {"fr": "Envoyer dix candidatures ciblées", "nl": "Tien gerichte sollicitaties versturen",
                  "en": "Send ten targeted applications"}),
    ("strategy", {"fr": "Choisir deux métiers cibles", "nl": "Twee doelberoepen kiezen",
                  "en": "Choose two target occupations"}),
    ("network", {"fr": "Créer un profil LinkedIn complet", "nl": "Een volledig LinkedIn-profiel maken",
                 "en": "Set up a complete LinkedIn profile"}),
    ("network", {"fr": "Rencontrer trois professionnels du secteur", "nl": "Drie mensen uit de sector ontmoeten",
                 "en": "Meet three people working in the sector"}),
    ("training", {"fr": "M'inscrire à une formation qualifiante", "nl": "Me inschrijven voor een opleiding",
                  "en": "Enrol in a qualifying training course"}),
    ("language", {"fr": "Atteindre le niveau B1 en néerlandais", "nl": "Niveau B1 Frans halen",
                  "en": "Reach level B1 in French"}),
    ("language", {"fr": "Suivre un cours de français professionnel",
                  "nl": "Een cursus beroepsgericht Nederlands volgen", "en": "Take a course in professional French"}),
    ("diploma", {"fr": "Introduire la demande d'équivalence du diplôme",
                 "nl": "De gelijkwaardigheid van mijn diploma aanvragen", "en": "Apply for recognition of my diploma"}),
    ("administrative", {"fr": "M'inscrire comme demandeur d'emploi", "nl": "Me inschrijven als werkzoekende",
                        "en": "Register as a jobseeker"}),
    ("administrative", {"fr": "Obtenir le permis de conduire B", "nl": "Mijn rijbewijs B halen",
                        "en": "Get a driving licence"}),
)
COLUMNS = ("duo_id", "title", "area", "target_on", "status", "done_on", "position", "created_by_side",
           "created_by_id", "created_at", "updated_at")
NO_PLAN_SHARE = 0.03  # of active duos, besides the one per antenna that always shows the alert
ALERT_DAYS = 21
SIDES = ("staff", "staff", "mentor", "mentee")


def goals(seeder) -> dict:
    # Its own generator, derived without drawing from the seeder's: the rest of the demo stays the same.
    rng, today = random.Random(repr(seeder.rng.getstate()[1][16:24])), seeder.today
    table = Table(Goal, COLUMNS)
    rows, without_plan = [], set()
    started = Duo.objects.filter(started_on__isnull=False).order_by("pk").values_list(
        "pk", "antenna_id", "status", "language", "started_on", "planned_end_on", "ended_on")
    for duo_id, antenna_id, status, language, started_on, planned_end_on, ended_on in started.iterator(
            chunk_size=5000):
        if status == "active" and started_on <= today - days(ALERT_DAYS) and (
                antenna_id not in without_plan or rng.random() < NO_PLAN_SHARE):
            without_plan.add(antenna_id)
            continue
        # Most plans are drawn up in the first two weeks; a few take a month.
        drawn_up = started_on + days(rng.randint(0, 13) if rng.random() < .85 else rng.randint(14, 30))
        last = min(ended_on or today, today)
        if drawn_up > last:
            continue  # started days ago: no plan yet, and no alert either
        end = planned_end_on or started_on + days(182)
        by = seeder.coordinators.get(seeder.code_of.get(antenna_id))
        for position, (area, titles) in enumerate(rng.sample(GOALS, rng.randint(3, 6))):
            added = drawn_up if position < 3 or rng.random() < .6 else min(drawn_up + days(rng.randint(7, 60)), last)
            target = min(added + days(rng.randint(21, 170)), end)
            state = _status(rng, status, target, added, last, today)
            done_on = None
            if state == "done":
                done_on = min(added + days(rng.randint(7, max((min(target, last) - added).days, 7) + 14)), last)
            side = rng.choice(SIDES)
            rows.append((duo_id, titles.get(language, titles["en"]), area, target, state, done_on, position, side,
                         by if side == "staff" else None, at_ten(added), at_ten(done_on or added)))
        if len(rows) >= 20_000:
            table.insert(rows)
            rows.clear()
    table.insert(rows)
    return {"goals": Goal.objects.count()}


def _status(rng, duo_status, target, added, last, today) -> str:
    r = rng.random()
    if duo_status in ("completed", "closed"):
        return "done" if r < .8 else "dropped" if r < .9 else "in_progress"
    if duo_status == "ended_early":
        return "done" if r < .45 else "dropped" if r < .7 else "in_progress" if r < .85 else "planned"
    if target < today:  # past its target in a running duo: mostly done, some overdue
        return "done" if r < .7 else "in_progress" if r < .9 else "planned"
    if added <= today - days(14):
        return "in_progress" if r < .45 else "done" if r < .6 else "planned"
    return "planned"
