"""The coordinators' check-ins for the demo's active duos: the past ones mostly done, a few late.

Dates follow duo.followup.services.due_dates, so the demo shows what the app would have planned.
"""

import datetime
import random

from duo.followup.models import CheckIn
from duo.followup.services import due_dates
from duo.journeys.models import Duo

from .bulk import Table

DONE_SHARE = 0.85  # of the check-ins already due; the others show up as overdue on "This week"
MODES = ("phone", "phone", "phone", "in_person", "video")
NOTES = ("All going well.", "Meetings a bit irregular; agreed on a fixed day.", "CV finished, applications started.",
         "", "", "")
COLUMNS = ("duo_id", "kind", "due_on", "done_on", "mode", "note", "done_by_id")


def checkins(seeder) -> dict:
    # Its own generator, derived without drawing from the seeder's: the rest of the demo stays the same.
    rng, today = random.Random(repr(seeder.rng.getstate()[1][8:16])), seeder.today
    table = Table(CheckIn, COLUMNS)
    rows = []
    active = Duo.objects.filter(status="active", started_on__isnull=False).order_by("pk").values_list(
        "pk", "antenna_id", "started_on", "planned_end_on")
    for duo_id, antenna_id, started_on, planned_end_on in active.iterator(chunk_size=5000):
        by = seeder.coordinators.get(seeder.code_of.get(antenna_id))
        for kind, due_on in due_dates(started_on, planned_end_on).items():
            done = due_on < today and rng.random() < DONE_SHARE
            if done:
                done_on = min(due_on + datetime.timedelta(days=rng.randint(-3, 10)), today)
                rows.append((duo_id, kind, due_on, done_on, rng.choice(MODES), rng.choice(NOTES), by))
            else:
                rows.append((duo_id, kind, due_on, None, "", "", None))
        if len(rows) >= 20_000:
            table.insert(rows)
            rows.clear()
    table.insert(rows)
    return {"checkins": CheckIn.objects.count()}
