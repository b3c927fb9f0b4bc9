"""A coordinator works the intake pipeline on a phone, in each language, in a real browser.

Same launch settings and live-server pattern as tests/test_browser.py. Screenshots land in
test-artifacts/ for a person to look at.
"""

import datetime

import pytest
from django.utils import timezone, translation

from duo.accounts.roles import Role
from duo.intake.choices import Verdict
from duo.intake.models import Application, IntakeInterview
from duo.people.models import MenteeProfile, Person

from .browsing import ARTIFACTS, violations
from .factories import PASSWORD, MenteeFactory, MentorFactory, PersonFactory, PersonLanguageFactory, UserFactory
from .factories_pipeline import ApplicationFactory

LOGIN = {"fr": "Se connecter", "nl": "Inloggen", "en": "Log in"}

pytestmark = pytest.mark.browser


@pytest.fixture
def pipeline(transactional_db, antenna):
    user = UserFactory(role=Role.COORDINATOR, email="intake@duo.test", full_name="Nadia Intake", antennas=[antenna])
    week_ago = timezone.localdate() - datetime.timedelta(days=7)
    applicant = MenteeFactory(person__antenna=antenna, person__first_name="Yasmine", person__last_name="Amrani",
                              stage="applied", stage_changed_on=week_ago, applied_on=week_ago)
    PersonLanguageFactory(person=applicant.person, language="fr", level="B2")
    application = ApplicationFactory(person=applicant.person, verdict="to_review", right_to_work="unsure", reasons=[
        {"code": "right_to_work", "outcome": "unknown", "params": {}}])
    MentorFactory(person__antenna=antenna, person__first_name="Jean", person__last_name="Dumont", stage="contacted")
    # She applied once more by phone, typed in by a colleague: the same email.
    PersonFactory(antenna=antenna, first_name="Yasmina", last_name="Amrani", email=applicant.person.email.upper())
    return user, applicant, application


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_coordinator_moves_overrides_and_interviews_on_a_phone(browser, live_server, pipeline, lang):
    user, applicant, application = pipeline
    person = applicant.person
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale=lang)
    found = {}
    try:
        page.goto(f"{live_server.url}/{lang}/staff/intake/")
        page.fill("#id_username", user.email)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name=LOGIN[lang]).click()
        page.wait_for_url(f"**/{lang}/staff/intake/")
        assert page.locator("html").get_attribute("lang") == lang
        row = page.locator("tr", has=page.get_by_role("link", name="Amrani, Yasmine"))
        assert row.is_visible()
        # The verdict is in words beside its symbol, not a colour alone.
        with translation.override(lang):
            to_review = str(Verdict.TO_REVIEW.label)
        assert to_review in row.locator(".badge.verdict-to_review").inner_text()
        assert row.locator("a.badge.warn").is_visible()  # the possible duplicate is flagged
        # Nothing sticks out sideways on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        found["pipeline"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / f"intake-list-{lang}.png"), full_page=True)

        # Tick her row, move her to "contacted" with the bulk form.
        page.check(f'input[name="rows"][value="mentee:{person.pk}"]')
        page.select_option("#bulk_to", "contacted")
        page.locator("#bulk button[type=submit]").click()
        page.wait_for_selector(".notice.success")
        assert MenteeProfile.objects.get(pk=applicant.pk).stage == "contacted"

        # Her intake file, then the verdict: a justification too short is refused and focus goes to why.
        page.get_by_role("link", name="Amrani, Yasmine").click()
        page.wait_for_url(f"**/{lang}/staff/intake/people/{person.pk}/")
        found["intake file"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / f"intake-file-{lang}.png"), full_page=True)
        page.locator(f'a[href$="/applications/{application.pk}/override/"]').click()
        page.check('input[name="verdict"][value="eligible"]')
        page.fill("#id_justification", "ok")
        page.locator("main form button[type=submit]").click()
        page.wait_for_selector("#error-summary")
        assert page.evaluate("document.activeElement.id") == "error-summary"
        found["override with an error"] = violations(page)
        page.fill("#id_justification", "Residence card seen at the interview: she may work.")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"**/{lang}/staff/intake/people/{person.pk}/")
        assert Application.objects.get(pk=application.pk).override == "eligible"

        # The intake interview, by keyboard-friendly form controls only.
        page.locator(f'a[href$="/people/{person.pk}/mentee/interview/"]').click()
        found["interview form"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / f"intake-interview-{lang}.png"), full_page=True)
        page.check('input[name="working_style"][value="structured"]')
        page.check('input[name="availability"][value="tue_pm"]')
        page.check("#id_no_precise_plan")
        page.select_option("#id_lang_ar", "native")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"**/{lang}/staff/intake/people/{person.pk}/")
        assert IntakeInterview.objects.filter(person=person, held_by=user).exists()
        assert MenteeProfile.objects.get(pk=applicant.pk).stage == "intake_done"

        page.goto(f"{live_server.url}/{lang}/staff/intake/people/{person.pk}/mentee/stage/")
        page.select_option("#id_to", "withdrawn")
        page.locator("main form button[type=submit]").click()
        page.wait_for_selector("#error-summary")  # leaving needs a reason
        found["move with an error"] = violations(page)

        # The possible duplicate is listed, compared side by side, and merged.
        page.goto(f"{live_server.url}/{lang}/staff/intake/duplicates/")
        found["duplicates"] = violations(page)
        page.locator('a[href*="/staff/intake/merge/"]').first.click()
        found["merge"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / f"intake-merge-{lang}.png"), full_page=True)
        page.check(f'input[name="keep"][value="{person.pk}"]')
        page.check("#id_confirm")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"**/{lang}/staff/intake/people/{person.pk}/")
        assert Person.objects.filter(email__iexact=person.email).count() == 1
    finally:
        page.close()
    assert not {k: v for k, v in found.items() if v}, found
