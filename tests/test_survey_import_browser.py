"""A coordinator imports paper answers on a phone, in French: a file with a wrong value is refused as a
whole, the problem named by row, column and value, focus on the result; the corrected file goes in.
axe-core finds no WCAG 2.1 A/AA violation and nothing overflows the phone's width."""

import pytest
from django.core.management import call_command

from duo.accounts.roles import Role
from duo.survey.models import Instrument, Response

from .browsing import ARTIFACTS, PHONE, fits_the_phone, violations
from .factories import PASSWORD, AntennaFactory, DuoFactory, UserFactory
from .factories_records import csv_bytes
from .test_survey_import import END, HEADER, end_row

pytestmark = pytest.mark.browser


def test_a_coordinator_imports_paper_answers_on_a_phone(browser, live_server, transactional_db, tmp_path):
    call_command("load_instruments", verbosity=0)
    version = Instrument.objects.get(code="mentee-end").versions.get()
    antenna = AntennaFactory(code="namur", name="Namur")
    first, second = DuoFactory(antenna=antenna), DuoFactory(antenna=antenna)
    coordinator = UserFactory(role=Role.COORDINATOR, email="papier@duo.test", antennas=[antenna])
    bad_rows = [[*HEADER, *END], end_row(first), end_row(second)]
    bad_rows[2][len(HEADER)] = "7"  # network_help
    bad, good = tmp_path / "papier.csv", tmp_path / "papier-corrige.csv"
    bad.write_bytes(csv_bytes(bad_rows))
    good.write_bytes(csv_bytes([[*HEADER, *END], end_row(first), end_row(second)]))
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport=PHONE, locale="fr")
    found = {}
    try:
        page.goto(f"{live_server.url}/fr/staff/surveys/import/")
        page.fill("#id_username", coordinator.email)
        page.fill("#id_password", PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url("**/fr/staff/surveys/import/")
        assert fits_the_phone(page)
        found["form"] = violations(page)

        page.select_option("#id_version", str(version.pk))
        page.set_input_files("#id_file", str(bad))
        page.locator("button[value=import]").click()
        page.locator(".survey-import-problems").wait_for()
        problems = page.locator(".survey-import-problems li")
        assert problems.count() == 1
        assert problems.first.inner_text().startswith("Ligne 3, colonne « network_help », valeur « 7 »")
        assert page.evaluate("document.activeElement.id") == "survey-import-result"
        assert Response.objects.count() == 0
        assert fits_the_phone(page)
        found["problems"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "survey-import-problems-fr.png"), full_page=True)

        page.select_option("#id_version", str(version.pk))
        page.set_input_files("#id_file", str(good))
        page.locator("button[value=import]").click()
        page.locator(".notice.success").wait_for()
        assert "papier-corrige.csv" in page.locator(".notice.success").inner_text()
        found["imported"] = violations(page)
    finally:
        page.close()
    assert Response.objects.filter(entered_by=coordinator, import_ref="papier-corrige.csv").count() == 2
    assert not {k: v for k, v in found.items() if v}, found
