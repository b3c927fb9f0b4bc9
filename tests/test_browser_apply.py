"""A newcomer applies as a mentee and as a mentor on a phone, in each language, in a real browser.

Same launch settings and live-server pattern as tests/test_browser.py. Screenshots land in
test-artifacts/ for a person to look at.
"""

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation

from duo.accounts.roles import Role
from duo.intake.choices import Verdict
from duo.intake.models import Application
from duo.people.models import ConsentRecord, Person
from duo.reference.loaders import load_builtin_isco
from duo.reference.models import Municipality, Occupation, PostalCode

from .browsing import ARTIFACTS, PHONE, violations
from .factories import PASSWORD, UserFactory

LOGIN = {"fr": "Se connecter", "nl": "Inloggen", "en": "Log in"}
# Headless Chromium's date field takes month, day, year whatever the page's language (it follows the
# system's locale, American here); a person's browser shows their own order.
DATE_KEYS = "%m%d%Y"

pytestmark = pytest.mark.browser


@pytest.fixture
def office(transactional_db, antenna):
    # A transactional test starts from an empty database: the built-in occupation groups come back here.
    if not Occupation.objects.exists():
        load_builtin_isco(Occupation)
    # ... and the postal codes the applicants below live at, so that the residence check can answer.
    for code, name in (("1080", "Molenbeek-Saint-Jean"), ("1050", "Ixelles")):
        town = Municipality.objects.get_or_create(nis_code=f"2{code}", defaults={
            "name_fr": name, "name_nl": name, "region": antenna.region})[0]
        PostalCode.objects.get_or_create(code=code, municipality=town)
    from django.core.cache import cache

    cache.clear()  # the rate limit starts afresh
    return antenna


def born(years: int) -> datetime.date:
    """A birthday `years` or `years + 1` years ago: which one depends on today, and does not matter."""
    today = timezone.localdate()
    return datetime.date(today.year - years - 1, 11, 20)


def fill_common(page, *, first, last, email, dob, language):
    page.fill("#id_first_name", first)
    page.fill("#id_last_name", last)
    page.fill("#id_date_of_birth", dob.isoformat())
    page.check("#id_gender_0")
    page.fill("#id_email", email)
    page.fill("#id_phone", "+32 470 12 34 56")
    page.fill("#id_postal_code", "1080")
    page.check(f'input[name="preferred_language"][value="{language}"]')
    page.select_option("#id_lang_fr", "B2")
    page.select_option("#id_other_1", "ar")
    page.select_option("#id_other_1_level", "native")
    page.check('input[name="availability"][value="tue_pm"]')
    page.check('input[name="availability"][value="sat_am"]')
    page.check('input[name="interests"][value="music"]')
    page.check('input[name="working_style"][value="direct"]')
    page.fill("#id_motivation", "Trouver ma voie.")
    page.check("#id_consent_programme")


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_a_newcomer_applies_as_a_mentee_on_a_phone(browser, live_server, office, lang):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport=PHONE, locale=lang)
    found = {}
    try:
        page.goto(f"{live_server.url}/{lang}/apply/")
        assert page.locator("html").get_attribute("lang") == lang
        found["start"] = violations(page)
        page.locator(f'main a[href="/{lang}/apply/mentee/"]').click()
        page.wait_for_url(f"**/{lang}/apply/mentee/")
        found["mentee form"] = violations(page)
        # Nothing sticks out sideways on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=str(ARTIFACTS / f"apply-mentee-{lang}.png"), full_page=True)

        fill_common(page, first="Yasmine", last=f"Amrani-{lang}", email=f"yasmine.{lang}@example.org", dob=born(24),
                    language=lang)
        page.select_option("#id_education_level", "upper_secondary")
        page.select_option("#id_diploma_recognition", "not_recognised")
        page.select_option("#id_employment_service", "actiris")
        page.select_option("#id_unemployment_duration", "lt6m")
        page.check("#id_no_precise_plan")
        page.check('input[name="goals"][value="cv"]')
        page.check('input[name="right_to_work"][value="yes"]')
        page.select_option("#id_nationality_background", "parent_outside_eu")
        page.check("#id_consent_special")
        page.get_by_role("button", name=_("Send my application", lang)).click()
        page.wait_for_url(f"**/{lang}/apply/thanks/?as=mentee")
        found["thanks"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / f"apply-thanks-{lang}.png"), full_page=True)
    finally:
        page.close()
    assert not {k: v for k, v in found.items() if v}, found

    person = Person.objects.get(last_name=f"Amrani-{lang}")
    application = Application.objects.get(person=person)
    assert (application.kind, application.language, application.verdict) == ("mentee", lang, Verdict.ELIGIBLE)
    assert person.nationality_background == "parent_outside_eu" and person.mentee.no_precise_plan
    assert person.mentee.availability == ["tue_pm", "sat_am"]
    assert set(ConsentRecord.objects.filter(person=person).values_list("purpose", "granted")) == {
        ("programme", True), ("special_category", True), ("surveys", False)}
    assert [m.to for m in mail.outbox] == [[person.email]]


def _(text, lang):
    with translation.override(lang):
        return translation.gettext(text)


def tab_to(page, element_id, limit=40):
    """Press Tab until the element has focus: it must be reachable, and after the previous one."""
    for _i in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} not reached by the keyboard")


def choose(page, element_id, value):
    """Pick an option of a focused select with the arrow keys, as a keyboard user does."""
    for _i in range(60):
        if page.evaluate("document.activeElement.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{value} not reached in #{element_id}")


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_a_newcomer_applies_as_a_mentor_with_the_keyboard_alone(browser, live_server, office, lang):
    page = browser.new_page(viewport=PHONE, locale=lang)
    keys = page.keyboard
    found = {}
    try:
        page.goto(f"{live_server.url}/{lang}/apply/mentor/")
        found["mentor form"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / f"apply-mentor-{lang}.png"), full_page=True)
        tab_to(page, "id_first_name")
        keys.type("Jean")
        tab_to(page, "id_last_name")
        keys.type(f"Dupont-{lang}")
        tab_to(page, "id_date_of_birth")
        keys.type(born(63).strftime(DATE_KEYS))
        tab_to(page, "id_gender_3")  # "prefer not to say" is checked: Tab lands on it
        keys.press("ArrowDown")  # arrow keys move within the group, from the last answer round to the first
        tab_to(page, "id_gender_self_described")
        tab_to(page, "id_email")
        keys.type(f"jean.{lang}@example.org")
        tab_to(page, "id_phone")
        keys.type("0470 98 76 54")
        tab_to(page, "id_postal_code")
        keys.type("1050")
        tab_to(page, f"id_preferred_language_{['fr', 'nl', 'en'].index(lang)}")
        tab_to(page, "id_lang_fr")
        choose(page, "id_lang_fr", "C2")
        tab_to(page, "id_lang_nl")
        choose(page, "id_lang_nl", "B1")
        tab_to(page, "id_career_occupation")
        choose(page, "id_career_occupation", "24")
        tab_to(page, "id_status_0")
        keys.press("Space")
        tab_to(page, "id_strength_areas_1")
        keys.press("Space")
        tab_to(page, "id_strength_areas_2")
        keys.press("Space")
        tab_to(page, "id_max_duos")
        tab_to(page, "id_availability_0")
        keys.press("Space")
        tab_to(page, "id_interests_4")
        keys.press("Space")
        tab_to(page, "id_motivation")
        keys.type("Rendre ce que j'ai reçu.")
        tab_to(page, "id_consent_programme")
        keys.press("Space")
        tab_to(page, "id_consent_surveys")
        keys.press("Space")
        # The spam trap is never reached: the next stop is the button.
        keys.press("Tab")
        assert page.evaluate("document.activeElement.type") == "submit"
        keys.press("Enter")
        page.wait_for_url(f"**/{lang}/apply/thanks/?as=mentor")
    finally:
        page.close()
    assert not {k: v for k, v in found.items() if v}, found

    person = Person.objects.get(last_name=f"Dupont-{lang}")
    assert (person.date_of_birth, person.gender, person.postal_code) == (born(63), "female", "1050")
    assert set(person.languages.values_list("language", "level")) == {("fr", "C2"), ("nl", "B1")}
    profile = person.mentor
    assert (profile.status, profile.career_occupation.code, profile.strength_areas) == (
        "retired", "24", ["interviews", "network"])
    assert profile.availability == ["mon_am"] and profile.interests == ["cooking"]
    assert Application.objects.get(person=person).verdict == Verdict.ELIGIBLE


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_an_invalid_submit_shows_the_error_summary_and_gives_it_focus(browser, live_server, office, lang):
    page = browser.new_page(viewport=PHONE, locale=lang)
    try:
        page.goto(f"{live_server.url}/{lang}/apply/mentee/")
        page.fill("#id_first_name", "Yasmine")
        page.fill("#id_email", "not an email")
        page.locator("main form button[type=submit]").click()
        page.wait_for_selector("#error-summary")
        assert page.evaluate("document.activeElement.id") == "error-summary"
        page.screenshot(path=str(ARTIFACTS / f"apply-errors-{lang}.png"), full_page=True)
        problems = violations(page)
        # What was typed is still there, and each summary link leads to its field.
        assert page.input_value("#id_first_name") == "Yasmine"
        page.locator('#error-summary a[href="#id_email"]').click()
        assert page.evaluate("document.activeElement.id") == "id_email"
        page.locator('#error-summary a[href="#id_right_to_work_0"]').click()
        assert page.evaluate("document.activeElement.id") == "id_right_to_work_0"
    finally:
        page.close()
    assert not problems, problems
    assert not Person.objects.exists()


def test_a_coordinator_sees_the_new_application_with_its_verdict(browser, live_server, office):
    coordinator = UserFactory(role=Role.COORDINATOR, email="coord.apply@duo.test", antennas=[office])
    page = browser.new_page(viewport=PHONE, locale="en")
    try:
        page.goto(f"{live_server.url}/en/apply/mentee/")
        fill_common(page, first="Samir", last="Haddad", email="samir@example.org", dob=born(40), language="en")
        page.select_option("#id_education_level", "master")
        page.select_option("#id_diploma_recognition", "recognised")
        page.select_option("#id_employment_service", "none")
        page.select_option("#id_unemployment_duration", "gt24m")
        page.select_option("#id_target_occupation", "25")
        page.check('input[name="goals"][value="network"]')
        page.check('input[name="right_to_work"][value="yes"]')
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/en/apply/thanks/?as=mentee")

        person = Person.objects.get(last_name="Haddad")
        page.goto(f"{live_server.url}/en/staff/intake/people/{person.pk}/")
        page.fill("#id_username", coordinator.email)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name=LOGIN["en"]).click()
        page.wait_for_url(f"**/en/staff/intake/people/{person.pk}/")
        # Forty is past the mentee age range: refused, with the reason in words.
        assert page.locator(".badge.verdict-not_eligible").first.is_visible()
        assert page.get_by_text(f"Age: {person.age} (expected 18 to 33 years)").is_visible()
        page.screenshot(path=str(ARTIFACTS / "apply-seen-by-coordinator.png"), full_page=True)
    finally:
        page.close()
