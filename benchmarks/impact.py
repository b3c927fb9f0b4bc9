"""How the impact snapshot and the dashboard's tables hold up at scale, on data this script builds itself.

    .venv/bin/python benchmarks/impact.py [--duos N] [--keep PATH] [--seed 7]

Prints one JSON line: seeding time, snapshot time, p50/p95 of random dashboard queries and peak memory.
The data are written with raw SQL, chunk by chunk (numpy draws, one executemany per batch), because the ORM
would take hours at a million duos; raw SQL also skips the audit signals, which a benchmark does not want.
Outcomes and the end-of-mentoring survey improve with the number of meetings, so the dose-response and the
before/after figures have something to find.
"""

import argparse
import datetime
import json
import math
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CHUNK = 50_000  # duos generated and written per transaction: keeps memory flat at a million
BATCH = 50_000  # rows per executemany
EPOCH = datetime.date(1940, 1, 1)  # day 0 of the integer dates used while generating (mentors are born after it)
FIRST_MATCH = datetime.date(2019, 1, 1)
YEARLY_GROWTH = 1.15
MENTORING_DAYS = 182
APPLICANTS_PER_DUO = 0.3
DUOS_PER_MENTOR = 2.5
QUERIES = 200
# Six more antennas than the demo's, in its regions: the organisation runs about a dozen.
EXTRA_ANTENNAS = (("namur", "Namur", "wallonia", "Namur", "5000"), ("mons", "Mons", "wallonia", "Mons", "7000"),
                  ("leuven", "Leuven", "flanders", "Leuven", "3000"),
                  ("bruges", "Brugge", "flanders", "Brugge", "8000"),
                  ("schaerbeek", "Schaerbeek", "brussels", "Schaerbeek", "1030"),
                  ("saint-denis", "Saint-Denis", "ile-de-france", "Saint-Denis", "93200"))


def _weights(*pairs):
    """("a", 3, "b", 1) -> values and probabilities, for rng.choice."""
    values, weights = pairs[0::2], np.array(pairs[1::2], dtype=float)
    return np.array(values, dtype=object), weights / weights.sum()


GENDERS = _weights("female", 48, "male", 48, "other", 1, "undisclosed", 3)
EDUCATION = _weights("none", 3, "primary", 7, "lower_secondary", 15, "upper_secondary", 35, "short_higher", 12,
                     "bachelor", 18, "master", 10)
DIPLOMA = _weights("recognised", 15, "pending", 15, "not_recognised", 25, "not_applicable", 45)
UNEMPLOYMENT = _weights("lt6m", 30, "6to12m", 25, "12to24m", 20, "gt24m", 15, "never", 10)
END_REASONS = _weights("job_or_training", 35, "mentee_unavailable", 20, "mentor_unavailable", 10,
                       "relationship", 10, "moved", 8, "health", 7, "other", 10)
JOBS = _weights("job_permanent", 30, "job_fixed_3m", 30, "job_short", 12, "job_temp_agency", 15, "job_student", 5,
                "self_employed", 8)
NOT_JOBS = _weights("training", 25, "internship", 10, "volunteering", 5, "searching", 50, "unknown", 10)
SECTORS = _weights("health_care", 14, "education", 5, "public", 5, "retail", 12, "hospitality", 10,
                   "construction", 8, "industry", 7, "logistics", 12, "ict", 7, "finance", 3, "business", 7,
                   "cleaning", 6, "non_profit", 3, "other", 1)
APPLICANT_STAGES = _weights("withdrawn", 40, "no_response", 25, "not_eligible", 15, "ready", 20)
LEFT_REASONS = _weights("found_job", 30, "not_interested", 20, "no_time", 15, "moved", 10, "health", 10,
                        "unreachable", 10, "other", 5)
NOT_ELIGIBLE_REASONS = _weights("age", 30, "residence", 25, "right_to_work", 20, "profile", 25)
MODES = _weights("in_person", 60, "video", 25, "phone", 15)
SPECIAL = {"nationality_background": ("non_eu_national", 35, "naturalised", 25, "parent_outside_eu", 20,
                                      "grandparent_outside_eu", 5, "eu_background", 5, "undisclosed", 10),
           "origin_region": ("here", 15, "north_africa", 30, "sub_saharan_africa", 25, "middle_east", 10, "asia", 5,
                             "latin_america", 4, "europe_non_eu", 5, "eu", 3, "undisclosed", 3),
           "residence_route": ("family", 25, "refugee", 20, "subsidiary", 8, "work", 5, "study", 7,
                               "regularisation", 5, "citizen", 20, "other", 5, "undisclosed", 5)}
CIPHERTEXTS_PER_VALUE = 8


def _scores(questions, score) -> list[str]:
    """Each response's stored {scale: [sum, count]} (duo.survey.logic.scale_scores), from its row of answers."""
    scales = sorted({scale for _, scale in questions if scale})
    columns = {scale: [i for i, (_, s) in enumerate(questions) if s == scale] for scale in scales}
    sums = {scale: score[:, cols].sum(axis=1).tolist() for scale, cols in columns.items()}
    return [json.dumps({scale: [float(sums[scale][i]), len(columns[scale])] for scale in scales})
            for i in range(score.shape[0])]


class Inserter:
    """One table's INSERT: the given columns take parameters, every other NOT NULL column its model default, as a
    literal in the statement (binding constants once per row would cost as much as the data)."""

    def __init__(self, model, columns: str):
        from django.db import connection

        columns = columns.split()
        fields = {f.attname: f for f in model._meta.concrete_fields}
        quote = connection.schema_editor().quote_value
        names = [fields[c].column for c in columns]
        values = ["%s"] * len(columns)
        for field in model._meta.concrete_fields:
            if field.attname in columns or field.primary_key or field.null:
                continue
            names.append(field.column)
            # Django's SQLite cursor turns %s into ?, so a literal % must be doubled.
            values.append(quote(field.get_db_prep_save(field.get_default(), connection)).replace("%", "%%"))
        qn = connection.ops.quote_name
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(
            qn(model._meta.db_table), ", ".join(qn(n) for n in names), ", ".join(values))

    def insert(self, *columns) -> int:
        """Columns (numpy arrays or lists) of equal length, in the order given to the constructor."""
        from django.db import connection

        rows = list(zip(*(c.tolist() if isinstance(c, np.ndarray) else c for c in columns)))
        with connection.cursor() as cursor:
            for start in range(0, len(rows), BATCH):
                cursor.executemany(self.sql, rows[start:start + BATCH])
        return len(rows)


def _next_id(model) -> int:
    from django.db import connection

    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX({qn(model._meta.pk.column)}) FROM {qn(model._meta.db_table)}")
        return (cursor.fetchone()[0] or 0) + 1


class Reference:
    """What every chunk shares: antennas, occupations, survey questions, waves, ciphertexts and the date tables."""

    def __init__(self, today: datetime.date):
        from django.core.management import call_command

        from duo.demo.names import POOLS
        from duo.demo.places import SPECS, ensure_antennas
        from duo.organisation.models import Antenna, Region
        from duo.people.models import Person
        from duo.reference.models import Occupation
        from duo.survey.models import InstrumentVersion, Question, Wave

        antennas = ensure_antennas()
        regions = {r.code: r for r in Region.objects.all()}
        languages = {spec.code: spec.language for spec in SPECS}
        weights = {spec.code: spec.weight for spec in SPECS}
        for code, name, region, city, postal_code in EXTRA_ANTENNAS:
            antennas[code], _ = Antenna.objects.get_or_create(code=code, defaults={
                "name": name, "region": regions[region], "city": city, "postal_code": postal_code})
            languages[code], weights[code] = ("nl" if region == "flanders" else "fr"), 5
        codes = sorted(antennas)
        self.antenna_ids = np.array([antennas[c].pk for c in codes])
        self.antenna_p = np.array([weights[c] for c in codes], dtype=float)
        self.antenna_p /= self.antenna_p.sum()
        self.antenna_language = np.array([languages[c] for c in codes], dtype=object)
        self.antenna_postal = np.array([antennas[c].postal_code for c in codes], dtype=object)

        self.first_names = np.array(sorted({n for f, m, _ in POOLS.values() for n in f + m}), dtype=object)
        self.last_names = np.array(sorted({n for _, _, last in POOLS.values() for n in last}), dtype=object)
        # Unit groups when the full ISCO file was imported; otherwise the deepest groups built in stand in, so
        # that targets and jobs still spread over the occupation groups the dimensions break figures down by.
        deepest = Occupation.objects.order_by("-level").values_list("level", flat=True).first()
        occupations = list(Occupation.objects.filter(level=deepest).values_list("pk", flat=True)) or [None]
        self.target_occupations = self.job_occupations = np.array(occupations, dtype=object)

        call_command("load_instruments", stdout=sys.stderr)
        self.versions, self.likert = {}, {}
        for kind in ("mentee_baseline", "mentee_end", "mentor_end"):
            version = InstrumentVersion.objects.filter(instrument__kind=kind, status="published").order_by(
                "-number").first()
            self.versions[kind] = version
            self.likert[kind] = list(Question.objects.filter(version=version, type="likert5").order_by(
                "position", "id").values_list("pk", "scale"))

        # Integer days since EPOCH index these; the last entry is None, so index -1 means "no date".
        span = (datetime.date(today.year + 3, 1, 1) - EPOCH).days
        days = [EPOCH + datetime.timedelta(k) for k in range(span)]
        self.day = np.array([d.isoformat() for d in days] + [None], dtype=object)
        self.stamp = np.array([f"{d.isoformat()} 09:30:00" for d in days] + [None], dtype=object)
        self.month = np.array([(d.year - EPOCH.year) * 12 + d.month - 1 for d in days] + [0])
        self.today = (today - EPOCH).days
        months = span // 28
        self.waves = {}
        for kind, version in self.versions.items():
            ids = np.zeros(months, dtype=np.int64)
            for m in range((FIRST_MATCH.year - 1 - EPOCH.year) * 12, months):
                opens_on = datetime.date(EPOCH.year + m // 12, m % 12 + 1, 1)
                if opens_on > datetime.date(today.year + 2, 12, 1):
                    break
                ids[m] = Wave.objects.get_or_create(instrument=version.instrument, opens_on=opens_on)[0].pk
            self.waves[kind] = ids

        self.sealed = {}
        for name, pairs in SPECIAL.items():
            field = Person._meta.get_field(name)
            values, p = _weights(*pairs)
            # A few ciphertexts per value, reused: encrypting a million values would take minutes.
            tokens = np.array([[field.get_prep_value(v) for _ in range(CIPHERTEXTS_PER_VALUE)] for v in values],
                              dtype=object)
            self.sealed[name] = (tokens, p)


class Seeder:
    def __init__(self, ref: Reference, seed: int):
        from duo.barrier.models import Barrier
        from duo.journeys.models import Duo, Meeting, Outcome
        from duo.people.models import ConsentRecord, MenteeProfile, MentorProfile, Person
        from duo.survey.models import Answer, Invitation, Response

        self.ref, self.seed, self.counts = ref, seed, {}
        self.ids = {m: _next_id(m) for m in (Person, MenteeProfile, MentorProfile, Duo, Invitation, Response)}
        self.person = Inserter(Person, "id first_name last_name email date_of_birth gender postal_code antenna_id "
                               "preferred_language nationality_background origin_region residence_route created_at "
                               "updated_at")
        self.mentee = Inserter(MenteeProfile, "id person_id stage applied_on ready_on education_level "
                               "diploma_recognition target_occupation_id unemployment_duration stage_reason "
                               "stage_changed_on")
        self.mentor = Inserter(MentorProfile, "id person_id stage applied_on status training_completed_on max_duos "
                               "stage_changed_on")
        self.duo = Inserter(Duo, "id mentor_id mentee_id antenna_id status language matched_on started_on "
                            "planned_end_on ended_on end_reason created_at")
        self.meeting = Inserter(Meeting, "duo_id held_on duration_minutes mode")
        self.outcome = Inserter(Outcome, "duo_id category horizon observed_on source created_at occupation_id sector "
                                "hours_per_week job_started_on")
        self.invitation = Inserter(Invitation, "id wave_id version_id person_id duo_id antenna_id due_on language "
                                   "token_hash status created_at sent_at expires_at completed_at opted_out_at")
        self.response = Inserter(Response, "id version_id person_id duo_id antenna_id invitation_id source language "
                                 "answered_on submitted_at scores")
        self.answer = Inserter(Answer, "response_id question_id value number")
        self.barrier = Inserter(Barrier, "person_id duo_id kind observed_on stage created_at")
        self.consent = Inserter(ConsentRecord, "person_id purpose granted text_version language channel recorded_at")

    def _take(self, model, n: int) -> np.ndarray:
        first = self.ids[model]
        self.ids[model] += n
        return np.arange(first, first + n)

    def _count(self, key, n):
        self.counts[key] = self.counts.get(key, 0) + n

    def run(self, duos: int, *, log=lambda message: None):
        from django.db import transaction

        started = time.perf_counter()
        for number, first in enumerate(range(0, duos, CHUNK)):
            rng = np.random.default_rng([self.seed, number])
            with transaction.atomic():
                self._chunk(rng, min(CHUNK, duos - first))
            log(f"{first + min(CHUNK, duos - first):>9,} / {duos:,} duos  {time.perf_counter() - started:7.1f} s")
        return self.counts

    # -- one chunk ----------------------------------------------------------------------------------------------

    def _people(self, rng, n, *, antenna, age_low, age_high, born_before, applied, special):
        """Person rows; returns their ids. `born_before`: day index the age is counted at."""
        ref = self.ref
        from duo.people.models import Person

        ids = self._take(Person, n)
        dob = born_before - rng.uniform(age_low * 365.25, age_high * 365.25, n).astype(np.int64)
        gender = rng.choice(GENDERS[0], n, p=GENDERS[1])
        sealed = {}
        for name, (tokens, p) in ref.sealed.items():
            value = rng.choice(len(p), n, p=p)
            column = tokens[value, rng.integers(0, CIPHERTEXTS_PER_VALUE, n)]
            column[~special] = None
            sealed[name] = column
        emails = [f"p{i:09d}@bench.invalid" for i in ids.tolist()]
        language = ref.antenna_language[antenna]
        self.person.insert(ids, ref.first_names[rng.integers(0, len(ref.first_names), n)],
                           ref.last_names[rng.integers(0, len(ref.last_names), n)], emails, ref.day[dob], gender,
                           ref.antenna_postal[antenna], ref.antenna_ids[antenna], language,
                           sealed["nationality_background"], sealed["origin_region"], sealed["residence_route"],
                           ref.stamp[applied], ref.stamp[applied])
        # Special-category data are recorded only with the person's consent.
        with_consent = np.flatnonzero(special)
        self.consent.insert(ids[with_consent], ["special_category"] * len(with_consent), [True] * len(with_consent),
                            ["2024-01"] * len(with_consent), language[with_consent], ["staff"] * len(with_consent),
                            ref.stamp[applied[with_consent]])
        self._count("people", n)
        return ids

    def _mentees(self, rng, person_ids, *, stage, applied, ready, reason, changed):
        from duo.people.models import MenteeProfile

        ref, n = self.ref, len(person_ids)
        ids = self._take(MenteeProfile, n)
        self.mentee.insert(ids, person_ids, stage, ref.day[applied], ref.day[ready],
                           rng.choice(EDUCATION[0], n, p=EDUCATION[1]), rng.choice(DIPLOMA[0], n, p=DIPLOMA[1]),
                           ref.target_occupations[rng.integers(0, len(ref.target_occupations), n)],
                           rng.choice(UNEMPLOYMENT[0], n, p=UNEMPLOYMENT[1]), reason, ref.day[changed])
        return ids

    def _chunk(self, rng, n):
        from duo.journeys.models import Duo
        from duo.people.models import MentorProfile

        ref, today = self.ref, self.ref.today
        first_match = (FIRST_MATCH - EPOCH).days
        span = today - first_match
        # Match dates grow by YEARLY_GROWTH a year: inverse of the exponential's distribution function.
        g = math.log(YEARLY_GROWTH) / 365
        matched = first_match + (np.log1p(rng.random(n) * math.expm1(g * span)) / g).astype(np.int64)

        # Mentors: each takes two or three of the chunk's duos, usually years apart (they re-enrol).
        m = max(1, math.ceil(n / DUOS_PER_MENTOR))
        mentor_of = rng.permutation(np.arange(n) % m)
        mentor_antenna = rng.choice(len(ref.antenna_ids), m, p=ref.antenna_p)
        antenna = mentor_antenna[mentor_of]
        mentor_first = np.full(m, today)
        np.minimum.at(mentor_first, mentor_of, matched)
        mentor_applied = mentor_first - rng.integers(30, 200, m)
        mentor_people = self._people(rng, m, antenna=mentor_antenna, age_low=50, age_high=75,
                                     born_before=mentor_applied, applied=mentor_applied,
                                     special=np.zeros(m, dtype=bool))
        mentor_ids = self._take(MentorProfile, m)
        self.mentor.insert(mentor_ids, mentor_people, ["matched"] * m, ref.day[mentor_applied],
                           np.where(rng.random(m) < 0.7, "retired", "working").astype(object),
                           ref.day[mentor_applied + rng.integers(10, 29, m)], rng.integers(1, 4, m),
                           ref.day[mentor_first])

        # Mentees who got a duo.
        ready = matched - rng.integers(0, 121, n)
        applied = ready - rng.integers(7, 90, n)
        mentee_people = self._people(rng, n, antenna=antenna, age_low=18, age_high=35, born_before=applied,
                                     applied=applied, special=rng.random(n) < 0.4)
        mentee_ids = self._mentees(rng, mentee_people, stage=["matched"] * n, applied=applied, ready=ready,
                                   reason=[""] * n, changed=matched)

        # The duos' course: a week to start, six months planned; recent ones still running.
        started = matched + 7
        planned = started + MENTORING_DAYS
        early = rng.random(n) < 0.15
        ended = np.where(early, started + rng.integers(14, MENTORING_DAYS - 10, n), planned + rng.integers(-5, 15, n))
        over = ended <= today
        status = np.where(started > today, "agreement_signed",
                          np.where(~over, "active", np.where(early, "ended_early", "completed"))).astype(object)
        end_reason = np.where(over & early, rng.choice(END_REASONS[0], n, p=END_REASONS[1]), "").astype(object)
        ended = np.where(over, ended, -1)
        duo_ids = self._take(Duo, n)
        self.duo.insert(duo_ids, mentor_ids[mentor_of], mentee_ids, ref.antenna_ids[antenna], status,
                        ref.antenna_language[antenna], ref.day[matched],
                        ref.day[np.where(started <= today, started, -1)],
                        ref.day[planned], ref.day[ended], end_reason, ref.stamp[matched])
        self._count("duos", n)

        # Meetings: an intended number per duo, of which the share of the six months that actually ran.
        intended = rng.binomial(15, rng.beta(2.0, 2.2, n))
        last = np.where(over, ended, np.minimum(today, planned))
        elapsed = np.clip((last - started) / MENTORING_DAYS, 0, 1)
        meetings = rng.binomial(intended, elapsed)
        total = int(meetings.sum())
        held = np.repeat(started, meetings) + (rng.random(total) * np.repeat(np.maximum(last - started, 1),
                                                                             meetings)).astype(np.int64)
        duration = (rng.integers(1, 7, total) * 30).astype(np.int64)  # 30 to 180 minutes, in half hours
        self._count("meetings", self.meeting.insert(np.repeat(duo_ids, meetings), ref.day[held], duration,
                                                    rng.choice(MODES[0], total, p=MODES[1])))

        self._outcomes(rng, duo_ids, ended, over, meetings)
        self._surveys(rng, duo_ids=duo_ids, mentee_people=mentee_people, mentor_people=mentor_people[mentor_of],
                      antenna=antenna, started=started, ended=ended, over=over, meetings=meetings)
        self._applicants(rng, round(n * APPLICANTS_PER_DUO), first_match)
        self._barriers(rng, mentee_people, applied, duo_ids, started, last)

    def _outcomes(self, rng, duo_ids, ended, over, meetings):
        """End, 6 and 12 months after: 7 in 10 recorded. One latent draw per duo keeps a mentee's horizons
        coherent (a job at 6 months is likelier after a job at the end); more meetings, likelier a job."""
        ref = self.ref
        latent = rng.random(len(duo_ids))
        written = 0
        for horizon, after, bonus in (("end", 0, 0.0), ("6m", 182, 0.45), ("12m", 365, 0.7)):
            observed = ended + after + rng.integers(0, 21, len(duo_ids))
            keep = np.flatnonzero(over & (observed <= ref.today) & (rng.random(len(duo_ids)) < 0.7))
            k = len(keep)
            p_job = 1 / (1 + np.exp(-(-1.7 + 0.13 * meetings[keep] + bonus)))
            job = latent[keep] < p_job
            category = np.where(job, rng.choice(JOBS[0], k, p=JOBS[1]), rng.choice(NOT_JOBS[0], k, p=NOT_JOBS[1]))
            occupation = ref.job_occupations[rng.integers(0, len(ref.job_occupations), k)]
            occupation[~job] = None
            sector = np.where(job, rng.choice(SECTORS[0], k, p=SECTORS[1]), "").astype(object)
            hours = np.where(job, rng.integers(2, 9, k) * 5, 0).astype(object)
            hours[~job] = None
            job_start = np.where(job, observed[keep] - rng.integers(0, 90, k), -1)
            written += self.outcome.insert(duo_ids[keep], category.astype(object), [horizon] * k,
                                           ref.day[observed[keep]], ["coordinator"] * k, ref.stamp[observed[keep]],
                                           occupation, sector, hours, ref.day[job_start])
        self._count("outcomes", written)

    def _surveys(self, rng, *, duo_ids, mentee_people, mentor_people, antenna, started, ended, over, meetings):
        """Half the mentees answer both the baseline and the end survey (so they pair), 4 in 10 mentors the end
        survey. Everyone concerned is invited; the others let the link expire or decline."""
        ref = self.ref
        n = len(duo_ids)
        began = started <= ref.today
        answers_both = rng.random(n) < 0.5
        level = rng.normal(2.6, 0.8, n)
        gain = 0.3 + 0.06 * meetings + rng.normal(0, 0.5, n)
        plans = (("mentee_baseline", began, started, answers_both & began, mentee_people, level),
                 ("mentee_end", over, ended, answers_both & over, mentee_people, level + gain),
                 ("mentor_end", over, ended, (rng.random(n) < 0.4) & over, mentor_people, rng.normal(3.8, 0.7, n)))
        from duo.survey.models import Invitation, Response

        for kind, invited, due, answered, people, mean in plans:
            rows = np.flatnonzero(invited)
            k = len(rows)
            version = ref.versions[kind]
            ids = self._take(Invitation, k)
            done = answered[rows]
            declined = ~done & (rng.random(k) < 0.3)
            answered_on = np.minimum(due[rows] + rng.integers(0, 21, k), ref.today)
            status = np.where(done, "completed", np.where(declined, "opted_out", "pending")).astype(object)
            language = ref.antenna_language[antenna[rows]]
            self.invitation.insert(ids, ref.waves[kind][ref.month[due[rows]]], [version.pk] * k, people[rows],
                                   duo_ids[rows], ref.antenna_ids[antenna[rows]], ref.day[due[rows]], language,
                                   [f"bench{i:059d}" for i in ids.tolist()], status, ref.stamp[due[rows]],
                                   ref.stamp[due[rows]], ref.stamp[due[rows] + 30],
                                   ref.stamp[np.where(done, answered_on, -1)],
                                   ref.stamp[np.where(declined, answered_on, -1)])
            self._count("invitations", k)

            who = np.flatnonzero(done)
            r = len(who)
            questions = ref.likert[kind]
            q = len(questions)
            # Satisfaction is asked about the mentoring itself: high whatever the starting point.
            centre = np.array([[4.1 if scale == "satisfaction" else 0.0 for _, scale in questions]])
            base = np.where(centre > 0, centre, mean[rows[who]][:, None])
            score = np.clip(np.rint(base + rng.normal(0, 0.8, (r, q))), 1, 5).astype(np.int64)

            response_ids = self._take(Response, r)
            self.response.insert(response_ids, [version.pk] * r, people[rows[who]], duo_ids[rows[who]],
                                 ref.antenna_ids[antenna[rows[who]]], ids[who], ["link"] * r, language[who],
                                 ref.day[answered_on[who]], ref.stamp[answered_on[who]], _scores(questions, score))
            self._count("responses", r)
            score = score.ravel()
            self._count("answers", self.answer.insert(
                np.repeat(response_ids, q), np.tile([pk for pk, _ in questions], r),
                np.array([None] + [json.dumps(str(v)) for v in range(1, 6)], dtype=object)[score],
                score.astype(float)))

    def _applicants(self, rng, a, first_match):
        """Mentees who never got a duo: they left, were not eligible, or are still waiting."""
        ref = self.ref
        applied = rng.integers(first_match - 60, ref.today - 7, a)
        antenna = rng.choice(len(ref.antenna_ids), a, p=ref.antenna_p)
        people = self._people(rng, a, antenna=antenna, age_low=18, age_high=35, born_before=applied, applied=applied,
                              special=rng.random(a) < 0.4)
        stage = rng.choice(APPLICANT_STAGES[0], a, p=APPLICANT_STAGES[1])
        reason = np.where(stage == "not_eligible", rng.choice(NOT_ELIGIBLE_REASONS[0], a, p=NOT_ELIGIBLE_REASONS[1]),
                          np.where(stage == "ready", "", rng.choice(LEFT_REASONS[0], a, p=LEFT_REASONS[1])))
        reason = np.where(stage == "no_response", "unreachable", reason).astype(object)
        changed = np.minimum(applied + rng.integers(5, 150, a), ref.today)
        ready = np.where(stage == "ready", changed, -1)
        self._mentees(rng, people, stage=stage, applied=applied, ready=ready, reason=reason, changed=changed)
        self._count("applicants", a)
        self._barriers(rng, people, applied, None, None, None)

    def _barriers(self, rng, people, applied, duo_ids, started, last):
        """3 in 10 mentees name one to three barriers at intake; a fifth of a duo's come up during it."""
        from duo.barrier.models import BarrierKind

        ref = self.ref
        kinds = np.array(BarrierKind.values, dtype=object)
        weight = np.where(np.char.startswith(kinds.astype(str), "discrimination_"), 0.5, 1.0)
        weight[list(kinds).index("language")] = weight[list(kinds).index("no_network")] = 3.0
        who = np.flatnonzero(rng.random(len(people)) < 0.3)
        k = len(who)
        # Gumbel-top-k: distinct kinds per person, drawn by weight.
        ranked = np.argsort(-(np.log(weight) + rng.gumbel(size=(k, len(kinds)))), axis=1)[:, :3]
        count = rng.integers(1, 4, k)
        take = np.arange(3)[None, :] < count[:, None]
        person_of = np.repeat(who, count)
        kind = kinds[ranked[take]]
        during = np.zeros(len(person_of), dtype=bool) if duo_ids is None else rng.random(len(person_of)) < 0.2
        if duo_ids is not None:
            during &= last[person_of] > started[person_of]
        observed = applied[person_of].copy()
        duo = np.full(len(person_of), None, dtype=object)
        if duo_ids is not None and during.any():
            d = person_of[during]
            observed[during] = started[d] + (rng.random(len(d)) * (last[d] - started[d])).astype(np.int64)
            duo[during] = duo_ids[d]
        self._count("barriers", self.barrier.insert(people[person_of], duo, kind, ref.day[observed],
                                                    np.where(during, "follow_up", "intake").astype(object),
                                                    ref.stamp[observed]))


# -- the measured part --------------------------------------------------------------------------------------------


def measure(*, queries: int, seed: int) -> dict:
    """Take a snapshot, load it, and time `queries` random public dashboard tables on it."""
    import random

    from duo.impact import dimensions, indicators, snapshot, tables

    started = time.perf_counter()
    taken = snapshot.snapshot_take()
    snapshot_s = time.perf_counter() - started
    started = time.perf_counter()
    frames = snapshot.load(taken)
    load_s = time.perf_counter() - started
    rng = random.Random(seed)
    # Indicators have no `restricted` flag today; the check keeps the benchmark honest if one appears.
    public_indicators = sorted(k for k, i in indicators.INDICATORS.items() if not getattr(i, "restricted", False))
    public_dimensions = sorted(k for k, d in dimensions.DIMENSIONS.items() if not d.restricted)
    # The values a filter can take: those the snapshot holds, as the dashboard's menus offer them.
    values = {k: sorted(map(str, frames.duos[dimensions.DIMENSIONS[k].column].drop_nulls().unique().to_list()))
              for k in public_dimensions}
    timings = []
    for _ in range(queries):
        indicator = rng.choice(public_indicators)
        by = rng.sample(public_dimensions, rng.randint(0, 2))
        filters = {}
        others = [k for k in public_dimensions if k not in by and values[k]]
        if others and rng.random() < 0.5:
            dimension = rng.choice(others)
            filters[dimension] = rng.choice(values[dimension])
        began = time.perf_counter()
        tables.table(frames, indicator=indicator, by=by, filters=filters, public=True)
        timings.append((time.perf_counter() - began) * 1000)
    cuts = statistics.quantiles(timings, n=20, method="inclusive")
    return {"snapshot_s": round(snapshot_s, 1), "load_s": round(load_s, 1),
            "query_p50_ms": round(statistics.median(timings), 1), "query_p95_ms": round(cuts[18], 1),
            "query_max_ms": round(max(timings), 1), "queries": queries, "rows": frames.duos.height,
            "applicant_rows": frames.applicants.height, "snapshot_mb": round(taken.size_bytes / 2**20, 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duos", type=int, default=1_000_000)
    parser.add_argument("--keep", help="a SQLite file to reuse between runs (seeded only up to --duos)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--queries", type=int, default=QUERIES)
    parser.add_argument("--seed-only", action="store_true", help="build the data and stop (no snapshot)")
    parser.add_argument("--database-url", help="a PostgreSQL database to fill instead of a throw-away SQLite file "
                                               "(e.g. postgres://postgres@127.0.0.1:5432/impactbench; emptied first "
                                               "unless --keep is given)")
    args = parser.parse_args()

    db_path = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="duo-bench-")) / "impact.sqlite3"
    db_path.parent.mkdir(parents=True, exist_ok=True)
    # Set before Django reads its settings: the benchmark never touches the developer's database or snapshots.
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{db_path}"
    os.environ["IMPACT_SNAPSHOT_DIR"] = str(db_path.parent / "snapshots")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))

    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection, connections
    from django.utils import timezone

    from duo.journeys.models import Duo

    results = {"duos": args.duos}
    database = "sqlite"
    try:
        if args.database_url and not args.keep:
            call_command("flush", verbosity=0, interactive=False)
        call_command("migrate", verbosity=0, interactive=False)
        missing = args.duos - Duo.objects.count()
        started = time.perf_counter()
        if missing > 0:
            with connection.cursor() as cursor:
                if connection.vendor == "sqlite":
                    # A throw-away file: no fsync, and a page cache big enough for the indexes being filled.
                    cursor.execute("PRAGMA synchronous=OFF")
                    cursor.execute("PRAGMA cache_size=-262144")
                else:
                    cursor.execute("SET synchronous_commit = off")
            seeder = Seeder(Reference(timezone.localdate()), args.seed + Duo.objects.count())
            results.update(seeder.run(missing, log=lambda message: print(message, file=sys.stderr)))
        results["seed_s"] = round(time.perf_counter() - started, 1)
        results["seed_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        # The measured part starts on a fresh connection, with the settings' own pragmas.
        database = connection.vendor
        if database == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        connections.close_all()
        if not args.seed_only:
            results.update(measure(queries=args.queries, seed=args.seed))
    finally:
        connections.close_all()
        if not args.keep:
            import shutil

            shutil.rmtree(db_path.parent, ignore_errors=True)
    print(json.dumps({"benchmark": "impact", **results, "database": database,
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))


if __name__ == "__main__":
    main()
