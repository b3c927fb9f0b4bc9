"""Information sessions, as the coordinators of an antenna run them."""

import datetime

import pytest
from django.core import mail
from django.utils import formats, timezone, translation

from duo.accounts.roles import Role
from duo.infosession.models import InfoSession, Registration
from duo.intake.models import StageChange
from duo.privacy.models import AuditEvent

from .factories import MenteeFactory, MentorFactory, PersonFactory
from .factories_sessions import (
    InfoSessionFactory, RegistrationFactory, form_datetime, ics_attachment, ics_event, in_days, url,
)

pytestmark = pytest.mark.django_db

LANGS = ["fr", "en"]


@pytest.fixture
def coord(client, coordinator):
    client.force_login(coordinator)
    return client


def session_data(antenna, **changes):
    data = {
        "antenna": antenna.pk, "starts_at": form_datetime(in_days(10)), "duration_minutes": 90,
        "audience": "both", "mode": "in_person", "place": "Salle 1", "address": "Rue Haute 1, 1000 Bruxelles",
        "video_link": "", "language": "fr", "capacity": 12, "notes": "",
    }
    data.update(changes)
    return data


def applicant(antenna, stage="applied", kind="mentee", **person):
    factory = MenteeFactory if kind == "mentee" else MentorFactory
    return factory(person__antenna=antenna, stage=stage, **{f"person__{k}": v for k, v in person.items()}).person


# --- creating and changing sessions -------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_coordinator_plans_a_session_at_the_brussels_time_they_typed(coord, antenna, lang):
    starts = in_days(12, hour=18, minute=30)
    response = coord.post(url("infosession:create", lang), session_data(antenna, starts_at=form_datetime(starts)))
    session = InfoSession.objects.get()
    assert response.status_code == 302 and response.url == url("infosession:detail", lang, pk=session.pk)
    assert session.starts_at == starts and timezone.localtime(session.starts_at).hour == 18
    assert session.antenna == antenna and session.created_by is not None


def test_coordinator_cannot_plan_a_session_for_another_antenna(coord, other_antenna):
    response = coord.post(url("infosession:create"), session_data(other_antenna))
    assert response.status_code == 200 and 'id="error-summary"' in response.content.decode()
    assert not InfoSession.objects.exists()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("changes,field,words", [
    ({"place": "", "address": ""}, "address", "needs a place or an address"),
    ({"mode": "online", "video_link": ""}, "video_link", "needs the link of the video call"),
    ({"mode": "online", "video_link": "not a link"}, "video_link", "valid URL"),
    ({"starts_at": "2020-01-01T10:00"}, "starts_at", "in the future"),
    ({"starts_at": "next tuesday"}, "starts_at", "valid date"),
    ({"capacity": "0"}, "capacity", "greater than or equal to 1"),
    ({"duration_minutes": "-5"}, "duration_minutes", ""),
])
def test_bad_session_input_is_refused_with_a_message_and_nothing_saved(coord, antenna, lang, changes, field, words):
    response = coord.post(url("infosession:create", lang), session_data(antenna, **changes))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in html and 'id="error-summary"' in html
    assert f'id="id_{field}_errors"' in html
    if lang == "en" and words:
        assert words in html
    assert not InfoSession.objects.exists()


def test_list_shows_seats_taken_and_only_the_users_antennas(coord, antenna, other_antenna):
    mine = InfoSessionFactory(antenna=antenna, capacity=8)
    RegistrationFactory.create_batch(3, session=mine)
    theirs = InfoSessionFactory(antenna=other_antenna)
    past = InfoSessionFactory(antenna=antenna, starts_at=in_days(-3))
    html = coord.get(url("infosession:list")).content.decode()
    assert url("infosession:detail", pk=mine.pk) in html and "3 of 8 seats" in html
    assert url("infosession:detail", pk=theirs.pk) not in html
    assert url("infosession:detail", pk=past.pk) not in html
    assert url("infosession:detail", pk=past.pk) in coord.get(url("infosession:list") + "?when=past").content.decode()
    # A made-up filter is ignored rather than an error.
    assert coord.get(url("infosession:list") + "?when=yesterday&antenna=abc").status_code == 200


def test_another_antennas_session_does_not_exist_for_a_coordinator_or_viewer(client, users, other_antenna):
    theirs = InfoSessionFactory(antenna=other_antenna)
    for role in (Role.COORDINATOR, Role.VIEWER):
        client.force_login(users[role])
        assert client.get(url("infosession:detail", pk=theirs.pk)).status_code == 404
    client.force_login(users[Role.ADMINISTRATOR])
    assert client.get(url("infosession:detail", pk=theirs.pk)).status_code == 200


def test_viewer_reads_a_session_but_changes_nothing(client, users, antenna):
    session = InfoSessionFactory(antenna=antenna)
    client.force_login(users[Role.VIEWER])
    html = client.get(url("infosession:detail", pk=session.pk)).content.decode()
    assert url("infosession:invite", pk=session.pk) not in html
    assert client.post(url("infosession:create"), session_data(antenna)).status_code == 403
    assert client.post(url("infosession:cancel", pk=session.pk), {"confirm": "on"}).status_code == 403
    assert not InfoSession.objects.get().cancelled


def test_a_new_time_is_sent_to_the_registered_with_an_updated_calendar(coord, antenna, django_capture_on_commit_callbacks):
    session = InfoSessionFactory(antenna=antenna)
    person = RegistrationFactory(session=session, person__preferred_language="en").person
    later = in_days(14, hour=10)
    with django_capture_on_commit_callbacks(execute=True):
        coord.post(url("infosession:edit", pk=session.pk), session_data(antenna, starts_at=form_datetime(later)))
    session.refresh_from_db()
    assert session.starts_at == later and session.revision == 1
    (message,) = mail.outbox
    assert message.to == [person.email]
    event, _ = ics_event(ics_attachment(message)[1])
    assert str(event["uid"]) == session.ics_uid() and int(event["sequence"]) == 1
    assert event.decoded("dtstart") == later
    # Notes are not a practical change: nobody is disturbed for them.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        coord.post(url("infosession:edit", pk=session.pk),
                   session_data(antenna, starts_at=form_datetime(later), notes="Bring an ID card"))
    assert mail.outbox == [] and InfoSession.objects.get().revision == 1


def test_capacity_cannot_drop_below_the_people_registered(coord, antenna):
    session = InfoSessionFactory(antenna=antenna, capacity=5)
    RegistrationFactory.create_batch(3, session=session)
    response = coord.post(url("infosession:edit", pk=session.pk),
                          session_data(antenna, starts_at=form_datetime(session.starts_at), capacity=2))
    assert response.status_code == 200
    assert "3 people are already registered" in response.content.decode()
    assert InfoSession.objects.get().capacity == 5


# --- inviting -----------------------------------------------------------------------------------------

def test_invitation_offers_early_applicants_of_the_antenna_without_an_upcoming_seat(coord, antenna, other_antenna):
    session = InfoSessionFactory(antenna=antenna, audience="mentees")
    waiting = applicant(antenna, "applied")
    called = applicant(antenna, "contacted")
    came_to_an_old_one = applicant(antenna, "applied")
    RegistrationFactory(session=InfoSessionFactory(antenna=antenna, starts_at=in_days(-30)), person=came_to_an_old_one)
    further = applicant(antenna, "intake_done")
    elsewhere = applicant(other_antenna, "applied")
    booked = applicant(antenna, "applied")
    RegistrationFactory(session=InfoSessionFactory(antenna=antenna, starts_at=in_days(20)), person=booked)
    mentor = applicant(antenna, "applied", kind="mentor")  # this session is for mentees
    html = coord.get(url("infosession:invite", pk=session.pk)).content.decode()
    for person in (waiting, called, came_to_an_old_one):
        assert f'value="{person.pk}"' in html, person
    for person in (further, elsewhere, booked, mentor):
        assert f'value="{person.pk}"' not in html, person


def test_invited_people_get_a_seat_and_an_email_in_their_language_with_a_calendar_file(
        coord, antenna, django_capture_on_commit_callbacks):
    session = InfoSessionFactory(antenna=antenna, starts_at=in_days(9, hour=18, minute=30))
    dutch = applicant(antenna, preferred_language="nl", first_name="Sara")
    french = applicant(antenna, "contacted", kind="mentor", preferred_language="fr", first_name="Omar")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = coord.post(url("infosession:invite", pk=session.pk), {"people": [dutch.pk, french.pk]})
        assert response.status_code == 302
        assert mail.outbox == []  # nothing leaves before the seats are committed
    for callback in callbacks:
        callback()
    assert set(Registration.objects.values_list("person_id", "channel")) == {(dutch.pk, "staff"), (french.pk, "staff")}
    by_person = {m.to[0]: m for m in mail.outbox}
    assert set(by_person) == {dutch.email, french.email}
    for person, lang in ((dutch, "nl"), (french, "fr")):
        message = by_person[person.email]
        with translation.override(lang):
            month = formats.date_format(timezone.localtime(session.starts_at), "F")
        assert month in message.body and month in message.subject
        assert f"/{lang}/me/" in message.body  # their personal link, in their language
        filename, content = ics_attachment(message)
        assert filename.endswith(".ics")
        event, cal = ics_event(content)
        assert str(event["uid"]) == session.ics_uid()
        assert event["dtstart"].params["TZID"] == "Europe/Brussels"
        assert event.decoded("dtstart") == session.starts_at
        assert event.decoded("dtend") - event.decoded("dtstart") == datetime.timedelta(minutes=90)
        assert "Rue de la Loi 16" in str(event["location"])
        assert f"/{lang}/me/" in str(event["description"])
        assert cal.walk("VTIMEZONE")[0]["tzid"] == "Europe/Brussels"
        with translation.override(lang):
            assert str(event["summary"]) == session.title()


def test_inviting_more_people_than_free_seats_is_refused_and_saves_nothing(coord, antenna):
    session = InfoSessionFactory(antenna=antenna, capacity=2)
    RegistrationFactory(session=session)
    people = [applicant(antenna) for _ in range(2)]
    response = coord.post(url("infosession:invite", pk=session.pk), {"people": [p.pk for p in people]})
    assert response.status_code == 200
    assert "Only 1 seat is left in this session. You chose 2 people." in response.content.decode()
    assert Registration.objects.count() == 1 and mail.outbox == []


@pytest.mark.parametrize("lang", LANGS)
def test_inviting_nobody_or_someone_not_on_the_list_is_refused(coord, antenna, other_antenna, lang):
    session = InfoSessionFactory(antenna=antenna)
    outsider = applicant(other_antenna)
    for data in ({}, {"people": [outsider.pk]}, {"people": ["x"]}):
        response = coord.post(url("infosession:invite", lang, pk=session.pk), data)
        assert response.status_code == 200 and 'id="error-summary"' in response.content.decode()
    assert not Registration.objects.exists()


def test_someone_without_an_email_address_is_registered_and_named_to_the_coordinator(coord, antenna):
    session = InfoSessionFactory(antenna=antenna)
    silent = applicant(antenna, email="", last_name="Sansmail")
    response = coord.post(url("infosession:invite", pk=session.pk), {"people": [silent.pk]}, follow=True)
    assert Registration.objects.filter(person=silent).exists()
    assert "Sansmail" in response.content.decode() and "another way" in response.content.decode()


# --- attendance ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_attendance_moves_early_applicants_forward_and_nobody_back(coord, coordinator, antenna, lang):
    session = InfoSessionFactory(antenna=antenna, starts_at=in_days(-1))
    new = applicant(antenna, "applied")
    called_mentor = applicant(antenna, "contacted", kind="mentor")
    further = applicant(antenna, "intake_done")
    withdrawn = applicant(antenna, "withdrawn")
    absent = applicant(antenna, "applied")
    rows = {p.pk: RegistrationFactory(session=session, person=p) for p in (new, called_mentor, further, withdrawn,
                                                                           absent)}
    present = [rows[p.pk].pk for p in (new, called_mentor, further, withdrawn)]
    response = coord.post(url("infosession:attendance", lang, pk=session.pk), {"sent": "1", "present": present})
    assert response.status_code == 302
    stages = {p.pk: (p.mentee.stage if hasattr(p, "mentee") else p.mentor.stage)
              for p in [type(new).objects.get(pk=x.pk) for x in (new, called_mentor, further, withdrawn, absent)]}
    assert stages == {new.pk: "info_session", called_mentor.pk: "info_session", further.pk: "intake_done",
                      withdrawn.pk: "withdrawn", absent.pk: "applied"}
    change = StageChange.objects.get(person=new)
    assert (change.from_stage, change.to_stage, change.by) == ("applied", "info_session", coordinator)
    assert dict(Registration.objects.values_list("person_id", "attended")) == {
        new.pk: True, called_mentor.pk: True, further.pk: True, withdrawn.pk: True, absent.pk: False}

    # The same list sent again changes nothing and leaves no trace.
    before = AuditEvent.objects.exclude(action="view").count()
    coord.post(url("infosession:attendance", lang, pk=session.pk), {"sent": "1", "present": present})
    assert AuditEvent.objects.exclude(action="view").count() == before

    # A mistake corrected: absent after all, but the pipeline does not go backwards.
    coord.post(url("infosession:attendance", lang, pk=session.pk), {"sent": "1", "present": present[1:]})
    assert Registration.objects.get(person=new).attended is False
    assert new.mentee.__class__.objects.get(person=new).stage == "info_session"


def test_attendance_waits_for_the_session_to_start(coord, antenna):
    session = InfoSessionFactory(antenna=antenna)
    row = RegistrationFactory(session=session)
    response = coord.post(url("infosession:attendance", pk=session.pk), {"sent": "1", "present": [row.pk]})
    assert response.status_code == 200
    assert "once the session has started" in response.content.decode()
    assert Registration.objects.get().attended is None


def test_an_empty_attendance_post_records_nobody_as_absent(coord, antenna):
    session = InfoSessionFactory(antenna=antenna, starts_at=in_days(-1))
    RegistrationFactory(session=session)
    response = coord.post(url("infosession:attendance", pk=session.pk), {})
    assert response.status_code == 200 and "nothing was recorded" in response.content.decode()
    assert Registration.objects.get().attended is None


# --- cancelling and removing --------------------------------------------------------------------------

def test_cancelling_needs_a_confirmation_and_tells_the_registered(coord, antenna, django_capture_on_commit_callbacks):
    session = InfoSessionFactory(antenna=antenna)
    people = [RegistrationFactory(session=session).person for _ in range(2)]
    response = coord.post(url("infosession:cancel", pk=session.pk), {})
    assert response.status_code == 200 and not InfoSession.objects.get().cancelled
    with django_capture_on_commit_callbacks(execute=True):
        response = coord.post(url("infosession:cancel", pk=session.pk), {"confirm": "on"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.cancelled and session.revision == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert all(not m.attachments for m in mail.outbox)
    # A cancelled session takes no one any more.
    response = coord.post(url("infosession:invite", pk=session.pk), {"people": [applicant(antenna).pk]})
    assert response.status_code == 200 and Registration.objects.count() == 2


def test_coordinator_removes_a_registration_after_confirming(coord, antenna):
    row = RegistrationFactory(session=InfoSessionFactory(antenna=antenna))
    assert coord.post(url("infosession:registration_remove", pk=row.pk), {}).status_code == 200
    assert Registration.objects.exists()
    response = coord.post(url("infosession:registration_remove", pk=row.pk), {"confirm": "on"})
    assert response.status_code == 302 and not Registration.objects.exists()


def test_staff_download_the_calendar_file_of_a_session(coord, antenna):
    session = InfoSessionFactory(antenna=antenna, mode="online", video_link="https://meet.example.org/duo",
                                 place="", address="")
    response = coord.get(url("infosession:ics", pk=session.pk))
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    event, _ = ics_event(response.content)
    assert "https://meet.example.org/duo" in str(event["location"]) and str(event["url"]) == session.video_link
    assert event["status"] == "CONFIRMED"


def test_a_merged_person_keeps_their_registrations(antenna, coordinator):
    from duo.intake.services import person_merge

    session = InfoSessionFactory(antenna=antenna)
    keep = applicant(antenna)
    drop = PersonFactory(antenna=antenna)
    RegistrationFactory(session=session, person=drop)
    person_merge(keep=keep, drop=drop, by=coordinator)
    assert Registration.objects.get().person == keep


def test_a_session_with_registrations_stays_in_its_antenna(client, users, antenna, other_antenna):
    session = InfoSessionFactory(antenna=antenna)
    RegistrationFactory(session=session)
    client.force_login(users[Role.ADMINISTRATOR])
    response = client.post(url("infosession:edit", pk=session.pk),
                           session_data(other_antenna, starts_at=form_datetime(session.starts_at)))
    assert response.status_code == 200 and "cannot move to another antenna" in response.content.decode()
    assert InfoSession.objects.get().antenna == antenna
