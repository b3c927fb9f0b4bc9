"""A coordinator reads a long duo's timeline on a 390 px phone, from the duo page, and keeps only the
meetings; the list fits the phone and axe-core finds no WCAG 2.1 A/AA violation."""

import datetime

import pytest
from django.utils import timezone

from duo.accounts.roles import Role
from duo.barrier.models import Barrier
from duo.followup.models import CheckIn, StaffNote
from duo.journeys.models import Meeting

from .browsing import ARTIFACTS, PHONE, fits_the_phone, violations
from .factories import PASSWORD, DuoFactory, UserFactory

pytestmark = pytest.mark.browser
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def test_the_timeline_on_a_phone_filtered_to_meetings(browser, live_server, transactional_db, antenna):
    user = UserFactory(role=Role.COORDINATOR, email="timeline@duo.test", antennas=[antenna])
    start = TODAY - 120 * DAY
    duo = DuoFactory(antenna=antenna, matched_on=start - 15 * DAY, started_on=start,
                     planned_end_on=start + 182 * DAY)
    Meeting.objects.bulk_create(
        Meeting(duo=duo, held_on=start + 7 * i * DAY, duration_minutes=90, mode="video", topics=["cv", "interview"],
                note="Une note un peu longue pour voir si le texte passe bien à la ligne sur un téléphone.",
                logged_by="mentor")
        for i in range(12))
    StaffNote.objects.create(duo=duo, text="The mentee is looking for a room nearer the city.", by=user)
    CheckIn.objects.create(duo=duo, kind="first_month", due_on=start + 30 * DAY)  # overdue
    CheckIn.objects.create(duo=duo, kind="end", due_on=start + 182 * DAY)  # upcoming
    Barrier.objects.create(person=duo.mentee.person, duo=duo, kind="discrimination_name", stage="follow_up",
                           observed_on=start + 50 * DAY, recorded_by=user)
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport=PHONE, locale="en")
    found = {}
    try:
        page.goto(f"{live_server.url}/en/staff/duos/{duo.pk}/")
        page.fill("#id_username", user.email)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"**/en/staff/duos/{duo.pk}/")
        page.get_by_role("link", name="Full timeline").click()
        page.wait_for_url(f"**/en/staff/duos/{duo.pk}/timeline/")
        entries = page.locator("ol.tl-list > li")
        # 12 meetings, the note, two check-ins, the barrier, the planned end.
        assert entries.count() == 17
        assert page.locator("li.tl-overdue").count() == 1 and page.locator("li.tl-future").count() == 2
        assert fits_the_phone(page)
        found["timeline"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "timeline-phone.png"), full_page=True)

        # Only the meetings, oldest first.
        for box in page.locator(".tl-filter input[name=kind]").all():
            if box.get_attribute("value") != "meeting":
                box.uncheck()
        page.locator('.tl-filter input[name=order][value="oldest"]').check()
        page.get_by_role("button", name="Apply").click()
        page.wait_for_load_state()
        assert "kind=meeting" in page.url
        assert entries.count() == 12 and page.locator("li.tl-meeting").count() == 12
        first_day = page.locator("ol.tl-list > li time").first.get_attribute("datetime")
        assert first_day == start.isoformat()
        assert page.locator(".tl-filter input[value=meeting]").is_checked()
        assert fits_the_phone(page)
        found["timeline, meetings only"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "timeline-meetings-phone.png"), full_page=True)
    finally:
        page.close()
    assert not {k: v for k, v in found.items() if v}, found
