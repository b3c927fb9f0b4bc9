"""Answers collected on paper come in from a spreadsheet: the template a coordinator downloads, filled in
and imported as is; all rows or none, each problem naming its row, column and value; people of other
antennas are "unknown" exactly like people who do not exist; nobody answers the same questionnaire twice."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from duo.accounts import scoping
from duo.accounts.roles import Role
from duo.intake.records.reader import describe
from duo.survey import importing
from duo.survey.models import Instrument, Response, ResponseSource

from .factories import DuoFactory, PersonFactory
from .factories_records import csv_bytes, excel_style_xlsx, xlsx_bytes

HEADER = ["person_id", "email", "duo_id", "answered_on", "language"]
CAPITALS = ["network_help", "network_ask", "work_culture", "market_knowledge", "services_knowledge",
            "language_work", "confidence", "autonomy", "career_plan"]
END = [*CAPITALS, "satisfaction", "recommend", "most_useful"]


@pytest.fixture
def instruments(db):
    call_command("load_instruments", verbosity=0)
    return {i.code: i for i in Instrument.objects.all()}


def version(instruments, code):
    return instruments[code].versions.get()


@pytest.fixture
def second_duo(antenna):
    return DuoFactory(antenna=antenna)


def end_row(duo, *, likert=4, answered="15/10/2026", recommend="yes", text="Des portes ouvertes."):
    person = duo.mentee.person
    return [person.pk, "", duo.pk, answered, "fr", *[likert] * 9, likert, recommend, text]


def stored(response):
    return {a.question.code: a.shown for a in response.answers.select_related("question")}


def run(version_, rows, user, *, name="paper.csv", commit=True, data=None):
    data = data if data is not None else (xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows))
    return importing.responses_import(version=version_, data=data, filename=name, by=user, commit=commit)


def post(client, version_, data, name):
    upload = SimpleUploadedFile(name, data)
    return client.post(reverse("survey:import"), {"version": version_.pk, "file": upload, "action": "import"},
                       follow=True)


# --- the template, filled in and imported -----------------------------------------------------------

def test_the_xlsx_template_filled_in_comes_back_as_the_same_answers(instruments, login, coordinator, own_duo,
                                                                    second_duo):
    end = version(instruments, "mentee-end")
    client = login(coordinator)
    got = client.get(reverse("survey:import_template", kwargs={"pk": end.pk, "fmt": "xlsx"}) + "?in=fr")
    assert got.status_code == 200 and "mentee-end-v1-fr.xlsx" in got["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(got.content))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == [*HEADER, *END]
    # The two note rows say, in French, what each column holds and what it accepts.
    notes = [c.value for c in sheet[2]]
    assert notes[0].startswith("#") and notes[HEADER.index("answered_on")]
    assert notes[len(HEADER)].startswith("Je connais des personnes qui peuvent m'aider")
    assert "yes (Oui)" in sheet.cell(row=3, column=len(HEADER) + END.index("recommend") + 1).value
    about = workbook.worksheets[1]
    assert any("Recommanderiez-vous" in str(c.value) for row in about.iter_rows() for c in row)

    mentee, other = own_duo.mentee.person, second_duo.mentee.person
    sheet.append([mentee.pk, None, own_duo.pk, datetime.datetime(2026, 10, 15), "fr", 5, 4, 4, 3, 2, 5, 4, 4, 3, 5,
                  "Oui", "Mon mentor m'a présenté à son réseau."])
    sheet.append([None, other.email.upper(), None, "2026-10-20", "nl", *[3] * 10, "maybe", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    page = post(client, end, buffer.getvalue(), "formulaires-papier.xlsx")

    assert page.status_code == 200 and Response.objects.count() == 2
    assert "formulaires-papier.xlsx" in page.content.decode()  # the success message names the file
    first = Response.objects.get(person=mentee)
    assert (first.source, first.import_ref, first.entered_by, first.duo, first.answered_on, first.language) == (
        ResponseSource.IMPORT, "formulaires-papier.xlsx", coordinator, own_duo, datetime.date(2026, 10, 15), "fr")
    assert stored(first) == {**dict(zip(CAPITALS, ["5", "4", "4", "3", "2", "5", "4", "4", "3"])),
                             "satisfaction": "5", "recommend": "yes",
                             "most_useful": "Mon mentor m'a présenté à son réseau."}
    second = Response.objects.get(person=other)
    assert (second.duo, second.language) == (None, "nl")
    assert stored(second) == {**dict.fromkeys(CAPITALS, "3"), "satisfaction": "3", "recommend": "maybe"}


def test_the_csv_template_in_dutch_round_trips(instruments, login, coordinator, own_duo):
    fit = version(instruments, "pairing-fit")
    client = login(coordinator)
    got = client.get(reverse("survey:import_template", kwargs={"pk": fit.pk, "fmt": "csv"}) + "?in=nl")
    text = got.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == [*HEADER, "pairing_fit", "meetings", "goals_clear", "listened", "call_me", "what_difficult"]
    assert rows[1][len(HEADER)].startswith("Onze duo werkt goed.")
    assert "pairing_fit" in rows[1][rows[0].index("call_me")]  # when the question is asked
    rows.append([own_duo.mentee.person.pk, "", own_duo.pk, "01/11/2026", "nl", "2", "3", "2", "2", "yes",
                 "We zien elkaar weinig."])
    result = run(fit, None, coordinator, data=csv_bytes(rows))
    assert result.committed and result.created == 1
    assert stored(Response.objects.get()) == {"pairing_fit": "2", "meetings": "3", "goals_clear": "2", "listened": "2",
                                              "call_me": "yes", "what_difficult": "We zien elkaar weinig."}


# --- all or nothing ---------------------------------------------------------------------------------

def test_one_bad_row_among_good_ones_stores_nothing_and_names_row_column_and_value(instruments, login, coordinator,
                                                                                   own_duo, second_duo):
    end = version(instruments, "mentee-end")
    third = DuoFactory(antenna=own_duo.antenna)
    rows = [[*HEADER, *END], end_row(own_duo), end_row(second_duo), end_row(third)]
    rows[3][HEADER.index("language") + 1] = 6  # row 4 of the sheet, network_help
    page = post(login(coordinator), end, csv_bytes(rows), "paper.csv")
    html = page.content.decode()
    assert Response.objects.count() == 0
    assert "Ligne 4, colonne « network_help », valeur « 6 »" in html
    assert html.count('<li>Ligne ') == 1  # the good rows have nothing to say


def test_the_errors_read_in_english_too(instruments, coordinator, own_duo, second_duo, english):
    end = version(instruments, "mentee-end")
    rows = [[*HEADER, *END], end_row(own_duo), end_row(second_duo, recommend="often")]
    rows[1][HEADER.index("language") + 3] = "6"
    result = run(end, rows, coordinator)
    sentences = [describe(p, gettext) for p in result.problems]
    assert "Row 2, column “work_culture”, value “6”: Choose a value from 1 to 5." in sentences
    assert "Row 3, column “recommend”, value “often”: Choose among the proposed answers." in sentences
    assert not result.committed and Response.objects.count() == 0


def test_a_missing_required_answer_and_a_future_date_are_row_errors(instruments, coordinator, own_duo, second_duo,
                                                                    english):
    end = version(instruments, "mentee-end")
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    rows = [[*HEADER, *END], end_row(own_duo, answered=tomorrow), end_row(second_duo)]
    rows[2][HEADER.index("language") + 1 + END.index("satisfaction")] = ""
    rows[2][HEADER.index("language")] = "de"
    problems = {(p.row, p.column, p.value): p.expected() for p in run(end, rows, coordinator).problems}
    assert problems == {
        (2, "answered_on", tomorrow): "a date that is not in the future",
        (3, "language", "de"): "fr, nl or en",
        (3, "satisfaction", ""): "Please answer this question.",
    }


# --- who may be named -------------------------------------------------------------------------------

def test_a_person_of_another_antenna_is_unknown_like_one_who_does_not_exist(instruments, login, coordinator,
                                                                            admin_user, own_duo, foreign_duo):
    end = version(instruments, "mentee-end")
    stranger = foreign_duo.mentee.person
    rows = [[*HEADER, *END], end_row(own_duo), end_row(foreign_duo), end_row(own_duo)]
    rows[3][0] = 999999
    rows[3][2] = ""
    by_email = [*end_row(foreign_duo)]
    by_email[0], by_email[1], by_email[2] = "", stranger.email, ""
    rows.append(by_email)
    result = run(end, rows, coordinator)
    messages = {p.row: (p.column, p.expected()) for p in result.problems}
    unknown = importing.UNKNOWN_PERSON
    assert messages[3] == ("person_id", unknown) and messages[4] == ("person_id", unknown)
    assert messages[5] == ("email", unknown)
    assert Response.objects.count() == 0
    # The page shows what the coordinator typed, never who the person is.
    html = post(login(coordinator), end, csv_bytes(rows), "paper.csv").content.decode()
    assert stranger.last_name not in html and stranger.first_name not in html
    # An administrator works for every antenna: the same row goes in.
    admin_result = run(end, [rows[0], rows[2]], admin_user)
    assert admin_result.committed and Response.objects.get().person == stranger


def test_the_duo_must_be_the_persons_and_the_questionnaire_their_side(instruments, coordinator, own_duo,
                                                                      second_duo, english):
    end = version(instruments, "mentee-end")
    wrong_duo = end_row(own_duo)
    wrong_duo[2] = second_duo.pk
    mentor = end_row(second_duo)
    mentor[0] = second_duo.mentor.person_id
    lonely = PersonFactory(antenna=own_duo.antenna)  # neither a mentee nor a mentor
    nobody = end_row(own_duo)
    nobody[0], nobody[2] = lonely.pk, ""
    result = run(end, [[*HEADER, *END], wrong_duo, mentor, nobody], coordinator)
    assert {(p.row, p.column): p.expected() for p in result.problems} == {
        (2, "duo_id"): "this is not a duo of this person: write the number of one of their duos, or leave it empty",
        (3, "duo_id"): "this questionnaire is for mentees, and this person is the duo's mentor",
        (4, "person_id"): "this questionnaire is for mentees, and this person is not one",
    }


def test_roles_that_do_not_change_people_cannot_import(instruments, users, own_duo):
    end = version(instruments, "mentee-end")
    for role in (Role.OFFICER, Role.RESEARCHER, Role.VIEWER):
        with pytest.raises(scoping.NotAllowed):
            run(end, [[*HEADER, *END], end_row(own_duo)], users[role])
    assert Response.objects.count() == 0


# --- duplicates -------------------------------------------------------------------------------------

def test_answers_already_held_and_a_person_twice_in_the_file_are_refused(instruments, coordinator, own_duo,
                                                                         second_duo, english):
    end = version(instruments, "mentee-end")
    rows = [[*HEADER, *END], end_row(own_duo)]
    assert run(end, rows, coordinator).committed
    again = run(end, [*rows, end_row(second_duo), end_row(second_duo, likert=2)], coordinator)
    assert [(p.row, p.column) for p in again.problems] == [(2, "person_id"), (4, "person_id")]
    assert again.problems[0].expected().startswith("Duo already holds this person's answers")
    assert again.problems[1].expected() == "the same person (and duo) is already on row 3 of this file"
    assert Response.objects.count() == 1


# --- cells ------------------------------------------------------------------------------------------

WHY = ["end_reason", "end_reason_other", "end_reasons_more", "could_help", "satisfaction", "new_duo"]


def why_row(duo, reasons, *, main="moved"):
    return [duo.mentee.person_id, "", duo.pk, "2026-09-30", "fr", main, "", reasons, "", "3", "no"]


def test_multiple_choices_are_separated_by_semicolons_as_codes_or_labels(instruments, coordinator, own_duo,
                                                                         second_duo, english):
    why = version(instruments, "why-ended")
    third, fourth = DuoFactory(antenna=own_duo.antenna), DuoFactory(antenna=own_duo.antenna)
    bad = run(why, [[*HEADER, *WHY], why_row(own_duo, "moved; health"), why_row(second_duo, "moved;moved"),
                    why_row(third, "health;cats")], coordinator)
    assert {(p.row, p.column, p.value) for p in bad.problems} == {
        (3, "end_reasons_more", "moved;moved"), (4, "end_reasons_more", "health;cats")}
    good = run(why, [[*HEADER, *WHY], why_row(own_duo, "moved; Santé"), why_row(fourth, "")], coordinator)
    assert good.committed
    assert stored(Response.objects.get(duo=own_duo))["end_reasons_more"] == ["moved", "health"]
    assert "end_reasons_more" not in stored(Response.objects.get(duo=fourth))


FOLLOWUP = ["outcome_status", "job_started_on", "job_hours", "job_matches_plan", *CAPITALS, "satisfaction"]


def test_excel_dates_iso_dates_and_day_numbers_are_all_read(instruments, coordinator, own_duo, second_duo):
    followup = version(instruments, "mentee-followup-6m")
    third = DuoFactory(antenna=own_duo.antenna)
    rows = [[*HEADER, *FOLLOWUP]]
    for duo, answered, started in ((own_duo, datetime.date(2026, 9, 1), datetime.date(2026, 6, 15)),
                                   (second_duo, "2026-09-02", "15/06/2026"),
                                   (third, 46268, 46188)):  # Excel's day numbers for 2026-09-03, 2026-06-15
        rows.append([duo.mentee.person_id, "", duo.pk, answered, "fr", "job_permanent", started, 38, 4,
                     *[4] * 9, 5])
    result = run(followup, rows, coordinator, name="suivi.xlsx", data=excel_style_xlsx(rows))
    assert result.committed, result.problems
    got = {r.duo_id: (r.answered_on, stored(r)["job_started_on"], stored(r)["job_hours"])
           for r in Response.objects.all()}
    assert got == {own_duo.pk: (datetime.date(2026, 9, 1), "2026-06-15", "38"),
                   second_duo.pk: (datetime.date(2026, 9, 2), "2026-06-15", "38"),
                   third.pk: (datetime.date(2026, 9, 3), "2026-06-15", "38")}


def test_skip_logic_ignores_answers_to_hidden_questions_and_checks_shown_ones(instruments, coordinator, own_duo,
                                                                              second_duo, english):
    followup = version(instruments, "mentee-followup-6m")
    searching = [own_duo.mentee.person_id, "", own_duo.pk, "2026-09-01", "fr", "searching", "", 20, "",
                 *[3] * 9, 4]
    too_many = [second_duo.mentee.person_id, "", second_duo.pk, "2026-09-01", "fr", "job_short", "", 70, "",
                *[3] * 9, 4]
    bad = run(followup, [[*HEADER, *FOLLOWUP], searching, too_many], coordinator)
    assert [(p.row, p.column, p.value, p.expected()) for p in bad.problems] == [
        (3, "job_hours", "70", "Enter a number of at most 60.")]
    assert run(followup, [[*HEADER, *FOLLOWUP], searching], coordinator).committed
    assert "job_hours" not in stored(Response.objects.get())


def test_checking_only_writes_nothing(instruments, login, coordinator, own_duo):
    end = version(instruments, "mentee-end")
    upload = SimpleUploadedFile("paper.csv", csv_bytes([[*HEADER, *END], end_row(own_duo)]))
    page = login(coordinator).post(reverse("survey:import"), {"version": end.pk, "file": upload, "action": "check"})
    assert page.status_code == 200 and Response.objects.count() == 0
    assert 'role="status"' in page.content.decode()


def test_a_file_without_the_columns_says_so_before_any_row(instruments, coordinator, own_duo, english):
    end = version(instruments, "mentee-end")
    result = run(end, [["who", "answered_on", *END[:-3]], ["x", "2026-01-01", *[3] * 9]], coordinator)
    columns = {p.column for p in result.problems}
    assert {"who", "satisfaction", "recommend", "person_id / email"} <= columns
    assert "most_useful" not in columns  # an optional question may be left out
