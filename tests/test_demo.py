"""The demo organisation that `make run` loads: reproducible, believable, and usable by every role."""

import io
from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import F, Q
from django.test import RequestFactory
from django.utils import timezone

from duo.accounts.models import User
from duo.demo.credentials import LOGINS
from duo.demo.places import SPECS
from duo.journeys import choices as jc
from duo.journeys.models import Duo, Meeting, Outcome
from duo.people import choices as pc
from duo.people.models import MenteeProfile, MentorProfile, Person
from duo.staff import queries

EMPLOYMENT_SERVICE = {"brussels": "actiris", "wallonia": "forem", "flanders": "vdab", "ile-de-france": "france_travail"}


def seed(duos, seed=7, **options):
    out = io.StringIO()
    call_command("seed_demo", duos=duos, seed=seed, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def snapshot():
    people = Person.objects.order_by("pk")
    return {
        "people": list(people.values_list("first_name", "last_name", "date_of_birth", "gender", "postal_code",
                                          "antenna__code")),
        "origins": [p.origin_region for p in people.only("origin_region")],
        "mentees": list(MenteeProfile.objects.order_by("pk").values_list("stage", "applied_on", "ready_on",
                                                                         "diploma_recognition")),
        "duos": list(Duo.objects.order_by("pk").values_list("status", "matched_on", "started_on", "ended_on",
                                                           "end_reason", "mentor__person__last_name")),
        "outcomes": list(Outcome.objects.order_by("pk").values_list("category", "horizon", "observed_on")),
        "meetings": Meeting.objects.count(),
    }


@pytest.fixture(scope="module")
def organisation(django_db_setup, django_db_blocker):
    """One 400-duo organisation shared by the read-only tests below, rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed(400, seed=11)
        yield
        transaction.set_rollback(True)


def share(values, predicate):
    values = list(values)
    return sum(1 for v in values if predicate(v)) / len(values)


def test_the_same_seed_builds_the_same_organisation(db):
    with transaction.atomic():
        seed(60)
        first = snapshot()
        transaction.set_rollback(True)
    assert not Person.objects.exists()
    seed(60)
    assert snapshot() == first
    assert len(first["duos"]) == 60


def test_another_seed_builds_other_people(db):
    with transaction.atomic():
        seed(30, seed=1)
        first = snapshot()["people"]
        transaction.set_rollback(True)
    seed(30, seed=2)
    assert snapshot()["people"] != first


def test_if_empty_leaves_a_loaded_database_alone(db):
    seed(30)
    before = (Person.objects.count(), Duo.objects.count(), User.objects.count())
    assert "not loaded" in seed(30, if_empty=True)
    assert (Person.objects.count(), Duo.objects.count(), User.objects.count()) == before
    with pytest.raises(CommandError):
        seed(30)


def test_every_demo_login_works_and_is_printed(db):
    seed(20)
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    printed = out.getvalue()
    roles = set()
    for login in LOGINS:
        request = RequestFactory().post("/accounts/login/")
        user = authenticate(request, username=login.email, password=login.password)
        assert user is not None, login.email
        assert user.role == login.role
        assert sorted(user.antennas.values_list("code", flat=True)) == sorted(login.antennas)
        assert login.email in printed and login.password in printed
        roles.add(login.role)
    assert roles == {"administrator", "coordinator", "officer", "researcher", "viewer"}


def test_demo_logins_says_so_when_there_are_none(db):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    assert "No demo logins" in out.getvalue()


def test_outcomes_match_the_published_figures(organisation, db):
    at_12m = list(Outcome.objects.filter(horizon="12m").values_list("category", flat=True))
    assert len(at_12m) > 150
    assert 0.60 <= share(at_12m, lambda c: c in jc.POSITIVE_EXIT) <= 0.84
    assert 0.38 <= share(at_12m, lambda c: c in jc.STABLE_JOB) <= 0.62
    ended = Duo.objects.filter(status__in=["completed", "ended_early"]).values_list("status", flat=True)
    assert 0.80 <= share(ended, lambda s: s == "completed") <= 0.96
    # Early endings say why; some are good news.
    reasons = Counter(Duo.objects.filter(status="ended_early").values_list("end_reason", flat=True))
    assert "" not in reasons and reasons["job_or_training"] > 0


def test_mentee_profiles_match_the_published_figures(organisation, db):
    mentees = list(MenteeProfile.objects.select_related("person"))
    assert 0.36 <= share(mentees, lambda m: m.diploma_recognition == "not_recognised") <= 0.60
    assert 0.70 <= share(mentees, lambda m: m.person.origin_region != "here") <= 0.90
    accepted = [m for m in mentees if m.stage != "not_eligible"]
    assert all(18 <= m.person.age_on(m.applied_on) <= 33 for m in accepted)
    assert any(m.no_precise_plan for m in mentees) and any(m.target_occupation_id for m in mentees)
    genders = Counter(m.person.gender for m in mentees)
    assert genders["other"] + genders["undisclosed"] > 0
    assert any(m.person.residence_route == "undisclosed" for m in mentees)


def test_mentors_are_fifty_plus_mostly_retired_and_come_back(organisation, db):
    mentors = list(MentorProfile.objects.select_related("person"))
    assert all(m.person.age_on(m.applied_on) >= 50 for m in mentors if m.stage != "not_eligible")
    assert 0.50 <= share(mentors, lambda m: m.status == "retired") <= 0.80
    duos_per_mentor = Counter(Duo.objects.values_list("mentor_id", flat=True))
    assert share(duos_per_mentor.values(), lambda n: n > 1) > 0.4


def test_everyone_speaks_a_working_language_and_lives_near_their_antenna(organisation, db):
    people = Person.objects.select_related("antenna__region", "municipality__region", "mentee", "mentor")
    for person in people.prefetch_related("languages"):
        working = {lang.language for lang in person.languages.all() if lang.level in pc.WORKING_LEVELS}
        profile = getattr(person, "mentee", None) or person.mentor
        assert working & {"fr", "nl", "en"} or profile.stage_reason == "language", person
        if person.antenna.region.code == "ile-de-france":
            assert person.postal_code.startswith("750") and person.municipality is None
        else:
            assert person.municipality.region_id == person.antenna.region_id
    for mentee in MenteeProfile.objects.select_related("person__antenna__region"):
        assert mentee.employment_service in (EMPLOYMENT_SERVICE[mentee.person.antenna.region.code], "none")


def test_each_antenna_has_its_own_people_and_duos(organisation, db):
    for spec in SPECS:
        assert Person.objects.filter(antenna__code=spec.code).exists(), spec.code
        assert Duo.objects.filter(antenna__code=spec.code).exists(), spec.code
    assert not Duo.objects.exclude(mentor__person__antenna=F("antenna"), mentee__person__antenna=F("antenna")).exists()


def test_nothing_happens_in_the_future(organisation, db):
    today = timezone.localdate()
    assert not Duo.objects.filter(Q(matched_on__gt=today) | Q(started_on__gt=today) | Q(ended_on__gt=today)).exists()
    assert not Meeting.objects.filter(held_on__gt=today).exists()
    assert not Outcome.objects.filter(observed_on__gt=today).exists()
    assert not Duo.objects.filter(started_on__gt=F("ended_on")).exists()


def test_the_staff_home_has_something_to_show(organisation, db):
    admin = User.objects.get(role="administrator")
    overview = queries.antenna_overview(admin)
    assert all(count > 0 for _, _, count in overview["mentee_funnel"])
    assert all(count > 0 for _, _, count in overview["mentor_funnel"])
    assert overview["active_duos"] > 10
    statuses = set(Duo.objects.values_list("status", flat=True))
    assert {"introduction_planned", "active", "completed", "ended_early"} <= statuses
    rows, total = queries.duos_needing_attention(admin)
    assert total > 0 and any("quiet" in reasons for _, reasons in rows)
    waiting = list(queries.longest_waiting(admin))
    assert waiting and all(m.ready_on for m in waiting)
    assert len({m.ready_on for m in waiting}) > 1


def test_applicants_refused_by_the_rules_carry_the_reason_the_rules_give(organisation, db):
    from duo.intake.models import Application

    refused = Application.objects.filter(verdict="not_eligible").select_related("person__mentee", "person__mentor")
    assert refused.exists()
    for application in refused:
        profile = getattr(application.person, application.kind)
        failed = {r["code"] for r in application.reasons if r["outcome"] == "fail"}
        assert profile.stage == "not_eligible" and profile.stage_reason in failed, application
    # Everyone in a duo was eligible, or a coordinator reviewed them.
    assert not Application.objects.filter(verdict="not_eligible", person__mentee__stage="matched").exists()
    # The pipeline's history ends where each person is today.
    from duo.intake.models import StageChange
    for mentee in MenteeProfile.objects.filter(stage__in=["contacted", "ready"])[:50]:
        last = StageChange.objects.filter(person=mentee.person_id, kind="mentee").order_by("-at", "-id").first()
        assert last.to_stage == mentee.stage


def test_sessions_surround_the_pipeline(organisation, db):
    from django.utils import timezone

    from duo.infosession.models import InfoSession, Registration
    from duo.training.queries import required_modules_missing

    from duo.organisation.models import Antenna

    for antenna in Antenna.objects.all():
        assert InfoSession.objects.filter(antenna=antenna, starts_at__gt=timezone.now()).exists(), antenna
    # Everyone past the information session attended one; mentors ready for matching finished training.
    for mentee in MenteeProfile.objects.filter(stage="info_session")[:20]:
        assert Registration.objects.filter(person=mentee.person_id, attended=True).exists()
    for mentor in MentorProfile.objects.filter(stage="training_done").select_related("person"):
        assert not list(required_modules_missing(mentor.person))
