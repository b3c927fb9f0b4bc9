"""Peer exchange on a 390 px phone: a coordinator plans the next session from the list (date
prefilled), takes attendance once it has taken place, and the mentor goes from "behind" to "met"
on the rule page; axe-core finds no WCAG 2.1 A/AA violation."""

import datetime

import pytest
from django.utils import timezone

from duo.accounts.roles import Role
from duo.journeys.lifecycle import add_months
from duo.peerexchange.models import Attendance, PeerSession

from .browsing import ARTIFACTS, PHONE, fits_the_phone, violations
from .factories import PASSWORD, DuoFactory, UserFactory

pytestmark = pytest.mark.browser
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _status_of(page, mentor):
    row = page.locator("table.responsive tbody tr", has_text=mentor.person.last_name)
    return row.locator("td").last.inner_text().strip()


def test_plan_a_session_take_attendance_and_the_rule_changes(browser, live_server, transactional_db, antenna):
    user = UserFactory(role=Role.COORDINATOR, email="peers@duo.test", antennas=[antenna])
    start = TODAY - 150 * DAY
    duo = DuoFactory(antenna=antenna, matched_on=start - 20 * DAY, started_on=start, planned_end_on=start + 182 * DAY)
    other = DuoFactory(antenna=antenna, matched_on=start - 20 * DAY, started_on=start,
                       planned_end_on=start + 182 * DAY)
    # One session already attended: five months into the duo, the mentor is behind (2 expected).
    first = PeerSession.objects.create(antenna=antenna, held_on=TODAY - 60 * DAY, theme="Listening")
    Attendance.objects.create(session=first, mentor=duo.mentor, attended=True)
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport=PHONE, locale="en")
    found = {}
    try:
        page.goto(f"{live_server.url}/en/staff/peer-exchange/mentors/")
        page.fill("#id_username", user.email)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/en/staff/peer-exchange/mentors/")
        assert _status_of(page, duo.mentor) == "Behind"
        assert fits_the_phone(page)
        found["rule"] = violations(page)

        page.goto(f"{live_server.url}/en/staff/peer-exchange/")
        assert fits_the_phone(page)
        found["list"] = violations(page)
        page.get_by_role("link", name="Plan the next session").click()
        page.wait_for_url("**/en/staff/peer-exchange/new/**")
        assert page.input_value("#id_held_on") == add_months(first.held_on, 2).isoformat()
        page.fill("#id_starts_at", "18:00")
        page.fill("#id_place", "Rue Haute 12")
        page.fill("#id_theme", "First weeks of a duo")
        found["form"] = violations(page)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/en/staff/peer-exchange/*/")
        session = PeerSession.objects.exclude(pk=first.pk).get()
        assert set(session.attendances.values_list("mentor_id", flat=True)) == {duo.mentor_id, other.mentor_id}
        assert page.locator('input[name="present"]').count() == 0  # not held yet: no attendance form

        # The session takes place (yesterday, as far as the data is concerned); attendance is taken.
        PeerSession.objects.filter(pk=session.pk).update(held_on=TODAY - DAY)
        page.reload()
        assert page.locator('input[name="present"]').count() == 2
        page.get_by_label(f"{duo.mentor} came").check()
        assert fits_the_phone(page)
        found["attendance"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "peerexchange-attendance-phone.png"), full_page=True)
        page.get_by_role("button", name="Record attendance").click()
        page.wait_for_load_state()
        assert dict(session.attendances.values_list("mentor_id", "attended")) == {duo.mentor_id: True,
                                                                                 other.mentor_id: False}

        page.goto(f"{live_server.url}/en/staff/peer-exchange/mentors/")
        assert _status_of(page, duo.mentor) == "Met"
        assert _status_of(page, other.mentor) == "Behind"
        page.screenshot(path=str(ARTIFACTS / "peerexchange-mentors-phone.png"), full_page=True)
        found["rule after"] = violations(page)
    finally:
        page.close()
    assert not {k: v for k, v in found.items() if v}, found
