"""The pairing-fit alert on the coordinator's week: a mentee who says the duo does not work (1 or 2 of 5) or
asks to be called raises it; a staff note written afterwards, or 30 days, clears it."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from duo.accounts.roles import Role
from duo.followup import queries, services
from duo.survey import responses
from duo.survey.alerts import ALERT_DAYS
from duo.survey.models import Instrument

from .factories import UserFactory
from .test_survey_rates import answers_for

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def pairing_fit(db):
    call_command("load_instruments", verbosity=0)
    return Instrument.objects.get(kind="pairing_fit")


def answer(instrument, duo, answered_on=None, by=None, **values):
    invitation, _token = responses.invitation_create(instrument=instrument, person=duo.mentee.person, duo=duo,
                                                     due_on=TODAY - 3 * DAY)
    answers = answers_for(invitation.version, **values)
    if by is not None:
        return responses.response_enter(invitation=invitation, answers=answers, by=by, answered_on=answered_on)
    return responses.response_submit(invitation=invitation, answers=answers)


def fit_alerts(user, today=TODAY):
    return [a for a in queries.alerts(user, today=today) if a.kind == "pairing_fit"]


def test_a_poor_fit_raises_the_alert_and_a_staff_note_afterwards_clears_it(pairing_fit, own_duo, coordinator,
                                                                            english):
    answer(pairing_fit, own_duo, pairing_fit="2", call_me="no")
    found = fit_alerts(coordinator)
    assert [(a.duo, a.since) for a in found] == [(own_duo, TODAY)]
    assert found[0].text.startswith("Poor pairing fit reported on")
    services.note_add(duo=own_duo, text="Called Samira: the schedules clash; meeting both next week.", by=coordinator)
    assert fit_alerts(coordinator) == []


def test_the_alert_shows_on_the_week_page(pairing_fit, own_duo, coordinator, login, english):
    answer(pairing_fit, own_duo, pairing_fit="1")
    page = login(coordinator).get(reverse("followup:week")).content.decode()
    assert "Poor pairing fit reported on" in page and reverse("journeys:detail", args=[own_duo.pk]) in page


def test_the_alert_stands_for_thirty_days(pairing_fit, own_duo, coordinator):
    answer(pairing_fit, own_duo, pairing_fit="2")
    assert fit_alerts(coordinator, today=TODAY + (ALERT_DAYS - 1) * DAY)
    assert fit_alerts(coordinator, today=TODAY + ALERT_DAYS * DAY) == []


def test_a_note_written_before_the_answer_does_not_clear_it(pairing_fit, own_duo, coordinator):
    services.note_add(duo=own_duo, text="Introduction went well.", by=coordinator)
    answer(pairing_fit, own_duo, pairing_fit="2")
    assert len(fit_alerts(coordinator)) == 1


def test_asking_to_be_called_raises_it_even_with_a_middling_fit(pairing_fit, own_duo, coordinator):
    answer(pairing_fit, own_duo, pairing_fit="3", call_me="yes")
    assert len(fit_alerts(coordinator)) == 1


@pytest.mark.parametrize("fit,call_me", [("3", "no"), ("4", None), ("5", None)])
def test_a_fair_or_good_fit_raises_nothing(pairing_fit, own_duo, coordinator, fit, call_me):
    answer(pairing_fit, own_duo, pairing_fit=fit, call_me=call_me)
    assert fit_alerts(coordinator) == []


def test_only_the_latest_answer_counts(pairing_fit, own_duo, coordinator):
    answer(pairing_fit, own_duo, answered_on=TODAY - 10 * DAY, by=coordinator, pairing_fit="1")
    assert len(fit_alerts(coordinator)) == 1
    answer(pairing_fit, own_duo, pairing_fit="5")
    assert fit_alerts(coordinator) == []


def test_another_antennas_coordinator_does_not_see_it(pairing_fit, own_duo, foreign_duo, other_antenna, users):
    answer(pairing_fit, own_duo, pairing_fit="1")
    outsider = UserFactory(role=Role.COORDINATOR, email="liege@duo.test", antennas=[other_antenna])
    assert fit_alerts(outsider) == []
    assert len(fit_alerts(users[Role.ADMINISTRATOR])) == 1
