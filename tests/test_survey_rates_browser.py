"""A coordinator follows a wave's response rate on a 390 px phone: the list of waves, the wave with its
non-respondents to call, then an answer comes in and the rate moves. axe-core finds no WCAG 2.1 A/AA
violation and nothing is wider than the phone."""

import datetime

import pytest
from django.core.management import call_command

from duo.accounts.roles import Role
from duo.survey import responses
from duo.survey.models import Instrument

from .browsing import ARTIFACTS, PHONE, fits_the_phone, violations
from .factories import PASSWORD, AntennaFactory, DuoFactory, UserFactory
from .test_survey_rates import answers_for

pytestmark = pytest.mark.browser
DUE = datetime.date(2026, 10, 20)


def test_the_coordinator_sees_the_response_rate_move(browser, live_server, transactional_db):
    call_command("load_instruments", verbosity=0)
    end = Instrument.objects.get(kind="mentee_end")
    antenna = AntennaFactory(code="namur", name="Namur")
    coordinator = UserFactory(role=Role.COORDINATOR, email="rates@duo.test", antennas=[antenna], language="en")
    invitations = []
    for i, (first, phone) in enumerate([("Samira", "+32 470 11 22 33"), ("Yusuf", "0485 44 55 66"),
                                        ("Léa", ""), ("Mamadou", "+32 471 00 00 01")]):
        duo = DuoFactory(antenna=antenna, mentee__person__first_name=first, mentee__person__last_name="Test",
                         mentee__person__phone=phone)
        invitation, _token = responses.invitation_create(instrument=end, person=duo.mentee.person, duo=duo,
                                                         due_on=DUE)
        invitations.append(invitation)
    for invitation in invitations[:2]:
        responses.response_submit(invitation=invitation, answers=answers_for(invitation.version))
    wave = invitations[0].wave
    ARTIFACTS.mkdir(exist_ok=True)
    found = {}
    page = browser.new_page(viewport=PHONE, locale="en")
    try:
        page.goto(f"{live_server.url}/en/staff/surveys/waves/")
        page.fill("#id_username", coordinator.email)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/en/staff/surveys/waves/")
        assert "50 %" in page.locator("table.waves").inner_text()
        assert fits_the_phone(page)
        found["waves"] = violations(page)

        page.get_by_role("link", name="The end of your mentoring").first.click()
        page.wait_for_url(f"**/en/staff/surveys/waves/{wave.pk}/")
        assert page.locator(".wave-rate").inner_text().startswith("50 %")
        rows = page.locator("table.non-respondents tbody tr")
        assert rows.count() == 2
        assert page.get_by_role("link", name="+32 471 00 00 01").get_attribute("href") == "tel:+32471000001"
        assert fits_the_phone(page)
        found["wave"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "survey-wave-phone.png"), full_page=True)

        # Léa answers through her link (or a coordinator's call): the page shows it on reload.
        responses.response_submit(invitation=invitations[2], answers=answers_for(invitations[2].version))
        page.reload()
        assert page.locator(".wave-rate").inner_text().startswith("75 %")
        assert page.locator("table.non-respondents tbody tr").count() == 1
        assert "Léa" not in page.locator("table.non-respondents").inner_text()
        found["wave after an answer"] = violations(page)
    finally:
        page.close()
    assert not {k: v for k, v in found.items() if v}, found
