"""Switching off a person's personal links (a lost phone, a forwarded email): the Duo page and testimony links are
signed ids, so a new link generation is what stops them; meeting-log links are revoked with them. The consent link
keeps working on purpose, and links sent before generations existed keep working until the first revocation."""

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import translation

from duo.accounts.roles import Role
from duo.intake import links as portal_links
from duo.meetinglog import services as meetinglog
from duo.people import consent
from duo.people.models import Person
from duo.privacy.erasure import person_erase
from duo.privacy.models import AuditEvent
from duo.testimony import links as voice_links
from duo.testimony import models as tm

from .attack_payloads import changed_tables, database_fingerprint
from .factories import MenteeFactory

pytestmark = pytest.mark.django_db

REVOKED = "people/link_revoked.html"


def _url(name, token, lang="fr", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs={"token": token, **kwargs})


def _links(person, lang="fr"):
    """The links an email to the person carries today."""
    return {"portal": _url("portal:home", portal_links.applicant_token(person), lang),
            "voice": _url("testimony:voice", voice_links.token_for(person), lang),
            "consent": _url("consent:manage", consent.token_for(person), lang)}


def _opens_for(client, url, person):
    """The person's own page: answered, their name on it, not the "no longer works" page."""
    response = client.get(url)
    return (response.status_code == 200 and REVOKED not in [t.name for t in response.templates]
            and person.first_name in response.content.decode())


def _says_revoked(client, url, person):
    """The kind page: answered (not a 404, not a 500), in the link's language, nothing of the person."""
    response = client.get(url)
    body = response.content.decode()
    lang = url.split("/")[1]
    return (response.status_code == 200 and response.templates[0].name == REVOKED
            and f'<html lang="{lang}">' in body
            and person.first_name not in body and person.last_name not in body
            and response["X-Robots-Tag"] == "noindex, nofollow")


def _revoke(client, person):
    return client.post(reverse("people:links_revoke", kwargs={"pk": person.pk}), {"confirm": "True"}, follow=True)


def test_revoking_switches_the_links_off_and_new_emails_carry_links_that_work(
        own_duo, users, login, client, english):
    person = own_duo.mentee.person
    person.preferred_language = "nl"
    person.save()
    testimony = tm.Testimony.objects.create(person=person, side="mentee", duo=own_duo, text="Mon mentor m'a aidé.",
                                         language="fr", source="staff", consent="anonymous", purpose="Rapport")
    old = _links(person, "nl")
    log_url = meetinglog.link_issue(duo=own_duo, person=person, by=users[Role.COORDINATOR])
    log_path = log_url.split("://", 1)[1].split("/", 1)[1]
    for url in old.values():
        assert _opens_for(client, url, person), url
    assert _opens_for(client, "/" + log_path, person)
    updated_at = Person.objects.get(pk=person.pk).updated_at

    coordinator = login(users[Role.COORDINATOR])
    # The person's links were opened in Dutch, which the request left active: the coordinator works in English.
    translation.activate("en")
    page = coordinator.get(reverse("people:detail", kwargs={"pk": person.pk})).content.decode()
    assert reverse("people:links_revoke", kwargs={"pk": person.pk}) in page
    confirm = coordinator.get(reverse("people:links_revoke", kwargs={"pk": person.pk})).content.decode()
    assert "their meeting-log link (1 active)" in confirm and "keeps working" in confirm
    response = _revoke(coordinator, person)
    assert response.redirect_chain[-1][0] == reverse("people:detail", kwargs={"pk": person.pk})
    message = response.content.decode().replace("&#x27;", "'")
    assert "no longer work" in message and "New emails will carry new links" in message
    assert "consent still works" in message
    coordinator.logout()

    # The old Duo page and testimony links: the kind page, whatever page of the link is asked for.
    assert _says_revoked(client, old["portal"], person)
    assert _says_revoked(client, old["voice"], person)
    withdraw = _url("testimony:voice_withdraw", old["voice"].rstrip("/").rsplit("/", 1)[1], "nl", pk=testimony.pk)
    assert client.post(withdraw, {"confirm": "True"}).status_code == 200
    assert tm.Testimony.objects.get(pk=testimony.pk).withdrawn_at is None
    # The meeting-log link is switched off too (its own "replaced or switched off" page).
    log = client.get("/" + log_path)
    assert log.status_code == 200 and log.templates[0].name == "meetinglog/closed.html"
    # The consent link still opens the person's consent page: withdrawing must always stay possible.
    assert _opens_for(client, old["consent"], person)

    # The links of the next email work.
    person.refresh_from_db()
    for url in _links(person, "nl").values():
        assert _opens_for(client, url, person), url
    # One audit event says who did it and what changed (the field, never a link); the file's version is untouched,
    # so a colleague editing it is not told someone changed it.
    event = AuditEvent.objects.get(model="people.Person", object_id=str(person.pk), fields=["link_generation"])
    assert event.actor_id == users[Role.COORDINATOR].pk and event.action == AuditEvent.Action.UPDATE
    assert "personal links revoked" in event.note
    assert person.updated_at == updated_at and person.link_generation == 1


def test_links_sent_before_generations_existed_work_until_the_first_revocation(own_duo, admin_user, login, client):
    person = own_duo.mentee.person
    # What token_for signed before the generation was part of the link.
    before = {"portal": _url("portal:home", signing.dumps({"p": person.pk}, salt=portal_links.SALT, compress=True)),
              "voice": _url("testimony:voice", signing.dumps({"p": person.pk}, salt=voice_links.SALT,
                                                               compress=True))}
    for url in before.values():
        assert _opens_for(client, url, person), url
    _revoke(login(admin_user), person)
    client.logout()
    for url in before.values():
        assert _says_revoked(client, url, person), url


def test_a_coordinator_of_another_antenna_finds_nothing_and_changes_nothing(own_duo, foreign_duo, users, client):
    person = foreign_duo.mentee.person
    links_ = _links(person)
    coordinator, viewer = Client(), Client()
    coordinator.force_login(users[Role.COORDINATOR])
    viewer.force_login(users[Role.VIEWER])
    before = database_fingerprint()
    url = reverse("people:links_revoke", kwargs={"pk": person.pk})
    assert coordinator.get(url).status_code == 404
    assert coordinator.post(url, {"confirm": "True"}).status_code == 404
    missing = reverse("people:links_revoke", kwargs={"pk": 999999})
    assert coordinator.post(missing, {"confirm": "True"}).status_code == 404
    # The viewer of the person's own antenna may not change anything: 403, whatever the person.
    own = reverse("people:links_revoke", kwargs={"pk": own_duo.mentee.person_id})
    assert viewer.post(own, {"confirm": "True"}).status_code == 403
    assert not changed_tables(before, database_fingerprint())
    client.logout()
    assert Person.objects.get(pk=person.pk).link_generation == 0
    for url in links_.values():
        assert _opens_for(client, url, person), url


def test_a_post_without_the_pages_button_changes_nothing(own_duo, admin_user, login, english):
    person = own_duo.mentee.person
    client = login(admin_user)
    client.get(reverse("people:links_revoke", kwargs={"pk": person.pk}))  # signing in leaves its own traces
    before = database_fingerprint()
    response = client.post(reverse("people:links_revoke", kwargs={"pk": person.pk}))
    assert response.status_code == 200 and "Switch the links off" in response.content.decode()
    assert not changed_tables(before, database_fingerprint())


def test_erasure_switches_the_links_off(antenna, admin_user, client):
    person = MenteeFactory(person__antenna=antenna, stage="applied").person
    old = _links(person)
    assert _opens_for(client, old["portal"], person)
    person_erase(person=person, reason="Request by email", by=admin_user)
    for url in (old["portal"], old["voice"]):
        response = client.get(url)
        assert response.status_code == 200 and response.templates[0].name == REVOKED, url
    event = AuditEvent.objects.get(action=AuditEvent.Action.ERASE, object_id=str(person.pk))
    assert "people.Person.link_generation" in event.fields


@pytest.mark.parametrize("payload", [{"p": None, "g": 0}, {"p": "1", "g": 0}, {"g": 0}, [1, 2], {"p": 0, "g": "0"}])
def test_odd_payloads_signed_with_the_key_are_simply_unknown(own_duo, client, payload):
    """Only the key can sign these, yet a bad shape must be a 404, never a server error."""
    if isinstance(payload, dict) and payload.get("p") == 0:
        payload = {**payload, "p": own_duo.mentee.person_id}
    for name, salt in (("portal:home", portal_links.SALT), ("testimony:voice", voice_links.SALT)):
        assert client.get(_url(name, signing.dumps(payload, salt=salt, compress=True))).status_code == 404


def test_a_generation_from_the_future_is_treated_as_forged(own_duo, client):
    person = own_duo.mentee.person
    for name, salt in (("portal:home", portal_links.SALT), ("testimony:voice", voice_links.SALT)):
        token = signing.dumps({"p": person.pk, "g": 5}, salt=salt, compress=True)
        assert client.get(_url(name, token)).status_code == 404
