"""The meeting log: links (issue, hash only, expiry, revocation), the phone page, the coordinator's side,
and the hours volunteered per mentor."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from duo.accounts import scoping
from duo.accounts.roles import Role
from duo.journeys.models import Meeting
from duo.meetinglog import services, tokens
from duo.meetinglog.models import AccessLink
from duo.meetinglog.queries import hours_by_mentor

from .factories import DuoFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = timezone.localdate()


def _issue(duo, by, person=None, capture=None):
    person = person or duo.mentor.person
    if capture is None:
        return services.link_issue(duo=duo, person=person, by=by)
    with capture(execute=True):
        return services.link_issue(duo=duo, person=person, by=by)


def _token(url):
    return url.rstrip("/").rsplit("/", 1)[1]


def _post(**over):
    data = {"held_on": (TODAY - datetime.timedelta(days=2)).isoformat(), "duration_minutes": "90",
            "mode": "video", "topics": ["cv", "morale"], "note": "Worked on the CV."}
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


# --- links --------------------------------------------------------------------------------------

def test_issue_sends_the_link_in_the_persons_language_and_stores_only_a_hash(
        own_duo, coordinator, mailoutbox, django_capture_on_commit_callbacks):
    mentor = own_duo.mentor.person
    mentor.preferred_language = "nl"
    mentor.save()
    url = _issue(own_duo, coordinator, capture=django_capture_on_commit_callbacks)
    assert "/nl/log/" in url
    token = _token(url)
    link = AccessLink.objects.get()
    assert link.person == mentor and link.created_by == coordinator
    assert token not in link.token_hash and link.token_hash == tokens.hash_of(token)
    assert link.expires_at.date() == (timezone.now() + datetime.timedelta(days=60)).date()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [mentor.email] and url in mailoutbox[0].body
    # The wording is translated into Dutch by the lead; the link already opens the Dutch pages.
    assert mailoutbox[0].subject


def test_no_email_goes_before_commit(own_duo, coordinator, mailoutbox):
    _issue(own_duo, coordinator)
    assert mailoutbox == []  # the test transaction never commits


def test_a_new_link_replaces_the_earlier_one(client, own_duo, coordinator):
    first = _token(_issue(own_duo, coordinator))
    second = _token(_issue(own_duo, coordinator))
    assert AccessLink.objects.active().count() == 1
    old = client.get(reverse("meetinglog:log", kwargs={"token": first}))
    assert old.status_code == 200 and "no longer opens" in old.content.decode()
    assert client.get(reverse("meetinglog:log", kwargs={"token": second})).status_code == 200


def test_issue_refuses_strangers_and_other_roles(own_duo, foreign_duo, users):
    with pytest.raises(services.MeetingLogError):
        services.link_issue(duo=own_duo, person=foreign_duo.mentor.person, by=users[Role.COORDINATOR])
    for role in (Role.VIEWER, Role.OFFICER):
        with pytest.raises(scoping.NotAllowed):
            services.link_issue(duo=own_duo, person=own_duo.mentor.person, by=users[role])
    with pytest.raises(scoping.NotAllowed):  # the coordinator's antennas only
        services.link_issue(duo=foreign_duo, person=foreign_duo.mentor.person, by=users[Role.COORDINATOR])
    ended = DuoFactory(antenna=own_duo.antenna, status="closed")
    with pytest.raises(services.MeetingLogError):
        services.link_issue(duo=ended, person=ended.mentee.person, by=users[Role.COORDINATOR])
    assert not AccessLink.objects.exists()


def test_forged_and_unknown_tokens_are_not_found(client, own_duo, coordinator):
    token = _token(_issue(own_duo, coordinator))
    secret, signature = token.rsplit(":", 1)
    for bad in (token[:-2] + "xx", "abc", secret + "x:" + signature):
        assert client.get(reverse("meetinglog:log", kwargs={"token": bad})).status_code == 404
    # Rightly signed, but no such link (deleted): 404 too.
    from django.core import signing
    orphan = signing.Signer(salt=tokens.SALT).sign("never-issued")
    assert client.get(reverse("meetinglog:log", kwargs={"token": orphan})).status_code == 404


@pytest.mark.parametrize("state", ["expired", "revoked"])
def test_an_expired_or_revoked_link_says_so_and_saves_nothing(client, own_duo, coordinator, state):
    token = _token(_issue(own_duo, coordinator))
    link = AccessLink.objects.get()
    if state == "expired":
        AccessLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    else:
        services.link_revoke(link=link, by=coordinator)
    url = reverse("meetinglog:log", kwargs={"token": token})
    page = client.get(url)
    assert page.status_code == 200
    assert ("has expired" if state == "expired" else "switched off") in page.content.decode()
    assert client.post(url, _post()).status_code == 200
    assert not Meeting.objects.exists()


# --- the phone page -----------------------------------------------------------------------------

@pytest.mark.parametrize("side", ["mentor", "mentee"])
def test_logging_a_meeting_from_the_link(client, own_duo, coordinator, side):
    person = getattr(own_duo, side).person
    token = _token(_issue(own_duo, coordinator, person=person))
    url = reverse("meetinglog:log", kwargs={"token": token})
    page = client.get(url)
    assert page.status_code == 200 and page["X-Robots-Tag"] == "noindex, nofollow"
    assert AccessLink.objects.get().last_used_at is not None
    response = client.post(url, _post(topics=["cv", "morale", "cv"]))
    assert response.status_code == 302 and response.url == url
    meeting = Meeting.objects.get()
    assert (meeting.duo, meeting.duration_minutes, meeting.mode) == (own_duo, 90, "video")
    assert meeting.topics == ["cv", "morale"] and meeting.logged_by == side
    assert meeting.held_on == TODAY - datetime.timedelta(days=2)
    with translation.override("en"):
        shown = client.get(reverse("meetinglog:log", kwargs={"token": token})).content.decode()
    assert "90 min" in shown and "CV, Morale" in shown
    assert "Worked on the CV." not in shown  # notes are for the team


@pytest.mark.parametrize("bad,field", [
    ({"held_on": (TODAY + datetime.timedelta(days=1)).isoformat()}, "held_on"),
    ({"held_on": "2026-01-09"}, "held_on"),  # the day before the factory's duo was matched
    ({"held_on": "not a date"}, "held_on"),
    ({"duration_minutes": "0"}, "duration_minutes"),
    ({"duration_minutes": "601"}, "duration_minutes"),
    ({"mode": "carrier pigeon"}, "mode"),
    ({"topics": ["cv", "astrology"]}, "topics"),
    ({"topics": None}, "topics"),
    ({"note": "x" * 501}, "note"),
])
def test_bad_input_gives_field_errors_and_saves_nothing(client, own_duo, coordinator, bad, field):
    token = _token(_issue(own_duo, coordinator))
    response = client.post(reverse("meetinglog:log", kwargs={"token": token}), _post(**bad))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_the_page_speaks_the_language_of_the_url(client, own_duo, coordinator):
    token = _token(_issue(own_duo, coordinator))
    with translation.override("fr"):
        url = reverse("meetinglog:log", kwargs={"token": token})
    html = client.get(url).content.decode()
    assert url.startswith("/fr/") and 'lang="fr"' in html


def test_a_logged_meeting_is_audited_under_the_link(client, own_duo, coordinator):
    from duo.privacy.models import AuditEvent

    token = _token(_issue(own_duo, coordinator))
    client.post(reverse("meetinglog:log", kwargs={"token": token}), _post())
    event = AuditEvent.objects.filter(model="journeys.Meeting").get()
    assert event.actor_label == f"meeting-log link (person {own_duo.mentor.person_id})"
    assert token not in event.path


# --- the coordinator's side ---------------------------------------------------------------------

def test_coordinator_sends_and_revokes_from_the_duo_page(
        client, own_duo, coordinator, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    detail = reverse("journeys:detail", kwargs={"pk": own_duo.pk})
    page = client.get(detail).content.decode()
    assert reverse("meetinglog:link_send", kwargs={"pk": own_duo.pk}) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetinglog:link_send", kwargs={"pk": own_duo.pk}), {"side": "mentee"})
    assert response.status_code == 302
    link = AccessLink.objects.get()
    assert link.person == own_duo.mentee.person and mailoutbox[0].to == [own_duo.mentee.person.email]
    revoke = reverse("meetinglog:link_revoke", kwargs={"pk": own_duo.pk, "link_pk": link.pk})
    assert revoke in client.get(detail).content.decode()
    assert client.post(revoke, {}).status_code == 200  # without the page's confirmation: nothing happens
    assert AccessLink.objects.active().count() == 1
    assert client.post(revoke, {"confirm": "1"}).status_code == 302
    assert not AccessLink.objects.active().exists()


def test_coordinator_enters_a_meeting(client, own_duo, coordinator):
    client.force_login(coordinator)
    url = reverse("meetinglog:meeting_add", kwargs={"pk": own_duo.pk})
    assert client.post(url, _post(duration_minutes="")).status_code == 200
    assert client.post(url, _post(duration_minutes="45", mode="phone")).status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.logged_by, meeting.duration_minutes, meeting.mode) == ("coordinator", 45, "phone")


def test_hours_by_mentor_add_up_over_the_mentors_duos(client, own_duo, coordinator):
    second = DuoFactory(antenna=own_duo.antenna, mentor=own_duo.mentor)
    other = DuoFactory(antenna=own_duo.antenna)
    day = datetime.date(2026, 2, 1)
    for duo, minutes in ((own_duo, 90), (own_duo, 45), (second, 60), (other, 30)):
        Meeting.objects.create(duo=duo, held_on=day, duration_minutes=minutes)
    Meeting.objects.create(duo=own_duo, held_on=datetime.date(2026, 3, 1), duration_minutes=20)
    hours = hours_by_mentor()
    assert hours[own_duo.mentor_id] == Decimal("3.6")  # 215 minutes
    assert hours[other.mentor_id] == Decimal("0.5")
    assert hours_by_mentor(until=day)[own_duo.mentor_id] == Decimal("3.3")  # 195 minutes
    assert hours_by_mentor(duos=[second]) == {own_duo.mentor_id: Decimal("1.0")}
    client.force_login(coordinator)
    with translation.override("en"):
        html = client.get(reverse("journeys:detail", kwargs={"pk": own_duo.pk})).content.decode()
    assert "all duos: 3.6" in html


@pytest.mark.parametrize("status,still_works", [("ended_early", False), ("closed", False), ("completed", True)])
def test_a_stopped_duo_switches_its_links_off(own_duo, coordinator, status, still_works):
    _issue(own_duo, coordinator)
    own_duo.status = status
    if status == "ended_early":
        own_duo.end_reason = "moved"
    own_duo.save()
    assert AccessLink.objects.active().exists() is still_works
