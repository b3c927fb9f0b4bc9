"""A coordinator reads the programme-quality page on a 390 px phone, opens "how it is computed", and
changes the period; the figures follow, the page fits the phone, axe-core finds no WCAG 2.1 A/AA
violation."""

import datetime

import pytest
from django.utils import timezone

from duo.accounts.roles import Role

from .browsing import ARTIFACTS, PHONE, fits_the_phone, violations
from .factories import PASSWORD, DuoFactory, UserFactory

pytestmark = pytest.mark.browser
TODAY = timezone.localdate()


def test_the_quality_page_on_a_phone(browser, live_server, transactional_db, antenna):
    user = UserFactory(role=Role.COORDINATOR, email="quality@duo.test", antennas=[antenna])
    # Matched last year only: the last twelve months may miss it, the whole of last year has it.
    year = TODAY.year - 1
    for wait in (12, 18, 24):
        duo = DuoFactory(antenna=antenna, matched_on=datetime.date(year, 2, 1), started_on=datetime.date(year, 2, 10),
                         ended_on=datetime.date(year, 8, 10), planned_end_on=datetime.date(year, 8, 10),
                         status="completed")
        duo.mentee.ready_on = duo.matched_on - datetime.timedelta(days=wait)
        duo.mentee.save()
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport=PHONE, locale="en")
    found = {}
    try:
        page.goto(f"{live_server.url}/en/staff/quality/")
        page.fill("#id_username", user.email)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/en/staff/quality/")
        assert page.get_by_role("heading", name="4. Matching and initiating").is_visible()
        assert fits_the_phone(page)
        found["last 12 months"] = violations(page)

        page.select_option("#id_period", str(year))
        page.get_by_role("button", name="Show").click()
        page.wait_for_url(f"**/en/staff/quality/?*period={year}*")
        row = page.locator("#m-intake_to_match")
        assert row.locator(".figure-value").inner_text() == "18 days"
        assert "within target" in row.inner_text() and "few cases" in row.inner_text()
        assert page.locator("#m-reaching_term .figure-value").inner_text() == "100.0 %"
        row.get_by_text("How it is computed").click()
        assert row.get_by_text("the day the mentee became ready for matching").is_visible()
        assert fits_the_phone(page)
        found[str(year)] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "quality-phone.png"), full_page=True)
    finally:
        page.close()
    assert not {k: v for k, v in found.items() if v}, found
