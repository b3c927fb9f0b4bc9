"""Partners confirm outcomes through the API (scope outcomes:write): for the duos of their token's antennas only,
under the same rules as the staff form, one per duo and horizon, with the token named in the audit trail."""

import datetime
import json
import threading

import pytest
from django.core.cache import cache
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from duo.accounts.roles import Role
from duo.api import serializers_outcomes, services
from duo.api.models import Scope, TokenUse
from duo.journeys.models import Outcome
from duo.privacy.models import AuditEvent
from duo.reference.models import Occupation

from .factories import DuoFactory, OutcomeFactory

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
JOB_FIELDS = {"occupation", "sector", "hours_per_week", "job_started_on"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the rate per token lives in the cache
    yield
    cache.clear()


def make_token(users, *scopes, antennas=()):
    return services.token_create(by=users[Role.ADMINISTRATOR], name="Employment service", scopes=scopes,
                                 expires_on=TODAY + 30 * DAY, antennas=antennas)


@pytest.fixture
def duo(antenna):
    return DuoFactory(antenna=antenna, matched_on=TODAY - 300 * DAY, started_on=TODAY - 290 * DAY,
                      planned_end_on=TODAY - 100 * DAY)


@pytest.fixture
def foreign(other_antenna):
    return DuoFactory(antenna=other_antenna, matched_on=TODAY - 300 * DAY)


@pytest.fixture
def partner(users, antenna):
    """An outcomes:write token of `antenna`: (token, raw secret)."""
    return make_token(users, Scope.OUTCOMES_WRITE, antennas=[antenna])


@pytest.fixture
def occupation(db):
    # Unit groups when the full ISCO file is there, the coarser groups otherwise (as the staff form offers them).
    return Occupation.objects.order_by("-level", "code").first()


def url(duo_id):
    return f"/api/v1/duos/{duo_id}/outcomes/"


def post(client, raw, duo_id, payload, **headers):
    return client.post(url(duo_id), json.dumps(payload), content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {raw}", **headers)


def get(client, raw, duo_id):
    return client.get(url(duo_id), HTTP_AUTHORIZATION=f"Bearer {raw}")


def searching(**overrides):
    return {"category": "searching", "horizon": "end", "observed_on": (TODAY - 90 * DAY).isoformat(), **overrides}


def job(occupation, /, **overrides):
    return {"category": "job_permanent", "horizon": "6m", "observed_on": (TODAY - 10 * DAY).isoformat(),
            "occupation": occupation.code, "sector": "health_care", "hours_per_week": 38,
            "job_started_on": (TODAY - 40 * DAY).isoformat(), **overrides}


def fields(response) -> dict:
    return {e["field"]: e for e in response.json()["errors"]}


# --- recording --------------------------------------------------------------------------------------------------

def test_a_partner_records_a_job_for_a_duo_of_its_antenna_and_the_token_is_in_the_audit_trail(
        client, partner, duo, occupation):
    token, raw = partner
    response = post(client, raw, duo.pk, job(occupation))
    assert response.status_code == 201, response.content
    outcome = Outcome.objects.get()
    assert response.json() == {"id": outcome.pk, "duo": duo.pk, "category": "job_permanent", "horizon": "6m",
                               "observed_on": (TODAY - 10 * DAY).isoformat()}
    # Ids and codes back, nothing about the people.
    content = response.content.decode()
    assert duo.mentee.person.last_name not in content and duo.mentor.person.last_name not in content
    # Stored as the staff form would, reported by an administrative source, by no staff member.
    assert (outcome.duo, outcome.source, outcome.recorded_by) == (duo, "administrative", None)
    assert (outcome.occupation, outcome.sector, outcome.hours_per_week, outcome.job_started_on) == (
        occupation, "health_care", 38, TODAY - 40 * DAY)
    assert list(duo.outcomes.all()) == [outcome]
    created = AuditEvent.objects.get(action="create", model="journeys.Outcome", object_id=str(outcome.pk))
    assert created.actor_id is None and created.actor_label.startswith(f"API token {token.prefix}")
    use = TokenUse.objects.get()
    assert (use.token, use.method, use.path, use.status) == (token, "POST", url(duo.pk), 201)


def test_an_outcome_a_partner_confirms_goes_out_to_webhook_subscribers_like_any_other(client, users, partner, duo):
    from duo.webhooks import services as webhooks
    from duo.webhooks.models import Delivery

    webhooks.subscription_create(by=users[Role.ADMINISTRATOR], name="Funder dashboard",
                                 url="https://funder.example.org/hooks", events=["outcome.recorded"])
    _token, raw = partner
    assert post(client, raw, duo.pk, searching()).status_code == 201
    delivery = Delivery.objects.get()
    assert delivery.event == "outcome.recorded"
    assert delivery.payload["data"] == {"outcome_id": Outcome.objects.get().pk, "duo_id": duo.pk,
                                        "category": "searching", "horizon": "end"}


def test_the_partner_lists_what_is_recorded_for_the_duo_whoever_reported_it(client, partner, duo):
    _token, raw = partner
    by_staff = OutcomeFactory(duo=duo, category="training", horizon="end", observed_on=TODAY - 95 * DAY,
                              source="coordinator")
    OutcomeFactory(duo=DuoFactory(antenna=duo.antenna), horizon="end")  # another duo's
    assert post(client, raw, duo.pk, searching(horizon="12m", observed_on=TODAY.isoformat())).status_code == 201
    response = get(client, raw, duo.pk)
    assert response.status_code == 200
    ours = Outcome.objects.get(duo=duo, horizon="12m")
    assert response.json() == [
        {"id": by_staff.pk, "duo": duo.pk, "category": "training", "horizon": "end",
         "observed_on": (TODAY - 95 * DAY).isoformat()},
        {"id": ours.pk, "duo": duo.pk, "category": "searching", "horizon": "12m", "observed_on": TODAY.isoformat()},
    ]


# --- who may ---------------------------------------------------------------------------------------------------

def test_a_duo_of_another_antenna_is_answered_as_one_that_does_not_exist(client, partner, foreign, occupation):
    _token, raw = partner
    for duo_id in (foreign.pk, 999999, 2**70, 0, -1):
        for response in (post(client, raw, duo_id, job(occupation)), get(client, raw, duo_id)):
            assert response.status_code == 404, (duo_id, response.content)
            assert response.json()["errors"][0]["code"] == "not_found"
    assert not Outcome.objects.exists()


def test_a_token_of_both_antennas_reaches_both(client, users, antenna, other_antenna, foreign):
    _token, raw = make_token(users, Scope.OUTCOMES_WRITE, antennas=[antenna, other_antenna])
    assert post(client, raw, foreign.pk, searching()).status_code == 201
    assert foreign.outcomes.count() == 1


def test_a_duos_read_token_may_not_record_nor_list_outcomes(client, users, antenna, duo):
    _token, raw = make_token(users, Scope.DUOS_READ, antennas=[antenna])
    response = post(client, raw, duo.pk, searching(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response.json()["errors"][0]["message"] == "This token does not have the scope “outcomes:write”."
    assert get(client, raw, duo.pk).status_code == 403
    assert not Outcome.objects.exists()


def test_without_a_token_nothing_is_recorded(client, duo):
    response = client.post(url(duo.pk), json.dumps(searching()), content_type="application/json")
    assert response.status_code == 401
    assert not Outcome.objects.exists()


# --- what is refused -------------------------------------------------------------------------------------------

def test_a_job_without_its_details_names_each_missing_field(client, partner, duo):
    _token, raw = partner
    response = post(client, raw, duo.pk, {"category": "job_fixed_3m", "horizon": "end",
                                          "observed_on": (TODAY - 5 * DAY).isoformat()}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    errors = fields(response)
    assert set(errors) == JOB_FIELDS
    assert errors["sector"]["message"] == "Required for a job."
    assert not Outcome.objects.exists()


@pytest.mark.parametrize("overrides,field,code", [
    ({"category": "promotion"}, "category", "invalid_choice"),
    ({"horizon": "24m"}, "horizon", "invalid_choice"),
    ({"observed_on": (TODAY + DAY).isoformat()}, "observed_on", "future"),
    ({"observed_on": (TODAY - 400 * DAY).isoformat()}, "observed_on", "before_duo"),
    ({"observed_on": "yesterday"}, "observed_on", "invalid"),
    ({"observed_on": None}, "observed_on", "null"),
    ({"hours_per_week": 80}, "hours_per_week", "max_value"),
    ({"hours_per_week": "many"}, "hours_per_week", "invalid"),
    ({"occupation": "0000"}, "occupation", "does_not_exist"),
    ({"sector": "space"}, "sector", "invalid_choice"),
    ({"job_started_on": TODAY.isoformat()}, "job_started_on", "invalid"),  # after the observation
], ids=["unknown category", "unknown horizon", "future", "before the duo", "not a date", "null date",
        "too many hours", "hours not a number", "unknown ISCO code", "unknown sector", "job starts after"])
def test_bad_input_is_a_400_naming_the_field_and_nothing_is_stored(client, partner, duo, occupation, overrides,
                                                                     field, code):
    _token, raw = partner
    response = post(client, raw, duo.pk, job(occupation, **overrides))
    assert response.status_code == 400, response.content
    assert response.json()["status"] == 400
    assert fields(response)[field]["code"] == code
    assert not Outcome.objects.exists()


def test_job_details_for_something_that_is_not_a_job_are_refused(client, partner, duo, occupation):
    _token, raw = partner
    response = post(client, raw, duo.pk, job(occupation, category="training"))
    assert response.status_code == 400
    assert set(fields(response)) == JOB_FIELDS
    assert not Outcome.objects.exists()


@pytest.mark.parametrize("payload", [{}, [], "searching"], ids=["empty", "a list", "a string"])
def test_a_body_that_is_not_an_outcome_is_a_400(client, partner, duo, payload):
    _token, raw = partner
    response = post(client, raw, duo.pk, payload)
    assert response.status_code == 400
    assert response.json()["errors"]
    assert not Outcome.objects.exists()


# --- one per horizon -------------------------------------------------------------------------------------------

def test_the_same_call_twice_records_one_outcome_and_the_second_is_told_why(client, partner, duo, occupation):
    _token, raw = partner
    assert post(client, raw, duo.pk, job(occupation)).status_code == 201
    again = post(client, raw, duo.pk, job(occupation), HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 400
    assert again.json()["errors"] == [{"field": "horizon", "code": "already_recorded",
                                       "message": "An outcome is already recorded at this horizon for this duo."}]
    assert Outcome.objects.count() == 1
    # Another horizon is another outcome.
    assert post(client, raw, duo.pk, searching(horizon="end")).status_code == 201


def test_an_outcome_recorded_by_the_staff_at_that_horizon_is_not_doubled(client, partner, duo):
    _token, raw = partner
    OutcomeFactory(duo=duo, category="training", horizon="end", observed_on=TODAY - 95 * DAY)
    response = post(client, raw, duo.pk, searching(horizon="end"))
    assert response.status_code == 400
    assert fields(response)["horizon"]["code"] == "already_recorded"
    assert list(duo.outcomes.values_list("category", flat=True)) == ["training"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks and concurrent connections")
@pytest.mark.django_db(transaction=True)
def test_two_identical_calls_at_the_same_moment_record_one_outcome(partner, duo, monkeypatch):
    """Both calls are held just before saving until the other arrives there too (or a second has passed): without
    the duo's row lock both would find no outcome yet and save one each."""
    _token, raw = partner
    meeting = threading.Barrier(2, timeout=1)
    create = serializers_outcomes.PartnerOutcomeSerializer.create

    def create_when_both_are_there(self, validated_data):
        try:
            meeting.wait()
        except threading.BrokenBarrierError:
            pass  # the other call is waiting for the lock this one holds
        return create(self, validated_data)

    monkeypatch.setattr(serializers_outcomes.PartnerOutcomeSerializer, "create", create_when_both_are_there)
    statuses = []

    def call():
        try:
            # Not a job: an earlier transactional test's flush may have emptied the occupations the migrations load.
            statuses.append(post(Client(), raw, duo.pk, searching()).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=call) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(statuses) == [201, 400]
    assert Outcome.objects.filter(duo=duo).count() == 1
