"""The applicant's personal page: opened by a signed link, no password, on a phone."""

import time
from unittest import mock

import pytest
from django.core import mail, signing
from django.utils import translation

from duo.infosession.models import Registration
from duo.intake import links
from duo.intake.links import applicant_token
from duo.privacy.models import AuditEvent
from duo.training.models import Attendance, Evaluation

from .factories import MenteeFactory, MentorFactory
from .factories_sessions import (
    AttendanceFactory, InfoSessionFactory, RegistrationFactory, TrainingSessionFactory, default_modules,
    ics_attachment, ics_event, in_days, url,
)

pytestmark = pytest.mark.django_db

LANGS = ["fr", "nl"]


def mentee(antenna, stage="applied", **person):
    return MenteeFactory(person__antenna=antenna, stage=stage, **{f"person__{k}": v for k, v in person.items()}).person


def mentor(antenna, stage="intake_done", **person):
    return MentorFactory(person__antenna=antenna, stage=stage, **{f"person__{k}": v for k, v in person.items()}).person


def portal(name, person, lang="en", **kwargs):
    # One token per person and test: a token carries the second it was made in.
    if not hasattr(person, "_token"):
        person._token = applicant_token(person)
    return url(f"portal:{name}", lang, token=person._token, **kwargs)


# --- the link -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_link_opens_the_persons_page_in_the_language_of_the_url(client, antenna, lang):
    person = mentee(antenna, first_name="Yasmine")
    session = InfoSessionFactory(antenna=antenna)
    response = client.get(portal("home", person, lang))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in html and "Yasmine" in html
    assert portal("info_register", person, lang, pk=session.pk) in html
    # Kept out of search engines and shared caches: the URL is a key.
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_forged_link_is_not_found(client, antenna):
    person = mentee(antenna)
    token = applicant_token(person)
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    other_salt = signing.dumps({"p": person.pk}, salt="another.purpose", compress=True)
    for bad in (forged, other_salt, "nonsense", f"{token}x"):
        assert client.get(url("portal:home", token=bad)).status_code == 404, bad


def test_an_expired_link_says_so_and_shows_nothing(client, antenna):
    person = mentee(antenna)
    long_ago = time.time() - links.MAX_AGE - 3600
    with mock.patch("django.core.signing.time.time", return_value=long_ago):
        token = applicant_token(person)
    response = client.get(url("portal:home", token=token))
    assert response.status_code == 200 and response.templates[0].name == "portal/expired.html"
    assert person.first_name not in response.content.decode()


def test_the_link_of_a_deleted_person_is_not_found(client, antenna):
    person = mentee(antenna)
    token = applicant_token(person)
    person.delete()
    assert client.get(url("portal:home", token=token)).status_code == 404


@pytest.mark.parametrize("stage", ["withdrawn", "not_eligible"])
def test_someone_who_left_the_pipeline_sees_a_short_neutral_page(client, antenna, stage):
    person = mentee(antenna, stage)
    session = InfoSessionFactory(antenna=antenna)
    html = client.get(portal("home", person)).content.decode()
    assert "Your application is closed" in html
    assert portal("info_register", person, pk=session.pk) not in html
    client.post(portal("info_register", person, pk=session.pk), {"confirm": "on"})
    assert not Registration.objects.exists()


# --- information sessions -----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_registering_from_the_link_takes_a_seat_and_confirms_by_email(
        client, antenna, lang, django_capture_on_commit_callbacks):
    person = mentee(antenna, preferred_language="en")
    session = InfoSessionFactory(antenna=antenna)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(portal("info_register", person, lang, pk=session.pk), {"confirm": "on"})
    assert response.status_code == 302 and response.url == portal("home", person, lang)
    row = Registration.objects.get()
    assert (row.person, row.session, row.channel, row.attended) == (person, session, "link", None)
    (message,) = mail.outbox
    assert message.to == [person.email] and "/en/me/" in message.body  # the email follows the person's language
    event, _ = ics_event(ics_attachment(message)[1])
    assert str(event["uid"]) == session.ics_uid()
    html = client.get(portal("home", person, lang)).content.decode()
    assert portal("info_unregister", person, lang, pk=session.pk) in html
    assert portal("ics", person, lang, kind="info", pk=session.pk) in html


def test_a_full_session_refuses_with_a_clear_message(client, antenna):
    session = InfoSessionFactory(antenna=antenna, capacity=1)
    RegistrationFactory(session=session)
    person = mentee(antenna)
    assert portal("info_register", person, pk=session.pk) not in client.get(portal("home", person)).content.decode()
    response = client.post(portal("info_register", person, pk=session.pk), {"confirm": "on"})
    assert response.status_code == 200 and "This session is full" in response.content.decode()
    assert Registration.objects.count() == 1


def test_one_upcoming_information_session_at_a_time(client, antenna):
    person = mentee(antenna)
    first, second = InfoSessionFactory(antenna=antenna), InfoSessionFactory(antenna=antenna, starts_at=in_days(20))
    client.post(portal("info_register", person, pk=first.pk), {"confirm": "on"})
    response = client.post(portal("info_register", person, pk=second.pk), {"confirm": "on"})
    assert response.status_code == 200 and "already registered for the session of" in response.content.decode()
    assert list(Registration.objects.values_list("session_id", flat=True)) == [first.pk]


def test_cancelling_from_the_link_frees_the_seat(client, antenna):
    person = mentee(antenna)
    session = InfoSessionFactory(antenna=antenna, capacity=1)
    RegistrationFactory(session=session, person=person)
    assert client.post(portal("info_unregister", person, pk=session.pk), {}).status_code == 200
    assert Registration.objects.exists()  # not without the confirmation the page sends
    response = client.post(portal("info_unregister", person, pk=session.pk), {"confirm": "on"})
    assert response.status_code == 302 and not Registration.objects.exists()
    other = mentee(antenna)
    client.post(portal("info_register", other, pk=session.pk), {"confirm": "on"})
    assert Registration.objects.get().person == other


def test_sessions_not_meant_for_the_person_are_not_offered(client, antenna, other_antenna):
    person = mentee(antenna)
    elsewhere = InfoSessionFactory(antenna=other_antenna)
    for_mentors = InfoSessionFactory(antenna=antenna, audience="mentors")
    cancelled = InfoSessionFactory(antenna=antenna, cancelled=True)
    started = InfoSessionFactory(antenna=antenna, starts_at=in_days(0, hour=0, minute=0))
    html = client.get(portal("home", person)).content.decode()
    for session in (elsewhere, for_mentors, cancelled, started):
        assert portal("info_register", person, pk=session.pk) not in html
    assert client.post(portal("info_register", person, pk=elsewhere.pk), {"confirm": "on"}).status_code == 404
    for session in (for_mentors, cancelled, started):
        assert client.post(portal("info_register", person, pk=session.pk), {"confirm": "on"}).status_code == 200
    assert not Registration.objects.exists()


# --- training -----------------------------------------------------------------------------------------

def test_a_mentor_registers_for_training_and_sees_the_modules_status(client, antenna):
    modules = default_modules()
    person = mentor(antenna, "intake_done")
    done = TrainingSessionFactory(antenna=antenna, module=modules[0], starts_at=in_days(-5))
    AttendanceFactory(session=done, person=person, attended=True)
    again = TrainingSessionFactory(antenna=antenna, module=modules[0])
    next_one = TrainingSessionFactory(antenna=antenna, module=modules[1])
    html = client.get(portal("home", person)).content.decode()
    assert "1 module done out of 8" in html
    assert portal("training_register", person, pk=next_one.pk) in html
    assert portal("training_register", person, pk=again.pk) not in html  # that module is done
    response = client.post(portal("training_register", person, pk=next_one.pk), {"confirm": "on"})
    assert response.status_code == 302
    assert Attendance.objects.get(session=next_one).channel == "link"
    assert portal("training_unregister", person, pk=next_one.pk) in client.get(portal("home", person)).content.decode()


def test_training_is_only_for_mentors_who_attended_an_information_session(client, antenna):
    session = TrainingSessionFactory(antenna=antenna)
    for person in (mentee(antenna, "intake_done"), mentor(antenna, "contacted")):
        assert portal("training_register", person, pk=session.pk) not in client.get(portal("home", person)).content.decode()
        assert client.post(portal("training_register", person, pk=session.pk), {"confirm": "on"}).status_code == 404
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("lang", LANGS)
def test_a_training_session_is_evaluated_once(client, antenna, lang):
    person = mentor(antenna)
    session = TrainingSessionFactory(antenna=antenna, starts_at=in_days(-3))
    AttendanceFactory(session=session, person=person, attended=True)
    assert portal("evaluate", person, lang, pk=session.pk) in client.get(portal("home", person, lang)).content.decode()
    bad = client.post(portal("evaluate", person, lang, pk=session.pk), {"usefulness": "7", "clarity": ""})
    assert bad.status_code == 200 and 'id="error-summary"' in bad.content.decode()
    assert not Evaluation.objects.exists()
    response = client.post(portal("evaluate", person, lang, pk=session.pk),
                           {"usefulness": "4", "clarity": "5", "comment": " Très clair "})
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    assert (evaluation.usefulness, evaluation.clarity, evaluation.comment) == (4, 5, "Très clair")
    again = client.post(portal("evaluate", person, lang, pk=session.pk), {"usefulness": "1", "clarity": "1"})
    assert again.status_code == 200 and Evaluation.objects.get().usefulness == 4
    assert portal("evaluate", person, lang, pk=session.pk) not in client.get(portal("home", person, lang)).content.decode()


def test_only_people_who_attended_evaluate(client, antenna):
    person = mentor(antenna)
    absent = TrainingSessionFactory(antenna=antenna, starts_at=in_days(-3))
    AttendanceFactory(session=absent, person=person, attended=False)
    assert client.get(portal("evaluate", person, pk=absent.pk)).status_code == 404
    assert client.post(portal("evaluate", person, pk=absent.pk), {"usefulness": "5", "clarity": "5"}).status_code == 404
    assert not Evaluation.objects.exists()


# --- calendar and audit ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_calendar_file_speaks_the_language_of_the_page(client, antenna, lang):
    person = mentee(antenna)
    session = InfoSessionFactory(antenna=antenna)
    response = client.get(portal("ics", person, lang, kind="info", pk=session.pk))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    event, _ = ics_event(response.content)
    with translation.override(lang):
        assert str(event["summary"]) == session.title()
    assert f"/{lang}/me/" in str(event["description"])
    assert client.get(portal("ics", person, lang, kind="other", pk=session.pk)).status_code == 404


def test_the_audit_trail_names_the_applicant_and_never_stores_the_link(client, antenna):
    person = mentee(antenna)
    session = InfoSessionFactory(antenna=antenna)
    client.post(portal("info_register", person, pk=session.pk), {"confirm": "on"})
    event = AuditEvent.objects.get(model="infosession.Registration", action="create")
    assert event.actor_label == f"applicant link (person {person.pk})"
    assert applicant_token(person)[:20] not in event.path and "<token>" in event.path


def test_people_past_the_information_session_are_not_offered_one(client, antenna):
    session = InfoSessionFactory(antenna=antenna)
    for stage in ("info_session", "intake_done", "matched"):
        person = mentee(antenna, stage)
        assert portal("info_register", person, pk=session.pk) not in client.get(portal("home", person)).content.decode()
    # Someone who did not answer before may still come: opening their link is an answer.
    quiet = mentee(antenna, "no_response")
    assert portal("info_register", quiet, pk=session.pk) in client.get(portal("home", quiet)).content.decode()
