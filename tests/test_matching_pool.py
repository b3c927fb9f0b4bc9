"""The pool a matching meeting starts from: who is in it, what the engine sees of them, and what it never reads."""

import datetime

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from encrypted_fields.fields import EncryptedFieldMixin

from duo.journeys.models import Duo
from duo.matching import types as t
from duo.matching.keys import person_key
from duo.matching.models import Decision
from duo.matching.pool import build_pool, project
from duo.reference.models import Occupation

from .factories import DuoFactory
from .factories_matching import (DecisionFactory, PairBlockFactory, ProposalFactory, RunFactory, brussels_places,
                                 ready_mentee, ready_mentor)


@pytest.fixture
def run(antenna):
    return RunFactory(antenna=antenna)


def test_the_pool_holds_ready_mentees_without_a_duo_and_mentors_with_a_free_place(antenna, other_antenna, run):
    waiting = ready_mentee(antenna)
    ready_mentee(other_antenna)  # another antenna's meeting
    ready_mentee(antenna, stage="intake_done")  # not ready yet
    busy = ready_mentee(antenna)
    free = ready_mentor(antenna)
    matched_with_room = ready_mentor(antenna, stage="matched", max_duos=2)
    full = ready_mentor(antenna, stage="matched")
    ready_mentor(antenna, stage="training_done")
    DuoFactory(antenna=antenna, mentee=busy, mentor=full, status="introduction_planned")
    DuoFactory(antenna=antenna, mentor=matched_with_room, status="active", mentee__stage="matched")
    DuoFactory(antenna=antenna, mentor=free, status="completed", mentee__stage="matched")  # past: no place taken

    pool, index = build_pool(run=run)

    assert index.mentee_ids == [waiting.pk]
    assert sorted(index.mentor_ids) == sorted([free.pk, matched_with_room.pk])
    capacity = dict(zip(index.mentor_ids, pool.mentors.capacity.tolist()))
    experience = dict(zip(index.mentor_ids, pool.mentors.experience.tolist()))
    assert capacity == {free.pk: 1, matched_with_room.pk: 1}
    assert experience == {free.pk: 1, matched_with_room.pk: 1}


def test_what_the_engine_sees_of_a_mentee_and_a_mentor(antenna, run):
    brussels_places()
    unit = Occupation.objects.filter(level__gte=2).order_by("code").first()
    mentee = ready_mentee(
        antenna, languages={"fr": "B2", "ar": "native", "nl": "A2", "other": "native"},
        availability=["mon_am", "sat_eve"], ready_days=45, goals=["cv", "network"], interests=["music", "sport"], working_style=["direct"],
        target_occupation=unit, preferred_mentor_gender="female", preference_required=True,
        person__postal_code="1080", person__gender="male",
    )
    mentor = ready_mentor(
        antenna, languages={"fr": "native", "en": "C1"}, availability=["mon_am"], strength_areas=["orientation"],
        interests=["music"], working_style=["structured", "direct"], person__postal_code="9999",
        person__gender="female", max_duos=2,
    )

    pool, index = build_pool(run=run)
    a, b = pool.mentees, pool.mentors

    # fr B2, nl A2, ar native; "another language" is no language in common with anyone
    assert a.levels[0].tolist() == [4, 2, 0, 0, 7, 0, 0, 0, 0, 0]
    assert a.availability[0] == (1 << t.SLOTS.index("mon_am")) | (1 << t.SLOTS.index("sat_eve"))
    assert a.goals[0] == 0b101 and a.interests[0] == (1 << 3) | 1 and a.styles[0] == 1 << 2
    assert (a.isco_code[0], a.isco_digits[0]) == (int(unit.code), len(unit.code))
    assert a.days_waiting[0] == 45 and not a.no_plan[0]
    assert (a.gender[0], a.pref_gender[0], bool(a.pref_required[0])) == (2, 1, True)
    assert (a.x_km[0], a.y_km[0]) == pytest.approx(project(50.8549, 4.3220))
    assert b.strengths[0] == 1 << 3 and b.capacity[0] == 2 and b.gender[0] == 1
    assert np.isnan(b.x_km[0]) and np.isnan(b.y_km[0])  # a postal code with no known place
    assert a.antenna[0] == b.antenna[0] == antenna.pk
    assert index.mentee_person_ids == [mentee.person_id] and index.mentor_person_ids == [mentor.person_id]


def test_the_projection_gives_real_distances_in_km():
    brussels, liege = project(50.8467, 4.3525), project(50.6326, 5.5797)
    assert np.hypot(brussels[0] - liege[0], brussels[1] - liege[1]) == pytest.approx(89, abs=3)


def test_a_preference_is_a_condition_only_when_ticked_and_given(antenna, run):
    ready_mentee(antenna, preferred_mentor_gender="female")
    ready_mentee(antenna, preference_required=True)  # ticked without a preference: nothing to require
    pool, _ = build_pool(run=run)
    assert pool.mentees.pref_gender.tolist() == [1, 0]
    assert pool.mentees.pref_required.tolist() == [False, False]


def test_pairs_never_to_propose_and_pairs_locked(antenna, run, coordinator):
    m1, m2, m3 = ready_mentee(antenna), ready_mentee(antenna), ready_mentee(antenna)
    t1, t2, t3 = ready_mentor(antenna), ready_mentor(antenna), ready_mentor(antenna)
    PairBlockFactory(mentee_key=person_key(m1.person_id), mentor_key=person_key(t1.person_id))
    PairBlockFactory(mentee_key=person_key(t2.person_id), mentor_key=person_key(m2.person_id))  # sides reversed
    DecisionFactory(run=run, mentee=m2, mentor=t3, action=Decision.Action.REJECT)
    DecisionFactory(run=RunFactory(antenna=antenna), mentee=m3, mentor=t3)  # another meeting's rejection
    DuoFactory(antenna=antenna, mentee=m3, mentor=t2, status="ended_early", end_reason="relationship",
               ended_on=datetime.date(2026, 3, 1))
    DuoFactory(antenna=antenna, mentee=m3, mentor=t1, status="ended_early", end_reason="moved",
               ended_on=datetime.date(2026, 3, 1))
    ProposalFactory(run=run, mentee=m1, mentor=t2, status="locked")
    ProposalFactory(run=run, mentee=m2, mentor=t1, status="proposed")

    pool, index = build_pool(run=run)
    i, j = index.mentee_at, index.mentor_at

    assert sorted(map(tuple, pool.blocked.tolist())) == sorted([(i[m1.pk], j[t1.pk]), (i[m2.pk], j[t3.pk]),
                                                                (i[m3.pk], j[t2.pk])])
    assert pool.locked.tolist() == [[i[m1.pk], j[t2.pk]]]


def test_an_accepted_proposal_leaves_the_pool(antenna, run):
    mentee, mentor = ready_mentee(antenna), ready_mentor(antenna, max_duos=2)
    duo = DuoFactory(antenna=antenna, mentee=mentee, mentor=mentor, status="introduction_planned")
    ProposalFactory(run=run, mentee=mentee, mentor=mentor, status="accepted", duo=duo)
    pool, index = build_pool(run=run)
    assert index.mentee_ids == [] and pool.mentors.capacity.tolist() == [1]


@pytest.fixture
def special_category_unreadable(monkeypatch):
    """Any attempt to decrypt a special-category value fails the test."""

    def refuse(self, value, expression, connection):
        raise AssertionError(f"special-category field {self.name} was read")

    monkeypatch.setattr(EncryptedFieldMixin, "from_db_value", refuse)


def test_the_pool_never_reads_special_category_data(antenna, run, special_category_unreadable):
    for origin in ("north_africa", "asia", "here"):
        ready_mentee(antenna, person__origin_region=origin, person__residence_route="refugee")
        ready_mentor(antenna, person__nationality_background="eu_background")
    with CaptureQueriesContext(connection) as queries:
        pool, index = build_pool(run=run)
    assert len(index.mentee_ids) == 3 and len(index.mentor_ids) == 3
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    for column in ("origin_region", "residence_route", "nationality_background"):
        assert column not in sql
    assert not {f.name for cls in (t.Mentees, t.Mentors) for f in cls.__dataclass_fields__.values()} & {
        "origin", "origin_region", "nationality", "residence_route"}


@pytest.mark.parametrize("size", [3, 30])
def test_building_the_pool_takes_the_same_handful_of_queries_whatever_its_size(antenna, run, size,
                                                                                django_assert_max_num_queries):
    brussels_places()
    for k in range(size):
        mentee = ready_mentee(antenna, person__postal_code=("1000", "1080", "1030")[k % 3])
        mentor = ready_mentor(antenna, languages={"fr": "native", "nl": "B2"})
        if k % 5 == 0:
            PairBlockFactory(mentee_key=person_key(mentee.person_id), mentor_key=person_key(mentor.person_id))
            DuoFactory(antenna=antenna, mentee=mentee, mentor=mentor, status="refused")
    with django_assert_max_num_queries(10):
        pool, index = build_pool(run=run)
    assert len(index.mentee_ids) == size
    assert len(pool.blocked) == (size + 4) // 5
    assert not np.isnan(pool.mentees.x_km).any()
    assert Duo.objects.count() == (size + 4) // 5


def test_the_intake_interview_records_the_preference_the_pool_reads(client, coordinator, antenna, run):
    mentee = ready_mentee(antenna)
    data = {"held_on": datetime.date.today().isoformat(), "no_precise_plan": "on", "lang_fr": "B2",
            "preferred_mentor_gender": "female"}
    client.force_login(coordinator)
    url = f"/en/staff/intake/people/{mentee.person_id}/mentee/interview/"
    refused = client.post(url, {**data, "preferred_mentor_gender": "", "preference_required": "on"})
    assert refused.status_code == 200 and b"preferred mentor gender it is about" in refused.content
    assert client.post(url, {**data, "preference_required": "on"}).status_code == 302
    pool, _ = build_pool(run=run)
    assert (pool.mentees.pref_gender[0], bool(pool.mentees.pref_required[0])) == (1, True)
