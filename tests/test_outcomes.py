"""Outcomes: job details required for a job and refused otherwise, and the list of outcomes coming due."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from duo.journeys import choices as c
from duo.journeys.models import Outcome
from duo.journeys.outcomes import add_months, outcome_record, outcomes_due
from duo.reference.models import Occupation

from tests.factories import DuoFactory

D = datetime.date
JOB_FIELDS = {"occupation", "sector", "hours_per_week", "job_started_on"}


@pytest.fixture
def occupation(db):
    return Occupation.objects.order_by("-level", "code").first()


def _post(duo, **overrides):
    data = {"category": "searching", "horizon": "end", "observed_on": "2026-08-01", "source": "coordinator",
            "occupation": "", "sector": "", "hours_per_week": "", "job_started_on": ""}
    data.update(overrides)
    return data


def _job(occ, /, **overrides):
    return {"category": "job_permanent", "occupation": str(occ.pk), "sector": "health_care",
            "hours_per_week": "38", "job_started_on": "2026-07-15", **overrides}


# -- validation --------------------------------------------------------------------------------------


def test_a_job_without_its_details_is_refused_field_by_field(login, coordinator, own_duo):
    url = reverse("journeys:outcome_add", args=[own_duo.pk])
    response = login(coordinator).post(url, _post(own_duo, category="job_fixed_3m"))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == JOB_FIELDS
    assert not Outcome.objects.exists()


def test_job_details_for_a_non_job_are_refused(login, coordinator, own_duo, occupation):
    url = reverse("journeys:outcome_add", args=[own_duo.pk])
    response = login(coordinator).post(url, _post(own_duo, **_job(occupation, category="training")))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == JOB_FIELDS
    assert not Outcome.objects.exists()


@pytest.mark.parametrize("overrides,field", [
    ({"hours_per_week": "0"}, "hours_per_week"),
    ({"hours_per_week": "80"}, "hours_per_week"),
    ({"hours_per_week": "many"}, "hours_per_week"),
    ({"sector": "mining"}, "sector"),
    ({"occupation": "999999"}, "occupation"),
    ({"job_started_on": "2026-08-02"}, "job_started_on"),  # after the observation
    ({"job_started_on": "not a date"}, "job_started_on"),
])
def test_bad_job_details_are_field_errors(login, coordinator, own_duo, occupation, overrides, field):
    url = reverse("journeys:outcome_add", args=[own_duo.pk])
    response = login(coordinator).post(url, _post(own_duo, **_job(occupation, **overrides)))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Outcome.objects.exists()


def test_a_job_is_recorded_with_its_details(login, coordinator, own_duo, occupation):
    url = reverse("journeys:outcome_add", args=[own_duo.pk])
    response = login(coordinator).post(url, _post(own_duo, horizon="6m", **_job(occupation)))
    assert response.status_code == 302
    o = Outcome.objects.get()
    assert (o.duo, o.category, o.horizon, o.occupation, o.sector, o.hours_per_week, o.job_started_on,
            o.recorded_by) == (own_duo, "job_permanent", "6m", occupation, "health_care", 38, D(2026, 7, 15),
                               coordinator)


def test_an_outcome_at_intake_can_be_recorded(login, coordinator, own_duo):
    url = reverse("journeys:outcome_add", args=[own_duo.pk])
    response = login(coordinator).post(url, _post(own_duo, horizon="intake", observed_on="2026-01-10"))
    assert response.status_code == 302
    assert Outcome.objects.get().horizon == "intake"


def test_the_service_refuses_details_that_do_not_fit(coordinator, own_duo, occupation):
    with pytest.raises(ValidationError) as raised:
        outcome_record(duo=own_duo, category="searching", horizon="end", observed_on=D(2026, 8, 1),
                       source="coordinator", by=coordinator, sector="retail")
    assert set(raised.value.message_dict) == {"sector"}
    assert not Outcome.objects.exists()


def test_the_record_link_from_the_due_list_preselects_the_horizon(login, coordinator, own_duo):
    url = reverse("journeys:outcome_add", args=[own_duo.pk])
    assert login(coordinator).get(url + "?horizon=6m").context["form"]["horizon"].value() == "6m"
    assert login(coordinator).get(url + "?horizon=bogus").context["form"]["horizon"].value() is None


# -- derivations, unchanged by the job details --------------------------------------------------------


def test_positive_exit_and_stable_job_are_derived_from_the_category_alone():
    # DESIGN.md §3: stable = permanent or fixed-term of 3 months or more; positive = any job, internship
    # or qualifying training.
    stable = {"job_permanent", "job_fixed_3m"}
    positive = stable | {"job_short", "job_temp_agency", "job_student", "self_employed", "internship", "training"}
    for category in c.OutcomeCategory.values:
        o = Outcome(category=category)
        assert (o.is_stable_job, o.is_positive_exit) == (category in stable, category in positive), category


# -- the due list -------------------------------------------------------------------------------------


def test_add_months_keeps_the_day_or_takes_the_month_end():
    assert add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert add_months(D(2027, 8, 31), 6) == D(2028, 2, 29)
    assert add_months(D(2026, 3, 15), 12) == D(2027, 3, 15)
    assert add_months(D(2026, 11, 30), 0) == D(2026, 11, 30)


@pytest.fixture
def duos(antenna, other_antenna):
    """Duos around TODAY = 1 March 2027, with the due dates worked out by hand in the comments."""
    make = DuoFactory
    found = {
        # Ended 31 Aug 2026: end due that day (recorded), 6 m due 28 Feb 2027 (overdue), 12 m 31 Aug 2027 (too far).
        "ended": make(antenna=antenna, status="completed", ended_on=D(2026, 8, 31), planned_end_on=D(2026, 8, 25)),
        # Planned end 10 Mar 2027, still active: end due then, within the 14 days ahead.
        "ending": make(antenna=antenna, status="active", started_on=D(2026, 9, 10), planned_end_on=D(2027, 3, 10)),
        # Planned end 1 Jun 2027: nothing yet.
        "later": make(antenna=antenna, status="active", started_on=D(2026, 12, 1), planned_end_on=D(2027, 6, 1)),
        # Ended early 1 Mar 2026: end and 6 m recorded, 12 m due today (not overdue).
        "year": make(antenna=antenna, status="ended_early", end_reason="health", started_on=D(2025, 10, 1),
                     ended_on=D(2026, 3, 1), planned_end_on=D(2026, 4, 1)),
        # Refused: no mentoring, nothing to measure.
        "refused": make(antenna=antenna, status="refused", ended_on=D(2026, 1, 11), planned_end_on=None),
        # Another antenna, ended 15 Jan 2027: end due then (overdue) -- only for those who see that antenna.
        "foreign": make(antenna=other_antenna, status="completed", ended_on=D(2027, 1, 15)),
    }
    for key, horizons in (("ended", ["end", "intake"]), ("year", ["end", "6m"])):
        for horizon in horizons:
            Outcome.objects.create(duo=found[key], category="searching", horizon=horizon,
                                   observed_on=D(2026, 9, 1), source="coordinator")
    return found


TODAY = D(2027, 3, 1)


def _rows(due):
    return [(d.duo.pk, d.horizon, d.due_on, d.overdue) for d in due]


def test_the_due_list_of_a_coordinator(coordinator, duos):
    assert _rows(outcomes_due(user=coordinator, today=TODAY)) == [
        (duos["ended"].pk, "6m", D(2027, 2, 28), True),
        (duos["year"].pk, "12m", D(2027, 3, 1), False),
        (duos["ending"].pk, "end", D(2027, 3, 10), False),
    ]


def test_the_administrator_sees_every_antenna(admin_user, duos):
    rows = _rows(outcomes_due(user=admin_user, today=TODAY))
    assert (duos["foreign"].pk, "end", D(2027, 1, 15), True) in rows
    assert len(rows) == 4


def test_a_recorded_outcome_leaves_the_list(coordinator, duos):
    Outcome.objects.create(duo=duos["ended"], category="unknown", horizon="6m", observed_on=TODAY,
                           source="mentee_survey")
    assert duos["ended"].pk not in {d.duo.pk for d in outcomes_due(user=coordinator, today=TODAY)}


def test_the_due_page_links_to_record_each(login, coordinator, duos, monkeypatch):
    # The page asks for today's date; it is TODAY here, as in the tests above.
    monkeypatch.setattr("duo.journeys.views.timezone", SimpleNamespace(localdate=lambda: TODAY))
    response = login(coordinator).get(reverse("journeys:outcomes_due"))
    assert response.status_code == 200
    html = response.content.decode()
    for key, horizon in (("ended", "6m"), ("year", "12m"), ("ending", "end")):
        assert f'{reverse("journeys:outcome_add", args=[duos[key].pk])}?horizon={horizon}&amp;next=due' in html
    assert reverse("journeys:outcome_add", args=[duos["foreign"].pk]) not in html


def test_recording_from_the_due_list_returns_to_it(login, coordinator, duos):
    url = reverse("journeys:outcome_add", args=[duos["ended"].pk]) + "?horizon=6m&next=due"
    response = login(coordinator).post(url, _post(duos["ended"], horizon="6m", observed_on="2026-09-01"))
    assert response.status_code == 302 and response.url == reverse("journeys:outcomes_due")


# -- the demo -----------------------------------------------------------------------------------------


def test_demo_jobs_carry_their_details_and_nothing_else_does(db):
    import io

    from django.core.management import call_command

    call_command("seed_demo", duos=150, seed=3, stdout=io.StringIO(), stderr=io.StringIO())
    # A job a mentee reported in a follow-up survey waits for the coordinator to add occupation and sector,
    # and says so; every other job carries its details.
    reported = Outcome.objects.filter(category__in=c.JOB_CATEGORIES, source=c.OutcomeSource.MENTEE_SURVEY)
    assert all(o.details_to_complete for o in reported.filter(occupation=None))
    jobs = Outcome.objects.filter(category__in=c.JOB_CATEGORIES).exclude(pk__in=reported.filter(occupation=None))
    assert jobs.exists()
    assert not jobs.filter(occupation=None).exists()
    assert not jobs.filter(sector="").exists() and not jobs.filter(hours_per_week=None).exists()
    assert not Outcome.objects.exclude(category__in=c.JOB_CATEGORIES).exclude(
        occupation=None, sector="", hours_per_week=None, job_started_on=None).exists()
    for outcome in Outcome.objects.all():
        outcome.full_clean()  # the demo's outcomes are ones the form would accept


def test_the_menu_offers_the_due_list_to_those_who_record(login, users):
    from duo.accounts.roles import Role

    url = reverse("journeys:outcomes_due")
    assert url in login(users[Role.COORDINATOR]).get(reverse("staff:home")).content.decode()
    assert url not in login(users[Role.VIEWER]).get(reverse("staff:home")).content.decode()
