"""After the introduction, on 390 px phones: the mentee answers from her link in French (first a "no"
sent without a reason, which is refused, then a "yes"), the mentor accepts from his in Dutch, and the
coordinator's duo page shows "Both accepted", offers "Agreement signed" and the agreement PDF.
axe-core finds no WCAG 2.1 A/AA violation on the pages."""

import datetime

import pytest
from django.utils import timezone

from duo.accounts.roles import Role
from duo.journeys.models import Duo, DuoTransition, IntroductionAnswer
from duo.meetinglog import tokens
from duo.meetinglog.models import AccessLink

from .browsing import ARTIFACTS, PHONE, fits_the_phone, violations
from .factories import PASSWORD, DuoFactory, UserFactory

pytestmark = pytest.mark.browser
TODAY = timezone.localdate()


def _link(duo, person):
    token, digest = tokens.new_token()
    AccessLink.objects.create(duo=duo, person=person, token_hash=digest)
    return token


def test_both_accept_on_their_phones_and_the_coordinator_sees_it(browser, live_server, transactional_db, antenna):
    coordinator = UserFactory(role=Role.COORDINATOR, email="accept@duo.test", antennas=[antenna])
    duo = DuoFactory(antenna=antenna, status="introduced", matched_on=TODAY - datetime.timedelta(days=10),
                     started_on=None, planned_end_on=None, language="fr",
                     mentee__person__first_name="Yasmine", mentee__person__preferred_language="fr",
                     mentor__person__first_name="Pieter", mentor__person__preferred_language="nl")
    DuoTransition.objects.create(duo=duo, from_status="introduction_planned", to_status="introduced",
                                 on=TODAY - datetime.timedelta(days=1), by=coordinator)
    mentee_token, mentor_token = _link(duo, duo.mentee.person), _link(duo, duo.mentor.person)
    ARTIFACTS.mkdir(exist_ok=True)
    found = {}

    # The coordinator first: both answers awaited, a form per side for an answer told by phone.
    staff = browser.new_page(viewport=PHONE, locale="en")
    staff.goto(f"{live_server.url}/en/staff/duos/{duo.pk}/")
    staff.fill("#id_username", coordinator.email)
    staff.fill("#id_password", PASSWORD)
    staff.get_by_role("button", name="Log in").click()
    staff.wait_for_url(f"**/en/staff/duos/{duo.pk}/")
    assert staff.locator("section.acceptance li.answer-awaited").count() == 2
    staff.locator("section.acceptance li.answer-mentee summary").click()
    assert staff.locator("#id_answer_mentee_answered_at").is_visible()
    assert fits_the_phone(staff)
    found["duo page, answers awaited"] = violations(staff)

    page = browser.new_page(viewport=PHONE, locale="fr")
    try:
        page.goto(f"{live_server.url}/fr/log/{mentee_token}/")
        assert page.locator("html").get_attribute("lang") == "fr"
        block = page.locator("section.introduction-answer")
        assert "Pieter" in block.locator("h2").inner_text()
        assert fits_the_phone(page)
        found["mentee's log, asked"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "acceptance-question-fr.png"), full_page=True)

        # "No" without saying why: refused, in French, nothing recorded.
        block.locator("details.answer-no summary").click()
        block.locator("details.answer-no button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator("#error-summary").is_visible()
        assert "Expliquez pourquoi en quelques mots." in page.locator("main").inner_text()
        assert not IntroductionAnswer.objects.exists()
        assert fits_the_phone(page)
        found["mentee's answer with errors"] = violations(page)

        # She thinks again, and says yes.
        page.locator("form.answer-yes button[type=submit]").click()
        page.wait_for_url(f"**/fr/log/{mentee_token}/")
        assert page.locator(".notice.success[role=status]").is_visible()
        assert page.locator("form.answer-yes").count() == 0
        answer = IntroductionAnswer.objects.get(duo=duo)
        assert (answer.side, answer.accepted, answer.via) == ("mentee", True, "link")
        found["mentee's log, answered"] = violations(page)
    finally:
        page.close()

    page = browser.new_page(viewport=PHONE, locale="nl")
    try:
        page.goto(f"{live_server.url}/nl/log/{mentor_token}/")
        assert page.locator("html").get_attribute("lang") == "nl"
        assert "Yasmine" in page.locator("section.introduction-answer h2").inner_text()
        page.locator("form.answer-yes button[type=submit]").click()
        page.wait_for_url(f"**/nl/log/{mentor_token}/")
        assert Duo.objects.get(pk=duo.pk).status == "accepted"
        # Both accepted: the agreement can be downloaded from the link page.
        assert page.locator(f'a[href="/nl/log/{mentor_token}/agreement.pdf"]').count() == 1
        assert fits_the_phone(page)
        found["mentor's log, both accepted"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "acceptance-accepted-nl.png"), full_page=True)
    finally:
        page.close()

    page = staff
    try:
        page.reload()
        main = page.locator("main")
        assert "Both accepted" in main.locator("dl.facts").inner_text()
        answers = main.locator("section.acceptance li")
        assert answers.count() == 2 and all("Accepted" in t and "on time" in t for t in answers.all_inner_texts())
        assert main.locator("details.lifecycle-step summary", has_text="Agreement signed").count() == 1
        assert main.locator(f'a[href="/en/staff/duos/{duo.pk}/agreement.pdf"]').count() == 1
        assert fits_the_phone(page)
        found["duo page, both accepted"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "acceptance-duo-page.png"), full_page=True)
    finally:
        page.close()
    assert not {k: v for k, v in found.items() if v}, found
