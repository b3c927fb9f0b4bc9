"""A mentee's follow-up answers become the duo's outcome at that horizon, unless one is recorded already
(the coordinator's record wins); a job reported by survey is kept without its occupation and sector, and
the duo page asks the coordinator to complete it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from duo.journeys.models import Outcome
from duo.survey import responses
from duo.survey.models import Instrument

from .factories import OutcomeFactory
from .test_survey_rates import answers_for

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def instruments(db):
    call_command("load_instruments", verbosity=0)
    return {i.kind: i for i in Instrument.objects.all()}


def submit(instrument, duo, by=None, answered_on=None, **values):
    invitation, _token = responses.invitation_create(instrument=instrument, person=duo.mentee.person, duo=duo,
                                                     due_on=TODAY - 2 * DAY)
    answers = answers_for(invitation.version, **values)
    if by is not None:
        return responses.response_enter(invitation=invitation, answers=answers, by=by, answered_on=answered_on)
    return responses.response_submit(invitation=invitation, answers=answers)


def test_a_six_month_follow_up_records_the_job_with_its_hours_and_start(instruments, own_duo):
    start = TODAY - 40 * DAY
    submit(instruments["mentee_followup_6m"], own_duo, outcome_status="job_permanent",
           job_started_on=start.isoformat(), job_hours="32")
    outcome = Outcome.objects.get(duo=own_duo)
    assert (outcome.horizon, outcome.category, outcome.source, outcome.observed_on) == (
        "6m", "job_permanent", "mentee_survey", TODAY)
    assert (outcome.hours_per_week, outcome.job_started_on) == (32, start)
    assert outcome.occupation is None and outcome.sector == "" and outcome.details_to_complete


def test_the_duo_page_asks_to_complete_the_details(instruments, own_duo, login, coordinator, english):
    submit(instruments["mentee_followup_6m"], own_duo, outcome_status="job_fixed_3m")
    page = login(coordinator).get(reverse("journeys:detail", args=[own_duo.pk])).content.decode()
    assert "details to complete" in page


def test_the_twelve_month_follow_up_records_its_own_horizon(instruments, own_duo):
    submit(instruments["mentee_followup_12m"], own_duo, outcome_status="searching")
    outcome = Outcome.objects.get(duo=own_duo)
    assert (outcome.horizon, outcome.category, outcome.hours_per_week, outcome.job_started_on) == (
        "12m", "searching", None, None)
    assert not outcome.details_to_complete


def test_the_coordinators_record_is_not_overwritten(instruments, own_duo):
    recorded = OutcomeFactory(duo=own_duo, horizon="6m", category="training", occupation=None, observed_on=TODAY)
    submit(instruments["mentee_followup_6m"], own_duo, outcome_status="searching")
    assert list(Outcome.objects.filter(duo=own_duo).values_list("pk", "category")) == [(recorded.pk, "training")]


def test_answers_entered_on_behalf_keep_their_date_and_who_entered_them(instruments, own_duo, coordinator):
    said_on = TODAY - 5 * DAY
    submit(instruments["mentee_followup_12m"], own_duo, by=coordinator, answered_on=said_on,
           outcome_status="training")
    outcome = Outcome.objects.get(duo=own_duo)
    assert (outcome.horizon, outcome.observed_on, outcome.recorded_by) == ("12m", said_on, coordinator)


def test_an_end_questionnaire_without_an_outcome_question_records_nothing(instruments, own_duo):
    submit(instruments["mentee_end"], own_duo)
    assert not Outcome.objects.filter(duo=own_duo).exists()


def test_a_coordinator_still_has_to_give_the_job_details(own_duo):
    outcome = Outcome(duo=own_duo, category="job_permanent", horizon="6m", observed_on=TODAY, source="coordinator")
    with pytest.raises(ValidationError) as e:
        outcome.full_clean()
    assert {"occupation", "sector", "hours_per_week", "job_started_on"} <= set(e.value.message_dict)
