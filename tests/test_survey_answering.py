"""Answering a survey from the emailed link (all questions at once or one per screen, saved on the way,
resumed, submitted), the kind pages of a closed link, and staff entering answers on someone's behalf."""

import datetime

import pytest
from django.core.management import call_command
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation

from duo.accounts.roles import Role
from duo.survey import answering, responses
from duo.survey.models import Instrument, Invitation, InvitationStatus, Response, ResponseSource

TODAY = timezone.localdate()


@pytest.fixture
def instruments(db):
    call_command("load_instruments", verbosity=0)
    return {i.code: i for i in Instrument.objects.all()}


@pytest.fixture
def invite(instruments, own_duo):
    def _invite(code="mentee-end", language="fr", duo=None, **changes):
        duo = duo or own_duo
        invitation, token = responses.invitation_create(instrument=instruments[code], person=duo.mentee.person,
                                                        duo=duo, due_on=TODAY)
        changes["language"] = language
        Invitation.objects.filter(pk=invitation.pk).update(**changes)
        invitation.refresh_from_db()
        return invitation, token

    return _invite


def _url(token, lang="fr", name="answer"):
    with translation.override(lang):
        return reverse(f"survey_answer:{name}", kwargs={"token": token})


def _rows(invitation):
    return answering.questions(invitation.version)


def _all_answered(rows, value="4"):
    """Every question of the end-of-mentoring survey answered."""
    answers = {}
    for q in rows:
        if q.type == "likert5":
            answers[q.code] = value
        elif q.type == "single":
            answers[q.code] = q.choices.first().value
        elif q.type == "text":
            answers[q.code] = "Mon mentor m'a ouvert son carnet d'adresses."
    return answers


# --- answering.py ----------------------------------------------------------------------------------------


def test_items_speak_the_language_asked_and_follow_the_skip_logic(invite):
    invitation, _token = invite("pairing-fit", "nl")
    rows = _rows(invitation)
    items = {i.code: i for i in answering.items(rows, "nl", {"pairing_fit": "5"})}
    assert items["pairing_fit"].text == "Onze duo werkt goed."
    assert [v for v, _label in items["pairing_fit"].choices] == ["1", "2", "3", "4", "5"]
    assert items["pairing_fit"].values == ["5"]
    assert items["call_me"].choices == [("yes", "Ja"), ("no", "Nee")]
    # A good answer hides the two questions for a duo in difficulty; a low one shows them.
    assert not items["call_me"].shown and not items["what_difficult"].shown
    items = {i.code: i for i in answering.items(rows, "nl", {"pairing_fit": "2"}, {"call_me": "Kies."})}
    assert items["call_me"].shown and items["call_me"].error == "Kies."
    assert items["call_me"].describedby == "q-call_me-error"
    assert items["pairing_fit"].describedby == "q-pairing_fit-help"
    assert items["call_me"].anchor == "a-call_me-yes" and items["meetings"].anchor == "a-meetings"


def test_progress_counts_the_questions_showing(invite):
    rows = _rows(invite("pairing-fit")[0])
    assert answering.progress(rows, {}) == (0, 4)
    assert answering.progress(rows, {"pairing_fit": "5", "meetings": "3"}) == (2, 4)
    # A low score shows two more questions: more to answer, not more answered.
    assert answering.progress(rows, {"pairing_fit": "1", "meetings": "3"}) == (2, 6)
    # An answer to a question that no longer shows does not count.
    assert answering.progress(rows, {"pairing_fit": "5", "call_me": "yes"}) == (1, 4)


def test_reading_the_posted_answers_of_every_kind(invite):
    rows = _rows(invite("why-ended")[0]) + _rows(invite("mentee-followup-6m")[0])
    data = QueryDict(mutable=True)
    data.setlist("end_reasons_more", ["moved", "health"])
    data.update({"end_reason": "other", "end_reason_other": "  Un déménagement  ", "could_help": "2",
                 "job_started_on": "2026-09-01", "job_hours": "19,5", "satisfaction": "",
                 "not_a_question": "x", "csrfmiddlewaretoken": "t"})
    answers = answering.read(rows, data)
    assert answers == {"end_reason": "other", "end_reason_other": "Un déménagement",
                       "end_reasons_more": ["moved", "health"], "could_help": "2",
                       "job_started_on": "2026-09-01", "job_hours": "19,5"}
    # Nothing ticked is no answer, not an empty list.
    assert "end_reasons_more" not in answering.read(rows, QueryDict("end_reason=moved"))
    assert answering.read(rows, data, only={"could_help"}) == {"could_help": "2"}


def test_one_per_screen_steps_over_hidden_questions(invite):
    rows = _rows(invite("pairing-fit")[0])
    good = {"pairing_fit": "5", "meetings": "2"}
    assert answering.resume_at(rows, good) == "goals_clear"
    assert answering.step(rows, good, "listened", 1) is None  # the last question showing
    low = {"pairing_fit": "2"}
    assert answering.step(rows, low, "listened", 1) == "call_me"
    assert answering.step(rows, low, "call_me", -1) == "listened"
    # A question that stopped showing still knows its neighbours.
    assert answering.step(rows, good, "call_me", -1) == "listened"
    assert answering.resume_at(rows, {**low, "meetings": "1", "goals_clear": "3", "listened": "4",
                                      "call_me": "yes", "what_difficult": "x"}) == "what_difficult"
    merged = answering.merge({"pairing_fit": "2", "meetings": "1"}, rows, QueryDict("meetings="), "meetings")
    assert merged == {"pairing_fit": "2"}


# --- the participant's pages -------------------------------------------------------------------------------


def test_the_link_shows_the_questionnaire_in_the_invitations_language(client, invite):
    invitation, token = invite("mentee-end", "nl")
    response = client.get(_url(token, "fr"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl">' in html and "Het einde van uw mentoring" in html
    assert f'href="/en/s/{token}/?lang=en"' in html and f'href="/fr/s/{token}/?lang=fr"' in html
    assert html.count('type="radio" name="satisfaction"') == 5
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"]
    # The person picks English: the page and the invitation follow.
    html = client.get(_url(token, "en"), {"lang": "en"}).content.decode()
    invitation.refresh_from_db()
    assert invitation.language == "en" and "The end of your mentoring" in html


def test_a_forged_or_unknown_link_is_not_found(client, invite):
    _invitation, token = invite()
    assert client.get(_url(token[:-3] + "abc")).status_code == 404
    assert client.get(_url("made-up")).status_code == 404
    assert client.post(_url("made-up", name="save")).status_code == 404


def test_answers_saved_on_the_way_come_back_when_the_link_is_reopened(client, invite):
    invitation, token = invite("mentee-end", "en")
    response = client.post(_url(token, "en", "save"), {"network_help": "4", "most_useful": "The mock interview"},
                           HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json()["message"].startswith("Saved at")
    assert (response.json()["answered"], response.json()["total"]) == (2, 12)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.STARTED
    assert invitation.draft == {"network_help": "4", "most_useful": "The mock interview"}
    html = client.get(_url(token, "en")).content.decode()
    assert 'id="a-network_help-4" value="4" checked' in html
    assert ">The mock interview</textarea>" in html
    assert "2 of 12 answered" in html and '<progress max="12" value="2"' in html
    assert Response.objects.count() == 0


def test_save_and_finish_later_works_without_javascript(client, invite):
    invitation, token = invite("mentee-end", "en")
    response = client.post(_url(token, "en"), {"action": "save", "confidence": "2"}, follow=True)
    assert response.redirect_chain[-1][0] == _url(token, "en")
    assert "You can close this page and come back later" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.draft == {"confidence": "2"}


def test_submitting_stores_the_answers_and_thanks_the_person(client, invite):
    invitation, token = invite("mentee-end", "en")
    answers = _all_answered(_rows(invitation))
    response = client.post(_url(token, "en"), {**answers, "action": "submit"}, follow=True)
    html = response.content.decode()
    assert "Thank you!" in html and "We received your answers on" in html
    stored = Response.objects.get()
    assert stored.source == ResponseSource.LINK and stored.language == "en"
    assert {a.question.code: a.shown for a in stored.answers.select_related("question")} == answers
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.COMPLETED
    # Sending again changes nothing: the link now only thanks.
    again = client.post(_url(token, "en"), {**answers, "action": "submit"}, follow=True)
    assert "Thank you!" in again.content.decode() and Response.objects.count() == 1


def test_errors_are_shown_by_each_question_and_nothing_is_stored(client, invite):
    invitation, token = invite("mentee-end", "en")
    answers = _all_answered(_rows(invitation))
    del answers["confidence"]
    answers["satisfaction"] = "9"
    response = client.post(_url(token, "en"), {**answers, "action": "submit"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in html
    assert '<a href="#a-confidence-1">Question 7: Please answer this question.</a>' in html
    assert '<a href="#a-satisfaction-1">Question 10: Choose a value from 1 to 5.</a>' in html
    assert 'aria-describedby="q-confidence-help q-confidence-error"' in html
    assert Response.objects.count() == 0
    # What was typed is kept for the next try.
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.STARTED and invitation.draft["network_help"] == "4"


@pytest.mark.parametrize("changes,words", [
    ({"status": InvitationStatus.COMPLETED, "completed_at": timezone.now()}, "We received your answers on"),
    ({"status": InvitationStatus.OPTED_OUT}, "you do not wish to answer this survey"),
    ({"expires_at": timezone.now() - datetime.timedelta(days=1)}, "please contact your coordinator at the "
                                                                   "Bruxelles Centre antenna"),
])
def test_a_closed_link_says_why_kindly(client, invite, changes, words):
    invitation, token = invite("mentee-end", "en", **changes)
    response = client.get(_url(token, "en"))
    assert response.status_code == 200 and words in response.content.decode()
    assert 'name="network_help"' not in response.content.decode()
    posted = client.post(_url(token, "en"), {"action": "submit", "network_help": "3"})
    assert posted.status_code == 200 and Response.objects.count() == 0
    # Autosave from a page left open: told, in words the page can show.
    saved = client.post(_url(token, "en", "save"), {"network_help": "3"}, HTTP_ACCEPT="application/json")
    assert saved.status_code == 409 and "no longer takes answers" in saved.json()["message"]
    invitation.refresh_from_db()
    assert invitation.draft == {}


def test_one_question_per_screen_with_skip_logic(client, invite):
    invitation, token = invite("pairing-fit", "en")
    url = _url(token, "en")
    assert client.post(url, {"action": "mode"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.one_per_screen
    html = client.get(url).content.decode()
    assert "Question 1 of 4" in html and html.count("<fieldset") == 1 and 'value="pairing_fit"' in html
    # A low score: two more questions come into view, and the next screen is number 2 of 6.
    response = client.post(url, {"current": "pairing_fit", "pairing_fit": "2", "action": "next"})
    assert response["Location"] == url + "?q=meetings"
    assert "Question 2 of 6" in client.get(response["Location"]).content.decode()
    # Next without the required answer: the same question with its error.
    html = client.post(url, {"current": "meetings", "action": "next"}).content.decode()
    assert "Please answer this question." in html and 'value="meetings"' in html
    assert client.post(url, {"current": "meetings", "action": "previous"})["Location"] == url + "?q=pairing_fit"
    for code, value, following in [("meetings", "3", "goals_clear"), ("goals_clear", "4", "listened"),
                                   ("listened", "2", "call_me")]:
        response = client.post(url, {"current": code, code: value, "action": "next"})
        assert response["Location"] == url + f"?q={following}"
    # Coming back later resumes at the first question still unanswered.
    html = client.get(url).content.decode()
    assert "Question 5 of 6" in html and 'value="call_me"' in html
    # The score goes up: the last two questions disappear and "listened" becomes the last screen.
    client.post(url, {"current": "pairing_fit", "pairing_fit": "5", "action": "next"})
    html = client.get(url + "?q=listened").content.decode()
    assert "Question 4 of 4" in html and 'value="submit"' in html
    response = client.post(url, {"current": "listened", "listened": "4", "action": "submit"})
    assert response.status_code == 302
    stored = Response.objects.get()
    assert {a.question.code: a.shown for a in stored.answers.select_related("question")} == {
        "pairing_fit": "5", "meetings": "3", "goals_clear": "4", "listened": "4"}


def test_one_per_screen_submission_with_a_gap_shows_the_question_to_answer(client, invite):
    invitation, token = invite("pairing-fit", "en", one_per_screen=True,
                               draft={"pairing_fit": "5", "goals_clear": "3"})
    url = _url(token, "en")
    html = client.post(url, {"current": "listened", "listened": "4", "action": "submit"}).content.decode()
    assert 'value="meetings"' in html and '<a href="#a-meetings">Question 2: Please answer this question.</a>' in html
    assert Response.objects.count() == 0


# --- staff entry on someone's behalf ---------------------------------------------------------------------


def _enter_url(invitation, lang="en"):
    with translation.override(lang):
        return reverse("survey:enter", args=[invitation.pk])


def test_a_coordinator_enters_answers_given_by_phone(client, invite, coordinator, own_duo, english):
    invitation, _token = invite("mentee-end", "nl", draft={"network_help": "2"})
    client.force_login(coordinator)
    html = client.get(_enter_url(invitation)).content.decode()
    name = own_duo.mentee.person.full_name
    assert f"Entered on behalf of {name} by {coordinator}" in html
    assert "Het einde van uw mentoring" not in html  # the chrome is the staff's
    assert "Ik heb een concreet beroepsplan, met duidelijke stappen." in html  # the questions the person's
    assert 'id="a-network_help-2" value="2" checked' in html  # what the person had saved
    answers = _all_answered(_rows(invitation), "3")
    day = TODAY - datetime.timedelta(days=2)
    response = client.post(_enter_url(invitation), {**answers, "answered_on": day.isoformat(), "language": "nl"},
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse("journeys:detail", args=[own_duo.pk])
    assert f"Answers entered on behalf of {name} by {coordinator}." in response.content.decode()
    stored = Response.objects.get()
    assert (stored.source, stored.entered_by, stored.answered_on, stored.language) == (
        ResponseSource.ON_BEHALF, coordinator, day, "nl")
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.COMPLETED
    assert "has already answered this survey" in client.get(_enter_url(invitation)).content.decode()


def test_entry_errors_store_nothing(client, invite, coordinator, english):
    invitation, _token = invite("mentee-end", "fr")
    client.force_login(coordinator)
    answers = _all_answered(_rows(invitation))
    future = (TODAY + datetime.timedelta(days=3)).isoformat()
    html = client.post(_enter_url(invitation), {**answers, "answered_on": future}).content.decode()
    assert "The date of the answers cannot be in the future." in html
    html = client.post(_enter_url(invitation), {"answered_on": "3/11"}).content.decode()
    assert "Enter a date as YYYY-MM-DD." in html
    del answers["autonomy"]
    html = client.post(_enter_url(invitation), {**answers, "answered_on": TODAY.isoformat()}).content.decode()
    assert 'href="#a-autonomy-1"' in html and "Please answer this question." in html
    assert Response.objects.count() == 0
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING and invitation.language == "fr"


def test_entry_is_for_the_antennas_coordinators(client, invite, users, foreign_duo):
    own, _token = invite("mentee-end")
    foreign, _token = invite("mentee-end", duo=foreign_duo)
    client.force_login(users[Role.COORDINATOR])
    assert client.get(_enter_url(foreign)).status_code == 404
    assert client.post(_enter_url(foreign), {"answered_on": TODAY.isoformat()}).status_code == 404
    client.force_login(users[Role.VIEWER])
    assert client.get(_enter_url(own)).status_code == 403
    client.force_login(users[Role.ADMINISTRATOR])
    assert client.get(_enter_url(foreign)).status_code == 200
    assert Response.objects.count() == 0


def test_an_expired_link_can_still_be_answered_through_the_coordinator(client, invite, coordinator):
    invitation, _token = invite("pairing-fit", "fr", expires_at=timezone.now() - datetime.timedelta(days=5))
    client.force_login(coordinator)
    answers = {"pairing_fit": "4", "meetings": "2", "goals_clear": "4", "listened": "5"}
    response = client.post(_enter_url(invitation), {**answers, "answered_on": TODAY.isoformat()})
    assert response.status_code == 302
    assert Response.objects.get().source == ResponseSource.ON_BEHALF
