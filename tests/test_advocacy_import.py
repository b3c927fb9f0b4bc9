"""Importing stakeholders, contacts and positions from a spreadsheet: checked first, all or nothing, every problem
named by row, column and value, and importing again duplicates nothing."""

import hashlib
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duo.accounts.roles import Role
from duo.accounts.scoping import NotAllowed
from duo.advocacy.models import Contact, Position, Stakeholder
from duo.advocacy.services_import import stakeholders_check, stakeholders_import
from duo.intake.records.reader import describe
from tests.factories_advocacy import ContactFactory, PositionFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

HEADER = ("Stakeholder name;Stakeholder type;Level of government;Region code;Website;Stakeholder email;"
          "Stakeholder phone;First name;Last name;Contact email;Contact phone;Language;Legal basis;Source;"
          "Role or mandate;Party;Committees;From;Until")
GOOD = [
    "Actiris;public_body;regional;brussels;www.actiris.brussels;info@actiris.be;02 505 14 11;;;;;;;;;;;;",
    "Parlement wallon;Political representative or office;regional;wallonia;;;;Sofia;Rossi;s.rossi@parlement.test;;"
    "fr;Public task;parlement-wallonie.be;Member;Ecolo;Employment, Training;01/07/2024;",
    "Parlement wallon;politique;;;;;;Jan;Peeters;;;nl;intérêt légitime;;Committee chair;;;2024-07-01;",
]


def csv_bytes(*rows, header=HEADER) -> bytes:
    return ("\n".join((header, *rows)) + "\n").encode("utf-8")


@pytest.fixture
def officer(users):
    return users[Role.OFFICER]


def counts():
    return Stakeholder.objects.count(), Contact.objects.count(), Position.objects.count()


def test_a_good_file_is_checked_without_writing_then_imported(officer):
    data = csv_bytes(*GOOD)
    report = stakeholders_check(data=data, filename="list.csv", by=officer)
    assert report.problems == [] and not report.committed
    assert report.counts["stakeholders"]["create"] == 2
    assert report.counts["contacts"]["create"] == 2 and report.counts["positions"]["create"] == 2
    assert counts() == (0, 0, 0)
    report = stakeholders_import(data=data, filename="list.csv", by=officer)
    assert report.committed and counts() == (2, 2, 2)
    actiris = Stakeholder.objects.get(name="Actiris")
    assert actiris.website == "https://www.actiris.brussels" and actiris.region.code == "brussels"
    rossi = Contact.objects.get(last_name="Rossi")
    assert rossi.legal_basis == "public_task" and rossi.source == "parlement-wallonie.be"
    member = rossi.positions.get()
    assert (member.stakeholder.name, member.party, member.level, str(member.started_on)) == (
        "Parlement wallon", "Ecolo", "regional", "2024-07-01")
    assert Contact.objects.get(last_name="Peeters").legal_basis == "legitimate_interest"


def test_a_bad_row_three_writes_nothing_and_names_its_row_column_and_value(officer, english):
    rows = [GOOD[0], "Le Forem;spaceship;regional;wallonia;;;;;;;;;;;;;;;", GOOD[1]]
    report = stakeholders_import(data=csv_bytes(*rows), filename="list.csv", by=officer)
    assert not report.committed and counts() == (0, 0, 0)
    assert len(report.problems) == 1
    message = describe(report.problems[0])
    assert message.startswith("Row 3, column “Stakeholder type”, value “spaceship”: one of:")


def test_the_import_page_lists_every_problem_by_row_and_writes_nothing(client, officer, english):
    client.force_login(officer)
    rows = [GOOD[0], "Le Forem;public_body;galactic;;;;;;;;;;;;;;;;",
            "Parlement wallon;political;;;;;;Sofia;;;;;consent;;Member;Ecolo;;01/07/2024;01/01/2024"]
    upload = SimpleUploadedFile("list.csv", csv_bytes(*rows), content_type="text/csv")
    html = client.post(reverse("advocacy:stakeholders_import"), {"file": upload, "action": "check"}).content.decode()
    assert "Row 3" in html and "Level of government" in html and "galactic" in html
    assert "Row 4" in html and "Last name" in html and "Until" in html and "01/01/2024" in html
    assert counts() == (0, 0, 0)
    # Importing it anyway is refused as well.
    upload = SimpleUploadedFile("list.csv", csv_bytes(*rows), content_type="text/csv")
    checked = hashlib.sha256(csv_bytes(*rows)).hexdigest()
    client.post(reverse("advocacy:stakeholders_import"), {"file": upload, "action": "import", "checked": checked})
    assert counts() == (0, 0, 0)


def test_the_page_imports_only_the_file_that_was_checked(client, officer, english):
    client.force_login(officer)
    url = reverse("advocacy:stakeholders_import")
    data = csv_bytes(*GOOD)
    response = client.post(url, {"file": SimpleUploadedFile("list.csv", data), "action": "check"})
    assert response.context["checked"] == hashlib.sha256(data).hexdigest()
    assert "Import 3 rows" in response.content.decode() and counts() == (0, 0, 0)
    other = csv_bytes(GOOD[0])
    response = client.post(url, {"file": SimpleUploadedFile("list.csv", other), "action": "import",
                                 "checked": response.context["checked"]})
    assert "not the file that was checked" in response.content.decode() and counts() == (0, 0, 0)
    response = client.post(url, {"file": SimpleUploadedFile("list.csv", data), "action": "import",
                                 "checked": hashlib.sha256(data).hexdigest()}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("advocacy:stakeholders")
    assert counts() == (2, 2, 2)
    assert "Imported" in response.content.decode()


def test_importing_again_creates_no_duplicate_and_updates_only_what_changed(officer):
    stakeholders_import(data=csv_bytes(*GOOD), filename="list.csv", by=officer)
    again = stakeholders_import(data=csv_bytes(*GOOD), filename="list.csv", by=officer)
    assert again.committed and counts() == (2, 2, 2)
    assert all(c["create"] == 0 and c["update"] == 0 for c in again.counts.values())
    # Names in another case; an ended mandate; a new phone: found again, updated, nothing duplicated.
    changed = [GOOD[0].replace("Actiris;public_body", "ACTIRIS;Public body"),
               GOOD[1].replace("Employment, Training;01/07/2024;", "Employment, Training;01/07/2024;30/06/2029")
               .replace("s.rossi@parlement.test;", "S.Rossi@parlement.test;0470 12 34 56")]
    report = stakeholders_import(data=csv_bytes(*changed), filename="list.csv", by=officer)
    assert report.committed and counts() == (2, 2, 2)
    assert report.counts["contacts"]["update"] == 1 and report.counts["positions"]["update"] == 1
    assert Stakeholder.objects.get(name="Actiris")  # kept as Duo spells it
    rossi = Contact.objects.get(last_name="Rossi")
    assert rossi.phone == "0470 12 34 56" and str(rossi.positions.get().ended_on) == "2029-06-30"


def test_existing_records_are_found_by_name_and_type_and_by_email_else_name(officer):
    forem = StakeholderFactory(name="Le Forem", kind="public_body")
    by_email = ContactFactory(first_name="Ann", last_name="Smet", email="ann@forem.test")
    by_name = ContactFactory(first_name="Luc", last_name="Dumont", email="")
    PositionFactory(contact=by_name, stakeholder=forem, role="Director", started_on=None)
    rows = ["le forem;Public body;;;;;;Anne;Smet;ANN@forem.test;;fr;consent;;Adviser;;;;",
            "Le Forem;public_body;;;;;;Luc;Dumont;;;fr;consent;;director;;;;"]
    report = stakeholders_import(data=csv_bytes(*rows), filename="list.csv", by=officer)
    assert report.committed, [describe(p) for p in report.problems]
    assert counts() == (1, 2, 2)
    by_email.refresh_from_db()
    assert by_email.first_name == "Anne"  # the file corrects the first name
    assert by_name.positions.get().role == "Director"


def test_row_rules_a_contact_needs_a_legal_basis_and_a_role_and_a_party_needs_a_public_mandate(officer, english):
    rows = ["ACV;trade_union;;;;;;Els;Maes;;;nl;;;;PVDA;;;"]
    report = stakeholders_check(data=csv_bytes(*rows), filename="list.csv", by=officer)
    found = {p.column: describe(p) for p in report.problems}
    assert set(found) == {"Legal basis", "Role or mandate", "Party"}
    assert "public mandate" in found["Party"] and "PVDA" in found["Party"]


def test_the_same_stakeholder_given_two_websites_is_a_problem_on_the_later_row(officer, english):
    rows = ["Actiris;public_body;;;actiris.be;;;;;;;;;;;;;;", "Actiris;public_body;;;actiris.brussels;;;;;;;;;;;;;;"]
    report = stakeholders_check(data=csv_bytes(*rows), filename="list.csv", by=officer)
    assert [(p.row, p.column) for p in report.problems] == [(3, "Website")]
    assert "row 2" in describe(report.problems[0])


def test_unknown_and_missing_columns_are_named(officer, english):
    data = csv_bytes("Actiris;x", header="Stakeholder name;Favourite colour")
    problems = [describe(p) for p in stakeholders_check(data=data, filename="list.csv", by=officer).problems]
    assert any("Favourite colour" in p and "unknown column" in p for p in problems)
    assert any("Stakeholder type" in p and "required column missing" in p for p in problems)


def test_headers_in_french_and_an_xlsx_file_are_read(officer):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Organisation", "Type", "Prénom", "Nom", "Courriel", "Base légale", "Fonction", "Parti"])
    workbook.active.append(["Chambre", "politique", "Marie", "Leroy", "m.leroy@chambre.test", "mission publique",
                            "Députée", "MR"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = stakeholders_import(data=buffer.getvalue(), filename="liste.xlsx", by=officer)
    assert report.committed, [describe(p) for p in report.problems]
    assert Position.objects.get().party == "MR"


def test_only_the_advocacy_team_may_import(users):
    with pytest.raises(NotAllowed):
        stakeholders_check(data=csv_bytes(*GOOD), filename="list.csv", by=users[Role.COORDINATOR])


def test_the_template_downloads_with_every_column_and_the_allowed_values_in_three_languages(client, officer,
                                                                                             english):
    client.force_login(officer)
    response = client.get(reverse("advocacy:stakeholders_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    header = [cell.value for cell in workbook.worksheets[0][1]]
    assert header[:2] == ["Stakeholder name", "Stakeholder type"] and header[-1] == "Until"
    about = "\n".join(str(cell.value) for row in workbook.worksheets[1].iter_rows() for cell in row if cell.value)
    assert "(trade_union)" in about and "(legitimate_interest)" in about and "wallonia" in about


def test_the_downloaded_template_filled_in_imports(client, officer):
    client.force_login(officer)
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(reverse("advocacy:stakeholders_template")).content))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    row = dict.fromkeys(header, None)
    row[header[0]], row[header[1]] = "VDAB", "public_body"
    sheet.append(list(row.values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = stakeholders_import(data=buffer.getvalue(), filename="template.xlsx", by=officer)
    assert report.committed, [describe(p) for p in report.problems]
    assert Stakeholder.objects.get().name == "VDAB"
