"""Peer-exchange sessions: planning and inviting, attendance, cancelling, the pages, the rule per
mentor, and the two counts the programme-quality page uses."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from duo.accounts import scoping
from duo.journeys.lifecycle import add_months
from duo.peerexchange import queries, services
from duo.peerexchange.models import Attendance, PeerSession

from .factories import DuoFactory, MentorFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _duo(antenna, *, started_days_ago=100, ended_days_ago=None, status="active", mentor=None):
    start = TODAY - started_days_ago * DAY
    extra = {"mentor": mentor} if mentor else {}
    return DuoFactory(antenna=antenna, status=status, matched_on=start - 20 * DAY, started_on=start,
                      planned_end_on=start + 182 * DAY,
                      ended_on=None if ended_days_ago is None else TODAY - ended_days_ago * DAY, **extra)


def _held(antenna, days_ago, mentors, came=None):
    """A past session; `came=None`: attendance not taken yet."""
    session = PeerSession.objects.create(antenna=antenna, held_on=TODAY - days_ago * DAY)
    for m in mentors:
        Attendance.objects.create(session=session, mentor=m, attended=None if came is None else m in came)
    return session


# --- planning ---------------------------------------------------------------------------------------

def test_planning_invites_the_mentors_with_an_open_duo_in_that_antenna(antenna, other_antenna, coordinator):
    running = _duo(antenna)
    introduced = _duo(antenna, status="introduced")
    _duo(antenna, started_days_ago=400, ended_days_ago=200, status="completed")  # ended before the date
    _duo(other_antenna)  # another antenna
    refused = _duo(antenna, status="refused")
    session = services.session_plan(antenna=antenna, held_on=TODAY + 10 * DAY, starts_at=datetime.time(18, 0),
                                    place="Rue Haute 1", theme="Listening", by=coordinator)
    invited = set(session.attendances.values_list("mentor_id", flat=True))
    assert invited == {running.mentor_id, introduced.mentor_id}
    assert refused.mentor_id not in invited
    assert set(session.attendances.values_list("attended", flat=True)) == {None}
    assert session.created_by == coordinator


def test_a_session_planned_afterwards_invites_the_duos_running_on_its_date(antenna, coordinator):
    then = _duo(antenna, started_days_ago=300, ended_days_ago=30, status="completed")
    later = _duo(antenna, started_days_ago=20)
    session = services.session_plan(antenna=antenna, held_on=TODAY - 60 * DAY, by=coordinator)
    assert set(session.attendances.values_list("mentor_id", flat=True)) == {then.mentor_id}
    assert later.mentor_id not in set(session.attendances.values_list("mentor_id", flat=True))


def test_a_mentor_with_two_open_duos_is_invited_once(antenna, coordinator):
    first = _duo(antenna)
    _duo(antenna, mentor=first.mentor)
    session = services.session_plan(antenna=antenna, held_on=TODAY + DAY, by=coordinator)
    assert session.attendances.count() == 1


def test_planning_without_a_date_or_in_another_antenna_is_refused(antenna, other_antenna, coordinator, users):
    with pytest.raises(services.PeerExchangeError) as caught:
        services.session_plan(antenna=antenna, held_on=None, by=coordinator)
    assert "held_on" in caught.value.errors
    with pytest.raises(scoping.NotAllowed):
        services.session_plan(antenna=other_antenna, held_on=TODAY, by=coordinator)
    with pytest.raises(scoping.NotAllowed):
        services.session_plan(antenna=antenna, held_on=TODAY, by=users["viewer"])
    assert not PeerSession.objects.exists()


def test_the_next_date_is_the_last_session_plus_two_months(antenna):
    assert queries.next_date(antenna, TODAY) == TODAY + queries.FIRST_SESSION_DAYS * DAY
    PeerSession.objects.create(antenna=antenna, held_on=TODAY - 10 * DAY)
    assert queries.next_date(antenna, TODAY) == add_months(TODAY - 10 * DAY, 2)
    # Sessions that lapsed: the next one is not proposed in the past.
    PeerSession.objects.all().update(held_on=TODAY - 300 * DAY)
    assert queries.next_date(antenna, TODAY) == TODAY


def test_inviting_more_adds_only_new_mentors_of_my_antennas(antenna, foreign_duo, coordinator):
    duo = _duo(antenna)
    session = services.session_plan(antenna=antenna, held_on=TODAY + 5 * DAY, by=coordinator)
    extra = MentorFactory(person__antenna=antenna)
    assert services.session_invite(session=session, mentors=[extra, duo.mentor], by=coordinator) == 1
    assert session.attendances.count() == 2
    with pytest.raises(scoping.NotAllowed):
        services.session_invite(session=session, mentors=[foreign_duo.mentor], by=coordinator)
    assert session.attendances.count() == 2


# --- attendance ---------------------------------------------------------------------------------------

def test_attendance_marks_who_came_and_who_did_not(antenna, coordinator):
    a, b = _duo(antenna), _duo(antenna)
    session = _held(antenna, 3, [a.mentor, b.mentor])
    assert services.attendance_record(session=session, present={a.mentor_id}, by=coordinator) == (1, 2)
    assert dict(session.attendances.values_list("mentor_id", "attended")) == {a.mentor_id: True, b.mentor_id: False}
    # Taken again, it corrects the first.
    services.attendance_record(session=session, present={b.mentor_id}, by=coordinator)
    assert dict(session.attendances.values_list("mentor_id", "attended")) == {a.mentor_id: False, b.mentor_id: True}


def test_attendance_of_a_future_session_is_refused_with_a_clear_message(antenna, coordinator, english):
    duo = _duo(antenna)
    session = services.session_plan(antenna=antenna, held_on=TODAY + 7 * DAY, by=coordinator)
    with pytest.raises(services.PeerExchangeError) as caught:
        services.attendance_record(session=session, present={duo.mentor_id}, by=coordinator)
    assert "not taken place yet" in caught.value.errors["__all__"]
    assert list(session.attendances.values_list("attended", flat=True)) == [None]


def test_attendance_for_someone_not_invited_is_refused(antenna, coordinator):
    duo = _duo(antenna)
    session = _held(antenna, 3, [duo.mentor])
    stranger = MentorFactory(person__antenna=antenna)
    with pytest.raises(services.PeerExchangeError):
        services.attendance_record(session=session, present={duo.mentor_id, stranger.pk}, by=coordinator)
    assert list(session.attendances.values_list("attended", flat=True)) == [None]


def test_cancel_removes_a_planned_session_but_not_one_that_took_place(antenna, coordinator):
    duo = _duo(antenna)
    planned = services.session_plan(antenna=antenna, held_on=TODAY + 7 * DAY, by=coordinator)
    services.session_cancel(session=planned, by=coordinator)
    assert not PeerSession.objects.filter(pk=planned.pk).exists()
    held = _held(antenna, 3, [duo.mentor], came=[duo.mentor])
    with pytest.raises(services.PeerExchangeError):
        services.session_cancel(session=held, by=coordinator)
    assert PeerSession.objects.filter(pk=held.pk).exists()


# --- the pages ----------------------------------------------------------------------------------------

def test_a_coordinator_plans_from_the_list_with_the_date_prefilled(client, antenna, coordinator):
    duo = _duo(antenna)
    last = PeerSession.objects.create(antenna=antenna, held_on=TODAY - 20 * DAY)
    client.force_login(coordinator)
    page = client.get(reverse("peerexchange:list")).content.decode()
    assert f"{reverse('peerexchange:new')}?antenna={antenna.pk}" in page
    form = client.get(reverse("peerexchange:new"), {"antenna": antenna.pk}).context["form"]
    assert form.initial["held_on"] == add_months(last.held_on, 2)
    response = client.post(reverse("peerexchange:new"), {
        "antenna": antenna.pk, "held_on": (TODAY + 30 * DAY).isoformat(), "starts_at": "18:00",
        "duration_minutes": "120", "mode": "in_person", "place": "Salle 2"})
    session = PeerSession.objects.get(held_on=TODAY + 30 * DAY)
    assert response.status_code == 302 and response["Location"] == reverse("peerexchange:detail", args=[session.pk])
    assert list(session.attendances.values_list("mentor_id", flat=True)) == [duo.mentor_id]


def test_a_bad_form_shows_errors_in_french_and_plans_nothing(client, antenna, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("peerexchange:new"), {"antenna": antenna.pk, "held_on": "31/02/2026",
                                                         "duration_minutes": "-5", "mode": "carrier-pigeon"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"held_on", "duration_minutes", "mode"} <= errors.keys()
    assert "Saisissez une date valide" in response.content.decode()
    assert not PeerSession.objects.exists()


def test_the_session_page_takes_attendance_once_held(client, antenna, coordinator):
    a, b = _duo(antenna), _duo(antenna)
    future = services.session_plan(antenna=antenna, held_on=TODAY + 3 * DAY, by=coordinator)
    client.force_login(coordinator)
    page = client.get(reverse("peerexchange:detail", args=[future.pk])).content.decode()
    assert 'name="present"' not in page
    response = client.post(reverse("peerexchange:attendance", args=[future.pk]),
                           {"confirm": "True", "present": [a.mentor_id]})
    assert response.status_code == 200 and response.context["attendance_form"].non_field_errors()
    assert set(future.attendances.values_list("attended", flat=True)) == {None}

    held = _held(antenna, 2, [a.mentor, b.mentor])
    page = client.get(reverse("peerexchange:detail", args=[held.pk])).content.decode()
    assert page.count('name="present"') == 2
    response = client.post(reverse("peerexchange:attendance", args=[held.pk]),
                           {"confirm": "True", "present": [str(b.mentor_id)]})
    assert response.status_code == 302
    assert dict(held.attendances.values_list("mentor_id", "attended")) == {a.mentor_id: False, b.mentor_id: True}


def test_an_empty_post_records_nothing(client, antenna, coordinator):
    duo = _duo(antenna)
    held = _held(antenna, 2, [duo.mentor])
    client.force_login(coordinator)
    assert client.post(reverse("peerexchange:attendance", args=[held.pk])).status_code == 200
    assert client.post(reverse("peerexchange:cancel", args=[held.pk])).status_code == 200
    assert list(held.attendances.values_list("attended", flat=True)) == [None]
    assert PeerSession.objects.filter(pk=held.pk).exists()


def test_another_antennas_session_is_not_found_and_not_listed(client, antenna, other_antenna, coordinator):
    mine = PeerSession.objects.create(antenna=antenna, held_on=TODAY + 5 * DAY, theme="Mine")
    theirs = PeerSession.objects.create(antenna=other_antenna, held_on=TODAY + 5 * DAY, theme="Theirs")
    client.force_login(coordinator)
    page = client.get(reverse("peerexchange:list")).content.decode()
    assert "Mine" in page and "Theirs" not in page
    assert client.get(reverse("peerexchange:detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("peerexchange:cancel", args=[theirs.pk]), {"confirm": "True"}).status_code == 404
    assert PeerSession.objects.filter(pk=theirs.pk).exists()
    assert client.get(reverse("peerexchange:detail", args=[mine.pk])).status_code == 200


def test_the_list_filters_by_antenna_and_counts_invited_and_came(client, antenna, other_antenna, admin_user):
    a, b = _duo(antenna), _duo(antenna)
    _held(antenna, 10, [a.mentor, b.mentor], came=[a.mentor])
    PeerSession.objects.create(antenna=other_antenna, held_on=TODAY - 10 * DAY, theme="Liège only")
    client.force_login(admin_user)
    response = client.get(reverse("peerexchange:list"), {"antenna": antenna.pk}, HTTP_ACCEPT_LANGUAGE="en")
    past = list(response.context["page"])
    assert [(s.antenna_id, s.invited, s.came) for s in past] == [(antenna.pk, 2, 1)]
    assert "Liège only" not in response.content.decode()


# --- the rule per mentor ------------------------------------------------------------------------------

def test_the_mentors_page_puts_the_mentors_behind_first(client, antenna, coordinator):
    behind = _duo(antenna, started_days_ago=150)  # five months in, no session: 2 expected
    on_track = _duo(antenna, started_days_ago=20)  # three weeks in: nothing expected yet
    met = _duo(antenna, started_days_ago=150)
    _held(antenna, 100, [behind.mentor, met.mentor], came=[met.mentor])
    _held(antenna, 40, [behind.mentor, met.mentor], came=[met.mentor])
    client.force_login(coordinator)
    response = client.get(reverse("peerexchange:mentors"))
    rows = [(m.mentor.pk, [v.status for _, v in m.rows]) for m in response.context["page"]]
    assert rows[0] == (behind.mentor_id, ["behind"])
    assert dict(rows) == {behind.mentor_id: ["behind"], on_track.mentor_id: ["on_track"], met.mentor_id: ["met"]}
    only_behind = client.get(reverse("peerexchange:mentors"), {"status": "behind"}).context["page"]
    assert [m.mentor.pk for m in only_behind] == [behind.mentor_id]


def test_the_mentors_page_shows_my_antennas_only(client, antenna, other_antenna, coordinator):
    mine, theirs = _duo(antenna), _duo(other_antenna)
    client.force_login(coordinator)
    page = client.get(reverse("peerexchange:mentors"))
    assert [m.mentor.pk for m in page.context["page"]] == [mine.mentor_id]
    assert str(theirs.mentor) not in page.content.decode()


def test_the_mentor_person_page_shows_attendance_and_the_rule(client, antenna, coordinator, english):
    duo = _duo(antenna, started_days_ago=150)
    session = _held(antenna, 40, [duo.mentor], came=[duo.mentor])
    client.force_login(coordinator)
    page = client.get(reverse("people:detail", args=[duo.mentor.person_id]), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert 'id="peer-exchange"' in html
    assert reverse("peerexchange:detail", args=[session.pk]) in html
    assert "1 of 2" in html and "Behind" in html
    # A mentee's page has no such section.
    mentee_page = client.get(reverse("people:detail", args=[duo.mentee.person_id])).content.decode()
    assert 'id="peer-exchange"' not in mentee_page


# --- for the programme-quality page ------------------------------------------------------------------

def test_attendance_rate_counts_only_taken_attendance_of_sessions_in_the_window(antenna, other_antenna):
    a, b, c = _duo(antenna), _duo(antenna), _duo(other_antenna)
    _held(antenna, 30, [a.mentor, b.mentor], came=[a.mentor])
    _held(antenna, 400, [a.mentor], came=[a.mentor])  # before the window
    _held(other_antenna, 30, [c.mentor], came=[c.mentor])  # another antenna
    untaken = PeerSession.objects.create(antenna=antenna, held_on=TODAY - 10 * DAY)
    Attendance.objects.create(session=untaken, mentor=b.mentor)  # not taken yet
    since, until = TODAY - 90 * DAY, TODAY
    assert queries.attendance_rate([antenna.pk], since, until) == (1, 2)
    assert queries.attendance_rate(None, since, until) == (2, 3)


def test_rule_met_share_counts_ended_started_duos_and_agrees_with_the_rule(antenna):
    met = _duo(antenna, started_days_ago=300, ended_days_ago=100, status="completed")
    missed = _duo(antenna, started_days_ago=300, ended_days_ago=100, status="ended_early")
    _duo(antenna, started_days_ago=100)  # still running: not counted
    old = _duo(antenna, started_days_ago=900, ended_days_ago=700, status="closed")  # ended before the window
    _held(antenna, 250, [met.mentor, missed.mentor, old.mentor], came=[met.mentor, missed.mentor])
    _held(antenna, 150, [met.mentor, missed.mentor], came=[met.mentor])
    _held(antenna, 50, [missed.mentor], came=[missed.mentor])  # after the duo ended: does not count
    assert queries.rule_met_share([antenna.pk], TODAY - 365 * DAY, TODAY) == (1, 2)
    rows = {pk: v.status for m in queries.mentor_rules(_admin(), today=TODAY) for pk, v in m.rows}
    assert rows[met.pk] == "met" and rows[missed.pk] == "missed"


def _admin():
    from .factories import UserFactory

    return UserFactory(role="administrator", email="another-admin@duo.test")


# --- the demo ---------------------------------------------------------------------------------------

def test_the_demo_holds_a_session_every_two_months_per_antenna_with_attendance():
    import io

    from django.core.management import call_command

    from duo.journeys.models import Duo

    call_command("seed_demo", duos=150, seed=3, stdout=io.StringIO(), stderr=io.StringIO())
    antennas = set(Duo.objects.filter(started_on__isnull=False).values_list("antenna_id", flat=True))
    assert antennas and set(PeerSession.objects.values_list("antenna_id", flat=True)) == antennas
    for antenna_id in antennas:
        dates = list(PeerSession.objects.filter(antenna_id=antenna_id).order_by("held_on")
                     .values_list("held_on", flat=True))
        assert all(58 <= (b - a).days <= 62 for a, b in zip(dates, dates[1:]))  # two months apart
        assert len([d for d in dates if d > TODAY]) == 1  # the next one is planned
        oldest = Duo.objects.filter(antenna_id=antenna_id, started_on__isnull=False).order_by("started_on").first()
        assert dates[0] <= add_months(oldest.started_on, 2)
    past = Attendance.objects.filter(session__held_on__lt=TODAY)
    came = past.filter(attended=True).count() / past.count()
    assert 0.6 < came < 0.8
    assert not Attendance.objects.filter(session__held_on__gt=TODAY, attended__isnull=False).exists()
    # Every invitation is a mentor whose duo in that antenna ran on the session's date.
    from django.db.models import Q

    for a in Attendance.objects.select_related("session").order_by("?")[:50]:
        day = a.session.held_on
        ran = (Q(started_on__lte=day) | Q(started_on__isnull=True, matched_on__lte=day)) & (
            Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        assert Duo.objects.filter(ran, mentor_id=a.mentor_id, antenna_id=a.session.antenna_id).exclude(
            status="refused").exists()
