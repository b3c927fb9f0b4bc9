"""A mentee answers the end-of-mentoring survey from the emailed link on a 390 px phone, in French, Dutch and
English: answers a few questions, sees them saved, closes the page, reopens the link and finds them, finishes
and submits, and is thanked. One question per screen, with its skip logic, in a second test. axe-core finds
no WCAG 2.1 A/AA violation and nothing is wider than the phone."""

import time

import pytest
from django.db import OperationalError
from django.utils import timezone

from duo.survey import responses
from duo.survey.loading import load_missing
from duo.survey.models import Instrument, InvitationStatus, Response

from .browsing import ARTIFACTS, PHONE, fits_the_phone, violations
from .factories import AntennaFactory, DuoFactory

pytestmark = pytest.mark.browser

TITLES = {"fr": "La fin de votre mentorat", "nl": "Het einde van uw mentoring", "en": "The end of your mentoring"}


def _invite(code, lang):
    load_missing()
    duo = DuoFactory(antenna=AntennaFactory(code=f"antenna-{lang}", name="Gent"),
                     mentee__person__first_name="Samira", mentee__person__preferred_language=lang)
    invitation, token = responses.invitation_create(instrument=Instrument.objects.get(code=code),
                                                    person=duo.mentee.person, duo=duo, due_on=timezone.localdate())
    assert invitation.language == lang
    return invitation, token


def _until(condition, seconds=10):
    """Autosave happens in the page's own time: wait for its effect in the database. The live server shares
    the test's in-memory SQLite, which answers "table is locked" to a read that meets the server's write:
    that read is simply tried again."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OperationalError:
            pass
        time.sleep(0.25)
    return False


def _pick(page, code, value):
    page.locator(f"label[for='a-{code}-{value}']").click()


def _autosave_of(code, value):
    """The page's own save request carrying this answer. Tests wait for it rather than poll the database:
    the live server shares the test's in-memory SQLite, where a read beside the server's write makes that
    write fail ("table is locked")."""
    def matches(response):
        request = response.request
        return (request.method == "POST" and request.url.rstrip("/").endswith("/save")
                and f'name="{code}"\r\n\r\n{value}\r\n' in (request.post_data or ""))
    return matches


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_a_mentee_answers_leaves_resumes_and_submits_on_a_phone(browser, live_server, transactional_db, lang):
    invitation, token = _invite("mentee-end", lang)
    url = f"{live_server.url}/{lang}/s/{token}/"
    ARTIFACTS.mkdir(exist_ok=True)
    found = {}
    page = browser.new_page(viewport=PHONE, locale=lang)
    try:
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == lang
        assert page.get_by_role("heading", level=1).inner_text() == TITLES[lang]
        assert page.locator("progress").get_attribute("value") == "0"
        _pick(page, "network_help", "4")
        _pick(page, "network_ask", "3")
        with page.expect_response(_autosave_of("most_useful", "Les simulations d'entretien"), timeout=10_000) as saved:
            page.locator("#a-most_useful").fill("Les simulations d'entretien")
        assert saved.value.ok
        status = page.locator("#survey-status")
        status.filter(has_text=":").wait_for()  # "Saved at 10:32." in the page's language
        assert page.locator("progress").get_attribute("value") == "3"
        assert fits_the_phone(page)
        found["form"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / f"survey-answer-phone-{lang}.png"), full_page=True)
    finally:
        page.close()

    page = browser.new_page(viewport=PHONE, locale=lang)
    try:
        page.goto(url)
        assert page.locator("#a-network_help-4").is_checked() and page.locator("#a-network_ask-3").is_checked()
        assert page.locator("#a-most_useful").input_value() == "Les simulations d'entretien"
        for code in ("work_culture", "market_knowledge", "services_knowledge", "language_work", "confidence",
                     "autonomy", "career_plan", "satisfaction"):
            _pick(page, code, "5")
        _pick(page, "recommend", "yes")
        page.locator("button[value=submit]").click()
        page.wait_for_load_state()
        assert page.locator("#survey-form").count() == 0
        assert _until(lambda: Response.objects.filter(invitation=invitation).exists())
        assert page.get_by_role("heading", level=1).is_visible()
        assert fits_the_phone(page)
        found["thanks"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / f"survey-thanks-phone-{lang}.png"), full_page=True)
    finally:
        page.close()
    response = Response.objects.get(invitation=invitation)
    answers = {a.question.code: a.shown for a in response.answers.select_related("question")}
    assert len(answers) == 12 and answers["network_help"] == "4" and answers["recommend"] == "yes"
    assert response.language == lang
    assert not {k: v for k, v in found.items() if v}, found


def test_one_question_per_screen_on_a_phone(browser, live_server, transactional_db):
    invitation, token = _invite("pairing-fit", "en")
    found = {}
    page = browser.new_page(viewport=PHONE, locale="en")
    try:
        page.goto(f"{live_server.url}/en/s/{token}/")
        # All on one page, the questions for a duo in difficulty show only after a low score.
        assert page.locator("#q-call_me").is_hidden()
        _pick(page, "pairing_fit", "2")
        page.locator("#q-call_me").wait_for(state="visible")
        assert page.locator("#survey-progress p").inner_text() == "1 of 6 answered"
        with page.expect_response(_autosave_of("pairing_fit", "5"), timeout=10_000) as saved:
            _pick(page, "pairing_fit", "5")
        assert saved.value.ok
        page.locator("#q-call_me").wait_for(state="hidden")
        page.get_by_role("button", name="Show one question per screen").click()
        # It carries on at the first question without an answer; back one to change the score.
        page.get_by_text("Question 2 of 4").wait_for()
        page.get_by_role("button", name="Previous").click()
        page.get_by_text("Question 1 of 4").wait_for()
        assert page.locator("#a-pairing_fit-5").is_checked()
        _pick(page, "pairing_fit", "2")
        page.get_by_role("button", name="Next").click()
        page.get_by_text("Question 2 of 6").wait_for()  # a low score brings two more questions
        page.get_by_role("button", name="Next").click()  # no answer: told so, on the same screen
        page.locator("#error-summary").wait_for()
        assert page.locator("#a-meetings").get_attribute("aria-invalid") == "true"
        assert fits_the_phone(page)
        found["error"] = violations(page)
        page.fill("#a-meetings", "3")
        page.get_by_role("button", name="Next").click()
        page.get_by_text("Question 3 of 6").wait_for()
        _pick(page, "goals_clear", "4")
        page.get_by_role("button", name="Next").click()
        _pick(page, "listened", "3")
        page.get_by_role("button", name="Next").click()
        page.get_by_text("Question 5 of 6").wait_for()
        _pick(page, "call_me", "yes")
        page.get_by_role("button", name="Next").click()
        page.locator("#a-what_difficult").fill("We only meet online.")
        found["last question"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "survey-one-per-screen-phone.png"), full_page=True)
        page.get_by_role("button", name="Send my answers").click()
        page.get_by_role("heading", name="Thank you!").wait_for()
    finally:
        page.close()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.COMPLETED
    answers = {a.question.code: a.shown for a in Response.objects.get().answers.select_related("question")}
    assert answers == {"pairing_fit": "2", "meetings": "3", "goals_clear": "4", "listened": "3", "call_me": "yes",
                       "what_difficult": "We only meet online."}
    assert not {k: v for k, v in found.items() if v}, found
