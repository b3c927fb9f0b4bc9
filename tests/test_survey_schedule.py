"""When each survey falls due from a duo's dates (pure, with hypothesis), and which invitations the daily run
creates: never twice, never about surveys of years ago, never to someone who refused surveys, and made (but
not emailed) for people without an email address."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from duo.journeys.lifecycle import add_months
from duo.people.models import ConsentRecord
from duo.survey import responses, schedule
from duo.survey.defaults import INSTRUMENTS
from duo.survey.models import Instrument, InstrumentKind, Invitation
from tests.factories import DuoFactory, MentorFactory

K = InstrumentKind
DAY = datetime.timedelta(days=1)
TODAY = datetime.date(2026, 11, 20)
END_KINDS = {K.MENTEE_END, K.MENTOR_END, K.WHY_ENDED, K.MENTEE_FOLLOWUP_6M, K.MENTEE_FOLLOWUP_12M}

days = st.dates(min_value=datetime.date(2015, 1, 1), max_value=datetime.date(2035, 12, 31))


def _kinds(found):
    return {d.kind: d.due_on for d in found}


# --- the pure rules ------------------------------------------------------------------------------------------


def test_each_rule_asks_the_side_its_shipped_questionnaire_is_written_for():
    audience = {spec["kind"]: spec["audience"] for spec in INSTRUMENTS}
    assert {r.kind for r in schedule.RULES} == set(K.values)
    for rule in schedule.RULES:
        assert rule.side == audience[rule.kind], rule.kind


@hypothesis_settings(deadline=None)  # pure and fast; a loaded machine must not trip the deadline
@given(start=days, status=st.sampled_from(["active", "agreement_signed"]))
def test_a_running_duo_calls_for_the_baseline_at_its_start_and_the_pairing_check_a_month_later(start, status):
    found = _kinds(schedule.due_dates(status=status, started_on=start, ended_on=None))
    assert found == {K.MENTEE_BASELINE: start, K.PAIRING_FIT: add_months(start, 1)}


@hypothesis_settings(deadline=None)  # pure and fast; a loaded machine must not trip the deadline
@given(start=days, length=st.integers(min_value=0, max_value=400), closed=st.booleans())
def test_a_completed_duo_calls_for_both_end_surveys_and_the_follow_ups(start, length, closed):
    end = start + length * DAY
    found = _kinds(schedule.due_dates(status="closed" if closed else "completed", started_on=start, ended_on=end))
    assert found[K.MENTEE_BASELINE] == start
    assert found[K.MENTEE_END] == found[K.MENTOR_END] == end
    assert found[K.MENTEE_FOLLOWUP_6M] == add_months(end, 6)
    assert found[K.MENTEE_FOLLOWUP_12M] == add_months(end, 12)
    assert K.WHY_ENDED not in found
    # The pairing check only while the duo still runs a month after its start.
    assert (K.PAIRING_FIT in found) == (end > add_months(start, 1))
    assert all(day >= start for day in found.values())


@hypothesis_settings(deadline=None)  # pure and fast; a loaded machine must not trip the deadline
@given(start=days, length=st.integers(min_value=0, max_value=400), closed=st.booleans(),
       reason=st.sampled_from(["relationship", "job_or_training", "moved", "other"]))
def test_a_duo_ended_early_asks_why_and_follows_up_but_sends_no_end_of_mentoring_survey(start, length, closed, reason):
    end = start + length * DAY
    found = _kinds(schedule.due_dates(status="closed" if closed else "ended_early", started_on=start, ended_on=end,
                                      end_reason=reason))
    assert found[K.WHY_ENDED] == end
    assert K.MENTEE_END not in found and K.MENTOR_END not in found
    assert found[K.MENTEE_FOLLOWUP_6M] == add_months(end, 6)
    assert found[K.MENTEE_FOLLOWUP_12M] == add_months(end, 12)


@hypothesis_settings(deadline=None)  # pure and fast; a loaded machine must not trip the deadline
@given(status=st.sampled_from(["introduction_planned", "introduced", "accepted", "refused"]))
def test_a_duo_that_never_started_calls_for_nothing(status):
    assert schedule.due_dates(status=status, started_on=None, ended_on=None) == []


@hypothesis_settings(deadline=None)  # pure and fast; a loaded machine must not trip the deadline
@given(day=days)
def test_the_training_evaluation_falls_due_when_the_training_is_completed(day):
    assert _kinds(schedule.training_due(day)) == {K.TRAINING_EVALUATION: day}
    assert schedule.training_due(None) == []


@hypothesis_settings(deadline=None)  # pure and fast; a loaded machine must not trip the deadline
@given(today=days, offset=st.integers(min_value=-400, max_value=400))
def test_the_catch_up_window_is_the_last_thirty_days_up_to_today(today, offset):
    day = today + offset * DAY
    assert schedule.in_window(day, today) == (-schedule.CATCH_UP_DAYS < offset <= 0)


# --- what the database holds ---------------------------------------------------------------------------------


@pytest.fixture
def instruments(db):
    call_command("load_instruments", verbosity=0)
    return {i.kind: i for i in Instrument.objects.all()}


def _run(capture, today=TODAY, *extra):
    out = io.StringIO()
    with capture(execute=True):
        call_command("send_surveys", "--today", today.isoformat(), *extra, stdout=out)
    return out.getvalue().strip()


def _invited(person=None):
    rows = Invitation.objects.all() if person is None else Invitation.objects.filter(person=person)
    return sorted((i.version.instrument.kind, i.duo_id, i.due_on) for i in rows)


def test_a_duo_that_started_this_week_gets_its_baseline_and_nothing_else(instruments, antenna):
    duo = DuoFactory(antenna=antenna, started_on=TODAY - 3 * DAY, planned_end_on=TODAY + 180 * DAY)
    due = schedule.invitations_due(TODAY)
    assert [(p.instrument.kind, p.person, p.duo, p.due_on) for p in due] == [
        (K.MENTEE_BASELINE, duo.mentee.person, duo, TODAY - 3 * DAY)]


def test_every_survey_of_a_duo_is_invited_on_its_day_and_only_once(instruments, antenna,
                                                                     django_capture_on_commit_callbacks):
    start = datetime.date(2025, 1, 15)
    end = datetime.date(2025, 7, 15)
    duo = DuoFactory(antenna=antenna, status="completed", started_on=start, planned_end_on=end, ended_on=end)
    mentee, mentor = duo.mentee.person, duo.mentor.person
    for day in (start, add_months(start, 1), end, add_months(end, 6), add_months(end, 12)):
        _run(django_capture_on_commit_callbacks, day)
        _run(django_capture_on_commit_callbacks, day + DAY)  # the next day: nothing again
    assert _invited(mentee) == [
        (K.MENTEE_BASELINE, duo.pk, start), (K.MENTEE_END, duo.pk, end),
        (K.MENTEE_FOLLOWUP_12M, duo.pk, add_months(end, 12)), (K.MENTEE_FOLLOWUP_6M, duo.pk, add_months(end, 6)),
        (K.PAIRING_FIT, duo.pk, add_months(start, 1))]
    assert _invited(mentor) == [(K.MENTOR_END, duo.pk, end)]


def test_a_mentor_who_completed_the_training_is_asked_to_evaluate_it(instruments, antenna,
                                                                     django_capture_on_commit_callbacks):
    mentor = MentorFactory(person__antenna=antenna, training_completed_on=TODAY - 2 * DAY)
    MentorFactory(person__antenna=antenna, training_completed_on=None)
    assert "1 invited" in _run(django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    assert invitation.person == mentor.person and invitation.duo is None
    assert invitation.version.instrument.kind == K.TRAINING_EVALUATION and invitation.antenna == antenna


def test_the_first_run_on_an_old_database_invites_nobody_about_surveys_of_past_years(
        instruments, antenna, django_capture_on_commit_callbacks):
    DuoFactory(antenna=antenna, status="closed", started_on=datetime.date(2019, 1, 10),
               planned_end_on=datetime.date(2019, 7, 10), ended_on=datetime.date(2019, 7, 10))
    MentorFactory(person__antenna=antenna, training_completed_on=datetime.date(2019, 3, 1))
    # Its baseline due 70 days ago, its pairing check some 40 days ago: outside the window too.
    late = DuoFactory(antenna=antenna, started_on=TODAY - 70 * DAY, planned_end_on=TODAY + 110 * DAY)
    caught = DuoFactory(antenna=antenna, started_on=TODAY - 25 * DAY, planned_end_on=TODAY + 155 * DAY)
    assert _run(django_capture_on_commit_callbacks) == "1 invited, 1 emailed, 0 without an email address, 0 reminded"
    # Due 25 days ago: caught up.
    assert _invited() == [(K.MENTEE_BASELINE, caught.pk, TODAY - 25 * DAY)]
    assert not Invitation.objects.filter(duo=late).exists()


def test_an_answer_imported_from_paper_counts_as_asked(instruments, antenna, admin_user):
    from tests.test_survey_responses import _valid_end_answers

    duo = DuoFactory(antenna=antenna, started_on=TODAY - 3 * DAY, planned_end_on=TODAY + 180 * DAY)
    version = responses.current_version(instruments[K.MENTEE_BASELINE])
    responses.response_import(version=version, person=duo.mentee.person, duo=duo,
                              answers=_valid_end_answers(version), by=admin_user, answered_on=TODAY - DAY,
                              language="fr", import_ref="paper.xlsx:2")
    assert schedule.invitations_due(TODAY) == []


def test_someone_who_refused_surveys_is_not_invited_and_someone_who_changed_their_mind_is(
        instruments, antenna, django_capture_on_commit_callbacks):
    refused = DuoFactory(antenna=antenna, started_on=TODAY - 3 * DAY, planned_end_on=TODAY + 180 * DAY)
    changed = DuoFactory(antenna=antenna, started_on=TODAY - 3 * DAY, planned_end_on=TODAY + 180 * DAY)
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)

    def consent(person, granted, at):
        ConsentRecord.objects.create(person=person, purpose="surveys", granted=granted, text_version="2026-11",
                                     language="fr", channel="web", recorded_at=at)

    consent(refused.mentee.person, True, now)
    consent(refused.mentee.person, False, now + 30 * DAY)  # the latest record decides
    consent(changed.mentee.person, False, now)
    consent(changed.mentee.person, True, now + 30 * DAY)
    ConsentRecord.objects.create(person=refused.mentee.person, purpose="research", granted=True,
                                 text_version="x", language="fr", channel="web", recorded_at=now + 60 * DAY)
    _run(django_capture_on_commit_callbacks)
    assert [i.person for i in Invitation.objects.all()] == [changed.mentee.person]


def test_without_an_email_address_the_invitation_is_made_for_a_phone_call_but_nothing_is_sent(
        instruments, antenna, mailoutbox, django_capture_on_commit_callbacks):
    duo = DuoFactory(antenna=antenna, started_on=TODAY - 3 * DAY, planned_end_on=TODAY + 180 * DAY,
                     mentee__person__email="")
    assert _run(django_capture_on_commit_callbacks) == "1 invited, 0 emailed, 1 without an email address, 0 reminded"
    invitation = Invitation.objects.get()
    assert invitation.person == duo.mentee.person and invitation.sent_at is None and invitation.last_sent_at is None
    assert mailoutbox == []
    # Later runs send nothing either, until someone adds the address: then the first email goes.
    _run(django_capture_on_commit_callbacks, TODAY + 7 * DAY)
    assert mailoutbox == []
    duo.mentee.person.email = "found@example.org"
    duo.mentee.person.save()
    assert "1 emailed" in _run(django_capture_on_commit_callbacks, TODAY + 8 * DAY)
    assert [m.to for m in mailoutbox] == [["found@example.org"]]
    invitation.refresh_from_db()
    assert invitation.sent_at is not None and invitation.reminders_sent == 0


def test_a_dry_run_counts_and_changes_nothing(instruments, antenna, mailoutbox, django_capture_on_commit_callbacks):
    DuoFactory(antenna=antenna, started_on=TODAY - 3 * DAY, planned_end_on=TODAY + 180 * DAY)
    line = _run(django_capture_on_commit_callbacks, TODAY, "--dry-run")
    assert "1 invited, 1 emailed" in line and "dry run" in line
    assert not Invitation.objects.exists() and mailoutbox == []


def test_a_date_that_is_not_a_date_is_refused_with_a_clear_message(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_surveys", "--today", "20/11/2026")


def test_the_celery_task_runs_the_same_and_is_scheduled_daily(instruments, antenna, settings, eager,
                                                              django_capture_on_commit_callbacks):
    from duo.survey.tasks import send_surveys_task

    entry = settings.CELERY_BEAT_SCHEDULE["survey-invitations-daily"]
    assert entry["task"] == send_surveys_task.name
    today = timezone.localdate()
    DuoFactory(antenna=antenna, started_on=today, planned_end_on=today + 180 * DAY)
    with django_capture_on_commit_callbacks(execute=True):
        send_surveys_task.delay()
    assert Invitation.objects.count() == 1
