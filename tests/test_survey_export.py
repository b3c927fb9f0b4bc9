"""Survey answers leave Duo as a pseudonymised table: one row per response, the same pseudonym for the
same person in every export (so before/after pair up), no names, no emails, no raw ids, no free text,
the date as its month; formula-looking cells defused; every export audited; only the roles that work on
aggregates and research may export."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from duo.accounts.roles import Role
from duo.privacy.models import AuditEvent
from duo.survey import exporting, responses, services
from duo.survey.models import Answer, Choice, Instrument, Question

from .factories import DuoFactory

END_CODES = ["network_help", "network_ask", "work_culture", "market_knowledge", "services_knowledge",
             "language_work", "confidence", "autonomy", "career_plan", "satisfaction", "recommend"]


@pytest.fixture
def instruments(db):
    call_command("load_instruments", verbosity=0)
    return {i.code: i for i in Instrument.objects.all()}


def answer(instrument, duo, *, likert="4", recommend="yes", text="Mon mentor, Jean Dupuis de la boulangerie.",
           on=datetime.date(2026, 10, 14), by=None, version=None):
    version = version or instrument.versions.order_by("-number").first()
    answers = {q.code: likert for q in version.questions.filter(type="likert5")}
    codes = set(version.questions.values_list("code", flat=True))
    answers.update({k: v for k, v in {"recommend": recommend, "most_useful": text}.items() if k in codes})
    for q in version.questions.filter(type="single").exclude(code="recommend"):
        answers[q.code] = q.choices.first().value
    return responses.response_import(version=version, person=duo.mentee.person, duo=duo, answers=answers, by=by,
                                     answered_on=on, language="fr", import_ref="paper.xlsx")


def read_csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def export(client, instrument, fmt="csv", **params):
    return client.get(reverse("survey:export"), {"instrument": instrument.pk, "format": fmt, **params})


def test_one_row_per_response_with_pseudonyms_the_month_and_the_answers(instruments, login, users, own_duo):
    end = instruments["mentee-end"]
    answer(end, own_duo, likert="5", recommend="maybe")
    got = export(login(users[Role.OFFICER]), end)
    assert got.status_code == 200 and "survey-mentee-end" in got["Content-Disposition"]
    [row] = read_csv(got)
    assert list(row) == [*exporting.FIXED, *END_CODES]
    person = own_duo.mentee.person
    assert row["person"] == exporting.pseudonym("person", person.pk) and len(row["person"]) == 16
    assert row["duo"] == exporting.pseudonym("duo", own_duo.pk) != row["person"]
    assert {k: row[k] for k in ("role", "antenna", "version", "answered_month", "source", "language")} == {
        "role": "mentee", "antenna": "brussels-centre", "version": "1", "answered_month": "2026-10",
        "source": "import", "language": "fr"}
    assert row["network_help"] == "5" and row["recommend"] == "maybe"


def test_no_free_text_no_names_no_emails_no_raw_ids(instruments, login, users, own_duo):
    end = instruments["mentee-end"]
    answer(end, own_duo)
    person = own_duo.mentee.person
    for fmt in ("csv", "xlsx"):
        got = export(login(users[Role.RESEARCHER]), end, fmt)
        if fmt == "csv":
            content = b"".join(got.streaming_content).decode("utf-8-sig")
        else:
            sheet = openpyxl.load_workbook(io.BytesIO(got.content)).active
            content = "\n".join(";".join(str(c.value) for c in row) for row in sheet.iter_rows())
        assert "most_useful" not in content and "Jean Dupuis" not in content
        for secret in (person.first_name, person.last_name, person.email, "2026-10-14", "14/10/2026"):
            assert secret not in content
        header = content.splitlines()[0].split(";")
        assert not [h for h in header if "id" in h.split("_") or "name" in h or "email" in h]
        person_cell, duo_cell = content.splitlines()[1].split(";")[:2]
        assert person_cell not in (str(person.pk), "") and duo_cell not in (str(own_duo.pk), "")


def test_the_same_person_has_the_same_pseudonym_before_and_after_and_another_key_another(instruments, settings,
                                                                                        own_duo):
    baseline, end = instruments["mentee-baseline"], instruments["mentee-end"]
    other = DuoFactory(antenna=own_duo.antenna)
    answer(baseline, own_duo, on=datetime.date(2026, 1, 20))
    answer(end, own_duo)
    answer(end, other)
    _c, before = exporting.responses_export(user=None, instrument=baseline)
    _c, after = exporting.responses_export(user=None, instrument=end)
    assert before[0]["person"] in {r["person"] for r in after}
    assert len({r["person"] for r in after}) == 2
    settings.SURVEY_PSEUDONYM_KEY = "another key, another research project"
    _c, rekeyed = exporting.responses_export(user=None, instrument=end)
    assert not {r["person"] for r in rekeyed} & {r["person"] for r in after}


def test_the_columns_are_the_union_of_the_versions_with_the_version_of_each_row(instruments, admin_user, own_duo):
    end = instruments["mentee-end"]
    answer(end, own_duo)
    draft = services.version_new_draft(instrument=end, by=admin_user)
    question = Question.objects.create(version=draft, position=99, code="would_pay", type="single", required=True,
                                       text_fr="Payeriez-vous ?", text_nl="Zou u betalen?", text_en="Would you pay?")
    for position, value in enumerate(["yes", "no"]):
        Choice.objects.create(question=question, position=position, value=value, label_fr=value, label_nl=value,
                              label_en=value)
    services.version_publish(version=draft, by=admin_user)
    other = DuoFactory(antenna=own_duo.antenna)
    answer(end, other, version=draft)
    columns, rows = exporting.responses_export(user=None, instrument=end)
    assert [str(c.header) for c in columns][-2:] == ["recommend", "would_pay"]
    assert [(r["version"], r["would_pay"]) for r in rows] == [(1, ""), (2, "yes")]


def test_multiple_choices_are_joined_and_formula_like_cells_are_defused(instruments, login, users, own_duo):
    why = instruments["why-ended"]
    version = why.versions.get()
    response = responses.response_import(
        version=version, person=own_duo.mentee.person, duo=own_duo, by=None, answered_on=datetime.date(2026, 9, 3),
        language="nl", import_ref="x.csv",
        answers={"end_reason": "moved", "end_reasons_more": ["moved", "health"], "satisfaction": "3",
                 "new_duo": "no"})
    client = login(users[Role.OFFICER])
    [row] = read_csv(export(client, why))
    assert row["end_reasons_more"] == "moved;health" and row["end_reason"] == "moved"
    # A value that a spreadsheet would run as a formula (stored by some older tool) is written as text.
    Answer.objects.filter(response=response, question__code="new_duo").update(value="=HYPERLINK(\"http://x\")")
    Answer.objects.filter(response=response, question__code="end_reason").update(value="@SUM(A1)")
    [row] = read_csv(export(client, why))
    assert row["new_duo"] == "'=HYPERLINK(\"http://x\")" and row["end_reason"] == "'@SUM(A1)"
    sheet = openpyxl.load_workbook(io.BytesIO(export(client, why, "xlsx").content)).active
    cells = {c.value: c.data_type for row in sheet.iter_rows() for c in row}
    assert cells['=HYPERLINK("http://x")'] == "s"  # a text cell, never a formula


def test_filters_by_antenna_and_period(instruments, login, users, own_duo, foreign_duo):
    end = instruments["mentee-end"]
    answer(end, own_duo, on=datetime.date(2026, 3, 5))
    answer(end, foreign_duo, on=datetime.date(2026, 10, 5))
    client = login(users[Role.ADMINISTRATOR])
    assert len(read_csv(export(client, end))) == 2
    [row] = read_csv(export(client, end, antenna=foreign_duo.antenna.pk))
    assert row["antenna"] == "liege"
    [row] = read_csv(export(client, end, start="2026-01-01", end="2026-06-30"))
    assert row["answered_month"] == "2026-03"


def test_each_export_is_audited(instruments, login, users, own_duo):
    end = instruments["mentee-end"]
    answer(end, own_duo)
    export(login(users[Role.RESEARCHER]), end, "xlsx")
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert (event.model, event.count, event.actor_id) == ("survey.Response", 1, users[Role.RESEARCHER].pk)
    assert "mentee-end" in event.note and "xlsx" in event.note


@pytest.mark.parametrize("role,status", [(Role.COORDINATOR, 403), (Role.VIEWER, 403), (Role.OFFICER, 200),
                                         (Role.RESEARCHER, 200), (Role.ADMINISTRATOR, 200)])
def test_only_the_aggregate_and_research_roles_export(instruments, login, users, own_duo, role, status):
    end = instruments["mentee-end"]
    answer(end, own_duo)
    assert export(login(users[role]), end).status_code == status
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == (1 if status == 200 else 0)


def test_the_page_says_why_free_text_stays_in(instruments, login, users, english):
    page = login(users[Role.OFFICER]).get("/en/staff/surveys/export/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Free-text answers are never exported" in html and "testimonies" in html


def test_a_period_ending_before_it_starts_is_refused(instruments, login, users, english):
    page = export(login(users[Role.OFFICER]), instruments["mentee-end"], start="2026-06-01", end="2026-01-01")
    assert page.status_code == 200 and "comes before its start" in page.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_the_command_writes_the_same_table(instruments, own_duo, tmp_path):
    end = instruments["mentee-end"]
    answer(end, own_duo)
    out = tmp_path / "end.csv"
    call_command("export_responses", "--instrument", "mentee-end", "--format", "csv", "--out", str(out),
                 stdout=io.StringIO())
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig")), delimiter=";"))
    assert [r["person"] for r in rows] == [exporting.pseudonym("person", own_duo.mentee.person_id)]
    xlsx = tmp_path / "end.xlsx"
    call_command("export_responses", "--instrument", "mentee-end", "--format", "xlsx", "--out", str(xlsx),
                 stdout=io.StringIO())
    sheet = openpyxl.load_workbook(xlsx).active
    assert [c.value for c in sheet[1]][:3] == ["person", "duo", "role"] and sheet.max_row == 2
    event = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).first()
    assert event.actor_label == "export_responses"
