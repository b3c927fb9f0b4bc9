"""A mentee follows the duo's career action plan from the meeting-log link on a 390 px phone, in
Dutch: sees the plan, adds a goal (a mistake first, shown and not saved), marks one done; axe-core
finds no WCAG 2.1 A/AA violation. The coordinator then sees the change on the duo page."""

import datetime

import pytest
from django.utils import timezone

from duo.accounts.roles import Role
from duo.careerplan.models import Goal
from duo.meetinglog import tokens
from duo.meetinglog.models import AccessLink

from .browsing import ARTIFACTS, PHONE, fits_the_phone, violations
from .factories import PASSWORD, AntennaFactory, DuoFactory, UserFactory

pytestmark = pytest.mark.browser
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def test_a_mentee_follows_the_plan_on_a_phone(browser, live_server, transactional_db):
    antenna = AntennaFactory(code="antwerp", name="Antwerpen")
    start = TODAY - 30 * DAY
    duo = DuoFactory(antenna=antenna, language="nl", matched_on=start - 10 * DAY, started_on=start,
                     planned_end_on=start + 182 * DAY, mentor__person__first_name="Marc",
                     mentee__person__first_name="Samira", mentee__person__preferred_language="nl")
    cv = Goal.objects.create(duo=duo, title="Mijn cv in het Nederlands schrijven", area="cv",
                             target_on=TODAY + 10 * DAY, status="in_progress", position=0)
    Goal.objects.create(duo=duo, title="Me inschrijven als werkzoekende", area="administrative",
                        target_on=TODAY - 2 * DAY, position=1)  # overdue
    token, digest = tokens.new_token()
    AccessLink.objects.create(duo=duo, person=duo.mentee.person, token_hash=digest)
    coordinator = UserFactory(role=Role.COORDINATOR, email="plan@duo.test", antennas=[antenna])
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport=PHONE, locale="nl")
    found = {}
    try:
        page.goto(f"{live_server.url}/nl/log/{token}/#plan")
        assert page.locator("html").get_attribute("lang") == "nl"
        plan = page.locator("#plan")
        assert plan.locator("article.card").count() == 2
        assert plan.get_by_text("Mijn cv in het Nederlands schrijven", exact=True).is_visible()
        assert plan.locator(".badge.warn").count() == 1  # the overdue goal is flagged
        assert fits_the_phone(page)
        found["plan"] = violations(page)

        # A goal with a target before the start: the errors show on a page of their own, nothing saved.
        plan.locator("#id_plan-title").fill("Drie mensen uit de logistiek ontmoeten")
        plan.locator("#id_plan-area").select_option("network")
        plan.locator("#id_plan-target_on").fill((start - 5 * DAY).isoformat())
        plan.locator("form:has(#id_plan-title) button").click()
        page.wait_for_load_state()
        assert page.locator("#error-summary").is_visible()
        assert Goal.objects.count() == 2
        assert fits_the_phone(page)
        found["goal with errors"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "careerplan-errors-nl.png"), full_page=True)

        page.fill("#id_plan-target_on", (TODAY + 40 * DAY).isoformat())
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"**/nl/log/{token}/#plan")
        assert page.locator(".notice.success[role=status]").is_visible()
        added = Goal.objects.get(title="Drie mensen uit de logistiek ontmoeten")
        assert (added.area, added.created_by_side, added.target_on, added.position) == (
            "network", "mentee", TODAY + 40 * DAY, 2)
        assert page.locator("#plan article.card").count() == 3

        # The CV is finished: one tap.
        page.locator(f"#goal-{cv.pk} form button[value=done]").click()
        page.wait_for_url(f"**/nl/log/{token}/#plan")
        cv.refresh_from_db()
        assert (cv.status, cv.done_on) == ("done", TODAY)
        assert page.locator(f"#goal-{cv.pk} .badge.ok").is_visible()
        assert page.locator(f"#goal-{cv.pk} form").count() == 0
        assert fits_the_phone(page)
        found["plan updated"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "careerplan-phone-nl.png"), full_page=True)
    finally:
        page.close()

    page = browser.new_page(viewport=PHONE, locale="en")
    try:
        page.goto(f"{live_server.url}/en/staff/duos/{duo.pk}/")
        page.fill("#id_username", coordinator.email)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"**/en/staff/duos/{duo.pk}/")
        section = page.locator("#plan")
        assert "1 of 3 goals done" in section.inner_text()
        assert section.get_by_role("cell", name="Drie mensen uit de logistiek ontmoeten", exact=True).is_visible()
        assert section.locator(f"#goal-{cv.pk}").inner_text().count("Done") == 1
        found["duo page"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "careerplan-duo-page.png"), full_page=True)
    finally:
        page.close()
    assert not {k: v for k, v in found.items() if v}, found
