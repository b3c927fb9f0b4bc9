"""A coordinator sets up two-step verification on a phone-sized screen, then logs in with a code, in a real browser."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from duo.accounts.roles import Role

from .browsing import ARTIFACTS, PHONE, fits_the_phone, violations
from .factories import PASSWORD, UserFactory
from .factories_twofactor import code_for

pytestmark = pytest.mark.browser


@pytest.fixture
def coordinator(transactional_db, antenna, settings):
    settings.TWO_FACTOR_REQUIRED = True
    return UserFactory(role=Role.COORDINATOR, email="otp-walker@duo.test", full_name="Inès Walker",
                       antennas=[antenna])


def _log_in(page, live_server, user):
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def test_setting_up_and_logging_in_with_a_code_on_a_phone(browser, live_server, coordinator):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport=PHONE, locale="en")
    found = {}
    try:
        # The role requires it: after the password, the set-up page and nothing else.
        _log_in(page, live_server, coordinator)
        assert "/en/accounts/two-factor/" in page.url
        assert page.locator(".twofactor-qr svg").is_visible()
        assert fits_the_phone(page)
        found["set-up"] = violations(page)
        page.screenshot(path=ARTIFACTS / "twofactor-setup-390.png", full_page=True)
        page.goto(f"{live_server.url}/en/staff/people/")
        assert "/en/accounts/two-factor/" in page.url

        device = TOTPDevice.objects.get(user=coordinator)
        page.fill("#id_code", "000000" if code_for(device) != "000000" else "111111")
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
        assert page.locator("#error-summary").is_visible()
        found["set-up with a wrong code"] = violations(page)

        device.throttle_reset()
        page.fill("#id_code", code_for(device))
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
        assert page.locator(".recovery-codes li").count() == 10
        assert fits_the_phone(page)
        found["recovery codes"] = violations(page)
        page.screenshot(path=ARTIFACTS / "twofactor-codes-390.png", full_page=True)
        page.get_by_role("link", name="I have kept them: continue").click()
        page.wait_for_url("**/en/staff/people/")  # the page asked for before setting up

        # Next time: password, then the code the app shows.
        page.get_by_role("button", name="Log out").first.click()
        page.wait_for_load_state()
        _log_in(page, live_server, coordinator)
        assert "/en/accounts/two-factor/verify/" in page.url
        found["code after the password"] = violations(page)
        assert fits_the_phone(page)
        page.fill("#id_code", code_for(device, steps_ahead=1))
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url("**/en/staff/")
    finally:
        page.close()
    assert not {k: v for k, v in found.items() if v}, found
