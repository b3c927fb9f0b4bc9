"""The programme-quality measures on small hand-built organisations whose figures are known in advance,
and the page and CSV that show them, scoped to the antennas a user may see."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from duo.barrier.models import Barrier
from duo.followup.models import CheckIn
from duo.journeys.models import ClosingInterview, DuoTransition
from duo.peerexchange.models import Attendance, PeerSession
from duo.quality.measures import one
from duo.quality.periods import Period, choices, resolve
from duo.quality.sql import median_from_counts

from .factories import DuoFactory, MeetingFactory, MenteeFactory, MentorFactory, OutcomeFactory, PersonFactory
from .factories_pipeline import InterviewFactory, StageChangeFactory
from .factories_sessions import RegistrationFactory

D = datetime.date
YEAR = Period("2025", D(2025, 1, 1), D(2025, 12, 31))
TODAY = D(2026, 6, 1)


def days(n):
    return datetime.timedelta(days=n)


def ids(antenna):
    return [antenna.pk]


# --- the arithmetic ------------------------------------------------------------------------------

def test_median_from_counts_agrees_with_the_textbook():
    assert median_from_counts({}) is None
    assert median_from_counts({20: 1}) == 20
    assert median_from_counts({10: 1, 20: 1, 30: 1}) == 20
    assert median_from_counts({10: 2, 30: 2}) == 20  # 10, 10, 30, 30
    assert median_from_counts({5: 1, 7: 3}) == 7


def test_periods_never_run_past_today():
    today = D(2026, 11, 26)
    assert resolve("12m", today) == Period("12m", D(2025, 11, 27), today)
    assert resolve("2026", today).end == today
    assert resolve("2024", today) == Period("2024", D(2024, 1, 1), D(2024, 12, 31))
    assert [k for k, _ in choices(2024, today)] == ["12m", "2026", "2025", "2024", "all"]


# --- matching and initiating ---------------------------------------------------------------------

def test_median_days_from_intake_to_match(antenna, other_antenna):
    # Ready for matching 10, 20 and 35 days before the match: the median is 20 days.
    for wait in (10, 20, 35):
        duo = DuoFactory(antenna=antenna, matched_on=D(2025, 3, 1))
        duo.mentee.ready_on = duo.matched_on - days(wait)
        duo.mentee.save()
    # An interview overrides ready_on: held 60 days before this match.
    late = DuoFactory(antenna=antenna, matched_on=D(2025, 5, 1))
    late.mentee.ready_on = D(2025, 4, 30)
    late.mentee.save()
    InterviewFactory(person=late.mentee.person, kind="mentee", held_on=D(2025, 3, 2))
    fifth = DuoFactory(antenna=antenna, matched_on=D(2025, 5, 1))
    fifth.mentee.ready_on = D(2025, 4, 6)
    fifth.mentee.save()
    # Outside the period, and in another antenna: not counted.
    DuoFactory(antenna=antenna, matched_on=D(2024, 12, 31), mentee__ready_on=D(2024, 12, 1))
    DuoFactory(antenna=other_antenna, matched_on=D(2025, 3, 1), mentee__ready_on=D(2024, 1, 1))

    measure = one("intake_to_match", ids(antenna), YEAR, TODAY)
    assert (measure.value, measure.n) == (25, 5)  # 10, 20, 25, 35, 60
    assert measure.status == "within"
    assert not measure.few
    only_three = one("intake_to_match", ids(antenna), Period("x", D(2025, 1, 1), D(2025, 4, 1)), TODAY)
    assert (only_three.value, only_three.n, only_three.few) == (20, 3, True)


def test_a_long_wait_is_outside_the_target(antenna):
    duo = DuoFactory(antenna=antenna, matched_on=D(2025, 3, 1))
    duo.mentee.ready_on = D(2025, 1, 1)
    duo.mentee.save()
    measure = one("intake_to_match", ids(antenna), YEAR, TODAY)
    assert (measure.value, measure.status) == (59, "outside")


def _introduce(duo, on, signed_after=None, refused=False):
    DuoTransition.objects.create(duo=duo, from_status="introduction_planned", to_status="introduced", on=on)
    if signed_after is not None:
        # A step inserted between the two (here "active" as a stand-in) must not change the count.
        DuoTransition.objects.create(duo=duo, from_status="introduced", to_status="active", on=on + days(1))
        DuoTransition.objects.create(duo=duo, from_status="active", to_status="agreement_signed",
                                     on=on + days(signed_after))
    if refused:
        DuoTransition.objects.create(duo=duo, from_status="introduced", to_status="refused", on=on + days(1))


def test_agreements_within_two_weeks_and_refusals(antenna):
    _introduce(DuoFactory(antenna=antenna), D(2025, 2, 1), signed_after=10)
    _introduce(DuoFactory(antenna=antenna), D(2025, 2, 1), signed_after=14)
    _introduce(DuoFactory(antenna=antenna), D(2025, 2, 1), signed_after=20)
    _introduce(DuoFactory(antenna=antenna), D(2025, 2, 1))  # never signed
    _introduce(DuoFactory(antenna=antenna), D(2025, 2, 1), refused=True)
    _introduce(DuoFactory(antenna=antenna), D(2024, 12, 1), signed_after=5)  # before the period

    agreements = one("agreement_14_days", ids(antenna), YEAR, TODAY)
    assert (agreements.count, agreements.n, agreements.value) == (2, 4, 50.0)
    refused = one("refusals", ids(antenna), YEAR, TODAY)
    assert (refused.count, refused.n, refused.value) == (1, 5, 20.0)


def test_an_introduction_under_two_weeks_old_is_not_judged_yet(antenna):
    today = D(2025, 6, 10)
    _introduce(DuoFactory(antenna=antenna), D(2025, 6, 1))
    measure = one("agreement_14_days", ids(antenna), Period("x", D(2025, 1, 1), today), today)
    assert measure.n == 0 and measure.value is None and measure.no_data


# --- monitoring and support ----------------------------------------------------------------------

def test_meetings_per_duo_month_counts_only_time_under_way(antenna):
    # Under way for 61 days (1 Jan to 2 Mar 2025) with 4 meetings, and one logged after its end.
    short = DuoFactory(antenna=antenna, matched_on=D(2024, 12, 1), started_on=D(2025, 1, 1), ended_on=D(2025, 3, 2),
                       status="ended_early", end_reason="moved")
    for day in (D(2025, 1, 5), D(2025, 1, 20), D(2025, 2, 3), D(2025, 3, 1)):
        MeetingFactory(duo=short, held_on=day, duration_minutes=90)
    MeetingFactory(duo=short, held_on=D(2025, 3, 20))
    # Started mid-December 2024 and still under way: counted from 1 January to the period's end (365 days).
    long = DuoFactory(antenna=antenna, matched_on=D(2024, 12, 1), started_on=D(2024, 12, 15), planned_end_on=None)
    MeetingFactory(duo=long, held_on=D(2024, 12, 20))  # before the period
    for month in range(1, 13):
        MeetingFactory(duo=long, held_on=D(2025, month, 10), duration_minutes=60)
    DuoFactory(antenna=antenna, status="refused", started_on=None)  # never under way

    measure = one("meetings_per_month", ids(antenna), YEAR, TODAY)
    months = (61 + 365) / (365.25 / 12)
    assert measure.n == 2 and measure.count == 16
    assert measure.value == round(16 / months, 2)
    hours = one("hours_volunteered", ids(antenna), YEAR, TODAY)
    assert (hours.value, hours.n) == (round((4 * 90 + 12 * 60) / 60), 16)


def test_checkins_on_time(antenna):
    duo = DuoFactory(antenna=antenna, started_on=D(2025, 1, 1))
    CheckIn.objects.create(duo=duo, kind="first_month", due_on=D(2025, 2, 1), done_on=D(2025, 2, 8))  # on time
    CheckIn.objects.create(duo=duo, kind="month_3", due_on=D(2025, 4, 1), done_on=D(2025, 4, 9))  # a day late
    CheckIn.objects.create(duo=duo, kind="end", due_on=D(2025, 7, 1))  # never done
    ended = DuoFactory(antenna=antenna, started_on=D(2025, 1, 1), ended_on=D(2025, 3, 1), status="ended_early",
                       end_reason="health")
    CheckIn.objects.create(duo=ended, kind="month_3", due_on=D(2025, 4, 1))  # the duo had ended: not counted
    measure = one("checkins_on_time", ids(antenna), YEAR, TODAY)
    assert (measure.count, measure.n) == (1, 3)
    assert measure.value == 33.3


def test_peer_exchange_attendance(antenna, other_antenna):
    session = PeerSession.objects.create(antenna=antenna, held_on=D(2025, 5, 5))
    for attended in (True, True, True, False, None):
        Attendance.objects.create(session=session, mentor=MentorFactory(person__antenna=antenna), attended=attended)
    elsewhere = PeerSession.objects.create(antenna=other_antenna, held_on=D(2025, 5, 5))
    Attendance.objects.create(session=elsewhere, mentor=MentorFactory(person__antenna=other_antenna), attended=False)
    measure = one("peer_exchange", ids(antenna), YEAR, TODAY)
    assert (measure.count, measure.n, measure.value, measure.few) == (3, 4, 75.0, True)
    everyone = one("peer_exchange", None, YEAR, TODAY)
    assert (everyone.count, everyone.n) == (3, 5)


def test_silent_duos_today(antenna):
    today = D(2026, 3, 1)
    quiet = DuoFactory(antenna=antenna, started_on=D(2026, 1, 1))
    MeetingFactory(duo=quiet, held_on=today - days(21))
    lively = DuoFactory(antenna=antenna, started_on=D(2026, 1, 1))
    MeetingFactory(duo=lively, held_on=today - days(3))
    DuoFactory(antenna=antenna, started_on=D(2026, 1, 1))  # never met since its start, two months ago
    measure = one("silent_now", ids(antenna), YEAR, today)
    assert (measure.count, measure.n) == (2, 3)


# --- closure -------------------------------------------------------------------------------------

def _ended(antenna, reason="", on=D(2025, 7, 1)):
    return DuoFactory(antenna=antenna, started_on=D(2025, 1, 1), ended_on=on, end_reason=reason,
                      status="ended_early" if reason else "completed")


def test_share_reaching_term_and_positive_early_endings(antenna):
    for _ in range(7):
        _ended(antenna)
    _ended(antenna, "job_or_training")
    _ended(antenna, "relationship")
    closed_early = _ended(antenna, "moved")
    closed_early.status = "closed"
    closed_early.save()
    _ended(antenna, on=D(2024, 12, 1))  # ended before the period
    term = one("reaching_term", ids(antenna), YEAR, TODAY)
    assert (term.count, term.n, term.value, term.status) == (7, 10, 70.0, "outside")
    early = one("ended_early_for_work", ids(antenna), YEAR, TODAY)
    assert (early.count, early.n) == (1, 10)


def test_closing_interviews_and_re_enrolment(antenna):
    duos = [_ended(antenna) for _ in range(5)]
    for duo, answer in zip(duos, ("yes_now", "later", "no", "")):
        ClosingInterview.objects.create(duo=duo, held_on=D(2025, 7, 10), reenrol_answer=answer)
    held = one("closing_interviews", ids(antenna), YEAR, TODAY)
    assert (held.count, held.n) == (4, 5)
    again = one("re_enrolment", ids(antenna), YEAR, TODAY)
    assert (again.count, again.n, again.value, again.status) == (2, 3, 66.7, "outside")


def test_outcomes_at_twelve_months(antenna):
    # Ended in 2024: their outcome at 12 months fell due in 2025.
    categories = ["job_permanent", "job_fixed_3m", "job_short", "training", "searching", None]
    for category in categories:
        duo = DuoFactory(antenna=antenna, started_on=D(2024, 1, 1), ended_on=D(2024, 7, 1), status="completed")
        if category:
            OutcomeFactory(duo=duo, horizon="end", category="searching", observed_on=D(2024, 7, 2),
                           occupation=None)
            OutcomeFactory(duo=duo, horizon="12m", category=category, observed_on=D(2025, 7, 5), occupation=None)
    # Ended in 2025: its 12-month outcome is not due in 2025.
    OutcomeFactory(duo=_ended(antenna), horizon="12m", category="job_permanent", observed_on=D(2025, 12, 1))
    recorded = one("outcomes_12m_recorded", ids(antenna), YEAR, TODAY)
    assert (recorded.count, recorded.n) == (5, 6)
    positive = one("positive_exits", ids(antenna), YEAR, TODAY)
    assert (positive.count, positive.n, positive.value, positive.status) == (4, 5, 80.0, "within")
    stable = one("stable_jobs", ids(antenna), YEAR, TODAY)
    assert (stable.count, stable.n, stable.value, stable.status) == (2, 5, 40.0, "outside")


def test_barriers_top_kinds_with_small_counts_withheld(antenna, other_antenna):
    people = [PersonFactory(antenna=antenna) for _ in range(7)]
    for person in people:
        Barrier.objects.create(person=person, kind="language", observed_on=D(2025, 3, 1))
        Barrier.objects.create(person=person, kind="language", observed_on=D(2025, 4, 1))  # once per person
    for person in people[:2]:
        Barrier.objects.create(person=person, kind="diploma", observed_on=D(2025, 3, 1))
    Barrier.objects.create(person=PersonFactory(antenna=other_antenna), kind="money", observed_on=D(2025, 3, 1))
    measure = one("barriers", ids(antenna), YEAR, TODAY)
    assert measure.value == 7
    assert [(kind, n, hidden) for _, n, hidden, kind in measure.rows] == [("language", 7, False),
                                                                         ("diploma", 2, True)]


# --- recruitment, screening, training ------------------------------------------------------------

def _applied(antenna, on, kind="mentee"):
    factory = MenteeFactory if kind == "mentee" else MentorFactory
    return factory(person__antenna=antenna, applied_on=on).person


def test_recruitment_and_screening(antenna, other_antenna):
    at_session = _applied(antenna, D(2025, 2, 1))
    RegistrationFactory(person=at_session, session__antenna=antenna, attended=True)
    InterviewFactory(person=at_session, kind="mentee", held_on=D(2025, 2, 11))  # 10 days
    stepped = _applied(antenna, D(2025, 3, 1))
    StageChangeFactory(person=stepped, to_stage="info_session",
                       at=timezone.make_aware(datetime.datetime(2025, 3, 10, 10)))
    StageChangeFactory(person=stepped, to_stage="intake_done",  # no interview recorded: 30 days
                       at=timezone.make_aware(datetime.datetime(2025, 3, 31, 10)))
    _applied(antenna, D(2025, 4, 1))  # neither
    both = _applied(antenna, D(2025, 4, 1), kind="mentor")
    # An interview on the other side, and one from before this application, do not count.
    InterviewFactory(person=both, kind="mentee", held_on=D(2025, 4, 5))
    InterviewFactory(person=both, kind="mentor", held_on=D(2025, 3, 5))
    _applied(antenna, D(2024, 4, 1))  # before the period
    _applied(other_antenna, D(2025, 4, 1))  # another antenna

    assert one("applications_mentee", ids(antenna), YEAR, TODAY).value == 3
    assert one("applications_mentor", ids(antenna), YEAR, TODAY).value == 1
    info = one("info_session", ids(antenna), YEAR, TODAY)
    assert (info.count, info.n) == (2, 4)
    median = one("application_to_interview", ids(antenna), YEAR, TODAY)
    assert (median.value, median.n) == (20, 2)
    interviewed = one("applicants_interviewed", ids(antenna), YEAR, TODAY)
    assert (interviewed.count, interviewed.n, interviewed.value) == (2, 4, 50.0)


def test_mentors_trained_before_their_first_match(antenna):
    trained = MentorFactory(person__antenna=antenna, training_completed_on=D(2024, 11, 1))
    DuoFactory(antenna=antenna, mentor=trained, matched_on=D(2024, 12, 1))  # the first match, before the period
    DuoFactory(antenna=antenna, mentor=trained, matched_on=D(2025, 6, 1))
    untrained = MentorFactory(person__antenna=antenna, training_completed_on=None)
    DuoFactory(antenna=antenna, mentor=untrained, matched_on=D(2025, 6, 1))
    late = MentorFactory(person__antenna=antenna, training_completed_on=D(2025, 7, 1))
    DuoFactory(antenna=antenna, mentor=late, matched_on=D(2025, 6, 1))
    DuoFactory(antenna=antenna, mentor=late, matched_on=D(2025, 8, 1))  # two duos, one mentor
    measure = one("trained_before_match", ids(antenna), YEAR, TODAY)
    assert (measure.count, measure.n) == (1, 3)


# --- the page and its CSV ------------------------------------------------------------------------

def en(name):
    with translation.override("en"):
        return reverse(name)


def _csv(response) -> dict:
    text = response.content.decode("utf-8-sig")
    return {row["code"]: row for row in csv.DictReader(io.StringIO(text))}


@pytest.fixture
def two_antennas(antenna, other_antenna):
    today = timezone.localdate()
    for antenna_, waits in ((antenna, (10, 20, 30)), (other_antenna, (40, 50, 60, 70, 80))):
        for wait in waits:
            duo = DuoFactory(antenna=antenna_, matched_on=today - days(30), started_on=None, status="introduced")
            duo.mentee.ready_on = duo.matched_on - days(wait)
            duo.mentee.save()


def test_a_coordinator_sees_their_antenna_without_comparison(client, coordinator, two_antennas, other_antenna):
    client.force_login(coordinator)
    response = client.get(en("quality:antenna"))
    html = response.content.decode()
    assert response.status_code == 200
    row = html[html.index('id="m-intake_to_match"'):]
    row = row[:row.index("</tr>")]
    assert "20 days" in row and "within target" in row and "few cases" in row
    assert "Whole organisation" not in html and other_antenna.name not in html
    # Another antenna's id in the filter: a field error, and still only their own figures.
    response = client.get(reverse("quality:antenna"), {"antenna": other_antenna.pk})
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    rows = _csv(client.get(reverse("quality:csv"), {"antenna": other_antenna.pk}))
    assert (rows["intake_to_match"]["value"], rows["intake_to_match"]["n"]) == ("20.0", "3")


def test_an_administrator_compares_an_antenna_with_the_organisation(client, admin_user, two_antennas, antenna):
    client.force_login(admin_user)
    html = client.get(en("quality:antenna"), {"antenna": antenna.pk}).content.decode()
    assert "Whole organisation" in html
    row = html[html.index('id="m-intake_to_match"'):]
    row = row[:row.index("</tr>")]
    assert "20 days" in row and "45 days" in row  # 10..80 over both antennas: median 45
    rows = _csv(client.get(reverse("quality:csv"), {"antenna": antenna.pk}))
    assert [rows["intake_to_match"][k] for k in ("value", "n", "organisation_value", "organisation_n")] == [
        "20.0", "3", "45.0", "8"]
    everything = _csv(client.get(reverse("quality:csv")))
    assert (everything["intake_to_match"]["value"], everything["intake_to_match"]["n"]) == ("45.0", "8")


def test_the_period_is_chosen_and_a_bad_one_refused(client, coordinator, antenna):
    client.force_login(coordinator)
    duo = DuoFactory(antenna=antenna, matched_on=D(2025, 3, 1))
    duo.mentee.ready_on = D(2025, 2, 1)
    duo.mentee.save()
    rows = _csv(client.get(reverse("quality:csv"), {"period": "2025"}))
    assert (rows["intake_to_match"]["value"], rows["intake_to_match"]["period_start"]) == ("28.0", "2025-01-01")
    rows = _csv(client.get(reverse("quality:csv"), {"period": "all"}))
    assert rows["intake_to_match"]["n"] == "1"
    response = client.get(reverse("quality:antenna"), {"period": "1066"})
    assert response.status_code == 200 and 'id="error-summary"' in response.content.decode()


def test_no_data_is_said_in_words(client, users):
    from duo.accounts.roles import Role

    client.force_login(users[Role.RESEARCHER])
    html = client.get(en("quality:antenna")).content.decode()
    assert html.count("no data") >= 10
    assert "Traceback" not in html
