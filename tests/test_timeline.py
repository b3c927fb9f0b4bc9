"""A duo's full timeline: every kind of event in one list, in date order, scoped and filterable."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from duo.barrier.models import Barrier
from duo.demo.transitions import path_to
from duo.followup.models import CheckIn, StaffNote
from duo.journeys import lifecycle, timeline
from duo.journeys.closure import closing_interview_record
from duo.journeys.models import Meeting, Outcome
from duo.journeys.transitions import duo_transition

from .factories import DuoFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _in_english(english):
    """The titles are compared in English; pages are asked for under /en/ (reverse follows the language)."""
    yield


def walk(duo, to, on, by, **step):
    """Take every step of the main path up to `to`, all on the day `on` (keeps working when a step is
    inserted in the lifecycle); `step` goes with the last one (a reason, a note)."""
    duo.refresh_from_db()
    path = path_to(to)
    for target in path[path.index(duo.status) + 1:]:
        if target == getattr(lifecycle, "ACCEPTED", None):
            # "Both accepted" follows from the two answers, never set by hand.
            from duo.journeys.acceptance import introduction_answer

            at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
            for side in ("mentee", "mentor"):
                introduction_answer(duo=duo, side=side, accepted=True, via="staff", by=by, at=at)
        else:
            duo_transition(duo=duo, to=target, on=on, by=by, **(step if target == to else {}))
    duo.refresh_from_db()


@pytest.fixture
def story(antenna, coordinator):
    """A duo that went the whole way, with one record of every kind on known days."""
    start = TODAY - 220 * DAY
    duo = DuoFactory(antenna=antenna, status="introduction_planned", matched_on=start - 20 * DAY, started_on=None,
                     planned_end_on=None)
    walk(duo, lifecycle.AGREEMENT_SIGNED, start - 10 * DAY, coordinator)
    walk(duo, lifecycle.ACTIVE, start, coordinator)  # plans the three check-ins
    first = CheckIn.objects.get(duo=duo, kind="first_month")
    CheckIn.objects.filter(pk=first.pk).update(done_on=start + 33 * DAY, mode="phone", note="Going well.",
                                               done_by=coordinator)
    Meeting.objects.create(duo=duo, held_on=start + 2 * DAY, duration_minutes=90, mode="video",
                           topics=["cv", "network"], note="Went through the CV.", logged_by="mentor")
    StaffNote.objects.create(duo=duo, text="Mentor worried about the mentee's housing.", by=coordinator,
                             at=timezone.make_aware(datetime.datetime.combine(start + 40 * DAY, datetime.time(11))))
    Barrier.objects.create(person=duo.mentee.person, duo=duo, kind="discrimination_name", stage="follow_up",
                           observed_on=start + 60 * DAY, note="No callback under her own name.",
                           recorded_by=coordinator)
    walk(duo, lifecycle.ENDED_EARLY, start + 100 * DAY, coordinator, reason="job_or_training")
    Outcome.objects.create(duo=duo, category="training", horizon="end", observed_on=start + 105 * DAY,
                           source="coordinator", recorded_by=coordinator)
    closing_interview_record(duo=duo, by=coordinator, held_on=start + 110 * DAY, reenrol_answer="yes_now",
                             mentee_heard=True, mentor_heard=True)
    duo.refresh_from_db()
    return duo, start


def _page(client, user, duo, **query):
    client.force_login(user)
    return client.get(reverse("journeys:timeline", args=[duo.pk]), query, follow=False)


def test_every_kind_appears_on_its_day_newest_first(story, coordinator):
    duo, start = story
    entries = timeline.build(duo, coordinator)
    seen = {(e.kind, e.on) for e in entries}
    assert {("meeting", start + 2 * DAY), ("checkin", start + 33 * DAY), ("note", start + 40 * DAY),
            ("barrier", start + 60 * DAY), ("outcome", start + 105 * DAY),
            ("closing", start + 110 * DAY)} <= seen
    steps = [(e.on, e.title) for e in entries if e.kind == "lifecycle"]
    assert (start, "Mentoring started") in steps and (start + 100 * DAY, "Ended early") in steps
    assert (start + 110 * DAY, "Closed after the closing interview") in steps
    # Newest first; the same day keeps the order in which things happened (interview, then "closed").
    assert [e.on for e in entries] == sorted((e.on for e in entries), reverse=True)
    assert [e.kind for e in entries[:2]] == ["lifecycle", "closing"]
    # The check-ins still planned when the duo ended early were never needed: neither due nor overdue.
    assert not [e for e in entries if e.kind == "checkin" and (e.overdue or e.is_future)]
    oldest = timeline.build(duo, coordinator, newest_first=False)
    assert oldest == entries[::-1]
    # Lifecycle steps of one day stay in the order they were taken.
    same_day = [e.title for e in oldest if e.kind == "lifecycle" and e.on == start - 10 * DAY]
    assert same_day[0] == "Introduction held" and same_day[-1] == "Agreement signed"


def test_each_entry_says_what_happened(story, coordinator):
    duo, start = story
    by_kind = {}
    for e in timeline.build(duo, coordinator):
        by_kind.setdefault(e.kind, []).append(e)
    meeting = by_kind["meeting"][0]
    assert meeting.title == "Meeting, 90 min, video"
    assert "CV" in meeting.detail and "Network" in meeting.detail and "Went through the CV." in meeting.detail
    assert meeting.who == "Logged by: Mentor"
    ended = next(e for e in by_kind["lifecycle"] if e.title == "Ended early")
    assert "Mentee found a job or training early" in ended.detail and ended.who == str(coordinator)
    done = next(e for e in by_kind["checkin"] if not e.is_future and not e.overdue)
    assert "After the first month" in done.title and done.detail == "Going well."
    outcome = by_kind["outcome"][0]
    assert "Qualifying training" in outcome.title and "At the end of mentoring" in outcome.detail
    assert "Coordinator" in outcome.who
    closing = by_kind["closing"][0]
    assert "2 of 6" in closing.detail and "Yes, a new duo now" in closing.detail
    assert by_kind["barrier"][0].detail == "No callback under her own name."


def test_the_page_shows_staff_notes_and_links_from_the_duo_page(client, story, coordinator):
    duo, start = story
    client.force_login(coordinator)
    detail = client.get(reverse("journeys:detail", args=[duo.pk]))
    assert reverse("journeys:timeline", args=[duo.pk]) in detail.content.decode()
    html = _page(client, coordinator, duo).content.decode()
    assert "Mentor worried about the mentee&#x27;s housing." in html
    assert "Went through the CV." in html and "No callback under her own name." in html


def test_checkins_not_done_are_overdue_or_upcoming(antenna, coordinator):
    duo = DuoFactory(antenna=antenna, matched_on=TODAY - 80 * DAY, started_on=TODAY - 60 * DAY,
                     planned_end_on=TODAY + 120 * DAY)
    CheckIn.objects.create(duo=duo, kind="first_month", due_on=TODAY - 30 * DAY)
    CheckIn.objects.create(duo=duo, kind="month_3", due_on=TODAY + 30 * DAY)
    late, soon = sorted((e for e in timeline.build(duo, coordinator, only=["checkin"])), key=lambda e: e.on)
    assert late.overdue and not late.is_future and late.title.startswith("Check-in overdue")
    assert soon.is_future and not soon.overdue and soon.on == TODAY + 30 * DAY
    # The planned end of a running duo is on the timeline too, ahead.
    end = [e for e in timeline.build(duo, coordinator, only=["lifecycle"]) if e.title == "Planned end"]
    assert [(e.on, e.is_future) for e in end] == [(TODAY + 120 * DAY, True)]


def test_another_antennas_duo_is_404_and_not_built(client, users, foreign_duo, coordinator):
    StaffNote.objects.create(duo=foreign_duo, text="Not for you.", by=users["administrator"])
    response = _page(client, coordinator, foreign_duo)
    assert response.status_code == 404
    assert "Not for you." not in response.content.decode()
    # And the sources, asked directly for another antenna's duo, give nothing away either.
    assert not [e for e in timeline.build(foreign_duo, coordinator) if e.kind == "note"]


def test_filter_by_kind_and_order(client, story, coordinator):
    duo, start = story
    html = _page(client, coordinator, duo, kind="meeting").content.decode()
    assert "Went through the CV." in html
    assert "Mentor worried" not in html and "Mentoring started" not in html
    assert re.search(r'value="meeting"[^>]*checked', html) and not re.search(r'value="note"[^>]*checked', html)
    response = _page(client, coordinator, duo, kind=["note", "barrier"], order="oldest")
    html = response.content.decode()
    assert "Mentor worried" in html and "No callback" in html and "Went through the CV." not in html
    assert html.index("Mentor worried") < html.index("No callback")  # oldest first
    assert "2 entries" in html


def test_nothing_ticked_shows_everything_with_every_box_ticked(client, story, coordinator):
    duo, start = story
    html = _page(client, coordinator, duo).content.decode()
    for kind, _label in timeline.kinds():
        assert re.search(rf'value="{kind}"[^>]*checked', html), kind
    assert "Went through the CV." in html and "Mentor worried" in html


def test_a_tampered_filter_shows_an_error_in_the_users_language_and_everything(client, story, coordinator):
    duo, start = story
    client.force_login(coordinator)
    response = client.get(f"/fr/staff/duos/{duo.pk}/timeline/", {"kind": "bogus", "order": "sideways"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html and "Sélectionnez un choix valide" in html
    assert "Went through the CV." in html and "Mentor worried" in html


def test_a_viewer_reads_it_and_an_officer_may_not(client, users, story):
    duo, start = story
    assert _page(client, users["viewer"], duo).status_code == 200
    assert _page(client, users["officer"], duo).status_code == 403


def extra_entries(duo, user):
    """A source as another app would add it, for the registry test below."""
    yield timeline.Entry(on=duo.matched_on, kind="goal", title="Goal: a first interview")


def test_another_app_adds_its_kind_with_one_line(client, monkeypatch, story, coordinator):
    duo, start = story
    monkeypatch.setattr(timeline, "SOURCES", timeline.SOURCES + [
        timeline.Source("goal", "Career plan", "tests.test_timeline.extra_entries")])
    assert [e.title for e in timeline.build(duo, coordinator, only=["goal"])] == ["Goal: a first interview"]
    html = _page(client, coordinator, duo, kind="goal").content.decode()
    assert "Goal: a first interview" in html and "Career plan" in html and "Went through the CV." not in html


def _queries(client, duo):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("journeys:timeline", args=[duo.pk])).status_code == 200
    return len(ctx.captured_queries)


def test_a_long_duo_costs_no_more_queries_than_a_short_one(client, antenna, coordinator,
                                                             django_assert_max_num_queries):
    def duo_with(n):
        start = TODAY - 400 * DAY
        duo = DuoFactory(antenna=antenna, matched_on=start - 10 * DAY, started_on=start,
                         planned_end_on=start + 182 * DAY)
        Meeting.objects.bulk_create(Meeting(duo=duo, held_on=start + i * 3 * DAY, duration_minutes=60,
                                            topics=["cv"], logged_by="mentee") for i in range(n))
        StaffNote.objects.bulk_create(StaffNote(duo=duo, text=f"note {i}", by=coordinator) for i in range(n // 5))
        Barrier.objects.bulk_create(Barrier(person=duo.mentee.person, duo=duo, kind="language", stage="follow_up",
                                            recorded_by=coordinator) for _ in range(n // 10))
        Outcome.objects.bulk_create(Outcome(duo=duo, category="searching", horizon="end", source="coordinator",
                                            observed_on=start + 190 * DAY, recorded_by=coordinator)
                                    for _ in range(max(n // 25, 1)))
        for kind, due in (("first_month", 30), ("month_3", 90), ("end", 182)):
            CheckIn.objects.create(duo=duo, kind=kind, due_on=start + due * DAY, done_on=start + due * DAY,
                                   done_by=coordinator, mode="phone")
        return duo

    short, long = duo_with(5), duo_with(50)
    client.force_login(coordinator)
    _queries(client, short)  # warm the session and caches
    assert _queries(client, long) == _queries(client, short)
    # Session, user, whether they have an authenticator (two-step verification), duo, then per source its rows and
    # the user's antennas (scoping asks each time).
    with django_assert_max_num_queries(5 + 2 * len(timeline.SOURCES)):
        client.get(reverse("journeys:timeline", args=[long.pk]))
    assert len(timeline.build(long, coordinator, only=["meeting"])) == 50


def test_answers_and_the_career_plan_have_their_place(story, coordinator):
    """The two answers after the introduction (the story's walk records them) and the plan's goals."""
    from duo.careerplan.models import Goal
    from duo.careerplan.services import goal_add, goal_update

    duo, start = story
    answers = [e for e in timeline.build(duo, coordinator) if e.kind == "answer"]
    assert sorted(e.title for e in answers) == ["Mentee accepted", "Mentor accepted"]
    assert {e.on for e in answers} == {start - 10 * DAY}
    goal = goal_add(duo=duo, title="Finish a CV in Dutch", target_on=start + 60 * DAY, by=coordinator)
    goal_update(goal=Goal.objects.get(pk=goal.pk), status="done", by=coordinator)
    goals = {e.title: e for e in timeline.build(duo, coordinator, only=["goal"])}
    assert set(goals) == {"Goal set: Finish a CV in Dutch", "Goal reached: Finish a CV in Dutch"}
    assert goals["Goal reached: Finish a CV in Dutch"].on == TODAY
