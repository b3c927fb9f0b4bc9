"""The applicant portal in a real browser, on a 390 px phone: register for a session, and axe-core finds
no WCAG 2.1 A/AA violation on the pages an applicant uses.

Launch settings copied from tests/test_browser.py (Debian's chromium driven by Playwright).
"""


import pytest

from duo.infosession.models import Registration
from duo.intake.links import applicant_token
from duo.training.models import Evaluation

from .browsing import ARTIFACTS, PHONE, violations, fits_the_phone
from .factories import AntennaFactory, MenteeFactory, MentorFactory
from .factories_sessions import AttendanceFactory, InfoSessionFactory, TrainingSessionFactory, default_modules, in_days


pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_applicant_registers_for_an_information_session_on_a_phone(browser, live_server, transactional_db, lang):
    antenna = AntennaFactory(code="bxl", name="Bruxelles Centre")
    person = MenteeFactory(person__antenna=antenna, person__first_name="Yasmine", person__preferred_language=lang,
                           stage="contacted").person
    session = InfoSessionFactory(antenna=antenna, capacity=12)
    InfoSessionFactory(antenna=antenna, starts_at=in_days(15), mode="online", place="", address="",
                       video_link="https://meet.example.org/duo")
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport=PHONE, locale=lang)
    found = {}
    try:
        page.goto(f"{live_server.url}/{lang}/me/{applicant_token(person)}/")
        assert page.locator("html").get_attribute("lang") == lang
        assert page.get_by_role("heading", level=1).inner_text().endswith("Yasmine")
        assert fits_the_phone(page)
        found["portal home"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / f"portal-home-{lang}.png"), full_page=True)

        # Keyboard alone: the register button of the first session is reachable and works with Enter.
        button = page.locator(f'form[action*="/info-sessions/{session.pk}/register/"] button')
        button.focus()
        button.press("Enter")
        page.wait_for_url(f"**/{lang}/me/*/")
        assert Registration.objects.filter(person=person, session=session, channel="link").exists()
        assert page.locator(".notice.success[role=status]").is_visible()
        cancel = page.locator(f'a[href*="/info-sessions/{session.pk}/cancel/"]')
        assert cancel.is_visible()
        assert fits_the_phone(page)
        found["portal after registering"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / f"portal-registered-{lang}.png"), full_page=True)

        cancel.click()
        page.wait_for_url("**/cancel/")
        found["cancel page"] = violations(page)
    finally:
        page.close()
    assert not {k: v for k, v in found.items() if v}, found


def test_a_mentor_follows_training_and_evaluates_it_on_a_phone(browser, live_server, transactional_db):
    antenna = AntennaFactory(code="liege", name="Liège")
    modules = default_modules()
    person = MentorFactory(person__antenna=antenna, person__preferred_language="en", stage="intake_done").person
    past = TrainingSessionFactory(antenna=antenna, module=modules[0], starts_at=in_days(-2))
    AttendanceFactory(session=past, person=person, attended=True)
    TrainingSessionFactory(antenna=antenna, module=modules[1])
    page = browser.new_page(viewport=PHONE, locale="en")
    found = {}
    try:
        page.goto(f"{live_server.url}/en/me/{applicant_token(person)}/")
        found["mentor home"] = violations(page)
        assert fits_the_phone(page)
        page.locator(f'a[href*="/training/{past.pk}/evaluate/"]').click()
        page.wait_for_url("**/evaluate/")
        page.get_by_role("button", name="Send my evaluation").click()
        page.wait_for_load_state()
        assert page.evaluate("document.activeElement.id") == "error-summary"
        found["evaluation with errors"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "portal-evaluation-errors.png"), full_page=True)
        page.locator('label[for="id_usefulness_3"]').click()  # the fourth choice: 4
        page.locator('label[for="id_clarity_4"]').click()
        page.fill("#id_comment", "Clear and practical.")
        page.get_by_role("button", name="Send my evaluation").click()
        page.wait_for_url("**/me/*/")
        evaluation = Evaluation.objects.get(person=person)
        assert (evaluation.usefulness, evaluation.clarity) == (4, 5)
    finally:
        page.close()
    assert not {k: v for k, v in found.items() if v}, found


def test_the_staff_session_pages_pass_automated_accessibility_checks(browser, live_server, transactional_db):
    from duo.accounts.roles import Role

    from .factories import PASSWORD, UserFactory
    from .factories_sessions import RegistrationFactory

    antenna = AntennaFactory(code="namur", name="Namur")
    user = UserFactory(role=Role.COORDINATOR, email="sessions@duo.test", antennas=[antenna])
    upcoming = InfoSessionFactory(antenna=antenna)
    MenteeFactory(person__antenna=antenna, stage="applied")
    held = InfoSessionFactory(antenna=antenna, starts_at=in_days(-1))
    RegistrationFactory(session=held, person=MenteeFactory(person__antenna=antenna, stage="applied").person)
    training = TrainingSessionFactory(antenna=antenna, module=default_modules()[0])
    page = browser.new_page(viewport=PHONE, locale="en")
    found = {}
    try:
        page.goto(f"{live_server.url}/en/accounts/login/")
        page.fill("#id_username", user.email)
        page.fill("#id_password", PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url("**/en/staff/")
        for name, path in [
            ("sessions", "/en/staff/info-sessions/"),
            ("session", f"/en/staff/info-sessions/{upcoming.pk}/"),
            ("invite", f"/en/staff/info-sessions/{upcoming.pk}/invite/"),
            ("attendance", f"/en/staff/info-sessions/{held.pk}/attendance/"),
            ("new session", "/en/staff/info-sessions/new/"),
            ("training", "/en/staff/training/"),
            ("training session", f"/en/staff/training/{training.pk}/"),
            ("progress", "/en/staff/training/progress/"),
        ]:
            page.goto(live_server.url + path)
            found[name] = violations(page)
            assert fits_the_phone(page), name
        page.goto(f"{live_server.url}/en/staff/info-sessions/new/")
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()
        assert page.evaluate("document.activeElement.id") == "error-summary"
        found["new session with errors"] = violations(page)
    finally:
        page.close()
    assert not {k: v for k, v in found.items() if v}, found
