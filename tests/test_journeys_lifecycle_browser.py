"""A coordinator takes a duo from its introduction to its closure on the duo page, in a real browser
on a phone-sized screen; a bad step shows its errors first. Screenshots land in test-artifacts/."""

import datetime

import pytest
from django.utils import timezone

from duo.accounts.roles import Role
from duo.journeys.models import Duo, DuoTransition

from .browsing import ARTIFACTS, violations
from .factories import PASSWORD, DuoFactory, UserFactory


pytestmark = pytest.mark.browser


def _ago(days):
    return (timezone.localdate() - datetime.timedelta(days=days)).isoformat()


@pytest.fixture
def setup(transactional_db, antenna):
    user = UserFactory(role=Role.COORDINATOR, email="journey@duo.test", full_name="Nadia Journey", antennas=[antenna])
    duo = DuoFactory(antenna=antenna, status="introduction_planned", matched_on=timezone.localdate()
                     - datetime.timedelta(days=300), started_on=None, planned_end_on=None,
                     mentee__stage="matched", mentor__stage="matched")
    return user, duo


def _step(page, label, on, *, reason=None, note=None):
    details = page.locator("details.lifecycle-step", has=page.locator("summary", has_text=label))
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    form = details.locator("form")
    form.locator("input[type=date]").fill(on)
    if reason:
        form.locator("select").select_option(reason)
    if note:
        form.locator("textarea").fill(note)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def _answer(page, side, on):
    """A side's answer after the introduction, told by phone and recorded by the coordinator: yes."""
    item = page.locator(f"section.acceptance li.answer-{side}")
    item.locator("summary").click()
    item.locator("label", has_text="Yes").click()
    item.locator("input[type=datetime-local]").fill(f"{on}T18:30")
    item.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_a_duo_from_introduction_to_closure_on_a_phone(browser, live_server, setup):
    user, duo = setup
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="en")
    try:
        page.goto(f"{live_server.url}/en/staff/duos/{duo.pk}/")
        page.fill("#id_username", user.email)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"**/en/staff/duos/{duo.pk}/")

        _step(page, "Introduction held", _ago(290), note="At the antenna, with Nadia")
        # Each side accepts within the 24 hours: the duo is then "Both accepted".
        _answer(page, "mentee", _ago(290))
        _answer(page, "mentor", _ago(289))
        assert Duo.objects.get(pk=duo.pk).status == "accepted"
        _step(page, "Agreement signed", _ago(285))
        _step(page, "Mentoring started", _ago(280))
        # Completing months before the planned end is refused: the form comes back with its error.
        _step(page, "Completed at the planned end", _ago(200))
        assert page.locator("#error-summary").is_visible()
        assert Duo.objects.get(pk=duo.pk).status == "active"
        page.screenshot(path=str(ARTIFACTS / "lifecycle-error-phone.png"), full_page=True)
        assert violations(page) == []
        _step(page, "Ended early", _ago(100), reason="job_or_training", note="Hired as an accountant")
        # Closing is the closing interview: its checklist and the mentor's answer to a new duo.
        assert page.locator("details.lifecycle-step", has_text="Closed").count() == 0
        page.get_by_role("link", name="Hold the closing interview").click()
        page.wait_for_load_state()
        page.locator("input[name=held_on]").fill(_ago(90))
        page.get_by_label("Mentee's feedback heard").check()
        page.get_by_label("Mentor's feedback heard").check()
        page.get_by_label("Yes, later").check()
        page.locator("input[name=reenrol_on]").fill(_ago(-60))
        page.locator("textarea[name=note]").fill("Closing interview held")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"**/en/staff/duos/{duo.pk}/")

        assert page.locator("section.timeline li").count() == 6
        assert "Hired as an accountant" in page.locator("section.timeline").inner_text()
        assert page.locator("section.lifecycle").count() == 0  # closed: no next step
        # Nothing wider than the phone's screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(ARTIFACTS / "lifecycle-closed-phone.png"), full_page=True)
        assert violations(page) == []
    finally:
        page.close()
    duo = Duo.objects.get(pk=duo.pk)
    assert (duo.status, duo.end_reason) == ("closed", "job_or_training")
    assert DuoTransition.objects.filter(duo=duo).count() == 6
