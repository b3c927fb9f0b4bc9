"""The length of the mentoring is set per antenna: a duo's planned end follows its antenna's setting."""

import datetime

import pytest

from duo.journeys.choices import DuoStatus
from duo.journeys.models import Duo
from duo.journeys.transitions import duo_transition

from .factories import DuoFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("months, planned_end", [(6, datetime.date(2026, 3, 1)), (9, datetime.date(2026, 6, 1))])
def test_the_planned_end_follows_the_antennas_length(antenna, coordinator, months, planned_end):
    antenna.mentoring_months = months
    antenna.save()
    duo = DuoFactory(antenna=antenna, status=DuoStatus.ACTIVE, matched_on=datetime.date(2025, 8, 1),
                     started_on=None, planned_end_on=None)
    Duo.objects.filter(pk=duo.pk).update(status=DuoStatus.AGREEMENT_SIGNED)
    duo_transition(duo=duo, to=DuoStatus.ACTIVE, on=datetime.date(2025, 9, 1), by=coordinator)
    duo.refresh_from_db()
    assert duo.started_on == datetime.date(2025, 9, 1)
    assert duo.planned_end_on == planned_end
    # The check-in at the end falls on the planned end, wherever the antenna sets it.
    assert duo.checkins.get(kind="end").due_on == planned_end


def test_an_antenna_cannot_run_a_mentoring_of_zero_or_three_years(antenna):
    from django.core.exceptions import ValidationError

    for months in (0, 36):
        antenna.mentoring_months = months
        with pytest.raises(ValidationError) as raised:
            antenna.full_clean()
        assert "mentoring_months" in raised.value.message_dict
