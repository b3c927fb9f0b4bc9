"""On a 390 px phone: a mentee opens the link in their email, in Dutch, and withdraws a testimony
(confirming first); a coordinator checks a quote for anything that identifies its author and looks
at the draft the withdrawal emptied. axe-core finds no WCAG 2.1 A/AA violation on any page."""

import datetime

import pytest

from duo.accounts.roles import Role
from duo.testimony import links
from duo.testimony.models import QuoteSet, QuoteSetItem, Testimony as Said

from .browsing import ARTIFACTS, PHONE, fits_the_phone, violations
from .factories import PASSWORD, AntennaFactory, DuoFactory, UserFactory

pytestmark = pytest.mark.browser


def test_an_author_withdraws_on_a_phone_and_the_draft_says_so(browser, live_server, transactional_db):
    antenna = AntennaFactory(code="antwerp", name="Antwerpen")
    duo = DuoFactory(antenna=antenna, language="nl", mentor__person__first_name="Marc",
                     mentee__person__first_name="Samira", mentee__person__last_name="Haddad",
                     mentee__person__preferred_language="nl")
    person = duo.mentee.person
    common = {"person": person, "side": "mentee", "duo": duo, "language": "nl", "source": "staff",
              "purpose": "Ervaringsverslag 2027, sociale media", "collected_on": datetime.date(2026, 10, 2)}
    gone = Said.objects.create(text="Dankzij Marc durf ik nu te bellen naar werkgevers.", consent="first_name",
                               **common)
    kept = Said.objects.create(text="Ik ben 24 jaar en werk nu bij Colruyt in Lier.", consent="anonymous", **common)
    draft = QuoteSet.objects.create(name="Memorandum 2027 — ontwerp")
    QuoteSetItem.objects.create(quote_set=draft, testimony=gone)
    coordinator = UserFactory(role=Role.COORDINATOR, email="voice@duo.test", antennas=[antenna])
    ARTIFACTS.mkdir(exist_ok=True)
    found = {}
    page = browser.new_page(viewport=PHONE, locale="nl")
    try:
        page.goto(links.url_for(person).replace("http://127.0.0.1:8000", live_server.url))
        assert page.locator("html").get_attribute("lang") == "nl"
        assert page.get_by_text("Dankzij Marc durf ik").is_visible()
        assert fits_the_phone(page)
        found["author's page"] = violations(page)
        page.locator(f"section[aria-labelledby=t{gone.pk}] a.button").click()
        page.wait_for_load_state()
        assert fits_the_phone(page)
        found["confirmation"] = violations(page)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/voice/**?withdrawn=*")
        assert page.locator(".notice.success[role=status]").is_visible()
        assert page.get_by_text("Dankzij Marc durf ik").count() == 0
        found["after withdrawal"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "testimony-withdrawn-nl.png"), full_page=True)
    finally:
        page.close()
    gone.refresh_from_db()
    assert gone.withdrawn_at is not None and gone.text == ""

    page = browser.new_page(viewport=PHONE, locale="en")
    try:
        page.goto(f"{live_server.url}/en/staff/testimonies/{kept.pk}/check/")
        page.fill("#id_username", coordinator.email)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"**/en/staff/testimonies/{kept.pk}/check/")
        assert page.locator("blockquote mark").count() == 3  # the age, the employer, the place
        assert fits_the_phone(page)
        found["check"] = violations(page)
        page.get_by_role("button", name="Mark as checked for anonymous use").click()
        page.wait_for_load_state()
        assert page.locator("#error-summary").is_visible()
        for box in page.locator("fieldset.checks input[type=checkbox]").all():
            box.check()
        page.get_by_role("button", name="Mark as checked for anonymous use").click()
        page.wait_for_url(f"**/en/staff/testimonies/{kept.pk}/")
        found["detail"] = violations(page)
        page.goto(f"{live_server.url}/en/staff/testimonies/sets/{draft.pk}/")
        assert page.get_by_text("1 quote was removed because its author withdrew consent on").is_visible()
        assert "Samira" not in page.content()
        assert fits_the_phone(page)
        found["draft"] = violations(page)
        page.goto(f"{live_server.url}/en/staff/testimonies/")
        assert fits_the_phone(page)
        found["library"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "testimony-library-phone.png"), full_page=True)
    finally:
        page.close()
    kept.refresh_from_db()
    assert kept.checked_by == coordinator
    assert not {k: v for k, v in found.items() if v}, found
