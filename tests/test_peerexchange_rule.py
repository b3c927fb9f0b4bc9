"""The rule "at least two peer-exchange sessions per duo", as a pure function (no database)."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from duo.journeys.lifecycle import add_months
from duo.peerexchange import rule
from duo.peerexchange.rule import BEHIND, MET, MISSED, ON_TRACK, completed_periods, expected_so_far, judge

D = datetime.date
days = st.dates(min_value=D(2019, 1, 1), max_value=D(2030, 12, 31))


@st.composite
def duos(draw):
    start = draw(days)
    today = draw(st.dates(min_value=start - datetime.timedelta(days=30), max_value=D(2031, 12, 31)))
    ended = draw(st.none() | st.dates(min_value=start, max_value=max(start, today)))
    attended = draw(st.lists(st.dates(min_value=start - datetime.timedelta(days=400),
                                      max_value=today + datetime.timedelta(days=400)), max_size=8))
    return start, ended, today, attended


# --- examples a coordinator would check by hand -----------------------------------------------------

def test_a_duo_started_last_week_is_on_track_without_any_session():
    v = judge(started_on=D(2026, 11, 1), ended_on=None, attended_on=[], today=D(2026, 11, 8))
    assert (v.status, v.expected, v.attended) == (ON_TRACK, 0, 0)


def test_two_months_in_one_session_is_expected_four_months_in_two():
    start = D(2026, 1, 20)
    assert judge(started_on=start, ended_on=None, attended_on=[], today=D(2026, 3, 19)).status == ON_TRACK
    assert judge(started_on=start, ended_on=None, attended_on=[], today=D(2026, 3, 20)).status == BEHIND
    assert judge(started_on=start, ended_on=None, attended_on=[D(2026, 2, 10)], today=D(2026, 5, 19)).status == ON_TRACK
    assert judge(started_on=start, ended_on=None, attended_on=[D(2026, 2, 10)], today=D(2026, 5, 20)).status == BEHIND


def test_sessions_outside_the_window_do_not_count():
    attended = [D(2025, 12, 1), D(2026, 2, 1), D(2026, 8, 1)]  # before, during, after
    v = judge(started_on=D(2026, 1, 20), ended_on=D(2026, 7, 20), attended_on=attended, today=D(2026, 11, 1))
    assert (v.attended, v.status, v.ongoing) == (1, MISSED, False)


def test_the_window_includes_its_first_and_last_day():
    v = judge(started_on=D(2026, 1, 20), ended_on=D(2026, 7, 20), attended_on=[D(2026, 1, 20), D(2026, 7, 20)],
              today=D(2026, 11, 1))
    assert (v.attended, v.status) == (2, MET)


def test_two_sessions_meet_the_rule_even_while_the_duo_runs():
    v = judge(started_on=D(2026, 1, 20), ended_on=None, attended_on=[D(2026, 2, 1), D(2026, 3, 1)],
              today=D(2026, 3, 5))
    assert v.status == MET


def test_a_duo_that_has_not_started_is_not_judged():
    assert judge(started_on=None, ended_on=None, attended_on=[D(2026, 1, 1)], today=D(2026, 2, 1)) is None
    assert judge(started_on=D(2026, 3, 1), ended_on=None, attended_on=[], today=D(2026, 2, 1)) is None


def test_periods_follow_calendar_months_at_the_end_of_a_month():
    # 31 December + 2 months is 28 February (add_months clamps), so the first period ends there.
    assert completed_periods(D(2025, 12, 31), D(2026, 2, 27)) == 0
    assert completed_periods(D(2025, 12, 31), D(2026, 2, 28)) == 1


# --- properties ----------------------------------------------------------------------------------------

@given(duos())
def test_met_exactly_when_enough_sessions_fall_in_the_window(case):
    start, ended, today, attended = case
    v = judge(started_on=start, ended_on=ended, attended_on=attended, today=today)
    if start > today:
        assert v is None
        return
    end = ended if ended is not None and ended <= today else today
    inside = sum(1 for d in attended if start <= d <= end)
    assert v.attended == inside
    assert (v.status == MET) == (inside >= rule.MIN_PER_DUO)


@given(duos())
def test_an_ended_duo_is_met_or_missed_and_a_running_one_never_missed(case):
    start, ended, today, attended = case
    v = judge(started_on=start, ended_on=ended, attended_on=attended, today=today)
    if v is None:
        return
    if v.ongoing:
        assert v.status in (MET, ON_TRACK, BEHIND)
        assert (v.status == BEHIND) == (v.attended < v.expected)
    else:
        assert v.status in (MET, MISSED)


@given(duos(), st.dates(min_value=D(2019, 1, 1), max_value=D(2031, 12, 31)))
def test_one_more_session_attended_never_makes_it_worse(case, extra):
    start, ended, today, attended = case
    before = judge(started_on=start, ended_on=ended, attended_on=attended, today=today)
    after = judge(started_on=start, ended_on=ended, attended_on=attended + [extra], today=today)
    if before is None:
        return
    order = [MISSED, BEHIND, ON_TRACK, MET]
    assert order.index(after.status) >= order.index(before.status)


@given(days, days, days)
def test_expected_grows_with_time_capped_at_the_minimum(start, a, b):
    early, late = sorted((a, b))
    assert 0 <= expected_so_far(start, early) <= expected_so_far(start, late) <= rule.MIN_PER_DUO


@given(days, st.integers(min_value=0, max_value=40))
def test_a_period_is_complete_exactly_on_its_last_month_boundary(start, n):
    boundary = add_months(start, n * rule.EVERY_MONTHS)
    assert completed_periods(start, boundary) == n
    assert completed_periods(start, boundary - datetime.timedelta(days=1)) == max(n - 1, 0)
