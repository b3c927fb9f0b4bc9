"""Consent by purpose: one answer to "may we use this person's data for P now?", a withdrawal that stops the use
everywhere at once (surveys, testimonies, sensitive answers, research exports, programme emails), the person's
own page from the link in every participant email, and the staff page for decisions received by phone or letter."""

import datetime
import io
import re
import time
from unittest import mock
from urllib.parse import urlparse

import pytest
from django.core import signing
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from duo.accounts import scoping
from duo.accounts.roles import Role
from duo.people import consent
from duo.people.choices import Channel, ConsentPurpose
from duo.people.forms import PersonForm
from duo.people.models import ConsentRecord, Person
from duo.privacy.models import AuditEvent

from .factories import DuoFactory, PersonFactory

P = ConsentPurpose
TODAY = timezone.localdate()
LINK = re.compile(r"https?://\S+/(fr|nl|en)/consent/([^/\s]+)/")


def _record(person, purpose, granted, at):
    return ConsentRecord.objects.create(person=person, purpose=purpose, granted=granted, text_version="2026-11",
                                        language="fr", channel=Channel.WEB, recorded_at=at)


def _post(client, person, purpose, action, lang="fr"):
    url = reverse("consent:manage", kwargs={"token": consent.token_for(person)})
    return client.post(url.replace("/fr/", f"/{lang}/", 1), {"purpose": purpose, "action": action})


@pytest.fixture
def instruments(db):
    call_command("load_instruments", verbosity=0)


# --- the one answer ---------------------------------------------------------------------------------------------

decisions = st.lists(st.tuples(st.integers(0, 3), st.sampled_from([P.SURVEYS, P.RESEARCH]), st.booleans(),
                               st.integers(0, 400)), max_size=12)


@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(decisions=decisions)
def test_the_latest_decision_per_person_and_purpose_is_what_counts(antenna, decisions):
    ConsentRecord.objects.all().delete()
    people = list(Person.objects.filter(antenna=antenna)[:4])
    while len(people) < 4:
        people.append(PersonFactory(antenna=antenna))
    start = timezone.now() - datetime.timedelta(days=500)
    latest = {}
    for who, purpose, granted, day in decisions:
        at = start + datetime.timedelta(days=day)
        rec = _record(people[who], purpose, granted, at)
        key = (who, purpose)
        if key not in latest or (at, rec.pk) >= latest[key][0]:
            latest[key] = ((at, rec.pk), granted)
    for purpose in (P.SURVEYS, P.RESEARCH):
        expected = {people[w].pk for (w, p), (_at, granted) in latest.items() if p == purpose and not granted}
        assert set(consent.withdrawn_ids(purpose)) == expected
        mine = Person.objects.filter(pk__in=[p.pk for p in people])
        assert {p.pk for p in people} - expected == set(consent.consenting(mine, purpose).values_list("pk", flat=True))
        for person in people:
            assert consent.granted(person, purpose) == (person.pk not in expected)


def test_never_asked_is_not_a_refusal_and_the_check_is_one_query_for_any_number(
        antenna, django_assert_num_queries):
    people = PersonFactory.create_batch(30, antenna=antenna)
    for person in people[:10]:
        _record(person, P.RESEARCH, True, timezone.now() - datetime.timedelta(days=2))
        _record(person, P.RESEARCH, False, timezone.now() - datetime.timedelta(days=1))
    assert consent.granted(people[-1], P.RESEARCH)
    with django_assert_num_queries(1):
        kept = list(consent.consenting(Person.objects.filter(antenna=antenna), P.RESEARCH))
    assert {p.pk for p in kept} == {p.pk for p in people[10:]}


def test_the_texts_not_asked_at_intake_move_with_their_versions():
    import hashlib

    # Changed a text? Give it a new version in duo/people/consent.py, then update its pair here.
    assert {p: (t.version, hashlib.sha256(t.source.encode()).hexdigest()[:12])
            for p, t in consent.MORE_TEXTS.items()} == {
        "research": ("2026-11", "b054d439b2d4"),
        "testimony": ("2026-11", "2001d1ff76e2"),
    }
    assert set(consent.TEXTS) == set(P.values)


# --- what a withdrawal does --------------------------------------------------------------------------------------


def test_withdrawing_surveys_cancels_open_invitations_and_the_schedule_invites_no_more(instruments, antenna):
    from duo.survey import schedule
    from duo.survey.models import Invitation, InvitationStatus

    duo = DuoFactory(antenna=antenna, started_on=TODAY - datetime.timedelta(days=35),
                     planned_end_on=TODAY + datetime.timedelta(days=150))
    person = duo.mentee.person
    call_command("send_surveys", "--today", (TODAY - datetime.timedelta(days=35)).isoformat(), stdout=io.StringIO())
    invitation = Invitation.objects.get(person=person)
    assert invitation.status == InvitationStatus.PENDING
    assert any(p.person.pk == person.pk for p in schedule.invitations_due(TODAY))  # the one-month check is due

    consent.consent_withdraw(person=person, purpose=P.SURVEYS, channel=Channel.WEB)

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.OPTED_OUT
    assert not any(p.person.pk == person.pk for p in schedule.invitations_due(TODAY))
    out = io.StringIO()
    call_command("send_surveys", "--today", TODAY.isoformat(), stdout=out)
    assert Invitation.objects.filter(person=person).count() == 1

    consent.consent_give(person=person, purpose=P.SURVEYS, channel=Channel.WEB)
    assert any(p.person.pk == person.pk for p in schedule.invitations_due(TODAY))


def test_withdrawing_testimony_withdraws_each_testimony_everywhere_and_no_new_one_is_recorded(own_duo, coordinator):
    from duo.testimony import services
    from duo.testimony.models import QuoteSet, QuoteSetItem, Testimony

    person = own_duo.mentee.person
    made = [Testimony.objects.create(person=person, side="mentee", duo=own_duo, text=text, language="fr",
                                     source="staff", consent="first_name", purpose="Rapport 2027")
            for text in ("Mon mentor m'a ouvert des portes.", "J'ai trouvé un stage.")]
    quote_set = QuoteSet.objects.create(name="Mémorandum")
    QuoteSetItem.objects.create(quote_set=quote_set, testimony=made[0])

    consent.consent_withdraw(person=person, purpose=P.TESTIMONY, channel=Channel.STAFF, by=coordinator)

    for testimony in Testimony.objects.filter(person=person):
        assert testimony.is_withdrawn and testimony.text == ""
    assert not QuoteSetItem.objects.exists()
    assert quote_set.notices.count() == 1
    with pytest.raises(services.TestimonyError):
        services.testimony_create(by=coordinator, person=person, text="Encore un mot.", language="fr",
                                  consent="anonymous", purpose="Rapport 2027")


def test_withdrawing_special_category_clears_the_encrypted_answers_and_the_form_stops_asking(
        client, admin_user, antenna):
    person = PersonFactory(antenna=antenna, nationality_background="non_eu_national", origin_region="north_africa",
                           residence_route="family")
    assert "origin_region" in PersonForm(instance=person, user=admin_user).fields

    consent.consent_withdraw(person=person, purpose=P.SPECIAL_CATEGORY, channel=Channel.WEB)

    with connection.cursor() as cursor:
        cursor.execute("SELECT nationality_background, origin_region, residence_route FROM people_person "
                       "WHERE id = %s", [person.pk])
        assert cursor.fetchone() == (None, None, None)
    assert not {"nationality_background", "origin_region", "residence_route"} & set(
        PersonForm(instance=person, user=admin_user).fields)
    client.force_login(admin_user)
    page = client.get(reverse("people:edit", args=[person.pk])).content.decode()
    assert 'name="origin_region"' not in page


def test_withdrawing_research_leaves_the_person_out_of_the_responses_export(instruments, antenna):
    from duo.survey import exporting
    from duo.survey.models import Instrument
    from tests.test_survey_export import answer

    end = Instrument.objects.get(code="mentee-end")
    kept, leaving = DuoFactory(antenna=antenna), DuoFactory(antenna=antenna)
    answer(end, kept)
    answer(end, leaving)
    assert len(exporting.responses_export(user=None, instrument=end)[1]) == 2

    consent.consent_withdraw(person=leaving.mentee.person, purpose=P.RESEARCH, channel=Channel.WEB)

    _columns, rows = exporting.responses_export(user=None, instrument=end)
    assert [r["person"] for r in rows] == [exporting.pseudonym("person", kept.mentee.person_id)]


def test_withdrawing_the_programme_stops_its_emails_and_warns_coordinators(
        client, coordinator, own_duo, mailoutbox, django_capture_on_commit_callbacks, english):
    from duo.matching import emails as matching_emails
    from duo.meetinglog import services as meetinglog

    person = own_duo.mentee.person
    consent.consent_withdraw(person=person, purpose=P.PROGRAMME, channel=Channel.STAFF, by=coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        assert matching_emails.tell_matched(duo=own_duo) == 1  # the mentor only
        meetinglog.link_issue(duo=own_duo, person=person, by=coordinator)
    assert [m.to for m in mailoutbox] == [[own_duo.mentor.person.email]]
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(reverse("meetinglog:link_send", args=[own_duo.pk]), {"side": "mentee"}, follow=True)
    assert "withdrew consent to the programme: no email was sent" in sent.content.decode()
    assert len(mailoutbox) == 1

    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Withdrew consent to the programme on" in page and "contact only to close the file" in page
    other = client.get(reverse("people:detail", args=[own_duo.mentor.person_id])).content.decode()
    assert "contact only to close the file" not in other


def test_the_history_keeps_every_decision_and_regranting_works(client, antenna):
    person = PersonFactory(antenna=antenna)
    for action in ("withdraw", "give", "withdraw", "give"):
        assert _post(client, person, P.RESEARCH, action).status_code == 302
    records = list(ConsentRecord.objects.filter(person=person).order_by("recorded_at", "id"))
    assert [r.granted for r in records] == [False, True, False, True]
    assert {(r.text_version, r.channel, r.purpose) for r in records} == {("2026-11", "web", "research")}
    assert consent.granted(person, P.RESEARCH)
    # Each decision is in the audit trail, without any personal value.
    notes = list(AuditEvent.objects.filter(model="people.ConsentRecord").values_list("note", flat=True))
    assert len(notes) == 4 and all(person.first_name not in n for n in notes)


# --- the person's page -------------------------------------------------------------------------------------------


def test_the_page_lists_each_purpose_and_a_withdrawal_is_confirmed(client, antenna, english):
    person = PersonFactory(antenna=antenna, preferred_language="en")
    url = consent.url_for(person)
    page = client.get(urlparse(url).path)
    assert page.status_code == 200 and page["X-Robots-Tag"] == "noindex, nofollow"
    body = page.content.decode()
    for purpose in P.values:
        assert f'value="{purpose}"' in body
    assert body.count("Withdraw my consent") == len(P.values)

    response = client.post(urlparse(url).path, {"purpose": P.SURVEYS, "action": "withdraw"}, follow=True)
    body = response.content.decode()
    assert "Done: consent withdrawn" in body and "Give my consent again" in body
    assert not consent.granted(person, P.SURVEYS)
    assert ConsentRecord.objects.get(person=person).language == "en"


def test_bad_input_changes_nothing(client, antenna):
    person = PersonFactory(antenna=antenna)
    url = reverse("consent:manage", kwargs={"token": consent.token_for(person)})
    for data in ({}, {"purpose": "marketing", "action": "withdraw"}, {"purpose": "surveys", "action": "delete"}):
        assert client.post(url, data).status_code == 200
    assert not ConsentRecord.objects.exists()


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_the_link_opens_the_page_in_the_persons_language(client, antenna, lang):
    person = PersonFactory(antenna=antenna, preferred_language=lang)
    path = urlparse(consent.url_for(person)).path
    assert path.startswith(f"/{lang}/consent/")
    page = client.get(path).content.decode()
    assert f'<html lang="{lang}">' in page and person.first_name in page


def test_a_tampered_or_foreign_token_is_404_and_an_old_one_says_how_to_reach_us(client, antenna, settings):
    person = PersonFactory(antenna=antenna)
    token = consent.token_for(person)
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "made-up:signature",
                signing.dumps({"p": person.pk}, salt="duo.testimony.author-link", compress=True),
                signing.dumps({"p": 999999}, salt=consent.SALT, compress=True)):
        assert client.get(reverse("consent:manage", kwargs={"token": bad})).status_code == 404
        assert client.post(reverse("consent:manage", kwargs={"token": bad}),
                           {"purpose": "surveys", "action": "withdraw"}).status_code == 404
    assert not ConsentRecord.objects.exists()
    with mock.patch.object(time, "time", return_value=time.time() - consent.MAX_AGE - 3600):
        expired = consent.token_for(person)
    assert expired != token
    response = client.get(reverse("consent:manage", kwargs={"token": expired}))
    assert response.status_code == 410 and person.first_name not in response.content.decode()


def test_an_erased_person_is_told_nothing_is_held(client, antenna):
    person, recorded = PersonFactory(antenna=antenna), PersonFactory(antenna=antenna)
    Person.objects.filter(pk=person.pk).update(first_name="", last_name="", email="")
    try:  # duo.privacy's record of an erasure, where it exists, says so whatever is left on the row
        from duo.privacy.models import Erasure
    except ImportError:
        erased = [person]
    else:
        Erasure.objects.create(person_id=recorded.pk, reason="asked by the person")
        erased = [person, recorded]
    for who in erased:
        page = client.get(reverse("consent:manage", kwargs={"token": consent.token_for(who)}))
        assert page.status_code == 200 and 'name="action"' not in page.content.decode()
    page = client.get(reverse("consent:manage", kwargs={"token": consent.token_for(PersonFactory(antenna=antenna))}))
    assert 'name="action"' in page.content.decode()


# --- the staff page ----------------------------------------------------------------------------------------------


def test_staff_record_a_withdrawal_by_phone_and_see_the_history(client, coordinator, own_duo, english):
    person = own_duo.mentee.person
    _record(person, P.SURVEYS, True, timezone.now() - datetime.timedelta(days=30))
    client.force_login(coordinator)
    url = reverse("consent:staff", args=[person.pk])
    response = client.post(url, {"consent-purpose": P.SURVEYS, "consent-action": "withdraw"}, follow=True)
    body = response.content.decode()
    assert response.status_code == 200 and "Done: consent withdrawn" in body
    latest = ConsentRecord.objects.filter(person=person).order_by("-recorded_at", "-id").first()
    assert (latest.granted, latest.channel, latest.text_version) == (False, "staff", "2026-11")
    assert body.count("2026-11") >= 2 and "Entered by staff" in body and "Public form" in body
    event = AuditEvent.objects.filter(model="people.ConsentRecord").get()
    assert event.actor_id == coordinator.pk


def test_staff_of_another_antenna_get_404_and_roles_without_people_change_403(client, foreign_duo, users):
    person = foreign_duo.mentee.person
    url = reverse("consent:staff", args=[person.pk])
    client.force_login(users[Role.COORDINATOR])
    assert client.get(url).status_code == 404
    assert client.post(url, {"consent-purpose": "surveys", "consent-action": "withdraw"}).status_code == 404
    client.force_login(users[Role.VIEWER])
    assert client.get(url).status_code == 403
    assert not ConsentRecord.objects.exists()
    with pytest.raises(scoping.NotAllowed):
        consent.consent_withdraw(person=person, purpose=P.SURVEYS, channel=Channel.STAFF,
                                 by=users[Role.COORDINATOR])
    assert not ConsentRecord.objects.exists()


# --- the link in every participant email -------------------------------------------------------------------------


def _send(kind, *, antenna, coordinator, person, duo):
    """Send one kind of participant email through the code path that sends it in the application."""
    from duo.infosession import services as sessions
    from duo.matching import emails as matching_emails
    from duo.meetinglog import services as meetinglog
    from duo.testimony import services as testimonies
    from tests.factories_sessions import InfoSessionFactory

    if kind == "registered":
        person.mentee.stage = "applied"
        person.mentee.save()
        sessions.register(session=InfoSessionFactory(antenna=antenna), person=person)
    elif kind in ("invited", "changed", "cancelled"):
        session = InfoSessionFactory(antenna=antenna)
        sessions.invite(session=session, people=[person], by=coordinator)
        if kind == "changed":
            session.place = "Salle 5"
            session.starts_at += datetime.timedelta(hours=1)
            sessions.session_save(session=session, by=coordinator)
        elif kind == "cancelled":
            sessions.session_cancel(session=session, by=coordinator)
    elif kind == "matched":
        matching_emails.tell_matched(duo=duo)
    elif kind == "meeting log":
        meetinglog.link_issue(duo=duo, person=person, by=coordinator)
    elif kind in ("survey invitation", "survey reminder"):
        call_command("load_instruments", verbosity=0)
        start = TODAY - datetime.timedelta(days=7) if kind == "survey reminder" else TODAY
        duo.started_on = start
        duo.save()
        call_command("send_surveys", "--today", start.isoformat(), stdout=io.StringIO())
        if kind == "survey reminder":
            call_command("send_surveys", "--today", TODAY.isoformat(), stdout=io.StringIO())
    elif kind == "testimony recorded":
        testimonies.testimony_create(by=coordinator, person=person, text="Mon mentor m'a aidée.", language="fr",
                                     consent="anonymous", purpose="Rapport 2027")


KINDS = ["registered", "invited", "changed", "cancelled", "matched", "meeting log", "survey invitation", "survey reminder",
         "testimony recorded"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_participant_email_carries_a_link_to_the_persons_consent_page(
        client, kind, antenna, coordinator, mailoutbox, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://duo.example.org"
    duo = DuoFactory(antenna=antenna, mentee__person__preferred_language="nl")
    person = duo.mentee.person
    with django_capture_on_commit_callbacks(execute=True):
        _send(kind, antenna=antenna, coordinator=coordinator, person=person, duo=duo)
    mine = [m for m in mailoutbox if m.to == [person.email]]
    assert len(mine) == {"changed": 2, "cancelled": 2, "survey reminder": 2}.get(kind, 1), kind
    for message in mine:
        found = LINK.search(message.body)
        assert found, (kind, message.body)
        assert found.group(0).startswith("https://duo.example.org/nl/consent/")
        page = client.get(urlparse(found.group(0)).path)
        assert page.status_code == 200 and person.first_name in page.content.decode()
        assert consent.person_from_token(found.group(2)) == person


def test_the_application_confirmation_carries_the_link(client, antenna, mailoutbox,
                                                       django_capture_on_commit_callbacks):
    from django.core.cache import cache

    from .factories_apply import mentee_data, post

    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post(client, "fr", "mentee", mentee_data(preferred_language="nl"))
    person = Person.objects.get()
    found = LINK.search(mailoutbox[0].body)
    assert found and found.group(1) == "nl" and consent.person_from_token(found.group(2)) == person
    cache.clear()


def test_staff_emails_do_not_carry_it(client, coordinator, mailoutbox):
    client.post(reverse("accounts:password_reset"), {"email": coordinator.email})
    assert mailoutbox and "/consent/" not in mailoutbox[0].body
