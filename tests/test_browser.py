"""A coordinator logs in and walks the staff home in each language, in a real browser.

Drives Debian's chromium through Playwright (its own browser download does not work here).
Screenshots land in test-artifacts/ for a person to look at.
"""


import pytest
from playwright.sync_api import expect

from duo.accounts.roles import Role

from .browsing import ARTIFACTS, violations
from .factories import PASSWORD, DuoFactory, MeetingFactory, UserFactory


pytestmark = pytest.mark.browser

# What the staff home says in each language: a heading and the main navigation.
WORDS = {
    "fr": {"home": "Duos nécessitant une attention", "people": "Personnes", "login": "Se connecter"},
    "nl": {"home": "Duo's die aandacht vragen", "people": "Personen", "login": "Inloggen"},
    "en": {"home": "Duos needing attention", "people": "People", "login": "Log in"},
}


@pytest.fixture
def coordinator_with_duos(transactional_db, antenna):
    user = UserFactory(role=Role.COORDINATOR, email="walker@duo.test", full_name="Nadia Walker", antennas=[antenna])
    duo = DuoFactory(antenna=antenna, mentee__person__first_name="Yasmine", mentee__person__last_name="Amrani")
    MeetingFactory(duo=duo)
    return user, duo


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_coordinator_logs_in_and_walks_the_staff_home(browser, live_server, coordinator_with_duos, lang):
    user, duo = coordinator_with_duos
    words = WORDS[lang]
    ARTIFACTS.mkdir(exist_ok=True)
    # Phone-sized: coordinators check their duos on the go.
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale=lang)
    try:
        page.goto(f"{live_server.url}/{lang}/staff/")
        assert f"/{lang}/accounts/login/" in page.url  # staff pages need a login
        page.fill("#id_username", user.email)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name=words["login"]).click()
        page.wait_for_url(f"**/{lang}/staff/")
        assert page.locator("html").get_attribute("lang") == lang
        assert page.get_by_role("heading", name=words["home"]).is_visible()
        page.screenshot(path=str(ARTIFACTS / f"staff-home-{lang}.png"), full_page=True)

        page.get_by_role("link", name=words["people"], exact=True).first.click()
        page.wait_for_url(f"**/{lang}/staff/people/")
        page.get_by_role("link", name="Amrani, Yasmine").click()
        # The click navigates: wait for the person's page rather than read the list still on screen.
        page.wait_for_url(f"**/{lang}/staff/people/{duo.mentee.person_id}/")
        expect(page.get_by_role("heading", name="Yasmine Amrani")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / f"person-{lang}.png"), full_page=True)

        # The switcher keeps the page and changes the language.
        other = {"fr": "nl", "nl": "en", "en": "fr"}[lang]
        page.locator(f'nav.langs a[hreflang="{other}"]').click()
        page.wait_for_url(f"**/{other}/staff/people/{duo.mentee.person_id}/")
        assert page.locator("html").get_attribute("lang") == other
    finally:
        page.close()


# --- accessibility (WCAG 2.1 AA, as axe-core checks it) ----------------------------------------


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_pages_pass_automated_accessibility_checks(browser, live_server, coordinator_with_duos, lang):
    user, duo = coordinator_with_duos
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale=lang)
    found = {}
    try:
        page.goto(f"{live_server.url}/{lang}/")
        found["public home"] = violations(page)
        page.goto(f"{live_server.url}/{lang}/accounts/login/")
        page.fill("#id_username", user.email)
        page.fill("#id_password", "not the password")
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()
        found["login with an error"] = violations(page)
        page.fill("#id_username", user.email)
        page.fill("#id_password", PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url(f"**/{lang}/staff/")
        for name, path in [
            ("staff home", f"/{lang}/staff/"),
            ("people", f"/{lang}/staff/people/"),
            ("person", f"/{lang}/staff/people/{duo.mentee.person_id}/"),
            ("duos", f"/{lang}/staff/duos/"),
            ("duo", f"/{lang}/staff/duos/{duo.pk}/"),
        ]:
            page.goto(live_server.url + path)
            found[name] = violations(page)
        page.goto(f"{live_server.url}/{lang}/staff/people/{duo.mentee.person_id}/edit/")
        page.fill("#id_first_name", "")
        page.fill("#id_email", "not an email")
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator("#error-summary").is_visible()
        # The summary takes focus, so a keyboard or screen-reader user lands on what to fix.
        assert page.evaluate("document.activeElement.id") == "error-summary"
        found["edit form with errors"] = violations(page)
    finally:
        page.close()
    assert not {k: v for k, v in found.items() if v}, found
