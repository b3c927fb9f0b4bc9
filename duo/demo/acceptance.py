"""The demo's answers after the introduction, for the duos introduced these last days.

Run after duo.demo.transitions, which dates each introduction. Some duos have both answers in (they
become "Both accepted", with the step in their timeline, as duo.journeys.acceptance would have done),
some one, some none yet: those introduced before yesterday show on "This week" as awaiting an answer.
"""

from __future__ import annotations

import datetime
import random

from django.db.models import Max, Q
from django.utils import timezone

from duo.journeys.choices import AnswerVia, DuoStatus
from duo.journeys.models import Duo, DuoTransition, IntroductionAnswer

from .bulk import Table
from .draw import at_ten, days

BOTH_SHARE = 0.45  # of the duos introduced before today: both accepted, the agreement still to sign
ONE_SHARE = 0.40  # one side answered, the other not yet (the rest: neither)
STAFF_SHARE = 0.25  # answers told to the coordinator by phone rather than given through the link
ANSWER_COLUMNS = ("duo_id", "side", "accepted", "answered_at", "via", "note", "recorded_by_id", "created_at")
STEP_COLUMNS = ("duo_id", "from_status", "to_status", "reason", "note", "on", "by_id", "at")


def answers(seeder) -> dict:
    # Its own generator, derived without drawing from the seeder's: the rest of the demo stays the same.
    rng, today, now = random.Random(repr(seeder.rng.getstate()[1][24:32])), seeder.today, timezone.now()
    introduced = (Duo.objects.filter(status=DuoStatus.INTRODUCED).order_by("pk")
                  .annotate(on=Max("transitions__on", filter=Q(transitions__to_status=DuoStatus.INTRODUCED)))
                  .values_list("pk", "antenna_id", "matched_on", "on"))
    rows, steps, accepted = [], [], []
    for pk, antenna_id, matched_on, introduced_on in introduced:
        introduced_on = introduced_on or min(matched_on + days(7), today)
        coordinator = seeder.coordinators.get(seeder.code_of.get(antenna_id))

        def answer(side):
            # The evening after the meeting (held at ten), or the next day during the day: on time.
            hours = rng.randint(1, 10) if rng.random() < .6 else rng.randint(23, 32)
            at = at_ten(introduced_on) + datetime.timedelta(hours=hours)
            by_phone = rng.random() < STAFF_SHARE
            return (pk, side, True, at, AnswerVia.STAFF if by_phone else AnswerVia.LINK, "",
                    coordinator if by_phone else None, at)

        draw = rng.random()
        # Answers still to come (those drawn later than now) are simply not there yet.
        given = [row for row in (answer(side) for side in rng.sample(["mentee", "mentor"], 2)) if row[3] <= now]
        if draw < BOTH_SHARE and len(given) == 2:
            rows.extend(given)
            at = max(r[3] for r in given)
            steps.append((pk, DuoStatus.INTRODUCED, DuoStatus.ACCEPTED, "", "", timezone.localdate(at), None, at))
            accepted.append(pk)
        elif draw < BOTH_SHARE + ONE_SHARE and given:
            rows.append(given[0])
    Table(IntroductionAnswer, ANSWER_COLUMNS).insert(rows)
    Table(DuoTransition, STEP_COLUMNS).insert(steps)
    Duo.objects.filter(pk__in=accepted).update(status=DuoStatus.ACCEPTED)
    return {"introduction_answers": len(rows)}
