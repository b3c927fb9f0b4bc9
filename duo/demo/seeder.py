"""Builds the demo organisation: antennas, staff logins, and years of mentees, mentors and duos.

Duos are generated in match-date order, in chunks written in one transaction each, so memory stays
flat however many duos are asked for. Mentors wait in a per-antenna queue between duos, which is
how one mentor ends up with several duos over the years (8 in 10 re-enrol).
"""

import datetime
import heapq
import math
import random
import time

from django.contrib.auth.password_validation import validate_password
from django.db import connection, transaction
from django.utils import timezone

from duo.accounts.models import User
from duo.journeys.models import Duo, Meeting, Outcome
from duo.people.models import MenteeProfile, MentorProfile, Person, PersonLanguage

from duo.people.models import phone_digits
from duo.survey.loading import load_missing

from . import (acceptance, barriers, careerplan, credentials, followup, matching, peerexchange, pipeline, sessions,
               surveys, testimonies, transitions)
from .intake import IntakeRows, IntakeTables
from .bulk import Table, reset_sequences
from .draw import Dist, at_ten, days
from .journeys import plan, with_job_details
from .persons import PersonMaker, working_languages
from . import advocacy, impact, publications
from .places import SPECS, Addresses, ensure_antennas

FIRST_MATCH = datetime.date(2019, 1, 1)
YEARLY_GROWTH = 1.15
RE_ENROL = 0.8
MAX_DUOS_PER_SLOT = 10  # even the most faithful mentors stop some day
CHUNK = 5000  # duos per transaction: big enough to amortise commits, small enough to keep memory flat
# Past applicants who never reached a duo, per duo formed.
MENTEE_DROPOUTS, MENTOR_DROPOUTS = 0.25, 0.06


def ensure_staff(antennas) -> dict[str, int]:
    """The demo logins; returns the coordinator's user id per antenna code."""
    coordinators = {}
    for login in credentials.LOGINS:
        user = User.objects.filter(email__iexact=login.email).first()
        if user is None:
            user = User(email=login.email, full_name=login.full_name, role=login.role, language=login.language)
            validate_password(login.password, user)
            user.set_password(login.password)
            user.save()
            user.antennas.set([antennas[code] for code in login.antennas])
        for code in login.antennas:
            if login.role == "coordinator":
                coordinators[code] = user.pk
    return coordinators


class Seeder:
    def __init__(self, duos: int, seed: int, today: datetime.date | None = None, log=None):
        self.n = duos
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.log = log or (lambda message: None)
        # Per antenna, a heap of mentors' free slots: (free from, tie-break, mentor id, languages, duos done).
        self.pools = {spec.code: [] for spec in SPECS}
        self.seq = 0
        self.recent = {spec.code: 0 for spec in SPECS}  # duos matched in the last year, per antenna
        self.quiet = set()  # antennas that already have a quiet duo
        self.counts = {"people": 0, "duos": 0, "meetings": 0, "outcomes": 0}

    # -- dates -------------------------------------------------------------------------------------

    def matched_on(self, i: int) -> datetime.date:
        """The i-th match date: stratified, so dates rise with i, and denser in recent years."""
        span = (self.today - FIRST_MATCH).days
        g = math.log(YEARLY_GROWTH) / 365
        u = (i + self.rng.random()) / self.n
        return FIRST_MATCH + days(math.log1p(u * math.expm1(g * span)) / g)

    # -- the run -----------------------------------------------------------------------------------

    def run(self):
        started = time.monotonic()
        self.antennas = ensure_antennas()
        self.accepts = matching.plan_accepts(self, self.n)
        self.n -= sum(self.accepts.values())  # last week's matching meetings make the other duos
        self.code_of = {a.pk: code for code, a in self.antennas.items()}
        self.coordinators = ensure_staff(self.antennas)
        self.specs = {spec.code: spec for spec in SPECS}
        self.antenna_dist = Dist({spec.code: spec.weight for spec in SPECS})
        self.maker = PersonMaker(self.rng, Addresses())
        self.tables = Tables()
        try:
            for first in range(0, self.n, CHUNK):
                with transaction.atomic():
                    self._chunk(first, min(first + CHUNK, self.n))
                if self.n > CHUNK:
                    self.log(f"{min(first + CHUNK, self.n):>9,} / {self.n:,} duos  "
                             f"{time.monotonic() - started:7.1f} s")
            with transaction.atomic():
                batch = Batch(self)
                pipeline.open_pipeline(self, batch)
                batch.write()
                self.counts["ready_mentors"] = pipeline.idle_mentors_ready(self)
                self.counts.update(matching.top_up(self, Batch(self)))
                self.counts.update(sessions.sessions(self))
                self.counts.update(barriers.barriers(self))
                self.counts.update(followup.checkins(self))
                self.counts.update(peerexchange.sessions(self))
                self.counts.update(careerplan.goals(self))
                self.counts.update(transitions.transitions(self))
                self.counts.update(acceptance.answers(self))  # after transitions: it reads the introductions' dates
                self.counts["survey_instruments"] = len(load_missing())
                self.counts.update(surveys.surveys(self))  # after the instruments: it invites and answers
                self.counts.update(testimonies.testimonies(self))
        finally:
            reset_sequences(self.tables.models())
        for key, value in matching.last_meetings(self).items():
            self.counts[key] = self.counts.get(key, 0) + value
        # Fresh statistics after a bulk load, so that the query planner picks the stage and
        # antenna indexes the staff pages rely on (measured: staff home 270 → 90 ms at 200,000 duos).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.counts.update(impact.impact(self))  # it freezes everything above
        self.counts.update(publications.publications(self))  # on that snapshot
        self.counts.update(advocacy.advocacy(self))  # cites that snapshot and the report
        return self.counts

    def _chunk(self, first, last):
        batch = Batch(self)
        for i in range(first, last):
            day = self.matched_on(i)
            if i >= self.n - 3:
                # This week's matching meeting: a few introductions are always still to come.
                day = max(day, self.today - days(self.rng.randint(0, 3)))
            self._duo(batch, day)
            if self.rng.random() < MENTEE_DROPOUTS:
                pipeline.dropout(self, batch, day, "mentee")
            if self.rng.random() < MENTOR_DROPOUTS:
                pipeline.dropout(self, batch, day, "mentor")
        batch.write()

    def _take_mentor(self, batch, spec, day):
        pool = self.pools[spec.code]
        if pool and pool[0][0] <= day:
            _, _, mentor_id, langs, done = heapq.heappop(pool)
            return mentor_id, langs, done
        applied_on = day - days(self.rng.randint(40, 120))
        person, fields, languages = self.maker.mentor(spec, self.antennas[spec.code], applied_on)
        fields["training_completed_on"] = day - days(self.rng.randint(5, 30))
        fields["stage_changed_on"] = day
        mentor_id = batch.mentor(person, fields, languages, stage="matched")
        langs = working_languages(languages)
        for _ in range(fields["max_duos"] - 1):
            self._release(spec.code, mentor_id, langs, 0, day + days(self.rng.randint(20, 120)))
        return mentor_id, langs, 0

    def _release(self, code, mentor_id, langs, done, free_on):
        self.seq += 1
        heapq.heappush(self.pools[code], (free_on, self.seq, mentor_id, langs, done))

    def _duo(self, batch, day):
        rng = self.rng
        spec = self.specs[self.antenna_dist.draw(rng)]
        mentor_id, langs, done = self._take_mentor(batch, spec, day)
        language = spec.language if spec.language in langs else next(
            (lang for lang in ("fr", "nl", "en") if lang in langs), spec.language)
        if spec.code == "brussels" and "nl" in langs and rng.random() < .15:
            language = "nl"
        if "en" in langs and rng.random() < .05:
            language = "en"
        # At least one quiet duo per antenna, so that the staff home always has one to flag.
        journey = plan(rng, day, self.today, language, force_quiet=spec.code not in self.quiet)
        if journey.quiet:
            self.quiet.add(spec.code)
        ready_on = day - days(rng.randint(5, 30))
        person, fields, languages = self.maker.mentee(spec, self.antennas[spec.code], ready_on - days(
            rng.randint(10, 45)), duo_language=language)
        stage = "matched"
        if journey.status == "refused":
            stage = "ready" if journey.ended_on > self.today - days(60) else "withdrawn"
            if stage == "ready":
                ready_on = min(self.today, journey.ended_on + days(rng.randint(1, 5)))
        moved_on = {"matched": day, "ready": ready_on}.get(stage) or journey.ended_on
        reason = "not_interested" if stage == "withdrawn" else ""
        mentee_id = batch.mentee(person, dict(fields, ready_on=ready_on, stage_changed_on=moved_on), languages,
                                 stage=stage, reason=reason)
        if journey.status == "refused":
            self._release(spec.code, mentor_id, langs, done, journey.free_on)
        elif done + 1 < MAX_DUOS_PER_SLOT and rng.random() < RE_ENROL:
            self._release(spec.code, mentor_id, langs, done + 1, journey.free_on + days(rng.randint(14, 90)))
        if day >= self.today - days(365):
            self.recent[spec.code] += 1
        batch.duo(spec.code, mentor_id, mentee_id, language, journey)


PERSON_COLUMNS = (
    "id", "first_name", "last_name", "email", "phone", "date_of_birth", "gender", "gender_self_described",
    "postal_code", "municipality_id", "antenna_id", "preferred_language", "nationality_background",
    "origin_region", "residence_route", "created_at", "updated_at", "phone_digits",
)
MENTEE_COLUMNS = (
    "id", "person_id", "stage", "applied_on", "ready_on", "education_level", "diploma_recognition",
    "target_occupation_id", "no_precise_plan", "employment_service", "unemployment_duration", "availability",
    "expectations", "stage_changed_on", "stage_reason",
)
MENTOR_COLUMNS = (
    "id", "person_id", "stage", "applied_on", "career_occupation_id", "status", "max_duos", "training_completed_on",
    "availability", "strengths", "stage_changed_on", "stage_reason",
)
DUO_COLUMNS = (
    "id", "mentor_id", "mentee_id", "antenna_id", "status", "language", "matched_on", "started_on",
    "planned_end_on", "ended_on", "end_reason", "created_at",
)


class Tables:
    def __init__(self):
        self.person = Table(Person, PERSON_COLUMNS)
        self.language = Table(PersonLanguage, ("person_id", "language", "level"))
        self.mentee = Table(MenteeProfile, MENTEE_COLUMNS)
        self.mentor = Table(MentorProfile, MENTOR_COLUMNS)
        self.duo = Table(Duo, DUO_COLUMNS)
        self.meeting = Table(Meeting, ("duo_id", "held_on", "duration_minutes", "mode", "note"))
        self.outcome = Table(Outcome, ("duo_id", "category", "horizon", "observed_on", "source", "recorded_by_id",
                                       "created_at", "occupation_id", "sector", "hours_per_week",
                                       "job_started_on"))
        self.intake = IntakeTables()

    def models(self):
        return [t.model for t in vars(self).values() if isinstance(t, Table)] + self.intake.models()


class Batch:
    """One chunk's rows as tuples, with ids allocated as they are drawn, written in dependency order."""

    def __init__(self, seeder):
        self.seeder = seeder
        self.t = seeder.tables
        self.now = timezone.now()
        self.intake = IntakeRows(seeder, self.t.intake)
        self._clear()

    def _clear(self):
        self.people, self.languages, self.mentees, self.mentors = [], [], [], []
        self.duos, self.meetings, self.outcomes = [], [], []

    def _person(self, person, languages):
        person_id = self.t.person.next_id()
        person.update(id=person_id, updated_at=self.now, phone_digits=phone_digits(person["phone"]))
        self.people.append(tuple(person[c] for c in PERSON_COLUMNS))
        self.languages.extend((person_id, lang, level) for lang, level in languages.items())
        return person_id

    def mentee(self, person, fields, languages, stage, reason=""):
        fields.update(id=self.t.mentee.next_id(), person_id=self._person(person, languages), stage=stage,
                      stage_reason=reason)
        fields.setdefault("ready_on", None)
        fields.setdefault("stage_changed_on", fields["ready_on"] or fields["applied_on"])
        self.intake.add("mentee", person, fields, languages, stage, reason)
        self.mentees.append(tuple(fields[c] for c in MENTEE_COLUMNS))
        return fields["id"]

    def mentor(self, person, fields, languages, stage, reason=""):
        fields.update(id=self.t.mentor.next_id(), person_id=self._person(person, languages), stage=stage,
                      stage_reason=reason)
        fields.setdefault("training_completed_on", None)
        fields.setdefault("stage_changed_on", fields["applied_on"])
        self.intake.add("mentor", person, fields, languages, stage, reason)
        self.mentors.append(tuple(fields[c] for c in MENTOR_COLUMNS))
        return fields["id"]

    def duo(self, antenna_code, mentor_id, mentee_id, language, j):
        duo_id = self.t.duo.next_id()
        self.duos.append((
            duo_id, mentor_id, mentee_id, self.seeder.antennas[antenna_code].pk, j.status, language, j.matched_on,
            j.started_on, j.planned_end_on, j.ended_on, j.end_reason, at_ten(j.matched_on),
        ))
        self.meetings.extend((duo_id, *meeting) for meeting in j.meetings)
        coordinator = self.seeder.coordinators.get(antenna_code)
        self.outcomes.extend(
            (duo_id, category, horizon, observed_on, source, coordinator if source == "coordinator" else None,
             at_ten(observed_on), *job)
            for category, horizon, observed_on, source, *job in with_job_details(
                duo_id, self.seeder.maker.mentee_occupations, j.outcomes)
        )

    def write(self):
        t, counts = self.t, self.seeder.counts
        counts["people"] += t.person.insert(self.people)
        t.language.insert(self.languages)
        self.intake.write()
        t.mentee.insert(self.mentees)
        t.mentor.insert(self.mentors)
        counts["duos"] += t.duo.insert(self.duos)
        counts["meetings"] += t.meeting.insert(self.meetings)
        counts["outcomes"] += t.outcome.insert(self.outcomes)
        self._clear()

    def write_if_large(self, people=20_000):
        """For long runs of people without duos (today's pipeline at a million duos)."""
        if len(self.people) >= people:
            self.write()
