"""Coordinator follow-up: check-ins planned at the start, the week page, computed alerts, staff notes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from duo.accounts import scoping
from duo.followup import queries, services
from duo.followup.models import CheckIn, StaffNote
from duo.journeys.models import Duo, DuoTransition, Meeting
from duo.journeys.transitions import duo_transition

from .factories import DuoFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _active(antenna, started_days_ago=60):
    start = TODAY - started_days_ago * DAY
    return DuoFactory(antenna=antenna, matched_on=start - 20 * DAY, started_on=start,
                      planned_end_on=start + 182 * DAY)


# --- scheduling -----------------------------------------------------------------------------------

def test_starting_a_duo_plans_its_three_checkins(own_duo, coordinator):
    Duo.objects.filter(pk=own_duo.pk).update(status="agreement_signed", started_on=None, planned_end_on=None)
    own_duo.refresh_from_db()
    start = TODAY - 3 * DAY
    duo_transition(duo=own_duo, to="active", on=start, by=coordinator)
    due = dict(CheckIn.objects.filter(duo=own_duo).values_list("kind", "due_on"))
    own_duo.refresh_from_db()
    assert due == {"first_month": services.due_dates(start, None)["first_month"],
                   "month_3": services.due_dates(start, None)["month_3"], "end": own_duo.planned_end_on}


def test_scheduling_is_idempotent_and_only_for_active_duos(own_duo, antenna):
    assert len(services.checkins_schedule(duo=own_duo)) == 3
    assert services.checkins_schedule(duo=own_duo) == []
    introduced = DuoFactory(antenna=antenna, status="introduced", started_on=None)
    assert services.checkins_schedule(duo=introduced) == []
    assert services.checkins_schedule_all(duos=Duo.objects.all()) == 0
    assert CheckIn.objects.count() == 3


# --- the week -------------------------------------------------------------------------------------

def test_week_lists_due_and_overdue_checkins_of_my_antennas_only(client, antenna, other_antenna, coordinator):
    mine = _active(antenna)
    theirs = _active(other_antenna)
    late = CheckIn.objects.create(duo=mine, kind="first_month", due_on=TODAY - 5 * DAY)
    soon = CheckIn.objects.create(duo=mine, kind="month_3", due_on=TODAY + 6 * DAY)
    CheckIn.objects.create(duo=mine, kind="end", due_on=TODAY + 30 * DAY)  # not this week
    CheckIn.objects.create(duo=theirs, kind="first_month", due_on=TODAY)
    assert list(queries.checkins_due(coordinator)) == [late, soon]
    client.force_login(coordinator)
    page = client.get(reverse("followup:week")).content.decode()
    assert f"checkin-{late.pk}" in page and f"checkin-{soon.pk}" in page
    assert str(theirs) not in page


def test_administrator_filters_by_antenna(client, antenna, other_antenna, users):
    a, b = _active(antenna), _active(other_antenna)
    ca = CheckIn.objects.create(duo=a, kind="first_month", due_on=TODAY)
    cb = CheckIn.objects.create(duo=b, kind="first_month", due_on=TODAY)
    admin = users["administrator"]
    assert set(queries.checkins_due(admin)) == {ca, cb}
    client.force_login(admin)
    page = client.get(reverse("followup:week"), {"antenna": other_antenna.pk}).content.decode()
    assert f"checkin-{cb.pk}" in page and f"checkin-{ca.pk}" not in page


def test_marking_a_checkin_done(client, own_duo, coordinator):
    c = CheckIn.objects.create(duo=own_duo, kind="first_month", due_on=TODAY - DAY)
    client.force_login(coordinator)
    url = reverse("followup:checkin_done", kwargs={"pk": c.pk})
    r = client.post(url, {f"c{c.pk}-done_on": TODAY.isoformat(), f"c{c.pk}-mode": "phone",
                          f"c{c.pk}-note": "All fine."})
    assert r.status_code == 302
    c.refresh_from_db()
    assert (c.done_on, c.mode, c.note, c.done_by) == (TODAY, "phone", "All fine.", coordinator)
    assert c not in queries.checkins_due(coordinator)


@pytest.mark.parametrize("data,field", [
    ({"done_on": "", "mode": "phone"}, "done_on"),
    ({"done_on": "not a date", "mode": "phone"}, "done_on"),
    ({"done_on": (TODAY + DAY).isoformat(), "mode": "phone"}, "done_on"),
    ({"done_on": TODAY.isoformat(), "mode": "pigeon"}, "mode"),
    ({"done_on": "2020-01-01", "mode": "video"}, "done_on"),  # before the duo started
])
def test_bad_input_gives_field_errors_and_changes_nothing(client, own_duo, coordinator, data, field):
    c = CheckIn.objects.create(duo=own_duo, kind="first_month", due_on=TODAY - DAY)
    client.force_login(coordinator)
    r = client.post(reverse("followup:checkin_done", kwargs={"pk": c.pk}),
                    {f"c{c.pk}-{k}": v for k, v in data.items()})
    assert r.status_code == 200
    form = next(f for x, f in r.context["rows"] if x == c)
    assert field in form.errors
    c.refresh_from_db()
    assert c.done_on is None and c.mode == ""


def test_done_twice_is_refused(own_duo, coordinator):
    c = CheckIn.objects.create(duo=own_duo, kind="first_month", due_on=TODAY - DAY)
    services.checkin_done(checkin=c, done_on=TODAY, mode="phone", by=coordinator)
    with pytest.raises(services.FollowupError):
        services.checkin_done(checkin=c, done_on=TODAY, mode="video", by=coordinator)


def test_another_antennas_checkin_is_not_found(client, foreign_duo, coordinator):
    c = CheckIn.objects.create(duo=foreign_duo, kind="first_month", due_on=TODAY)
    client.force_login(coordinator)
    r = client.post(reverse("followup:checkin_done", kwargs={"pk": c.pk}),
                    {f"c{c.pk}-done_on": TODAY.isoformat(), f"c{c.pk}-mode": "phone"})
    assert r.status_code == 404
    with pytest.raises(scoping.NotAllowed):
        services.checkin_done(checkin=c, done_on=TODAY, mode="phone", by=coordinator)
    c.refresh_from_db()
    assert c.done_on is None


# --- alerts ---------------------------------------------------------------------------------------

def _kinds(user):
    return {(a.duo.pk, a.kind) for a in queries.alerts(user)}


def test_silent_duo_alert_clears_when_a_meeting_is_logged(antenna, coordinator):
    duo = _active(antenna, started_days_ago=40)
    Meeting.objects.create(duo=duo, held_on=TODAY - 25 * DAY, duration_minutes=60)
    assert (duo.pk, "silent") in _kinds(coordinator)
    Meeting.objects.create(duo=duo, held_on=TODAY - 2 * DAY, duration_minutes=60)
    assert (duo.pk, "silent") not in _kinds(coordinator)


def test_a_duo_that_never_met_is_counted_from_its_start(antenna, coordinator):
    fresh = _active(antenna, started_days_ago=10)
    stale = _active(antenna, started_days_ago=30)
    # Only the silence alerts: the same duos have no career plan either, which is another alert.
    assert {k for k in _kinds(coordinator) if k[1] == "silent"} == {(stale.pk, "silent")}
    assert fresh.pk  # started ten days ago: not yet an alert


def test_introduction_without_agreement_alert_clears_when_signed(antenna, coordinator):
    duo = DuoFactory(antenna=antenna, status="introduced", matched_on=TODAY - 30 * DAY, started_on=None,
                     planned_end_on=None)
    DuoTransition.objects.create(duo=duo, from_status="introduction_planned", to_status="introduced",
                                 on=TODAY - 15 * DAY)
    assert (duo.pk, "agreement") in _kinds(coordinator)
    # Both accepted, still no agreement: the alert stays until it is signed.
    DuoTransition.objects.create(duo=duo, from_status="introduced", to_status="accepted", on=TODAY - 14 * DAY)
    Duo.objects.filter(pk=duo.pk).update(status="accepted")
    assert (duo.pk, "agreement") in _kinds(coordinator)
    duo_transition(duo=duo, to="agreement_signed", on=TODAY, by=coordinator)
    assert (duo.pk, "agreement") not in _kinds(coordinator)


def test_an_overdue_outcome_alert_clears_when_the_outcome_is_recorded(client, antenna, coordinator, english):
    from duo.journeys.models import Outcome

    duo = DuoFactory(antenna=antenna, status="completed", matched_on=TODAY - 400 * DAY,
                     started_on=TODAY - 390 * DAY, planned_end_on=TODAY - 207 * DAY, ended_on=TODAY - 207 * DAY)
    outcome_alerts = [a for a in queries.alerts(coordinator) if a.duo.pk == duo.pk and a.kind == "outcome"]
    # Ended seven months ago: the outcome at 6 months is late by a few weeks, an alert; the one at the end
    # is late by seven months, counted apart with a link to the outcomes due; 12 months is not due yet.
    assert [a.horizon for a in outcome_alerts] == ["6m"]
    assert queries.older_outcomes_overdue(coordinator) == 1
    client.force_login(coordinator)
    html = client.get(reverse("followup:week")).content.decode()
    assert reverse("journeys:outcome_add", args=[duo.pk]) + "?horizon=6m" in html
    assert "1 older outcome not recorded" in html and reverse("journeys:outcomes_due") in html
    for horizon in ("end", "6m"):
        Outcome.objects.create(duo=duo, category="searching", horizon=horizon, observed_on=TODAY, source="coordinator")
    assert (duo.pk, "outcome") not in _kinds(coordinator)
    assert queries.older_outcomes_overdue(coordinator) == 0


def test_alerts_stay_in_my_antennas(antenna, other_antenna, coordinator):
    _active(other_antenna, started_days_ago=60)
    assert _kinds(coordinator) == set()


# --- staff notes ----------------------------------------------------------------------------------

def test_staff_note_on_the_duo_page(client, own_duo, coordinator):
    client.force_login(coordinator)
    url = reverse("followup:note_add", kwargs={"pk": own_duo.pk})
    assert client.post(url, {"text": "   "}).status_code == 200
    assert not StaffNote.objects.exists()
    assert client.post(url, {"text": "Mentor on holiday in August."}).status_code == 302
    note = StaffNote.objects.get()
    assert (note.duo, note.by) == (own_duo, coordinator)
    page = client.get(reverse("journeys:detail", kwargs={"pk": own_duo.pk})).content.decode()
    assert "Mentor on holiday in August." in page


def test_staff_notes_never_reach_the_participants_meeting_log_page(client, own_duo, coordinator):
    from duo.meetinglog import services as ml

    StaffNote.objects.create(duo=own_duo, text="Confidential remark", by=coordinator)
    url = ml.link_issue(duo=own_duo, person=own_duo.mentor.person, by=coordinator)
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert "Confidential remark" not in response.content.decode()


def test_viewer_reads_the_week_without_forms(client, own_duo, users):
    CheckIn.objects.create(duo=own_duo, kind="first_month", due_on=TODAY)
    client.force_login(users["viewer"])
    page = client.get(reverse("followup:week")).content.decode()
    assert "Mark done" not in page


def test_command_plans_checkins_for_existing_active_duos(own_duo):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("schedule_checkins", stdout=out)
    call_command("schedule_checkins", stdout=out)
    assert CheckIn.objects.filter(duo=own_duo).count() == 3
    assert "3 check-ins planned." in out.getvalue() and "0 check-ins planned." in out.getvalue()


def test_demo_gives_active_duos_their_checkins(db):
    import io

    from django.core.management import call_command

    call_command("seed_demo", duos=60, seed=7, stdout=io.StringIO(), stderr=io.StringIO())
    active = Duo.objects.filter(status="active")
    assert active.exists()
    assert CheckIn.objects.filter(duo__in=active).count() == 3 * active.count()
    past = CheckIn.objects.filter(due_on__lt=TODAY)
    assert past.filter(done_on__isnull=False).count() > past.filter(done_on__isnull=True).count()


def test_a_long_week_shows_the_most_urgent_first_and_says_how_many_more(client, antenna, coordinator, english,
                                                                         monkeypatch):
    from duo.followup import views

    monkeypatch.setattr(views, "SHOWN", 2)
    duos = [_active(antenna, started_days_ago=n) for n in (40, 35, 31)]  # first-month check-ins, all late
    for duo in duos:
        services.checkins_schedule(duo=duo)
    client.force_login(coordinator)
    html = client.get(reverse("followup:week")).content.decode()
    # The two most overdue check-ins are there, the third is counted; the three silent duos likewise.
    assert f'id="checkin-{duos[0].checkins.get(kind="first_month").pk}"' in html
    assert f'id="checkin-{duos[2].checkins.get(kind="first_month").pk}"' not in html
    assert "The 2 most urgent of 3 check-ins." in html
    assert "alerts." in html and "The 2 oldest of" in html
