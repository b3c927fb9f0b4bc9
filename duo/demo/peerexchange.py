"""Peer-exchange sessions for the demo: every two months per antenna, from the next one (planned,
a week or two ahead) back to the oldest started duo; each invites the mentors with a duo running on
that date (as duo.peerexchange.services.session_plan does), and about 70 % came to the past ones.

Set logic, not a query per session: each duo's window is matched against the sorted session dates
with bisect, so the cost grows with the number of duos, whatever the number of sessions.
"""

import bisect
import datetime
import random

from django.db import connection
from django.db.models import Min

from duo.journeys.choices import OPEN_DUO_STATUSES
from duo.journeys.lifecycle import add_months
from duo.journeys.models import Duo
from duo.peerexchange.models import EVERY_MONTHS, Attendance, PeerSession

from .bulk import Table, reset_sequences

CAME_SHARE = 0.7
THEMES = ("A mentee who stops answering", "Preparing a job interview together", "Networks and LinkedIn",
          "Recognition of foreign diplomas", "Keeping the right distance", "Intercultural misunderstandings",
          "")
SESSION_COLUMNS = ("id", "antenna_id", "held_on", "starts_at", "duration_minutes", "mode", "place", "theme", "note",
                   "created_by_id", "created_at")
FAR = datetime.date.max


def _dates(next_on: datetime.date, oldest: datetime.date) -> list[datetime.date]:
    """next_on, then every EVERY_MONTHS months back while on or after `oldest`; ascending."""
    found, k = [], 0
    while True:
        day = add_months(next_on, -EVERY_MONTHS * k)
        if day < oldest and k:
            break
        found.append(day)
        k += 1
    return sorted(found)


def sessions(seeder) -> dict:
    # Its own generator, derived without drawing from the seeder's: the rest of the demo stays the same.
    rng, today = random.Random(repr(seeder.rng.getstate()[1][16:24])), seeder.today
    oldest = dict(Duo.objects.filter(started_on__isnull=False).values("antenna_id")
                  .annotate(first=Min("started_on")).values_list("antenna_id", "first"))
    sessions_table, attendance = Table(PeerSession, SESSION_COLUMNS), Table(Attendance, ("session_id", "mentor_id",
                                                                                         "attended"))
    now = datetime.datetime.now(datetime.timezone.utc)
    # duo.demo.bulk adapts dates, not times: done here, once for the two start times used.
    evening, noon = (connection.ops.adapt_timefield_value(t) for t in (datetime.time(18, 0), datetime.time(12, 30)))
    # Per antenna: the session dates (ascending) and their ids.
    plan: dict[int, tuple[list[datetime.date], list[int]]] = {}
    rows = []
    for index, antenna_id in enumerate(sorted(oldest)):
        next_on = today + datetime.timedelta(days=8 + 3 * index)
        dates = _dates(next_on, oldest[antenna_id])
        ids = []
        by = seeder.coordinators.get(seeder.code_of.get(antenna_id))
        for day in dates:
            ids.append(sessions_table.next_id())
            online = rng.random() < 0.25
            rows.append((ids[-1], antenna_id, day, noon if online else evening, 120,
                         "video" if online else "in_person", "" if online else "Antenna office", rng.choice(THEMES),
                         "", by, now))
        plan[antenna_id] = (dates, ids)
    sessions_table.insert(rows)
    # Who was invited: every mentor whose duo ran on the session's date (a mentor once per session).
    invited: set[tuple[int, int]] = set()
    duos = (Duo.objects.exclude(status="refused").filter(antenna_id__in=plan)
            .values_list("antenna_id", "mentor_id", "status", "matched_on", "started_on", "ended_on"))
    for antenna_id, mentor_id, status, matched_on, started_on, ended_on in duos.iterator(chunk_size=20_000):
        is_open = status in OPEN_DUO_STATUSES
        start = started_on or (matched_on if is_open else None)
        if start is None:
            continue
        end = ended_on or (FAR if is_open else start)
        dates, ids = plan[antenna_id]
        for i in range(bisect.bisect_left(dates, start), bisect.bisect_right(dates, end)):
            invited.add((ids[i], mentor_id))
    held = {sid for dates, ids in plan.values() for day, sid in zip(dates, ids) if day < today}
    rows = [(sid, mentor_id, (rng.random() < CAME_SHARE) if sid in held else None)
            for sid, mentor_id in sorted(invited)]
    for start in range(0, len(rows), 50_000):
        attendance.insert(rows[start:start + 50_000])
    reset_sequences([PeerSession])
    return {"peer_sessions": sum(len(ids) for _dates, ids in plan.values()), "peer_attendances": len(rows)}
