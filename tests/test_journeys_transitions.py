"""Moving duos along their lifecycle: the service, and the forms on the duo page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from duo.accounts import scoping
from duo.accounts.roles import Role
from duo.intake.models import StageChange
from duo.journeys import lifecycle
from duo.journeys.choices import DuoStatus, EndReason
from duo.journeys.models import Duo, DuoTransition
from duo.journeys.acceptance import introduction_answer
from duo.journeys.transitions import TransitionError, duo_transition
from duo.matching.keys import person_key
from duo.matching.models import PairBlock

from .factories import DuoFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _days_ago(n):
    return TODAY - datetime.timedelta(days=n)


@pytest.fixture
def new_duo(antenna):
    """A duo just formed by matching, 300 days ago, both people "matched"."""
    return DuoFactory(antenna=antenna, status=DuoStatus.INTRODUCTION_PLANNED, matched_on=_days_ago(300),
                      started_on=None, planned_end_on=None, mentee__stage="matched", mentor__stage="matched",
                      mentee__ready_on=_days_ago(340))


def _introduced(duo, by):
    duo_transition(duo=duo, to=DuoStatus.INTRODUCED, on=_days_ago(290), by=by)
    return Duo.objects.get(pk=duo.pk)


def _blocked(duo) -> bool:
    return PairBlock.objects.filter(mentee_key=person_key(duo.mentee.person_id),
                                    mentor_key=person_key(duo.mentor.person_id)).exists()


def _both_accept(duo, by, ago):
    at = timezone.make_aware(datetime.datetime.combine(_days_ago(ago), datetime.time(11)))
    for side in ("mentee", "mentor"):
        introduction_answer(duo=duo, side=side, accepted=True, via="staff", by=by, at=at)


def test_the_whole_journey_records_every_step(new_duo, coordinator):
    duo_transition(duo=new_duo, to=DuoStatus.INTRODUCED, on=_days_ago(290), by=coordinator)
    _both_accept(new_duo, coordinator, 289)
    steps = [(DuoStatus.AGREEMENT_SIGNED, 285, ""), (DuoStatus.ACTIVE, 280, ""),
             (DuoStatus.COMPLETED, 100, ""), (DuoStatus.CLOSED, 90, "closing interview held")]
    for to, ago, note in steps:
        duo_transition(duo=new_duo, to=to, on=_days_ago(ago), note=note, by=coordinator)
    duo = Duo.objects.get(pk=new_duo.pk)
    assert duo.status == DuoStatus.CLOSED
    assert duo.started_on == _days_ago(280)
    assert duo.planned_end_on == lifecycle.add_months(_days_ago(280), 6)
    assert duo.ended_on == _days_ago(100) and duo.end_reason == ""
    rows = list(DuoTransition.objects.filter(duo=duo).order_by("at", "id"))
    assert [(r.from_status, r.to_status) for r in rows] == [
        ("introduction_planned", "introduced"), ("introduced", "accepted"), ("accepted", "agreement_signed"),
        ("agreement_signed", "active"),
        ("active", "completed"), ("completed", "closed")]
    assert all(r.by == coordinator for r in rows)
    assert rows[-1].note == "closing interview held" and rows[0].on == _days_ago(290)
    assert not _blocked(duo)


def test_a_step_without_a_date_happens_today(new_duo, coordinator):
    row = duo_transition(duo=new_duo, to=DuoStatus.INTRODUCED, by=coordinator)
    assert row.on == TODAY


def test_an_illegal_step_is_refused_naming_the_status_and_the_next_steps(new_duo, coordinator, english):
    with pytest.raises(TransitionError) as caught:
        duo_transition(duo=new_duo, to=DuoStatus.ACTIVE, by=coordinator)
    message = caught.value.errors["to"]
    assert "Introduction planned" in message and "Introduced" in message
    assert Duo.objects.get(pk=new_duo.pk).status == DuoStatus.INTRODUCTION_PLANNED
    assert not DuoTransition.objects.exists()


def test_a_closed_duo_cannot_change_any_more(antenna, coordinator, english):
    duo = DuoFactory(antenna=antenna, status=DuoStatus.CLOSED)
    for to in (DuoStatus.ACTIVE, DuoStatus.INTRODUCED, DuoStatus.CLOSED, "nonsense"):
        with pytest.raises(TransitionError):
            duo_transition(duo=duo, to=to, by=coordinator)
    assert Duo.objects.get(pk=duo.pk).status == DuoStatus.CLOSED and not DuoTransition.objects.exists()


@pytest.mark.parametrize("kwargs,field", [
    ({"on": TODAY + datetime.timedelta(days=1)}, "on"),
    ({"on": datetime.date(2000, 1, 1)}, "on"),  # before the match
])
def test_bad_dates_change_nothing(new_duo, coordinator, kwargs, field):
    with pytest.raises(TransitionError) as caught:
        duo_transition(duo=new_duo, to=DuoStatus.INTRODUCED, by=coordinator, **kwargs)
    assert set(caught.value.errors) == {field}
    assert Duo.objects.get(pk=new_duo.pk).status == DuoStatus.INTRODUCTION_PLANNED
    assert not DuoTransition.objects.exists()


def test_a_step_cannot_come_before_the_previous_one(new_duo, coordinator):
    duo = _introduced(new_duo, coordinator)
    with pytest.raises(TransitionError) as caught:
        duo_transition(duo=duo, to=DuoStatus.REFUSED, reason="mentee", note="No", on=_days_ago(295), by=coordinator)
    assert set(caught.value.errors) == {"on"}


def test_no_agreement_without_both_acceptances(new_duo, coordinator, english):
    duo = _introduced(new_duo, coordinator)
    with pytest.raises(TransitionError) as caught:
        duo_transition(duo=duo, to=DuoStatus.AGREEMENT_SIGNED, on=_days_ago(285), by=coordinator)
    assert "its next step can only be “Both accepted”, “Refused after introduction”" in caught.value.errors["to"]
    # Nor can "Both accepted" be set by hand while an answer is missing.
    introduction_answer(duo=duo, side="mentee", accepted=True, via="staff", by=coordinator,
                        at=timezone.make_aware(datetime.datetime.combine(_days_ago(289), datetime.time(9))))
    with pytest.raises(TransitionError) as caught:
        duo_transition(duo=duo, to=DuoStatus.ACCEPTED, on=_days_ago(285), by=coordinator)
    assert "must accept first" in caught.value.errors["to"]
    assert Duo.objects.get(pk=duo.pk).status == DuoStatus.INTRODUCED


def test_refusal_needs_a_side_and_a_why(new_duo, coordinator):
    duo = _introduced(new_duo, coordinator)
    with pytest.raises(TransitionError) as caught:
        duo_transition(duo=duo, to=DuoStatus.REFUSED, by=coordinator)
    assert set(caught.value.errors) == {"reason", "note"}
    assert Duo.objects.get(pk=duo.pk).status == DuoStatus.INTRODUCED


def test_refusal_sends_both_back_to_the_pool_and_blocks_the_pair(new_duo, coordinator):
    duo = _introduced(new_duo, coordinator)
    row = duo_transition(duo=duo, to=DuoStatus.REFUSED, reason="mentee", note="Not at ease", by=coordinator)
    duo = Duo.objects.select_related("mentee", "mentor").get(pk=duo.pk)
    assert duo.status == DuoStatus.REFUSED and row.reason == "mentee" and row.note == "Not at ease"
    assert duo.mentee.stage == "ready" and duo.mentor.stage == "ready"
    # The mentee keeps their place in the queue.
    assert duo.mentee.ready_on == _days_ago(340)
    assert StageChange.objects.filter(person=duo.mentee.person, from_stage="matched", to_stage="ready").exists()
    assert _blocked(duo)


def test_a_mentor_with_another_open_duo_stays_matched_after_a_refusal(new_duo, coordinator):
    DuoFactory(antenna=new_duo.antenna, mentor=new_duo.mentor, status=DuoStatus.ACTIVE)
    duo = _introduced(new_duo, coordinator)
    duo_transition(duo=duo, to=DuoStatus.REFUSED, reason="mentor", note="Too far", by=coordinator)
    duo = Duo.objects.select_related("mentee", "mentor").get(pk=duo.pk)
    assert duo.mentee.stage == "ready" and duo.mentor.stage == "matched"


@pytest.mark.parametrize("reason,blocked", [(EndReason.RELATIONSHIP, True), (EndReason.JOB_OR_TRAINING, False)])
def test_an_early_end_records_its_reason_and_blocks_only_a_failed_relationship(own_duo, coordinator, reason,
                                                                               blocked):
    duo_transition(duo=own_duo, to=DuoStatus.ENDED_EARLY, reason=reason, on=datetime.date(2026, 3, 1),
                   by=coordinator)
    duo = Duo.objects.get(pk=own_duo.pk)
    assert (duo.status, duo.end_reason, duo.ended_on) == (DuoStatus.ENDED_EARLY, reason, datetime.date(2026, 3, 1))
    assert _blocked(duo) is blocked


def test_an_early_end_needs_a_known_reason(own_duo, coordinator):
    for reason in ("", "bored"):
        with pytest.raises(TransitionError) as caught:
            duo_transition(duo=own_duo, to=DuoStatus.ENDED_EARLY, reason=reason, on=datetime.date(2026, 3, 1),
                           by=coordinator)
        assert set(caught.value.errors) == {"reason"}
    assert Duo.objects.get(pk=own_duo.pk).status == DuoStatus.ACTIVE


def test_completing_months_early_is_refused(own_duo, coordinator):
    # own_duo started on 20 January 2026, planned end 20 July.
    with pytest.raises(TransitionError) as caught:
        duo_transition(duo=own_duo, to=DuoStatus.COMPLETED, on=datetime.date(2026, 4, 1), by=coordinator)
    assert set(caught.value.errors) == {"on"}


def test_only_staff_who_may_change_the_duo_move_it(own_duo, foreign_duo, users):
    with pytest.raises(scoping.NotAllowed):
        duo_transition(duo=foreign_duo, to=DuoStatus.COMPLETED, by=users[Role.COORDINATOR])
    with pytest.raises(scoping.NotAllowed):
        duo_transition(duo=own_duo, to=DuoStatus.COMPLETED, by=users[Role.VIEWER])
    assert not DuoTransition.objects.exists()


def test_the_lifecycle_knows_every_end_reason():
    assert list(EndReason.values) == list(lifecycle.END_REASONS)
    assert set(DuoStatus.values) == set(lifecycle.STATUSES)


# --- the duo page ------------------------------------------------------------------------------------

def test_the_page_offers_the_allowed_steps_and_shows_the_timeline(client, new_duo, coordinator, english):
    duo = _introduced(new_duo, coordinator)
    client.force_login(coordinator)
    html = client.get(reverse("journeys:detail", args=[duo.pk])).content.decode()
    # Introduced: each side's answer is recorded, which moves the duo on; no bare step to pick.
    assert 'name="side" value="mentee"' in html and 'name="side" value="mentor"' in html
    assert 'value="accepted"' not in html and 'value="agreement_signed"' not in html
    _both_accept(duo, coordinator, 289)
    html = client.get(reverse("journeys:detail", args=[duo.pk])).content.decode()
    assert 'value="agreement_signed"' in html and 'value="refused"' not in html
    assert 'value="active"' not in html
    assert "Timeline" in html and "Introduced" in html and str(coordinator) in html


def test_a_viewer_sees_the_timeline_but_no_forms(client, new_duo, coordinator, users, english):
    duo = _introduced(new_duo, coordinator)
    client.force_login(users[Role.VIEWER])
    html = client.get(reverse("journeys:detail", args=[duo.pk])).content.decode()
    assert "Timeline" in html and reverse("journeys:transition", args=[duo.pk]) not in html


def test_posting_a_step_moves_the_duo(client, new_duo, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("journeys:transition", args=[new_duo.pk]),
                           {"to": "introduced", "on": _days_ago(5).isoformat(), "note": "At the office"})
    assert response.status_code == 302 and response["Location"] == reverse("journeys:detail", args=[new_duo.pk])
    row = DuoTransition.objects.get(duo=new_duo)
    assert (row.to_status, row.on, row.note, row.by) == ("introduced", _days_ago(5), "At the office", coordinator)


@pytest.mark.parametrize("data", [
    {"to": "ended_early", "on": "2026-03-01"},  # no reason
    {"to": "ended_early", "on": "2026-03-01", "reason": "bored"},  # not a reason
    {"to": "ended_early", "on": "not a date", "reason": "moved"},
    {"to": "completed", "on": "2026-03-01"},  # months before the planned end
])
def test_a_bad_step_shows_the_errors_and_changes_nothing(client, own_duo, coordinator, data, english):
    client.force_login(coordinator)
    response = client.post(reverse("journeys:transition", args=[own_duo.pk]), data)
    assert response.status_code == 200
    assert "Please correct the errors below." in response.content.decode()
    assert Duo.objects.get(pk=own_duo.pk).status == DuoStatus.ACTIVE
    assert not DuoTransition.objects.exists()


def test_a_step_not_offered_is_refused_with_a_message(client, own_duo, coordinator, english):
    client.force_login(coordinator)
    response = client.post(reverse("journeys:transition", args=[own_duo.pk]),
                           {"to": "closed", "on": "2026-03-01"}, follow=True)
    html = response.content.decode()
    assert "This duo is “Active”: its next step can only be “Completed”, “Ended early”." in html
    assert Duo.objects.get(pk=own_duo.pk).status == DuoStatus.ACTIVE
    assert not DuoTransition.objects.exists()


def test_the_timeline_says_who_refused_and_why(client, new_duo, coordinator, english):
    duo = _introduced(new_duo, coordinator)
    duo_transition(duo=duo, to=DuoStatus.REFUSED, reason="mentor", note="Schedules never matched", by=coordinator)
    client.force_login(coordinator)
    html = client.get(reverse("journeys:detail", args=[duo.pk])).content.decode()
    assert "The mentor refused" in html and "Schedules never matched" in html
    # A refused duo has no next step.
    assert reverse("journeys:transition", args=[duo.pk]) not in html


def test_closing_goes_through_the_closing_interview(client, own_duo, coordinator, english):
    duo_transition(duo=own_duo, to=DuoStatus.COMPLETED, on=own_duo.planned_end_on, by=coordinator)
    client.force_login(coordinator)
    page = client.get(reverse("journeys:detail", args=[own_duo.pk])).content.decode()
    assert "Hold the closing interview" in page and 'value="closed"' not in page
    response = client.post(reverse("journeys:transition", args=[own_duo.pk]), {"to": "closed", "on": "2026-03-01"})
    assert response.status_code == 302 and response["Location"].endswith(reverse("journeys:close", args=[own_duo.pk]))
    assert Duo.objects.get(pk=own_duo.pk).status == DuoStatus.COMPLETED
