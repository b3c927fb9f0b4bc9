"""Closing a duo after the closing interview, the mentor's re-enrolment, a person's history, the .ics feed."""

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from duo.accounts import scoping
from duo.intake.models import StageChange
from duo.journeys import closure
from duo.journeys.choices import DuoStatus, EndReason
from duo.journeys.models import ClosingInterview, Duo, DuoTransition, ReEnrolAnswer
from duo.journeys.transitions import duo_transition
from duo.matching.keys import person_key
from duo.matching.models import PairBlock
from duo.people.models import MentorProfile

from .factories import DuoFactory, MeetingFactory, OutcomeFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
ALL_CHECKED = {item: True for item in closure.CHECKLIST}


def _ago(n):
    return TODAY - datetime.timedelta(days=n)


@pytest.fixture
def ended_duo(antenna, coordinator):
    """A duo that completed its six months 20 days ago; the mentor is still "matched"."""
    duo = DuoFactory(antenna=antenna, status=DuoStatus.ACTIVE, matched_on=_ago(220), started_on=_ago(200),
                     planned_end_on=_ago(20), mentor__stage="matched", mentee__stage="matched")
    duo_transition(duo=duo, to=DuoStatus.COMPLETED, on=_ago(20), by=coordinator)
    return Duo.objects.get(pk=duo.pk)


def _mentor_stage(duo):
    return MentorProfile.objects.get(pk=duo.mentor_id).stage


def test_closing_records_the_interview_and_closes_through_the_lifecycle(ended_duo, coordinator):
    interview = closure.closing_interview_record(
        duo=ended_duo, by=coordinator, held_on=_ago(5), note="Good duo", reenrol_answer=ReEnrolAnswer.NO,
        reenrol_reason="Travelling this year", **ALL_CHECKED)
    duo = Duo.objects.get(pk=ended_duo.pk)
    assert duo.status == DuoStatus.CLOSED
    last = DuoTransition.objects.filter(duo=duo).order_by("-at", "-id").first()
    assert (last.from_status, last.to_status, last.on, last.note, last.by) == (
        DuoStatus.COMPLETED, DuoStatus.CLOSED, _ago(5), "Good duo", coordinator)
    interview.refresh_from_db()
    assert all(getattr(interview, item) for item in closure.CHECKLIST)
    assert interview.reenrol_reason == "Travelling this year" and interview.reenrol_on is None
    assert interview.recorded_by == coordinator
    # "No" leaves the mentor where they were.
    assert _mentor_stage(duo) == "matched"


def test_yes_now_sends_the_mentor_back_to_ready(ended_duo, coordinator):
    closure.closing_interview_record(duo=ended_duo, by=coordinator, held_on=_ago(1),
                                     reenrol_answer=ReEnrolAnswer.YES_NOW)
    assert _mentor_stage(ended_duo) == "ready"
    change = StageChange.objects.filter(person=ended_duo.mentor.person, kind="mentor").latest("pk")
    assert (change.from_stage, change.to_stage, change.by) == ("matched", "ready", coordinator)


def test_yes_now_keeps_a_mentor_with_another_open_duo_matched(ended_duo, coordinator, antenna):
    DuoFactory(antenna=antenna, mentor=ended_duo.mentor, status=DuoStatus.ACTIVE)
    closure.closing_interview_record(duo=ended_duo, by=coordinator, held_on=_ago(1),
                                     reenrol_answer=ReEnrolAnswer.YES_NOW)
    assert _mentor_stage(ended_duo) == "matched"


def test_later_keeps_the_date_and_puts_it_in_the_calendar(ended_duo, coordinator, client):
    ask_on = TODAY + datetime.timedelta(days=90)
    closure.closing_interview_record(duo=ended_duo, by=coordinator, held_on=_ago(1),
                                     reenrol_answer=ReEnrolAnswer.LATER, reenrol_on=ask_on)
    assert ClosingInterview.objects.get(duo=ended_duo).reenrol_on == ask_on
    assert _mentor_stage(ended_duo) == "matched"
    client.force_login(coordinator)
    cal = icalendar.Calendar.from_ical(client.get(reverse("journeys:ics")).content)
    starts = [ev.decoded("dtstart") for ev in cal.walk("VEVENT")]
    assert ask_on in starts


@pytest.mark.parametrize("answer,extra,field", [
    ("", {}, "reenrol_answer"),
    (ReEnrolAnswer.LATER, {}, "reenrol_on"),
    (ReEnrolAnswer.LATER, {"reenrol_on": _ago(30)}, "reenrol_on"),
    (ReEnrolAnswer.NO, {"reenrol_reason": "  "}, "reenrol_reason"),
])
def test_an_incomplete_answer_is_refused_and_nothing_changes(ended_duo, coordinator, answer, extra, field):
    with pytest.raises(closure.ClosureError) as caught:
        closure.closing_interview_record(duo=ended_duo, by=coordinator, held_on=_ago(1), reenrol_answer=answer,
                                         **extra)
    assert field in caught.value.errors
    assert Duo.objects.get(pk=ended_duo.pk).status == DuoStatus.COMPLETED
    assert not ClosingInterview.objects.exists()


def test_not_offered_needs_no_answer(ended_duo, coordinator):
    interview = closure.closing_interview_record(duo=ended_duo, by=coordinator, held_on=_ago(1),
                                                 reenrol_offered=False, reenrol_answer=ReEnrolAnswer.YES_NOW)
    assert interview.reenrol_answer == "" and _mentor_stage(ended_duo) == "matched"


def test_an_active_duo_cannot_be_closed(own_duo, coordinator, english):
    with pytest.raises(closure.ClosureError) as caught:
        closure.closing_interview_record(duo=own_duo, by=coordinator, held_on=TODAY,
                                         reenrol_answer=ReEnrolAnswer.NO, reenrol_reason="x")
    assert "only a completed duo" in caught.value.errors[None]
    assert Duo.objects.get(pk=own_duo.pk).status == DuoStatus.ACTIVE
    assert not ClosingInterview.objects.exists()


def test_a_date_before_the_end_or_in_the_future_is_a_field_error(ended_duo, coordinator):
    for day in (_ago(40), TODAY + datetime.timedelta(days=1)):
        with pytest.raises(closure.ClosureError) as caught:
            closure.closing_interview_record(duo=ended_duo, by=coordinator, held_on=day,
                                             reenrol_answer=ReEnrolAnswer.NO, reenrol_reason="x")
        assert "held_on" in caught.value.errors
    assert Duo.objects.get(pk=ended_duo.pk).status == DuoStatus.COMPLETED


def test_another_antennas_coordinator_may_not_close(other_antenna, coordinator):
    duo = DuoFactory(antenna=other_antenna, status=DuoStatus.COMPLETED, ended_on=_ago(3))
    with pytest.raises(scoping.NotAllowed):
        closure.closing_interview_record(duo=duo, by=coordinator, held_on=TODAY, reenrol_offered=False)


def test_closing_a_duo_that_ended_badly_keeps_the_pair_block(antenna, coordinator):
    duo = DuoFactory(antenna=antenna, status=DuoStatus.ACTIVE, matched_on=_ago(100), started_on=_ago(90),
                     planned_end_on=_ago(-90), mentor__stage="matched")
    duo_transition(duo=duo, to=DuoStatus.ENDED_EARLY, reason=EndReason.RELATIONSHIP, on=_ago(10), by=coordinator)
    closure.closing_interview_record(duo=duo, by=coordinator, held_on=_ago(2), reenrol_answer=ReEnrolAnswer.YES_NOW)
    assert PairBlock.objects.filter(mentee_key=person_key(duo.mentee.person_id),
                                    mentor_key=person_key(duo.mentor.person_id)).exists()
    assert Duo.objects.get(pk=duo.pk).status == DuoStatus.CLOSED


def test_the_form_closes_the_duo_and_the_duo_page_shows_the_interview(ended_duo, coordinator, client, english):
    client.force_login(coordinator)
    page = client.get(reverse("journeys:detail", args=[ended_duo.pk])).content.decode()
    assert reverse("journeys:close", args=[ended_duo.pk]) in page
    data = {"held_on": _ago(2).isoformat(), "mentee_heard": "on", "survey_proposed": "on",
            "reenrol_offered": "on", "reenrol_answer": "later", "reenrol_on": (TODAY + datetime.timedelta(days=60)).isoformat(),
            "note": "Both satisfied"}
    response = client.post(reverse("journeys:close", args=[ended_duo.pk]), data)
    assert response.status_code == 302
    interview = ClosingInterview.objects.get(duo=ended_duo)
    assert interview.mentee_heard and interview.survey_proposed and not interview.mentor_heard
    page = client.get(reverse("journeys:detail", args=[ended_duo.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Closing interview" in page and "Both satisfied" in page
    assert reverse("journeys:close", args=[ended_duo.pk]) not in page


def test_the_form_with_bad_input_shows_errors_and_changes_nothing(ended_duo, coordinator, client):
    client.force_login(coordinator)
    url = reverse("journeys:close", args=[ended_duo.pk])
    for data in ({}, {"held_on": "not a date"}, {"held_on": _ago(1).isoformat(), "reenrol_offered": "on",
                                                   "reenrol_answer": "no"},
                 {"held_on": _ago(1).isoformat(), "reenrol_offered": "on", "reenrol_answer": "maybe"}):
        response = client.post(url, data)
        assert response.status_code == 200
        assert response.context["form"].errors
    assert Duo.objects.get(pk=ended_duo.pk).status == DuoStatus.COMPLETED
    assert not ClosingInterview.objects.exists()


def test_a_persons_history_lists_every_duo_with_counts(antenna, coordinator, client, users):
    first = DuoFactory(antenna=antenna, status=DuoStatus.CLOSED, matched_on=datetime.date(2024, 2, 1),
                       ended_on=datetime.date(2024, 8, 1))
    mentor = first.mentor
    second = DuoFactory(antenna=antenna, mentor=mentor, status=DuoStatus.ACTIVE,
                        matched_on=datetime.date(2025, 3, 1))
    MeetingFactory.create_batch(3, duo=first)
    MeetingFactory(duo=second)
    OutcomeFactory(duo=first, category="job_permanent", horizon="end", observed_on=datetime.date(2024, 8, 1))
    rows = closure.person_history(user=coordinator, person=mentor.person)
    assert [r["duo"].pk for r in rows] == [second.pk, first.pk]
    assert [r["duo"].meeting_count for r in rows] == [1, 3]
    assert [len(r["outcomes"]) for r in rows] == [0, 1]
    assert all(r["side"] == "mentor" for r in rows)
    client.force_login(coordinator)
    page = client.get(reverse("people:detail", args=[mentor.person_id])).content.decode()
    assert str(first.mentee) in page and str(second.mentee) in page


def test_the_calendar_holds_planned_ends_of_my_antennas_active_duos_only(own_duo, foreign_duo, coordinator,
                                                                         client):
    planned = DuoFactory(antenna=own_duo.antenna, status=DuoStatus.INTRODUCTION_PLANNED, planned_end_on=None)
    client.force_login(coordinator)
    response = client.get(reverse("journeys:ics"))
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    uids = {str(ev["uid"]).split("@")[0] for ev in cal.walk("VEVENT")}
    assert uids == {f"duo-{own_duo.pk}-planned-end"}
    assert f"duo-{foreign_duo.pk}-planned-end" not in uids and f"duo-{planned.pk}-planned-end" not in uids
    event = next(iter(cal.walk("VEVENT")))
    assert event.decoded("dtstart") == own_duo.planned_end_on


def test_the_form_page_shows_the_checklist_or_why_it_cannot_close(ended_duo, own_duo, coordinator, client, english):
    client.force_login(coordinator)
    page = client.get(reverse("journeys:close", args=[ended_duo.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="consent_checked"' in page and 'name="reenrol_answer"' in page
    page = client.get(reverse("journeys:close", args=[own_duo.pk])).content.decode()
    assert 'name="consent_checked"' not in page
