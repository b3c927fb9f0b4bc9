"""The quality page on the demo organisation: its headline figures, recomputed here independently —
plain Python over rows read from the tables, never the measure functions — must be the figures the
page and its CSV show.

The demo's transitions and peer-exchange sessions are still being written by others, so nothing here
assumes a value: only that page == recomputation, and "no data" only where the recomputation finds
no case either.
"""

import csv
import datetime
import io
import re
import statistics
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from duo.accounts.models import User
from duo.barrier.models import Barrier
from duo.followup.models import CheckIn
from duo.intake.models import IntakeInterview
from duo.journeys.models import Duo, DuoTransition, Meeting, Outcome
from duo.organisation.models import Antenna
from duo.peerexchange.models import Attendance

DAY = datetime.timedelta(days=1)
POSITIVE = {"job_permanent", "job_fixed_3m", "job_short", "job_temp_agency", "job_student", "self_employed",
            "internship", "training"}
STABLE = {"job_permanent", "job_fixed_3m"}
# Also what makes pytest-django build the test database before the module's fixture seeds it.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """A 300-duo demo organisation shared by the tests below, rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", duos=300, seed=5, stdout=io.StringIO(), stderr=io.StringIO())
        yield
        transaction.set_rollback(True)


# --- the recomputation -----------------------------------------------------------------------------

def pct(count, n):
    return round(100 * count / n, 1) if n else None


class Recount:
    """Every headline figure for some antennas (None: all) over [start, end], from raw rows."""

    def __init__(self, antennas, start, end, today):
        self.inside = (lambda a: True) if antennas is None else (lambda a: a in antennas)
        self.start, self.end, self.today = start, end, today
        self.duos = {row[0]: row for row in Duo.objects.values_list(
            "pk", "antenna_id", "status", "matched_on", "started_on", "ended_on", "end_reason", "mentee__person_id",
            "mentee__ready_on")}

    def during(self, day):
        return day is not None and self.start <= day <= self.end

    def mine(self):
        return [d for d in self.duos.values() if self.inside(d[1])]

    def intake_to_match(self):
        interviews = defaultdict(list)
        for person, held_on in IntakeInterview.objects.filter(kind="mentee").values_list("person_id", "held_on"):
            interviews[person].append(held_on)
        waits = []
        for _, _, _, matched, _, _, _, person, ready in self.mine():
            if not self.during(matched):
                continue
            before = [d for d in interviews[person] if d <= matched]
            intake = max(before) if before else ready
            if intake is not None and intake <= matched:
                waits.append((matched - intake).days)
        return (statistics.median(waits) if waits else None), None, len(waits)

    def _ended(self):
        return [d for d in self.mine() if d[4] is not None and self.during(d[5])]

    def reaching_term(self):
        ended = self._ended()
        completed = [d for d in ended if d[2] != "ended_early" and not d[6]]
        return pct(len(completed), len(ended)), len(completed), len(ended)

    def meetings_per_month(self):
        days_in, running = 0, set()
        for pk, _, _, _, started, ended, *_ in self.mine():
            stop = ended or self.today
            if started is None or started > self.end or stop < self.start:
                continue
            running.add(pk)
            days_in += (min(stop, self.end) - max(started, self.start)).days + 1
        held = 0
        for duo_id, held_on in Meeting.objects.values_list("duo_id", "held_on"):
            _, antenna, _, _, started, ended, *_ = self.duos[duo_id]
            if (self.inside(antenna) and self.during(held_on) and started is not None and held_on >= started
                    and (ended is None or held_on <= ended)):
                held += 1
        months = days_in / (365.25 / 12)
        return (round(held / months, 2) if months else None), held, len(running)

    def agreements(self):
        steps = defaultdict(list)
        for duo_id, to_status, on in DuoTransition.objects.values_list("duo_id", "to_status", "on"):
            steps[duo_id].append((to_status, on))
        n = yes = 0
        for duo_id, moves in steps.items():
            if not self.inside(self.duos[duo_id][1]) or any(s == "refused" for s, _ in moves):
                continue
            signed = sorted(on for s, on in moves if s == "agreement_signed")
            for status, on in moves:
                if status == "introduced" and self.during(on) and on <= self.today - 14 * DAY:
                    n += 1
                    yes += bool(signed) and (signed[0] - on).days <= 14
        return pct(yes, n), yes, n

    def checkins(self):
        last_due = min(self.end, self.today - 7 * DAY)
        n = yes = 0
        for duo_id, due, done in CheckIn.objects.values_list("duo_id", "due_on", "done_on"):
            _, antenna, _, _, _, ended, *_ = self.duos[duo_id]
            if not self.inside(antenna) or not self.start <= due <= last_due or (ended is not None and ended < due):
                continue
            n += 1
            yes += done is not None and (done - due).days <= 7
        return pct(yes, n), yes, n

    def peer_exchange(self):
        rows = Attendance.objects.values_list("session__antenna_id", "session__held_on", "attended")
        taken = [came for antenna, held_on, came in rows
                 if self.inside(antenna) and self.during(held_on) and came is not None]
        return pct(sum(taken), len(taken)), sum(taken), len(taken)

    def outcomes_12m(self):
        latest = {}
        for duo_id, category, observed_on, pk in Outcome.objects.filter(horizon="12m").values_list(
                "duo_id", "category", "observed_on", "pk"):
            if duo_id not in latest or (observed_on, pk) > latest[duo_id][0]:
                latest[duo_id] = ((observed_on, pk), category)
        year = datetime.timedelta(days=365)
        cohort = [d[0] for d in self.mine() if d[4] is not None and d[5] is not None
                  and self.start - year <= d[5] <= min(self.end, self.today) - year]
        found = [latest[pk][1] for pk in cohort if pk in latest]
        positive = sum(c in POSITIVE for c in found)
        stable = sum(c in STABLE for c in found)
        return {"outcomes_12m_recorded": (pct(len(found), len(cohort)), len(found), len(cohort)),
                "positive_exits": (pct(positive, len(found)), positive, len(found)),
                "stable_jobs": (pct(stable, len(found)), stable, len(found))}

    def barriers(self):
        people, per_kind = set(), defaultdict(set)
        for person, antenna, kind, observed_on in Barrier.objects.values_list(
                "person_id", "person__antenna_id", "kind", "observed_on"):
            if self.inside(antenna) and self.during(observed_on):
                people.add(person)
                per_kind[kind].add(person)
        top = sorted(((-len(p), kind) for kind, p in per_kind.items()))[:5]
        return len(people), [(kind, -minus) for minus, kind in top]


# --- what the page says ----------------------------------------------------------------------------

def page(client, **params):
    with translation.override("en"):
        html = client.get(reverse("quality:antenna"), params).content.decode()
        text = client.get(reverse("quality:csv"), params).content.decode("utf-8-sig")
    return html, {row["code"]: row for row in csv.DictReader(io.StringIO(text))}


def shown(html, code):
    match = re.search(rf'id="m-{code}">.*?<strong class="figure-value">(.*?)</strong>', html, re.S)
    return match.group(1)


def number(text):
    return None if text == "" else float(text)


def check(html, rows, code, expected, column="value", n_column="n"):
    value, count, n = expected
    row = rows[code]
    assert int(row[n_column]) == n, (code, row, expected)
    if n == 0:
        assert row[column] == "" and shown(html, code) == "no data", (code, row)
        return
    assert number(row[column]) == pytest.approx(value), (code, row, expected)
    if count is not None and column == "value":
        assert int(row["count"]) == count, (code, row, expected)
    if column == "value":
        assert shown(html, code).split()[0].replace(",", "") == (
            f"{value:.0f}" if code == "intake_to_match" and float(value).is_integer() else
            f"{value:.2f}" if code == "meetings_per_month" else f"{value:.1f}"), (code, shown(html, code))


HEADLINES = ["intake_to_match", "reaching_term", "meetings_per_month", "agreements", "checkins", "peer_exchange"]
CODES = {"agreements": "agreement_14_days", "checkins": "checkins_on_time"}


def test_the_whole_organisation_as_the_page_shows_it(demo, client):
    client.force_login(User.objects.get(email="admin@demo.duo"))
    today = timezone.localdate()
    html, rows = page(client)
    recount = Recount(None, today - 364 * DAY, today, today)
    for name in HEADLINES:
        check(html, rows, CODES.get(name, name), getattr(recount, name)())
    for code, expected in recount.outcomes_12m().items():
        check(html, rows, code, expected)
    people, top = recount.barriers()
    assert int(rows["barriers"]["n"]) == people
    assert [(code.split(".", 1)[1], row["value"]) for code, row in rows.items() if code.startswith("barriers.")] == [
        (kind, str(n) if n >= 5 else "<5") for kind, n in top]
    # The demo has duos that ended and meetings in the last year: the page is not empty.
    assert int(rows["reaching_term"]["n"]) > 0 and int(rows["meetings_per_month"]["n"]) > 0


def test_one_antenna_beside_the_organisation_over_all_time(demo, client):
    client.force_login(User.objects.get(email="admin@demo.duo"))
    today = timezone.localdate()
    brussels = Antenna.objects.get(code="brussels")
    html, rows = page(client, antenna=brussels.pk, period="all")
    mine = Recount({brussels.pk}, datetime.date(2000, 1, 1), today, today)
    everyone = Recount(None, datetime.date(2000, 1, 1), today, today)
    for name in HEADLINES:
        code = CODES.get(name, name)
        check(html, rows, code, getattr(mine, name)())
        check(html, rows, code, getattr(everyone, name)(), column="organisation_value", n_column="organisation_n")


def test_a_coordinator_sees_only_their_antenna(demo, client):
    client.force_login(User.objects.get(email="coordinator.brussels@demo.duo"))
    today = timezone.localdate()
    html, rows = page(client, period=str(today.year - 1))
    year = today.year - 1
    recount = Recount({Antenna.objects.get(code="brussels").pk}, datetime.date(year, 1, 1),
                      datetime.date(year, 12, 31), today)
    assert "organisation_value" not in next(iter(rows.values()))
    for name in HEADLINES:
        check(html, rows, CODES.get(name, name), getattr(recount, name)())
    for code, expected in recount.outcomes_12m().items():
        check(html, rows, code, expected)
