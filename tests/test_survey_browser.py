"""The survey instruments on a 390 px phone: the list, and a questionnaire previewed in Dutch;
axe-core finds no WCAG 2.1 A/AA violation and nothing is wider than the phone."""

import pytest

from duo.accounts.roles import Role
from duo.survey.loading import load_missing
from duo.survey.models import InstrumentVersion

from .browsing import ARTIFACTS, PHONE, fits_the_phone, violations
from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser


def test_instruments_and_a_preview_on_a_phone(browser, live_server, transactional_db):
    load_missing()
    user = UserFactory(role=Role.OFFICER, email="surveys@duo.test")
    version = InstrumentVersion.objects.get(instrument__code="mentee-followup-6m")
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport=PHONE, locale="en")
    found = {}
    try:
        page.goto(f"{live_server.url}/en/staff/surveys/")
        page.fill("#id_username", user.email)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/en/staff/surveys/")
        assert page.locator("tbody tr").count() == 8
        assert fits_the_phone(page)
        found["list"] = violations(page)

        page.goto(f"{live_server.url}/en/staff/surveys/versions/{version.pk}/")
        page.get_by_role("navigation", name="Language of the preview").get_by_role("link", name="Nederlands").click()
        page.wait_for_url("**?in=nl")
        assert page.get_by_text("Wat is uw situatie vandaag?").is_visible()
        assert page.locator("fieldset").count() == 14
        assert fits_the_phone(page)
        found["preview"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "survey-preview-phone.png"), full_page=True)
    finally:
        page.close()
    assert not {k: v for k, v in found.items() if v}, found
