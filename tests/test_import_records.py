"""import_records: what an organisation's spreadsheets become in Duo, and every way a file can be wrong.

Each broken file must be refused with a message naming its row, column and value, exit code 1,
and nothing written at all.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext

from duo.intake.management.commands.import_records import Command
from duo.intake.models import StageChange
from duo.intake.records import services
from duo.journeys.models import Duo
from duo.people.models import MenteeProfile, MentorProfile, Person, PersonLanguage
from duo.privacy.models import AuditEvent

from .factories import MenteeFactory, PersonFactory
from .factories_records import MENTEE_HEADER, csv_bytes, excel_style_xlsx, mentee_rows, xlsx_bytes

pytestmark = pytest.mark.django_db

GOOD = [
    ["Reference", "First name", "Last name", "Email address", "Date of birth", "Gender", "Antenna", "Languages"],
    ["M1", "Gaëlle", "Lambert", "gaelle@example.org", "12/04/1999", "Vrouw", "brussels-centre", "fr:B2, nl:A2"],
    ["M2", "Youssef", "Amrani", "youssef@example.org", "1998-11-03", "male", "brussels-centre", "English C1"],
]


def _written():
    return {model.__name__: model.objects.count()
            for model in (Person, MenteeProfile, MentorProfile, PersonLanguage, Duo, StageChange, AuditEvent)}


def run(tmp_path, kind, data, name="records.csv", *args, language="en"):
    """(exit code, stdout, stderr) of `manage.py import_records KIND FILE ARGS`."""
    path = tmp_path / name
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_records", kind, str(path), *args, "--language", language, stdout=out, stderr=err)
    except CommandError as exc:
        err.write(str(exc))
        return exc.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


# --- what a good file does ------------------------------------------------------------------------

def test_without_commit_a_good_file_is_only_checked(tmp_path, antenna):
    before = _written()
    code, out, _err = run(tmp_path, "mentees", csv_bytes(GOOD))
    assert code == 0
    assert "2 to create" in out and "add --commit" in out
    assert _written() == before


def test_a_good_file_is_imported_with_its_languages_stage_history_and_no_consent(tmp_path, antenna, english):
    code, out, _err = run(tmp_path, "mentees", csv_bytes(GOOD), "records.csv", "--commit")
    assert code == 0 and "2 created, 0 updated, 0 unchanged" in out
    gaelle = Person.objects.get(external_ref="M1")
    assert (gaelle.first_name, gaelle.gender, gaelle.date_of_birth, gaelle.antenna) == (
        "Gaëlle", "female", datetime.date(1999, 4, 12), antenna)
    assert sorted(gaelle.languages.values_list("language", "level")) == [("fr", "B2"), ("nl", "A2")]
    assert gaelle.mentee.stage == "applied"
    change = StageChange.objects.get(person=gaelle)
    assert (change.kind, change.from_stage, change.to_stage, change.by) == ("mentee", "", "applied", None)
    assert not gaelle.consents.exists()  # the import never makes up a consent
    # One audit event per bulk write, naming the command as the actor.
    assert AuditEvent.objects.filter(model="people.Person", action="bulk_create", count=2,
                                     actor_label="import_records").exists()


def test_importing_the_same_file_again_creates_nothing_and_a_change_is_an_update(tmp_path, antenna):
    run(tmp_path, "mentees", csv_bytes(GOOD), "records.csv", "--commit")
    before = _written()
    code, out, _err = run(tmp_path, "mentees", csv_bytes(GOOD), "records.csv", "--commit")
    assert code == 0 and "0 created, 0 updated, 2 unchanged" in out
    assert _written() == before  # not even an audit event: nothing was written
    changed = [row[:] for row in GOOD]
    changed[2][7] = "English C2"
    changed[1][5] = ""  # an empty cell leaves what Duo holds
    code, out, _err = run(tmp_path, "mentees", csv_bytes(changed), "records.csv", "--commit")
    assert "0 created, 1 updated, 1 unchanged" in out
    assert Person.objects.get(external_ref="M1").gender == "female"
    assert list(Person.objects.get(external_ref="M2").languages.values_list("level", flat=True)) == ["C2"]


def test_a_new_stage_in_the_file_moves_the_person_and_is_in_their_history(tmp_path, antenna):
    rows = [GOOD[0] + ["Stage", "Reason for leaving the pipeline"], GOOD[1] + ["contacted", ""]]
    run(tmp_path, "mentees", csv_bytes(rows), "records.csv", "--commit")
    rows[1][-2:] = ["Withdrawn", "Found a job or training"]
    code, out, err = run(tmp_path, "mentees", csv_bytes(rows), "records.csv", "--commit")
    assert code == 0 and "1 updated" in out, err
    person = Person.objects.get(external_ref="M1")
    assert (person.mentee.stage, person.mentee.stage_reason) == ("withdrawn", "found_job")
    assert list(StageChange.objects.filter(person=person).order_by("pk").values_list(
        "from_stage", "to_stage", "reason")) == [("", "contacted", ""), ("contacted", "withdrawn", "found_job")]
    rows[1][-2:] = ["ready", "Found a job or training"]  # a reason belongs to leaving only
    code, _out, err = run(tmp_path, "mentees", csv_bytes(rows), "records.csv", "--commit")
    assert code == 1 and "Row 2, column “Reason for leaving the pipeline”" in err


def test_people_are_found_again_by_email_then_by_name_and_birth_date(tmp_path, antenna):
    by_email = PersonFactory(antenna=antenna, email="gaelle@example.org", first_name="G.", external_ref="")
    by_name = PersonFactory(antenna=antenna, email="", first_name="Youssef", last_name="Amrani",
                            date_of_birth=datetime.date(1998, 11, 3))
    MenteeFactory(person=by_name, stage="contacted")
    rows = [[cell for i, cell in enumerate(row) if i != 3] for row in GOOD]  # no email column
    rows[1].insert(3, "gaelle@example.org")
    rows[0].insert(3, "Email address")
    rows[2].insert(3, "")
    code, out, _err = run(tmp_path, "mentees", csv_bytes(rows), "records.csv", "--commit")
    assert code == 0 and "0 created, 2 updated" in out
    by_email.refresh_from_db()
    assert (by_email.first_name, by_email.external_ref) == ("Gaëlle", "M1")
    assert by_email.mentee.stage == "applied"  # a mentee profile added to the person already there
    assert MenteeProfile.objects.get(person=by_name).stage == "contacted"  # no stage given: left alone
    assert Person.objects.count() == 2


def test_another_reference_is_another_person_even_with_the_same_email(tmp_path, antenna):
    PersonFactory(antenna=antenna, email="gaelle@example.org", external_ref="OLD-7")
    code, out, _err = run(tmp_path, "mentees", csv_bytes(GOOD), "records.csv", "--commit")
    assert "2 created" in out
    assert Person.objects.filter(email="gaelle@example.org").count() == 2


def test_semicolons_bom_and_windows_accents(tmp_path, antenna, other_antenna):
    rows = [["Prénom", "Nom", "Courriel", "Date de naissance", "Antenne", "Code postal"],
            ["Gaëlle", "Lefèvre", "gaelle@example.org", "1/2/2000", "Liège", "4000"]]
    for encoding in ("cp1252", "utf-8-sig"):
        code, out, err = run(tmp_path, "mentees", csv_bytes(rows, encoding=encoding), "records.csv", "--commit")
        assert code == 0, err
    person = Person.objects.get()  # the second import found the first one again
    assert (person.first_name, person.last_name, person.antenna, person.date_of_birth) == (
        "Gaëlle", "Lefèvre", other_antenna, datetime.date(2000, 2, 1))


def test_xlsx_with_real_dates_dutch_headers_and_choice_labels_in_any_language(tmp_path, antenna):
    rows = [["Voornaam", "Achternaam", "Geboortedatum", "Geslacht", "Fase", "Antenne", "Opleidingsniveau"],
            ["Eva", "Peeters", datetime.datetime(2001, 5, 6), "Vrouw", "Contacted", "brussels-centre", "master"],
            ["Jan", "Claes", datetime.date(2000, 1, 2), "Homme", "Info session attended", "brussels-centre",
             "Master or doctorate"],
            [None, None, None, None, None, None, None],
            ["Ana", "Silva", "2002-03-04", "female", "applied", "brussels-centre", ""]]
    code, out, err = run(tmp_path, "mentees", xlsx_bytes(rows), "records.xlsx", "--commit")
    assert code == 0, err
    assert "3 created" in out  # the empty row is skipped
    eva = Person.objects.get(first_name="Eva")
    assert (eva.date_of_birth, eva.gender, eva.mentee.stage, eva.mentee.education_level) == (
        datetime.date(2001, 5, 6), "female", "contacted", "master")
    assert Person.objects.get(first_name="Jan").mentee.stage == "info_session"


def test_a_workbook_saved_by_excel_with_numbers_and_date_cells(tmp_path, antenna):
    rows = [["Référence", "Prénom", "Nom", "Date de naissance", "Code postal", "Antenne", "Candidature le"],
            [1042, "Gaëlle", "Lambert", datetime.date(1999, 4, 12), 1080, "brussels-centre",
             datetime.date(2024, 3, 1)]]
    code, out, err = run(tmp_path, "mentees", excel_style_xlsx(rows), "Classeur1.xlsx", "--commit")
    assert code == 0, err
    person = Person.objects.get()
    assert (person.external_ref, person.postal_code, person.date_of_birth, person.mentee.applied_on) == (
        "1042", "1080", datetime.date(1999, 4, 12), datetime.date(2024, 3, 1))


def test_mentors_then_duos_and_again_without_duplicates(tmp_path, antenna):
    run(tmp_path, "mentees", csv_bytes(GOOD), "mentees.csv", "--commit")
    mentors = [["Ref", "First name", "Last name", "Email", "Retired or working", "Duos at once",
                "Training completed on", "Phone"],
               ["T1", "Jean", "Martin", "jean@example.org", "Retraité", "2", "15/09/2024", "+32 470 12 34 56"]]
    code, out, err = run(tmp_path, "mentors", csv_bytes(mentors), "mentors.csv", "--commit", "--antenna",
                         "brussels-centre")
    assert code == 0, err
    jean = Person.objects.get(external_ref="T1")
    assert (jean.mentor.status, jean.mentor.max_duos, jean.mentor.training_completed_on, jean.phone_digits) == (
        "retired", 2, datetime.date(2024, 9, 15), "470123456")
    duos = [["Mentee reference", "Mentor email address", "Matched on", "Started on", "Ended on", "Duo language"],
            ["M1", "jean@example.org", "01/10/2024", "10/10/2024", "", "Nederlands"],
            ["M2", "JEAN@example.org", "01/10/2024", "", "", ""]]
    code, out, err = run(tmp_path, "duos", csv_bytes(duos), "duos.csv", "--commit")
    assert code == 0, err
    first = Duo.objects.get(mentee__person__external_ref="M1")
    assert (first.mentor, first.antenna, first.status, first.language, first.started_on) == (
        jean.mentor, antenna, "active", "nl", datetime.date(2024, 10, 10))
    assert Duo.objects.get(mentee__person__external_ref="M2").status == "introduction_planned"
    code, out, _err = run(tmp_path, "duos", csv_bytes(duos), "duos.csv", "--commit")
    assert "0 created, 0 updated, 2 unchanged" in out and Duo.objects.count() == 2


DUO_HEADER = ["Mentee reference", "Mentor email address", "Matched on", "Started on", "Ended on"]
BROKEN_DUOS = {
    "unknown mentor": ([["M1", "nobody@example.org", "01/10/2024", "", ""]],
                       "Row 2, column “Mentor email address”, value “nobody@example.org”: no mentor in your antennas"),
    "the same duo twice": ([["M1", "jean@example.org", "01/10/2024", "", ""]] * 2,
                           "Row 3, column “Matched on”, value “01/10/2024”: the same duo as row 2"),
    "ended before it started": ([["M1", "jean@example.org", "01/10/2024", "10/10/2024", "05/10/2024"]],
                                "Row 2, column “Ended on”, value “05/10/2024”: a date after the start (10/10/2024)"),
    "no mentee given": ([["", "jean@example.org", "01/10/2024", "", ""]],
                        "Row 2, column “Mentee reference”, value “”: a value is required"),
    "matched in the future": ([["M1", "jean@example.org", "01/10/2099", "", ""]],
                              "value “01/10/2099”: a date that is not in the future"),
}


@pytest.mark.parametrize("case", BROKEN_DUOS, ids=list(BROKEN_DUOS))
def test_every_broken_duo_file_is_refused_and_nothing_written(tmp_path, antenna, case):
    from .factories import MentorFactory

    MenteeFactory(person__antenna=antenna, person__external_ref="M1")
    MentorFactory(person__antenna=antenna, person__email="jean@example.org")
    rows, expected = BROKEN_DUOS[case]
    before = _written()
    code, _out, err = run(tmp_path, "duos", csv_bytes([DUO_HEADER, *rows]), "duos.csv", "--commit")
    assert code == 1 and expected in err, err
    assert _written() == before


def test_special_category_columns_are_stored_encrypted(tmp_path, antenna):
    rows = [MENTEE_HEADER[:3] + ["Antenna", "Nationality background", "Residence-permit route"],
            ["S1", "Awa", "Diallo", "brussels-centre", "Un parent né hors UE", "refugee"]]
    rows[1][4] = "A parent born outside the EU"
    code, _out, err = run(tmp_path, "mentees", csv_bytes(rows), "records.csv", "--commit")
    assert code == 0, err
    person = Person.objects.get(external_ref="S1")
    assert (person.nationality_background, person.residence_route) == ("parent_outside_eu", "refugee")
    with connection.cursor() as cursor:
        cursor.execute("SELECT nationality_background FROM people_person WHERE id = %s", [person.pk])
        assert "parent_outside_eu" not in cursor.fetchone()[0]


# --- the template -----------------------------------------------------------------------------------

@pytest.mark.parametrize("language,header", [("fr", "Prénom"), ("en", "First name")])
def test_template_headers_speak_the_language_and_a_filled_template_imports(tmp_path, antenna, language, header):
    from openpyxl import load_workbook

    path = tmp_path / "template.xlsx"
    call_command("import_records", "mentees", "--template", str(path), "--language", language, stdout=io.StringIO())
    workbook = load_workbook(path)
    data, about = workbook.worksheets
    headers = [cell.value for cell in data[1]]
    assert header in headers
    explained = [row[0].value for row in about.iter_rows() if row[0].value]
    assert all(h in explained for h in headers)  # the second sheet explains every column
    with translation.override(language):
        assert any(gettext("Reason for leaving the pipeline") in str(c.value) for c in data[1])
    data.append(["T-1", "Léa", "Noël"] + [None] * (len(headers) - 3))
    data.cell(row=2, column=headers.index(data.cell(row=1, column=9).value) + 1, value="brussels-centre")
    workbook.save(path)
    code, out, err = run(tmp_path, "mentees", path.read_bytes(), "filled.xlsx", "--commit", language=language)
    assert code == 0, err
    assert Person.objects.get(external_ref="T-1").last_name == "Noël"


# --- the corpus of broken files -----------------------------------------------------------------------

BROKEN = {
    "utf-16": ("people.csv", "first name;last name\nGaëlle;Lambert\n".encode("utf-16"), ["UTF-16"]),
    "binary": ("people.csv", bytes(range(256)) * 8, ["not a text file"]),
    "pdf renamed": ("people.csv", b"%PDF-1.4\n\x00\x01\x02", ["PDF"]),
    "workbook renamed .csv": ("people.csv", xlsx_bytes(GOOD), ["Excel workbook"]),
    "merged cells": ("people.xlsx", xlsx_bytes(GOOD + [["M3", "Ana", "", "", "", "", "", ""]], merged=["B4:C4"]),
                     ["Row 4, column “First name”, value “B4:C4”", "merged cells B4:C4"]),
    "formula": ("people.xlsx", xlsx_bytes([GOOD[0], GOOD[1][:4] + ['=TEXT(DATE(1999,4,12),"dd/mm/yyyy")'] +
                                           GOOD[1][5:]], formulas={"E2"}),
                ["Row 2, column “Date of birth”", "cell E2 holds a formula"]),
    "unknown column": ("people.csv", csv_bytes([GOOD[0] + ["Favourite colour"], GOOD[1] + ["blue"]]),
                       ["Row 1, column “Favourite colour”, value “Favourite colour”: unknown column",
                        "First name, Last name"]),
    "missing required column": ("people.csv", csv_bytes([[h for h in row if h != "Last name"] for row in GOOD[:1]] +
                                                        [GOOD[1][:2] + GOOD[1][3:]]),
                                ["required column missing", "Last name"]),
    "impossible date": ("people.csv", csv_bytes([GOOD[0], GOOD[1][:4] + ["31/02/2024"] + GOOD[1][5:]]),
                        ["Row 2, column “Date of birth”, value “31/02/2024”: this date does not exist"]),
    "american date": ("people.csv", csv_bytes([GOOD[0], GOOD[1][:4] + ["12/31/1999"] + GOOD[1][5:]]),
                      ["value “12/31/1999”: this date does not exist"]),
    "bad choice": ("people.csv", csv_bytes([GOOD[0], GOOD[1][:5] + ["Martian"] + GOOD[1][6:]]),
                   ["Row 2, column “Gender”, value “Martian”: one of: Female, Male, Other, Prefer not to say"]),
    "duplicate rows": ("people.csv", csv_bytes(GOOD + [GOOD[1]]),
                       ["Row 4, column “Reference”, value “M1”: the same person as row 2"]),
    "unknown antenna": ("people.csv", csv_bytes([GOOD[0], GOOD[1][:6] + ["atlantis"] + GOOD[1][7:]]),
                        ["Row 2, column “Antenna”, value “atlantis”: the code of one of your antennas"]),
    "row with only some cells": ("people.csv", csv_bytes(GOOD + [["M9", "", "", "", "", "", "", ""[:0]]]),
                                 ["Row 4, column “First name”, value “”: a value is required",
                                  "Row 4, column “Last name”"]),
    "one bad row among good ones": ("people.csv", csv_bytes(GOOD + [["M3", "Ana", "Silva", "not-an-email", "",
                                                                     "", "brussels-centre", ""]]),
                                    ["Row 4, column “Email address”, value “not-an-email”: an email address"]),
    "header only": ("people.csv", csv_bytes(GOOD[:1]), ["no rows"]),
    "spreadsheet of another program": ("people.ods", b"PK\x03\x04", [".xlsx"]),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_every_broken_file_is_refused_with_row_level_messages_and_nothing_written(tmp_path, antenna, case):
    name, data, expected = BROKEN[case]
    before = _written()
    code, _out, err = run(tmp_path, "mentees", data, name, "--commit")
    assert code == 1
    for text in expected:
        assert text in err, err
    assert "Nothing was imported" in err
    assert _written() == before


def test_a_file_without_antennas_needs_one_for_the_whole_file(tmp_path, antenna):
    rows = [[h for h in row if h != "Antenna"] for row in GOOD[:1]] + [row[:6] + row[7:] for row in GOOD[1:]]
    code, _out, err = run(tmp_path, "mentees", csv_bytes(rows), "f.csv", "--commit")
    assert code == 1 and "unless you choose an antenna for the whole file" in err
    code, _out, err = run(tmp_path, "mentees", csv_bytes(rows), "f.csv", "--commit", "--antenna", "nowhere")
    assert code == 1 and "There is no antenna with the code “nowhere”. Antennas: brussels-centre." in err
    code, out, _err = run(tmp_path, "mentees", csv_bytes(rows), "f.csv", "--commit", "--antenna", "BRUSSELS-centre")
    assert code == 0 and set(Person.objects.values_list("antenna__code", flat=True)) == {"brussels-centre"}


def test_messages_speak_french_when_asked(tmp_path, antenna):
    rows = [["Prénom", "Nom", "Date de naissance", "Antenne"], ["Gaëlle", "Lambert", "31/02/2024", "brussels-centre"]]
    code, _out, err = run(tmp_path, "mentees", csv_bytes(rows), "f.csv", "--commit", language="fr")
    assert code == 1
    assert "Ligne 2, colonne « Date de naissance », valeur « 31/02/2024 »" in err
    with translation.override("fr"):
        assert gettext("this date does not exist: write a real day, dd/mm/yyyy (such as 28/02/2024)") in err
        assert gettext("Nothing was imported: %(file)s has %(count)s problem.").split("%")[0] in err
    assert "Rien n'a été importé" in err


def test_an_antenna_outside_the_coordinators_is_a_row_error(antenna, other_antenna, coordinator):
    rows = [GOOD[0], GOOD[1][:6] + ["liege"] + GOOD[1][7:], GOOD[2]]
    before = _written()
    with translation.override("en"):
        report = services.records_import(kind="mentees", data=csv_bytes(rows), filename="f.csv", by=coordinator)
    assert [(p.row, p.column, p.value) for p in report.problems] == [(2, "Antenna", "liege")]
    assert "brussels-centre" in report.problems[0].expected() and not report.committed
    assert _written() == before


def test_duos_refer_only_to_people_the_importer_may_see(antenna, other_antenna, coordinator, english):
    foreign = MenteeFactory(person__antenna=other_antenna, person__external_ref="F1")
    from .factories import MentorFactory

    MentorFactory(person__antenna=antenna, person__external_ref="T1")
    rows = [["Mentee reference", "Mentor reference", "Matched on"], ["F1", "T1", "01/10/2024"]]
    report = services.records_import(kind="duos", data=csv_bytes(rows), filename="d.csv", by=coordinator)
    assert [(p.row, p.column, p.value) for p in report.problems] == [(2, "Mentee reference", "F1")]
    assert not Duo.objects.filter(mentee=foreign).exists()


def test_the_real_exit_codes(tmp_path, antenna, monkeypatch):
    # run_from_argv closes the database connections when it is done: not the test's transaction.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(csv_bytes(GOOD))
    bad.write_bytes(csv_bytes([GOOD[0], GOOD[1][:4] + ["31/02/2024"] + GOOD[1][5:]]))
    command = Command(stdout=io.StringIO(), stderr=io.StringIO())
    command.run_from_argv(["manage.py", "import_records", "mentees", str(good)])  # no SystemExit: exit code 0
    with pytest.raises(SystemExit) as exited:
        Command(stdout=io.StringIO(), stderr=io.StringIO()).run_from_argv(
            ["manage.py", "import_records", "mentees", str(bad)])
    assert exited.value.code == 1


def test_many_problems_are_all_counted_and_printed_up_to_a_cap(tmp_path, antenna):
    rows = [GOOD[0]] + [[f"X{i}", "A", "B", "", "30/02/2000", "", "brussels-centre", ""] for i in range(250)]
    code, _out, err = run(tmp_path, "mentees", csv_bytes(rows), "many.csv")
    assert code == 1
    assert "has 250 problems" in err and "(and 50 more)" in err
    assert err.count("this date does not exist") == 200


# --- 10,000 rows ------------------------------------------------------------------------------------

def test_ten_thousand_rows_import_and_import_again_without_duplicates(tmp_path, antenna):
    data = csv_bytes(mentee_rows(10_000))
    code, out, err = run(tmp_path, "mentees", data, "big.csv", "--commit")
    assert code == 0, err[:2000]
    assert "10000 created" in out
    assert MenteeProfile.objects.count() == 10_000 and StageChange.objects.count() == 10_000
    assert not Person.objects.filter(phone_digits="").exists()
    before = _written()
    code, out, _err = run(tmp_path, "mentees", data, "big.csv", "--commit")
    assert "0 created, 0 updated, 10000 unchanged" in out
    assert _written() == before
