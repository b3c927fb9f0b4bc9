"""The coordinator's calendar: planned ends, open check-ins and peer-exchange sessions of their own
antennas, at the logged-in address and at a personal subscription URL that needs no login."""

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from duo.accounts.roles import Role
from duo.calendarfeed import services
from duo.calendarfeed.models import CalendarToken
from duo.followup.models import CheckIn
from duo.peerexchange.models import PeerSession

from .factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _events(content):
    cal = icalendar.Calendar.from_ical(content)
    return {str(ev["uid"]).split("@")[0]: ev for ev in cal.walk("VEVENT")}


@pytest.fixture
def agenda(own_duo, foreign_duo):
    """For each antenna: an open check-in, a done one, and a peer-exchange session."""
    own_open = CheckIn.objects.create(duo=own_duo, kind="month_3", due_on=TODAY + 10 * DAY)
    CheckIn.objects.create(duo=own_duo, kind="first_month", due_on=TODAY - 20 * DAY, done_on=TODAY - 19 * DAY,
                           mode="phone")
    foreign_open = CheckIn.objects.create(duo=foreign_duo, kind="month_3", due_on=TODAY + 10 * DAY)
    own_session = PeerSession.objects.create(antenna=own_duo.antenna, held_on=TODAY + 20 * DAY,
                                             starts_at=datetime.time(18, 0), duration_minutes=90,
                                             place="Rue Haute 12, Bruxelles", theme="Listening")
    all_day = PeerSession.objects.create(antenna=own_duo.antenna, held_on=TODAY + 80 * DAY)
    foreign_session = PeerSession.objects.create(antenna=foreign_duo.antenna, held_on=TODAY + 20 * DAY)
    return {"own_checkin": own_open, "foreign_checkin": foreign_open, "own_session": own_session,
            "all_day": all_day, "foreign_session": foreign_session}


def test_the_calendar_carries_my_checkins_and_sessions_only(client, coordinator, own_duo, agenda):
    client.force_login(coordinator)
    events = _events(client.get(reverse("journeys:ics")).content)
    assert set(events) == {f"duo-{own_duo.pk}-planned-end", f"checkin-{agenda['own_checkin'].pk}",
                           f"peer-session-{agenda['own_session'].pk}", f"peer-session-{agenda['all_day'].pk}"}
    checkin = events[f"checkin-{agenda['own_checkin'].pk}"]
    assert checkin.decoded("dtstart") == agenda["own_checkin"].due_on


def test_a_session_has_its_time_and_place_when_known(client, coordinator, agenda):
    client.force_login(coordinator)
    events = _events(client.get(reverse("journeys:ics")).content)
    timed = events[f"peer-session-{agenda['own_session'].pk}"]
    start = timed.decoded("dtstart")
    assert timezone.localtime(start).date() == agenda["own_session"].held_on
    assert timezone.localtime(start).time() == datetime.time(18, 0)
    assert timed.decoded("dtend") - start == datetime.timedelta(minutes=90)
    assert str(timed["location"]) == "Rue Haute 12, Bruxelles"
    all_day = events[f"peer-session-{agenda['all_day'].pk}"]
    assert all_day.decoded("dtstart") == agenda["all_day"].held_on  # a date: all day


def test_titles_name_the_duo_by_first_names_only(client, coordinator, own_duo, agenda):
    client.force_login(coordinator)
    content = client.get(reverse("journeys:ics")).content
    text = b" ".join(str(ev.get("summary")).encode() + str(ev.get("description")).encode()
                     for ev in icalendar.Calendar.from_ical(content).walk("VEVENT"))
    assert own_duo.mentor.person.first_name.encode() in text
    assert own_duo.mentee.person.first_name.encode() in text
    assert own_duo.mentor.person.last_name.encode() not in content
    assert own_duo.mentee.person.last_name.encode() not in content


# --- the subscription URL -------------------------------------------------------------------------

def test_the_subscription_url_serves_the_same_calendar_without_login(client, coordinator, agenda):
    token = services.subscription_create(user=coordinator, language="en")
    client.logout()
    response = client.get(reverse("calendar_feed", kwargs={"token": token}))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert "sessionid" not in response.cookies
    client.force_login(coordinator)
    assert set(_events(response.content)) == set(_events(client.get(reverse("journeys:ics")).content))
    assert CalendarToken.objects.get(user=coordinator).last_used_on == TODAY


def test_only_a_hash_is_stored_and_a_forged_token_is_not_found(client, coordinator):
    token = services.subscription_create(user=coordinator)
    stored = CalendarToken.objects.get(user=coordinator)
    assert token not in stored.token_hash and token.split(":")[0] not in stored.token_hash
    secret, signature = token.split(":", 1)

    def other(text):  # the same text with its first character changed (never to itself)
        return ("y" if text[0] == "x" else "x") + text[1:]

    for forged in (f"{secret}:{other(signature)}", f"{other(secret)}:{signature}", "nothing"):
        assert client.get(reverse("calendar_feed", kwargs={"token": forged})).status_code == 404


def test_revoked_or_replaced_tokens_answer_404(client, coordinator):
    first = services.subscription_create(user=coordinator)
    second = services.subscription_create(user=coordinator)  # replaces the first
    assert client.get(reverse("calendar_feed", kwargs={"token": first})).status_code == 404
    assert client.get(reverse("calendar_feed", kwargs={"token": second})).status_code == 200
    assert CalendarToken.objects.filter(user=coordinator, revoked_at__isnull=True).count() == 1
    services.subscription_revoke(user=coordinator)
    assert client.get(reverse("calendar_feed", kwargs={"token": second})).status_code == 404


def test_an_inactive_users_token_stops_working(client, coordinator):
    token = services.subscription_create(user=coordinator)
    coordinator.is_active = False
    coordinator.save()
    assert client.get(reverse("calendar_feed", kwargs={"token": token})).status_code == 404


def test_another_coordinators_token_shows_only_their_antenna(client, coordinator, other_antenna, own_duo,
                                                             foreign_duo, agenda):
    theirs = UserFactory(role=Role.COORDINATOR, email="liege@duo.test", antennas=[other_antenna])
    mine = services.subscription_create(user=coordinator)
    other = services.subscription_create(user=theirs)
    my_events = _events(client.get(reverse("calendar_feed", kwargs={"token": mine})).content)
    their_events = _events(client.get(reverse("calendar_feed", kwargs={"token": other})).content)
    assert f"checkin-{agenda['foreign_checkin'].pk}" in their_events
    assert f"peer-session-{agenda['foreign_session'].pk}" in their_events
    assert not set(my_events) & set(their_events)
    assert f"duo-{own_duo.pk}-planned-end" not in their_events


def test_the_subscription_page_shows_the_url_once_and_revokes(client, coordinator, english):
    client.force_login(coordinator)
    page = client.get(reverse("calendarfeed:subscribe"), HTTP_ACCEPT_LANGUAGE="en")
    assert "You have no subscription" in page.content.decode()
    response = client.post(reverse("calendarfeed:subscribe"), {"confirm": "True"})
    url = response.context["feed_url"]
    assert url.startswith("http://testserver/calendar/") and url.endswith(".ics")
    assert client.get(url).status_code == 200
    # The next visit no longer shows it: it is not stored anywhere it could be read back.
    assert url not in client.get(reverse("calendarfeed:subscribe")).content.decode()
    response = client.post(reverse("calendarfeed:revoke"))
    assert response.status_code == 302
    assert client.get(url).status_code == 404


def test_the_feed_is_written_in_the_language_chosen_when_subscribing(client, coordinator, agenda):
    token = services.subscription_create(user=coordinator, language="nl")
    cal = icalendar.Calendar.from_ical(client.get(reverse("calendar_feed", kwargs={"token": token})).content)
    assert str(cal["prodid"]).endswith("NL")


def test_the_feed_reads_a_fixed_number_of_queries_however_many_duos(coordinator, own_duo, agenda,
                                                                    django_assert_max_num_queries):
    from duo.journeys.closure import coordinator_calendar

    from .factories import DuoFactory

    for _ in range(5):
        duo = DuoFactory(antenna=own_duo.antenna)
        CheckIn.objects.create(duo=duo, kind="end", due_on=TODAY + 30 * DAY)
    with django_assert_max_num_queries(8):
        body = coordinator_calendar(user=coordinator)
    assert body.count(b"BEGIN:VEVENT") == 6 + 6 + 2  # planned ends, open check-ins, sessions
