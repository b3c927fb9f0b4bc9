"""A coordinator's week on a 390 px phone: an alert for a silent duo goes away once the missing meeting
is entered, and a check-in is marked done inline; axe-core finds no WCAG 2.1 A/AA violation."""

import datetime

import pytest
from django.utils import timezone

from duo.accounts.roles import Role
from duo.followup.models import CheckIn
from duo.journeys.models import Meeting

from .browsing import ARTIFACTS, PHONE, violations
from .factories import PASSWORD, DuoFactory, UserFactory

pytestmark = pytest.mark.browser
TODAY = timezone.localdate()


def test_the_coordinators_week_on_a_phone(browser, live_server, transactional_db, antenna):
    user = UserFactory(role=Role.COORDINATOR, email="week@duo.test", antennas=[antenna])
    start = TODAY - datetime.timedelta(days=40)
    duo = DuoFactory(antenna=antenna, matched_on=start - datetime.timedelta(days=20), started_on=start,
                     planned_end_on=start + datetime.timedelta(days=182))
    checkin = CheckIn.objects.create(duo=duo, kind="first_month", due_on=TODAY - datetime.timedelta(days=9))
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport=PHONE, locale="en")
    found = {}
    try:
        page.goto(f"{live_server.url}/en/staff/follow-up/")
        page.fill("#id_username", user.email)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/en/staff/follow-up/")
        assert page.locator("#alerts li.alert-silent").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        found["week"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "followup-week-phone.png"), full_page=True)

        # The missing meeting, entered from the alert with the meeting log's coordinator form.
        page.locator("#alerts li.alert-silent a.button").click()
        page.wait_for_load_state()
        page.fill("#id_held_on", (TODAY - datetime.timedelta(days=2)).isoformat())
        page.fill("#id_duration_minutes", "60")
        page.locator('label[for="id_mode_2"]').click()  # phone
        page.locator('label[for="id_topics_0"]').click()
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"**/en/staff/duos/{duo.pk}/")
        assert Meeting.objects.filter(duo=duo).count() == 1

        page.goto(f"{live_server.url}/en/staff/follow-up/")
        assert page.locator("#alerts li.alert-silent").count() == 0

        # The check-in, sent without a mode first: the error shows and nothing is saved.
        row = page.locator(f"#checkin-{checkin.pk}")
        row.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator("#error-summary").is_visible()
        checkin.refresh_from_db()
        assert checkin.done_on is None
        found["week with errors"] = violations(page)

        row = page.locator(f"#checkin-{checkin.pk}")
        row.locator(f"#id_c{checkin.pk}-done_on").fill(TODAY.isoformat())
        row.locator(f'label[for="id_c{checkin.pk}-mode_2"]').click()  # phone
        row.locator(f"#id_c{checkin.pk}-note").fill("Called the mentee, all well.")
        row.locator("button[type=submit]").click()
        page.wait_for_url("**/en/staff/follow-up/")
        checkin.refresh_from_db()
        assert (checkin.done_on, checkin.mode) == (TODAY, "phone")
        assert page.locator(f"#checkin-{checkin.pk}").count() == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        found["week done"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "followup-done-phone.png"), full_page=True)
    finally:
        page.close()
    assert not {k: v for k, v in found.items() if v}, found
