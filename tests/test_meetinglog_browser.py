"""A mentor logs a meeting from the magic link in a real browser, on a 390 px phone, in French;
axe-core finds no WCAG 2.1 A/AA violation on the pages. Launch settings as in tests/test_portal_browser.py."""

import datetime

import pytest
from django.utils import timezone

from duo.journeys.models import Meeting
from duo.meetinglog import tokens
from duo.meetinglog.models import AccessLink

from .browsing import ARTIFACTS, PHONE, violations, fits_the_phone
from .factories import AntennaFactory, DuoFactory

pytestmark = pytest.mark.browser


def test_a_mentor_logs_a_meeting_from_the_link_on_a_phone_in_french(browser, live_server, transactional_db):
    antenna = AntennaFactory(code="bxl", name="Bruxelles Centre")
    duo = DuoFactory(antenna=antenna, mentor__person__first_name="Jacques", mentor__person__preferred_language="fr",
                     mentee__person__first_name="Yasmine")
    token, digest = tokens.new_token()
    AccessLink.objects.create(duo=duo, person=duo.mentor.person, token_hash=digest)
    day = timezone.localdate() - datetime.timedelta(days=3)
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport=PHONE, locale="fr")
    found = {}
    try:
        page.goto(f"{live_server.url}/fr/log/{token}/")
        assert page.locator("html").get_attribute("lang") == "fr"
        assert page.get_by_role("heading", level=1).inner_text().endswith("Jacques")
        assert fits_the_phone(page)
        found["meeting log"] = violations(page)

        # Sent empty: the errors are listed at the top and nothing is saved.
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator("#error-summary").is_visible()
        assert not Meeting.objects.exists()
        found["meeting log with errors"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "meetinglog-errors-fr.png"), full_page=True)

        page.fill("#id_held_on", day.isoformat())
        page.fill("#id_duration_minutes", "75")
        page.locator('label[for="id_mode_1"]').click()  # video
        page.locator('label[for="id_topics_0"]').click()  # CV
        page.locator('label[for="id_topics_9"]').click()  # morale
        page.fill("#id_note", "Nous avons revu le CV.")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator(".notice.success[role=status]").is_visible()
        meeting = Meeting.objects.get()
        assert (meeting.duo_id, meeting.held_on, meeting.duration_minutes, meeting.mode) == (duo.pk, day, 75, "video")
        assert meeting.topics == ["cv", "morale"] and meeting.logged_by == "mentor"
        assert page.locator("ul.meetings li").count() == 1
        assert fits_the_phone(page)
        found["meeting logged"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "meetinglog-saved-fr.png"), full_page=True)
    finally:
        page.close()
    assert not {k: v for k, v in found.items() if v}, found
