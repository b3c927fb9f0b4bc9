"""An impact officer follows a figure from the overview to its breakdown on a phone: the area, the indicator by
gender with its chart and table, how it was computed, the CSV. axe-core finds no WCAG 2.1 A/AA violation on the
indicator page, and nothing is wider than the phone."""

import datetime

import pytest

from duo.accounts.roles import Role
from duo.impact.snapshot import snapshot_take

from .browsing import ARTIFACTS, PHONE, fits_the_phone, violations
from .factories import PASSWORD, AntennaFactory, DuoFactory, OutcomeFactory, UserFactory

pytestmark = pytest.mark.browser


def _duos():
    antenna = AntennaFactory(code="mons", name="Mons")
    for gender, n, positive in (("female", 14, 10), ("male", 12, 6), ("other", 3, 2)):
        for i in range(n):
            duo = DuoFactory(antenna=antenna, status="completed", matched_on=datetime.date(2023, 9, 1),
                             started_on=datetime.date(2023, 9, 15), ended_on=datetime.date(2024, 6, 30),
                             mentee__person__gender=gender)
            OutcomeFactory(duo=duo, horizon="12m", observed_on=datetime.date(2025, 7, 1),
                           category="training" if i < positive else "searching")


def test_the_officer_breaks_an_indicator_down_on_a_phone(browser, live_server, transactional_db):
    # Everything the pages read is in place before the browser opens: the live server shares the database.
    _duos()
    snapshot_take()
    officer = UserFactory(role=Role.OFFICER, email="impact@duo.test", language="en")
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport=PHONE, locale="en", accept_downloads=True)
    try:
        page.goto(f"{live_server.url}/en/staff/impact/")
        page.fill("#id_username", officer.email)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/en/staff/impact/")
        page.get_by_role("link", name="Equal opportunities").first.click()
        page.wait_for_url("**/en/staff/impact/areas/**")
        page.get_by_role("link", name="Positive exit 12 months after the mentoring").first.click()
        page.wait_for_url("**/en/staff/impact/indicators/positive_exit_12m/**")
        page.get_by_label("Gender").check()
        page.get_by_role("button", name="Show").click()
        page.wait_for_url("**by=gender**")
        chart = page.locator("figure.impact-chart svg[role=img]")
        assert chart.count() == 1 and "Positive exit" in chart.get_attribute("aria-label")
        table = page.locator("table.impact-table").inner_text()
        assert "Female" in table and "suppressed" in table
        how = page.locator("details.impact-how")
        assert how.get_attribute("open") is not None
        page.get_by_text("How this was computed").click()  # closes it, and opens it again
        page.get_by_text("How this was computed").click()
        assert how.locator("dd").first.is_visible()
        assert fits_the_phone(page)
        found = violations(page)
        page.screenshot(path=str(ARTIFACTS / "impact-indicator-phone.png"), full_page=True)
        with page.expect_download() as info:
            page.get_by_role("link", name="Download (CSV)").click()
        content = open(info.value.path(), encoding="utf-8-sig").read()
        assert "Gender;numerator;denominator" in content and "Female" in content
    finally:
        page.close()
    assert not found, found
