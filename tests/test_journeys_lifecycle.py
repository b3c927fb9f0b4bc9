"""The lifecycle's rules on their own (duo.journeys.lifecycle is pure Python: no database here)."""

import datetime
from collections import deque

from hypothesis import given
from hypothesis import strategies as st

from duo.journeys import lifecycle as lc

TODAY = datetime.date(2026, 11, 26)
statuses = st.sampled_from(lc.STATUSES)
days = st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2030, 12, 31))
texts = st.text(max_size=20)


def _inputs_for(step: lc.Step):
    """Inputs that satisfy a step: its first reason, a note, a date on the floor."""
    return {"reason": step.reasons[0] if step.reasons else "", "note": "because" if step.note_required else ""}


def test_every_status_is_reachable_from_introduction_planned():
    seen, queue = {lc.START}, deque([lc.START])
    while queue:
        for nxt in lc.allowed(queue.popleft()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    assert seen == set(lc.STATUSES)


def test_every_agreement_follows_both_acceptances():
    """Whatever the path, a duo reaches "agreement signed" only from "both accepted", and that only
    from "introduced": the 24 hours after the introduction cannot be skipped."""
    assert [s for s in lc.STATUSES if lc.AGREEMENT_SIGNED in lc.allowed(s)] == [lc.ACCEPTED]
    assert [s for s in lc.STATUSES if lc.ACCEPTED in lc.allowed(s)] == [lc.INTRODUCED]
    assert lc.allowed(lc.INTRODUCED) == (lc.ACCEPTED, lc.REFUSED)
    assert lc.problems(lc.INTRODUCED, lc.AGREEMENT_SIGNED, on=TODAY, today=TODAY) == {"to": "illegal"}


def test_the_machine_only_names_known_statuses():
    assert set(lc.NEXT) == set(lc.STATUSES)
    for targets in lc.NEXT.values():
        assert {s.target for s in targets} <= set(lc.STATUSES)


def test_closed_and_refused_are_the_only_ends():
    assert {s for s in lc.STATUSES if lc.is_terminal(s)} == {lc.CLOSED, lc.REFUSED}


@given(statuses, days, texts, texts)
def test_closed_is_terminal(target, on, reason, note):
    assert lc.allowed(lc.CLOSED) == ()
    assert lc.problems(lc.CLOSED, target, reason=reason, note=note, on=on, today=TODAY) in (
        {"to": "illegal"}, {"to": "unknown"})


@given(statuses, st.one_of(statuses, st.text(max_size=12)), st.one_of(st.none(), days), texts, texts)
def test_no_illegal_move_is_accepted(current, target, on, reason, note):
    errors = lc.problems(current, target, reason=reason, note=note, on=on, today=TODAY)
    if target not in lc.allowed(current):
        assert errors.get("to") in ("illegal", "unknown")
    else:
        assert "to" not in errors


@given(st.lists(st.integers(min_value=0, max_value=5), max_size=12), st.integers(min_value=0, max_value=30))
def test_a_walk_of_allowed_steps_with_their_inputs_is_accepted(choices, gap):
    """From the start, any sequence of allowed steps with the inputs they ask for goes through, and
    it never leaves the states the machine knows; a walk ends only at refused or closed."""
    status, day = lc.START, TODAY - datetime.timedelta(days=400)
    for choice in choices:
        steps = lc.NEXT[status]
        if not steps:
            break
        step = steps[choice % len(steps)]
        on = day + datetime.timedelta(days=gap)
        planned_end = on if step.target == lc.COMPLETED else None
        assert lc.problems(status, step.target, on=on, today=TODAY, floor=day, planned_end=planned_end,
                           **_inputs_for(step)) == {}
        status, day = step.target, on
    assert status in lc.STATUSES


@given(statuses, days)
def test_a_step_needs_its_reason_and_note(current, on):
    for step in lc.NEXT[current]:
        errors = lc.problems(current, step.target, reason="", note="  ", on=on, today=datetime.date(2031, 1, 1))
        assert ("reason" in errors) == bool(step.reasons)
        assert ("note" in errors) == step.note_required
        assert lc.problems(current, step.target, reason="not-a-reason", note="x", on=on,
                           today=datetime.date(2031, 1, 1)).get("reason") == ("invalid" if step.reasons else None)


@given(days, days)
def test_dates_cannot_be_in_the_future_nor_before_the_previous_step(on, floor):
    errors = lc.problems(lc.INTRODUCTION_PLANNED, lc.INTRODUCED, on=on, today=TODAY, floor=floor)
    if on > TODAY:
        assert errors == {"on": "future"}
    elif on < floor:
        assert errors == {"on": "before_previous"}
    else:
        assert errors == {}
    assert lc.problems(lc.INTRODUCTION_PLANNED, lc.INTRODUCED, on=None, today=TODAY) == {"on": "required"}


def test_completion_well_before_the_planned_end_is_an_early_end():
    end = datetime.date(2026, 7, 20)
    grace = datetime.timedelta(days=lc.COMPLETION_GRACE_DAYS)
    assert lc.problems(lc.ACTIVE, lc.COMPLETED, on=end - grace, today=TODAY, planned_end=end) == {}
    assert lc.problems(lc.ACTIVE, lc.COMPLETED, on=end - grace - datetime.timedelta(days=1), today=TODAY,
                       planned_end=end) == {"on": "before_planned_end"}
    # Ending early has no such limit.
    assert lc.problems(lc.ACTIVE, lc.ENDED_EARLY, reason="moved", on=datetime.date(2026, 2, 1), today=TODAY,
                       planned_end=end) == {}


@given(days, st.integers(min_value=0, max_value=36))
def test_add_months_lands_in_the_right_month_never_later_in_it(day, months):
    later = lc.add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day <= day.day
    assert later.day == day.day or (later + datetime.timedelta(days=1)).day == 1


def test_six_months_from_the_end_of_august_is_the_end_of_february():
    assert lc.add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert lc.add_months(datetime.date(2027, 8, 31), 6) == datetime.date(2028, 2, 29)
    assert lc.add_months(datetime.date(2026, 1, 20), 6) == datetime.date(2026, 7, 20)


@given(st.sampled_from(lc.END_REASONS))
def test_only_a_job_or_training_makes_an_early_end_positive(reason):
    assert lc.ended_positively(lc.ENDED_EARLY, reason) == (reason == "job_or_training")
    assert lc.ended_positively(lc.CLOSED, reason, closed_from=lc.ENDED_EARLY) == (reason == "job_or_training")
    assert lc.ended_positively(lc.COMPLETED, "") and lc.ended_positively(lc.CLOSED, "", closed_from=lc.COMPLETED)
    assert not lc.ended_positively(lc.REFUSED, reason) and not lc.ended_positively(lc.ACTIVE, "")
