"""Personal links and API tokens, attacked: guessed, altered, borrowed from another purpose, replayed, expired.

The links: the meeting log (/log/<token>/), survey invitations (/s/<token>/), the author's testimony page
(/voice/<token>/), the applicant's portal (/me/<token>/) and the staff calendar feed (/calendar/<token>.ics).
Whatever is wrong with a token, the answer is the one any unknown token gets — the same 404, byte for byte — so that
a prober learns nothing; a real link that has expired or been switched off says so kindly, in its owner's language,
and shows none of their data.
"""

import datetime
import secrets

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from duo.accounts.roles import Role

from tests.attack_payloads import changed_tables, comparable, database_fingerprint
from tests.test_permission_matrix import objects  # noqa: F401  (the matrix's fixture)

# name -> (the objects' key of a valid token, the salt it is signed with or None for signing.dumps tokens)
LINKS = {
    "meetinglog:log": ("meetinglog_token", "duo.meetinglog.link"),
    "survey_answer:answer": ("survey_answer_token", "duo.survey.invitation"),
    "testimony:voice": ("testimony_token", "duo.testimony.author-link"),
    "portal:home": ("portal_token", "duo.intake.applicant-link"),
    "calendar_feed": ("calendar_token", "duo.calendarfeed.token"),
}


def _url(name, token):
    return reverse(name, kwargs={"token": token})


def _body(response, token):
    """The answer without the token itself (a 404 page may repeat the path)."""
    return comparable(response.content.decode(errors="replace").replace(token, "<token>"))


def _flipped(token: str) -> str:
    """One character of the token's secret changed: what a typo, or a prober walking the alphabet, sends."""
    i = len(token) // 3
    return token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1:]


def _right_shape(name, salt, objects):
    """Tokens that look like the real thing: a fresh secret signed for the right purpose but never issued, a fresh
    secret with a made-up signature, and (for the id-carrying links) a signed id nobody has."""
    secret = secrets.token_urlsafe(32)
    made = [signing.Signer(salt=salt).sign(secret), f"{secret}:{secrets.token_urlsafe(32)[:27]}"]
    if name in ("testimony:voice", "portal:home"):
        made.append(signing.dumps({"p": 999999}, salt=salt, compress=True))
    return made


def _borrowed(name, objects):
    """Valid tokens of every other purpose: signed with another salt, they open nothing here."""
    return [objects[key] for other, (key, _salt) in LINKS.items() if other != name]


def test_the_salts_here_are_the_ones_the_links_use():
    from duo.calendarfeed import tokens as calendar_tokens
    from duo.intake import links as intake_links
    from duo.meetinglog import tokens as meetinglog_tokens
    from duo.survey import responses
    from duo.testimony import links as testimony_links

    assert [salt for _key, salt in LINKS.values()] == [
        meetinglog_tokens.SALT, responses.SALT, testimony_links.SALT, intake_links.SALT, calendar_tokens.SALT]


@pytest.mark.parametrize("name", sorted(LINKS))
def test_a_guessed_altered_or_borrowed_token_is_the_same_404_as_any_unknown_one(objects, name):  # noqa: F811
    key, salt = LINKS[name]
    client = Client()
    assert client.get(_url(name, objects[key])).status_code == 200  # the real one works
    unknown = "unknown-token"
    reference = client.get(_url(name, unknown))
    assert reference.status_code == 404
    before = database_fingerprint()
    tries = [*_right_shape(name, salt, objects), _flipped(objects[key]), *_borrowed(name, objects)]
    for token in tries:
        response = client.get(_url(name, token))
        assert response.status_code == 404, (name, token)
        assert _body(response, token) == _body(reference, unknown), (name, token)
    assert not changed_tables(before, database_fingerprint())


# --- replay: what is done once stays done once; a link switched off stays off -----------------------------------

def test_an_answered_survey_link_takes_no_second_answer(objects):  # noqa: F811
    from duo.survey.models import Response

    token = objects["survey_answer_answered"]
    before = Response.objects.count()
    client = Client()
    page = client.get(_url("survey_answer:answer", token))
    assert page.status_code == 200 and page.templates[0].name == "survey/answer/closed.html"
    replay = client.post(_url("survey_answer:answer", token), {"career_plan_words": "encore", "final": "1"})
    assert replay.status_code == 200 and replay.templates[0].name == "survey/answer/closed.html"
    saved = client.post(reverse("survey_answer:save", kwargs={"token": token}), {"career_plan_words": "x"},
                        HTTP_ACCEPT="application/json")
    assert saved.status_code == 409
    assert Response.objects.count() == before


def test_a_revoked_meeting_log_link_opens_nothing_and_logs_nothing(objects):  # noqa: F811
    from duo.journeys.models import Meeting
    from duo.meetinglog import services, tokens

    token = objects["meetinglog_token"]
    link = tokens.find(token)
    duo = link.duo
    services.link_revoke(link=link, by=objects["users"][Role.COORDINATOR])
    client = Client()
    page = client.get(_url("meetinglog:log", token))
    assert page.status_code == 200 and page.templates[0].name == "meetinglog/closed.html"
    body = page.content.decode()
    assert duo.mentee.person.first_name not in body and duo.mentee.person.last_name not in body
    meetings = Meeting.objects.filter(duo=duo).count()
    client.post(_url("meetinglog:log", token), {"held_on": timezone.localdate().isoformat(), "duration_minutes": 60,
                                                "format": "in_person"})
    assert Meeting.objects.filter(duo=duo).count() == meetings


def test_a_new_calendar_link_switches_the_old_one_off_and_revoking_switches_off_the_new(objects):  # noqa: F811
    from duo.calendarfeed.services import subscription_create, subscription_revoke

    coordinator = objects["users"][Role.COORDINATOR]
    old = objects["calendar_token"]
    client = Client()
    assert client.get(_url("calendar_feed", old)).status_code == 200
    new = subscription_create(user=coordinator, language="fr")
    assert client.get(_url("calendar_feed", old)).status_code == 404
    assert client.get(_url("calendar_feed", new)).status_code == 200
    subscription_revoke(user=coordinator)
    assert client.get(_url("calendar_feed", new)).status_code == 404


def test_a_calendar_link_stops_when_its_owner_may_no_longer_see_duos(objects):  # noqa: F811
    coordinator = objects["users"][Role.COORDINATOR]
    token = objects["calendar_token"]
    coordinator.is_active = False
    coordinator.save(update_fields=["is_active"])
    assert Client().get(_url("calendar_feed", token)).status_code == 404


# --- expiry: a kind page in the owner's language, and nothing of theirs ------------------------------------------

def _lang_of(response):
    html = response.content.decode()
    start = html.index('<html lang="') + len('<html lang="')
    return html[start:start + 2]


def test_an_expired_meeting_log_link_says_so_in_the_persons_language_and_shows_nothing(objects):  # noqa: F811
    from duo.journeys.models import Meeting
    from duo.meetinglog import tokens

    token = objects["meetinglog_expired"]
    link = tokens.find(token)
    Meeting.objects.create(duo=link.duo, held_on=datetime.date(2026, 2, 3), duration_minutes=90,
                           note="Préparation de l'entretien chez Colruyt")
    for lang in ("nl", "en"):
        with translation.override(lang):
            url = _url("meetinglog:log", token)
        response = Client().get(url)
        assert response.status_code == 200 and response.templates[0].name == "meetinglog/closed.html"
        assert _lang_of(response) == lang
        body = response.content.decode()
        other = link.duo.mentee.person
        assert other.first_name not in body and other.last_name not in body
        assert "Colruyt" not in body and "03/02/2026" not in body


def test_an_expired_survey_link_says_so_in_the_invitations_language_and_shows_no_question(objects):  # noqa: F811
    from duo.survey import responses

    token = objects["survey_answer_expired"]
    invitation = responses.find(token)
    invitation.language = "nl"
    invitation.save(update_fields=["language"])
    with translation.override("en"):
        url = _url("survey_answer:answer", token)
    response = Client().get(url)
    assert response.status_code == 200 and response.templates[0].name == "survey/answer/closed.html"
    assert _lang_of(response) == "nl"
    assert response.context["state"] == "expired"
    body = response.content.decode()
    assert invitation.person.last_name not in body
    assert "<textarea" not in body and 'type="radio"' not in body  # no question to answer


def test_an_expired_portal_link_says_so_in_the_links_language_and_shows_nothing(objects, monkeypatch):  # noqa: F811
    """The applicant's link is signed with its date and lasts six months; an older one opens a page that says it
    expired, and nothing of the person's."""
    import time

    from duo.intake import links
    from duo.people.models import Person

    person = Person.objects.get(pk=signing.loads(objects["portal_token"], salt=links.SALT)["p"])
    real = time.time()
    monkeypatch.setattr(time, "time", lambda: real - links.MAX_AGE - 3600)
    old = links.applicant_token(person)
    monkeypatch.setattr(time, "time", lambda: real)
    for lang in ("nl", "en"):
        with translation.override(lang):
            url = _url("portal:home", old)
        response = Client().get(url)
        assert response.status_code == 200 and response.templates[0].name == "portal/expired.html"
        assert _lang_of(response) == lang
        body = response.content.decode()
        assert person.first_name not in body and person.last_name not in body
        assert "/info-sessions/" not in body and "/training/" not in body
    # Altered, the same old link is just unknown.
    assert Client().get(_url("portal:home", _flipped(old))).status_code == 404


# --- API tokens: the gaps tests/test_api.py leaves ---------------------------------------------------------------

def test_guessed_borrowed_or_oversized_bearer_tokens_get_the_one_401(client, objects):  # noqa: F811
    """Whatever the token, if it is not a valid one the answer is the same: the body tells no "almost"."""
    url = reverse("api:duo", kwargs={"pk": objects["own"].pk})
    tokens = ["duo_x_y", objects["meetinglog_token"], objects["calendar_token"], objects["testimony_token"],
              "duo_" + "A" * 8 + "_" + "B" * 43, "x" * 5000, "duo_'OR'1'='1", "duo_%00_%00"]
    bodies = set()
    for token in tokens:
        for scheme in ("Bearer", "bearer"):
            response = client.get(url, HTTP_AUTHORIZATION=f"{scheme} {token}")
            assert response.status_code == 401, (token[:40], response.status_code)
            assert response["WWW-Authenticate"].startswith("Bearer")
            bodies.add(response.content)
    assert len(bodies) == 1, bodies
    # Other schemes or no token at all: 401 too (a session or a password never opens the API).
    for header in ("Token duo_x_y", "Basic YWRtaW46YWRtaW4=", "Bearer"):
        assert client.get(url, HTTP_AUTHORIZATION=header).status_code == 401, header
