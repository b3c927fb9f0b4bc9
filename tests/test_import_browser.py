"""A coordinator imports a spreadsheet of mentees in a real browser, on a phone, with and without JavaScript.

Same launch settings and live-server pattern as tests/test_browser.py. Screenshots land in
test-artifacts/ for a person to look at.
"""


import pytest

from duo.accounts.roles import Role
from duo.intake.models import StageChange
from duo.people.models import Person

from .browsing import ARTIFACTS, log_in, violations
from .factories import UserFactory
from .factories_records import csv_bytes
from .test_import_records import GOOD


pytestmark = pytest.mark.browser


@pytest.fixture
def importer(transactional_db, antenna):
    return UserFactory(role=Role.COORDINATOR, email="importer@duo.test", full_name="Ines Import", antennas=[antenna])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_check_then_import_with_javascript(browser, live_server, importer, tmp_path, lang):
    good = tmp_path / "mentees.csv"
    good.write_bytes(csv_bytes(GOOD))
    bad = tmp_path / "broken.csv"
    bad.write_bytes(csv_bytes([GOOD[0], GOOD[1][:4] + ["31/02/2024"] + GOOD[1][5:]]))
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale=lang)
    found = {}
    try:
        log_in(page, live_server, importer, f"/{lang}/staff/records/")
        found["import form"] = violations(page)
        page.check("#id_kind_0")
        page.set_input_files("#id_file", str(bad))
        page.locator("button[value=check]").click()
        page.locator(".records-problems").wait_for()
        assert "31/02/2024" in page.locator(".records-problems").inner_text()
        # The result takes focus, so keyboard and screen-reader users land on it.
        assert page.evaluate("document.activeElement.id") == "records-result-title"
        found["check with problems"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / f"records-problems-{lang}.png"), full_page=True)

        page.set_input_files("#id_file", str(good))
        page.locator("button[value=check]").click()
        page.locator("button[value=import]").wait_for()
        assert "Gaëlle" in page.locator(".records-preview").inner_text()
        found["preview"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / f"records-preview-{lang}.png"), full_page=True)
        assert not Person.objects.exists()

        page.locator("button[value=import]").click()  # the form still holds the file: it is sent again
        page.wait_for_url(f"**/{lang}/staff/records/")
        page.locator(".notice.success").wait_for()
        assert "2" in page.locator(".notice.success").inner_text()
    finally:
        page.close()
    assert Person.objects.filter(antenna__code="brussels-centre").count() == 2
    assert StageChange.objects.filter(by=importer).count() == 2
    assert not {k: v for k, v in found.items() if v}, found


def test_without_javascript_the_file_is_chosen_again_to_confirm(browser, live_server, importer, tmp_path):
    good = tmp_path / "mentees.csv"
    good.write_bytes(csv_bytes(GOOD))
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844}, locale="en")
    page = context.new_page()
    try:
        log_in(page, live_server, importer, "/en/staff/records/")
        page.set_input_files("#id_file", str(good))
        page.locator("button[value=check]").click()
        page.wait_for_load_state()
        assert page.get_by_text("choose the same file again").is_visible()
        page.set_input_files("#id_file", str(good))
        page.locator("button[value=import]").click()
        page.wait_for_load_state()
        assert page.locator(".notice.success").is_visible()
    finally:
        context.close()
    assert Person.objects.count() == 2
