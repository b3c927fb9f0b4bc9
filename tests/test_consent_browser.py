"""On a 390 px phone: a mentee opens the consent link at the foot of an email from Duo, in Dutch, and withdraws
their consent to surveys; the page confirms it and offers to give it again. A coordinator then sees the decision
in the person's consent history. axe-core finds no WCAG 2.1 A/AA violation on any of these pages."""

import re

import pytest

from duo.accounts.roles import Role
from duo.matching import emails as matching_emails
from duo.people import consent
from duo.people.choices import ConsentPurpose

from .browsing import ARTIFACTS, PHONE, fits_the_phone, log_in, violations
from .factories import AntennaFactory, DuoFactory, UserFactory

pytestmark = pytest.mark.browser


def test_a_mentee_withdraws_surveys_from_the_link_in_an_email(browser, live_server, transactional_db, settings,
                                                               mailoutbox):
    settings.SITE_URL = live_server.url
    antenna = AntennaFactory(code="antwerp", name="Antwerpen")
    duo = DuoFactory(antenna=antenna, mentee__person__first_name="Samira", mentee__person__last_name="Haddad",
                     mentee__person__preferred_language="nl")
    person = duo.mentee.person
    matching_emails.tell_matched(duo=duo)
    [message] = [m for m in mailoutbox if m.to == [person.email]]
    link = re.search(r"https?://\S+/consent/\S+/", message.body).group(0)
    coordinator = UserFactory(role=Role.COORDINATOR, email="consent@duo.test", antennas=[antenna])
    ARTIFACTS.mkdir(exist_ok=True)
    found = {}
    page = browser.new_page(viewport=PHONE, locale="nl")
    try:
        page.goto(link)
        assert page.locator("html").get_attribute("lang") == "nl"
        assert page.get_by_role("heading", name="Samira", exact=False).first.is_visible()
        assert page.locator("section.consent-purpose").count() == len(ConsentPurpose.values)
        assert fits_the_phone(page)
        found["the person's page"] = violations(page)
        page.locator("section[aria-labelledby=purpose-surveys] button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator(".notice.success[role=status]").is_visible()
        # The same purpose now offers to give consent again, the others still to withdraw it.
        assert page.locator("section[aria-labelledby=purpose-surveys] input[name=action]").get_attribute(
            "value") == "give"
        assert page.locator("section[aria-labelledby=purpose-research] input[name=action]").get_attribute(
            "value") == "withdraw"
        assert fits_the_phone(page)
        found["after withdrawal"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "consent-withdrawn-nl.png"), full_page=True)
    finally:
        page.close()
    assert not consent.granted(person, ConsentPurpose.SURVEYS)
    assert consent.granted(person, ConsentPurpose.RESEARCH)

    page = browser.new_page(viewport=PHONE, locale="en")
    try:
        log_in(page, live_server, coordinator, f"/en/staff/people/{person.pk}/consents/")
        assert page.get_by_text("Public form").first.is_visible()  # the history says how it reached us
        assert fits_the_phone(page)
        found["staff consent page"] = violations(page)
        page.goto(f"{live_server.url}/en/staff/people/{person.pk}/")
        found["person page"] = violations(page)
    finally:
        page.close()
    assert found == {name: [] for name in found}
