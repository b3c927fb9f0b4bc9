"""The people and duo lists leave Duo as XLSX or CSV: filtered, scoped, special categories only for
those allowed, no formula run, and in the import's format so that a file can come back."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from duo.accounts.roles import Role
from duo.intake.records import services
from duo.privacy.models import AuditEvent

from .factories import DuoFactory, MenteeFactory, MentorFactory, PersonLanguageFactory

pytestmark = pytest.mark.usefixtures("english")


def _csv(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def _xlsx(response):
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return sheet, [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def people(antenna, other_antenna):
    ready = MenteeFactory(person__antenna=antenna, person__first_name="Ready", stage="ready",
                          person__nationality_background="non_eu_national", person__external_ref="R1")
    PersonLanguageFactory(person=ready.person, language="nl", level="A2")
    contacted = MenteeFactory(person__antenna=antenna, person__first_name="Contacted", stage="contacted")
    mentor = MentorFactory(person__antenna=antenna, person__first_name="Mentor", stage="ready")
    foreign = MenteeFactory(person__antenna=other_antenna, person__first_name="Foreign", stage="ready")
    return {"ready": ready, "contacted": contacted, "mentor": mentor, "foreign": foreign}


def test_people_export_applies_the_lists_filters(client, coordinator, people):
    client.force_login(coordinator)
    rows = _csv(client.get(reverse("people:export"), {"role": "mentee", "stage": "ready", "format": "csv"}))
    header, body = rows[0], rows[1:]
    assert [row[header.index("First name")] for row in body] == ["Ready"]
    assert body[0][header.index("Languages")] == "nl:A2"
    assert body[0][header.index("Stage")] == "Ready for matching"
    everyone = _csv(client.get(reverse("people:export"), {"format": "csv"}))
    names = {row[everyone[0].index("First name")] for row in everyone[1:]}
    assert names == {"Ready", "Contacted", "Mentor"}  # never another antenna's people
    assert "Role" in everyone[0] and "Stage as a mentor" in everyone[0]


def test_an_administrator_exports_every_antenna(client, admin_user, people):
    client.force_login(admin_user)
    sheet, rows = _xlsx(client.get(reverse("people:export"), {"role": "mentee", "format": "xlsx"}))
    assert {row[rows[0].index("First name")] for row in rows[1:]} == {"Ready", "Contacted", "Foreign"}


def test_special_categories_only_for_roles_allowed_and_their_export_is_audited(client, users, people):
    coordinator, viewer = users[Role.COORDINATOR], users[Role.VIEWER]
    client.force_login(coordinator)
    _sheet, rows = _xlsx(client.get(reverse("people:export"), {"role": "mentee", "format": "xlsx"}))
    assert "Nationality background" in rows[0]
    ready = next(row for row in rows if row[rows[0].index("First name")] == "Ready")
    assert ready[rows[0].index("Nationality background")] == "National of a non-EU country"
    event = AuditEvent.objects.get(action="view", model="people.Person", actor=coordinator)
    assert event.count == 2 and "export" in event.fields
    client.force_login(viewer)
    rows = _csv(client.get(reverse("people:export"), {"role": "mentee", "format": "csv"}))
    assert not {"Nationality background", "Region of birth", "Residence-permit route"} & set(rows[0])
    assert not AuditEvent.objects.filter(action="view", actor=viewer).exists()


def test_formulas_in_names_are_never_run(client, coordinator, antenna):
    MenteeFactory(person__antenna=antenna, person__first_name='=HYPERLINK("http://evil.example","x")',
                  person__last_name="+cmd|' /C calc'!A0")
    client.force_login(coordinator)
    rows = _csv(client.get(reverse("people:export"), {"format": "csv"}))
    assert rows[1][rows[0].index("First name")] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert rows[1][rows[0].index("Last name")].startswith("'+cmd")
    sheet, rows = _xlsx(client.get(reverse("people:export"), {"format": "xlsx"}))
    cell = sheet.cell(row=2, column=rows[0].index("First name") + 1)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")  # text, not a formula


def test_an_export_of_mentees_comes_back_in_unchanged(client, coordinator, antenna, people):
    client.force_login(coordinator)
    for fmt in ("xlsx", "csv"):
        response = client.get(reverse("people:export"), {"role": "mentee", "format": fmt})
        data = response.content if fmt == "xlsx" else b"".join(response.streaming_content)
        report = services.records_check(kind="mentees", data=data, filename=f"export.{fmt}", by=coordinator)
        assert report.ok, [p.expected() for p in report.problems]
        assert report.counts == {"created": 0, "updated": 0, "unchanged": 2, "total": 2}


def test_duo_export_is_filtered_scoped_and_comes_back_in_unchanged(client, coordinator, antenna, other_antenna):
    DuoFactory(antenna=antenna, status="active", mentee__person__external_ref="ME1",
               mentor__person__email="mentor1@example.org")
    DuoFactory(antenna=antenna, status="completed")
    DuoFactory(antenna=other_antenna, status="active")
    client.force_login(coordinator)
    _sheet, rows = _xlsx(client.get(reverse("journeys:export"), {"status": "active", "format": "xlsx"}))
    header, body = rows[0], rows[1:]
    assert len(body) == 1
    assert body[0][header.index("Mentee reference")] == "ME1"
    assert body[0][header.index("Mentor email address")] == "mentor1@example.org"
    assert body[0][header.index("Status")] == "Active" and body[0][header.index("Antenna")] == antenna.code
    response = client.get(reverse("journeys:export"), {"format": "xlsx"})
    report = services.records_check(kind="duos", data=response.content, filename="duos.xlsx", by=coordinator)
    assert report.ok, [p.expected() for p in report.problems]
    assert report.counts["unchanged"] == 2


@pytest.mark.parametrize("query", [{"format": "pdf"}, {"stage": "nonsense", "antenna": "x"}, {"page": "-1"}])
def test_odd_parameters_give_an_xlsx_of_the_unfiltered_list(client, coordinator, people, query):
    client.force_login(coordinator)
    for name in ("people:export", "journeys:export"):
        response = client.get(reverse(name), query)
        assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


def test_the_lists_link_to_their_export_with_the_current_filters(client, coordinator, people):
    client.force_login(coordinator)
    html = client.get(reverse("people:list"), {"role": "mentee", "page": "1"}).content.decode()
    assert f'href="{reverse("people:export")}?role=mentee&amp;format=csv"' in html
    assert reverse("records:import") in html
    html = client.get(reverse("journeys:list"), {"status": "active"}).content.decode()
    assert f'href="{reverse("journeys:export")}?status=active&amp;format=xlsx"' in html
