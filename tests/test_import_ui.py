"""A coordinator imports a spreadsheet from the staff pages: upload, preview, confirm."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.urls import reverse

from duo.accounts.roles import Role
from duo.intake.models import StageChange
from duo.journeys.models import Duo
from duo.people.models import MenteeProfile, Person
from duo.privacy.models import AuditEvent

from .factories_records import csv_bytes, xlsx_bytes
from .test_import_records import BROKEN, GOOD

pytestmark = pytest.mark.usefixtures("english")


def _written():
    return (Person.objects.count(), MenteeProfile.objects.count(), Duo.objects.count(), StageChange.objects.count(),
            AuditEvent.objects.exclude(action="view").count())


def _post(client, data, name="people.csv", kind="mentees", antenna="", htmx=False, **extra):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("records:import"), {
        "kind": kind, "antenna": antenna, "file": SimpleUploadedFile(name, data), **extra}, **headers)


def _checked(html):
    return re.search(r'name="checked" value="([^"]+)"', html).group(1)


def test_the_form_offers_the_kinds_the_templates_and_only_the_users_antennas(client, coordinator, other_antenna):
    client.force_login(coordinator)
    html = client.get(reverse("records:import")).content.decode()
    for kind in ("mentees", "mentors", "duos"):
        assert reverse("records:template", args=[kind]) in html
    assert "Bruxelles Centre" in html and "Liège" not in html
    assert 'enctype="multipart/form-data"' in html and "<legend>What the file holds</legend>" in html


def test_upload_shows_what_would_happen_and_writes_nothing(client, coordinator, antenna):
    client.force_login(coordinator)
    before = _written()
    response = _post(client, csv_bytes(GOOD))
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 rows checked, no problem found." in html
    assert "<strong>2</strong> to create" in html and "Gaëlle" in html and "French B2, Dutch A2" in html
    assert "SHA-256" in html and _checked(html).startswith("mentees::")
    assert "choose the same file again" in html  # without JavaScript the file must be chosen again
    assert _written() == before


def test_confirming_the_checked_file_imports_it_as_the_coordinator(client, coordinator, antenna):
    client.force_login(coordinator)
    token = _checked(_post(client, csv_bytes(GOOD)).content.decode())
    response = _post(client, csv_bytes(GOOD), action="import", checked=token)
    assert response.status_code == 302 and response.url == reverse("records:import")
    assert "Mentees imported: 2 created, 0 updated, 0 unchanged." in client.get(response.url).content.decode()
    gaelle = Person.objects.get(external_ref="M1")
    assert gaelle.antenna == antenna and gaelle.mentee.stage == "applied"
    assert StageChange.objects.get(person=gaelle).by == coordinator
    assert AuditEvent.objects.filter(model="people.Person", action="bulk_create", actor=coordinator).exists()


def test_a_different_file_kind_or_antenna_than_the_one_checked_is_not_imported(client, coordinator, antenna):
    client.force_login(coordinator)
    token = _checked(_post(client, csv_bytes(GOOD)).content.decode())
    other = csv_bytes(GOOD[:2])
    for attempt in ({"data": other}, {"data": csv_bytes(GOOD), "kind": "mentors"},
                    {"data": csv_bytes(GOOD), "antenna": antenna.pk}):
        response = _post(client, attempt.pop("data"), action="import", checked=token, **attempt)
        assert response.status_code == 200
        assert "This is not the file, the kind or the antenna that was checked" in response.content.decode()
    assert not Person.objects.exists()


def test_with_htmx_the_check_is_a_fragment_and_the_import_a_client_redirect(client, coordinator, antenna):
    client.force_login(coordinator)
    response = _post(client, csv_bytes(GOOD), htmx=True)
    html = response.content.decode()
    assert "<html" not in html and "data-focus" in html and "choose the same file again" not in html
    response = _post(client, csv_bytes(GOOD), htmx=True, action="import", checked=_checked(html))
    assert response.status_code == 200 and response["HX-Redirect"] == reverse("records:import")
    assert Person.objects.count() == 2


def test_form_errors_come_back_in_the_fragment_too(client, coordinator):
    client.force_login(coordinator)
    html = client.post(reverse("records:import"), {"kind": "mentees"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="error-summary"' in html and 'tabindex="-1"' in html and "Choose a file." in html


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_broken_file_is_shown_with_its_problems_never_a_500(client, coordinator, antenna, case):
    name, data, expected = BROKEN[case]
    client.force_login(coordinator)
    before = _written()
    if not name.endswith((".csv", ".xlsx")):
        name += ".csv"  # the form refuses other extensions itself (see below)
    response = _post(client, data, name=name)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html and "Nothing can be imported" in html
    assert 'name="action" value="import"' not in html  # nothing to confirm
    assert _written() == before


def test_problems_are_listed_in_a_table_by_row_column_value_and_expectation(client, coordinator, antenna):
    client.force_login(coordinator)
    rows = [GOOD[0], GOOD[1][:4] + ["31/02/2024"] + GOOD[1][5:], GOOD[2][:6] + ["liege"] + GOOD[2][7:]]
    html = _post(client, csv_bytes(rows)).content.decode()
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)]
    assert cells[:3] == ["Row 2", "Date of birth", "31/02/2024"] and "does not exist" in cells[3]
    # An antenna outside the coordinator's is a row error like any other.
    assert cells[4:7] == ["Row 3", "Antenna", "liege"] and "brussels-centre" in cells[7]


@pytest.mark.parametrize("name,message", [
    ("people.pdf", "Choose an Excel workbook (.xlsx) or a CSV file (.csv)."),
    ("people.xls", "Choose an Excel workbook (.xlsx) or a CSV file (.csv)."),
])
def test_the_form_refuses_other_kinds_of_file(client, coordinator, name, message):
    client.force_login(coordinator)
    html = _post(client, b"%PDF-1.4", name=name).content.decode()
    assert message in html


def test_an_antenna_outside_the_coordinators_cannot_be_chosen(client, coordinator, other_antenna):
    client.force_login(coordinator)
    response = _post(client, csv_bytes(GOOD), antenna=other_antenna.pk)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Person.objects.exists()


def test_uploads_stay_in_memory_and_too_large_files_are_refused(client, coordinator, antenna, settings, monkeypatch):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # Django would write anything larger to a temporary file

    def no_temporary_file(*args, **kwargs):
        raise AssertionError("a spreadsheet of people was about to be written to disk")

    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", no_temporary_file)
    client.force_login(coordinator)
    assert "2 rows checked" in _post(client, xlsx_bytes(GOOD), name="people.xlsx").content.decode()
    monkeypatch.setattr("duo.intake.records.views.MAX_UPLOAD_BYTES", 1000)
    html = _post(client, csv_bytes(GOOD * 30)).content.decode()
    assert "This file is larger than 10 MB" in html
    assert not Person.objects.exists()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.OFFICER, Role.RESEARCHER])
def test_roles_that_may_not_import_get_403_and_nothing_is_read(client, users, antenna, role):
    client.force_login(users[role])
    assert _post(client, csv_bytes(GOOD), action="import", checked="x").status_code == 403
    assert client.get(reverse("records:template", args=["mentees"])).status_code == 403
    assert not Person.objects.exists()


def test_an_administrator_imports_into_any_antenna(client, admin_user, antenna, other_antenna):
    client.force_login(admin_user)
    rows = [GOOD[0], GOOD[1][:6] + ["liege"] + GOOD[1][7:]]
    token = _checked(_post(client, csv_bytes(rows)).content.decode())
    assert _post(client, csv_bytes(rows), action="import", checked=token).status_code == 302
    assert Person.objects.get().antenna == other_antenna


def test_the_template_is_in_the_users_language(client, coordinator):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(coordinator)
    for lang, header in (("fr", "Prénom"), ("en", "First name")):
        response = client.get(f"/{lang}/staff/records/template/mentors/")
        assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
        assert f"duo-mentors-{lang}.xlsx" in response["Content-Disposition"]
        sheet = load_workbook(BytesIO(response.content)).worksheets[0]
        assert header in [cell.value for cell in sheet[1]]


def test_a_page_with_odd_query_parameters_still_answers(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("records:import") + "?kind=cats&antenna=x").status_code == 200


def test_the_upload_is_protected_against_cross_site_requests(coordinator, antenna):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    html = client.get(reverse("records:import")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert _post(client, csv_bytes(GOOD)).status_code == 403
    response = _post(client, csv_bytes(GOOD), csrfmiddlewaretoken=token)
    assert response.status_code == 200 and "2 rows checked" in response.content.decode()
