"""The right of access: everything held about a person, readable, in their language, as JSON and PDF, from the
command line and from the staff page; nothing of anyone else; every export audited."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from duo.accounts.roles import Role
from duo.privacy import subject, subject_render
from duo.privacy.models import AuditEvent

from .factories import DuoFactory, UserFactory
from .factories_subject import (
    ANSWER_TEXT, BARRIER_NOTE, GOAL_TITLE, MEETING_NOTE, MENTOR_SURNAME, MOTIVATION, OTHER_NOTE, STAFF_NOTE,
    TESTIMONY_TEXT, another_duo_in, rich_mentee,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentee(antenna, coordinator):
    person, _duo = rich_mentee(antenna, coordinator=coordinator)
    another_duo_in(antenna)
    return person


def _json(person) -> tuple[dict, str]:
    raw = subject_render.to_json(subject.person_data(person)).decode("utf-8")
    return json.loads(raw), raw


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _records(data, key):
    return data["sections"][key]["records"]


def _values(data, key):
    return [v for r in _records(data, key) for v in r.values()]


# --- what the export holds -----------------------------------------------------------------------------------------

def test_the_json_holds_each_piece_of_the_persons_data(mentee):
    data, raw = _json(mentee)
    identity = _records(data, "identity")[0]
    assert identity["Prénom"] == "Zoë" and identity["Nom"] == "Benaïssa"
    # Special-category data, decrypted and by its label.
    assert "Statut de réfugié" in identity.values() or "Refugee status" in identity.values()
    assert MOTIVATION in _values(data, "applications")
    assert MEETING_NOTE in _values(data, "meetings")
    assert STAFF_NOTE in _values(data, "staff_notes")
    assert GOAL_TITLE in _values(data, "career_plan")
    assert BARRIER_NOTE in _values(data, "barriers")
    assert TESTIMONY_TEXT in _values(data, "testimonies")
    [answer] = _records(data, "survey_answers")
    assert ANSWER_TEXT in answer.values()
    assert any("projet professionnel" in str(v) for v in answer.values())  # the question, in French
    for key in ("languages", "mentee_profile", "stage_changes", "intake_interviews", "info_sessions", "training",
                "duos", "check_ins", "outcomes", "survey_invitations", "survey_responses"):
        assert data["sections"][key]["count"] >= 1, key
    # Consent history by purpose, with the text version and the date of each decision.
    versions = [r["Version du texte"] for r in _records(data, "consents")]
    assert sorted(versions) == ["2026-11", "2026-11", "2027-02"]
    surveys = next(c for c in data["consent"] if c["text_version"] == "2027-02")
    assert surveys["granted"] is False and surveys["recorded_at"][:4].isdigit()


def test_choices_are_shown_by_their_labels_and_dates_in_iso(mentee):
    data, raw = _json(mentee)
    profile = _records(data, "mentee_profile")[0]
    goals = next(v for v in profile.values() if isinstance(v, list) and len(v) == 2)
    assert "cv" not in goals and all(len(g) > 3 for g in goals)
    [meeting] = _records(data, "meetings")
    assert "2026-02-01" in meeting.values()
    assert '"refugee"' not in raw and "non_eu_national" not in raw


def test_the_staff_who_viewed_protected_data_are_listed_by_role_not_name(mentee, coordinator):
    data, raw = _json(mentee)
    [view] = _records(data, "data_access")
    assert "Coordinat" in " ".join(str(v) for v in view.values())
    assert coordinator.email not in raw and coordinator.full_name not in raw


def test_nothing_of_anyone_else(mentee):
    data, raw = _json(mentee)
    assert OTHER_NOTE not in raw  # another duo's meeting
    assert MENTOR_SURNAME not in raw  # the mentor appears by first name only
    assert "Jérôme" in raw
    assert "Autre-Personne" not in raw
    assert "secret-token-never-exported" not in raw


def test_a_mentor_gets_their_duo_but_not_their_mentees_plan_or_outcomes(mentee):
    mentor = mentee.mentee.duos.get().mentor.person
    data, raw = _json(mentor)
    assert MEETING_NOTE in raw  # the meetings are theirs too
    # The mentee's plan, barriers, answers, and the staff's notes about the duo (mostly about the mentee) are not.
    assert GOAL_TITLE not in raw and BARRIER_NOTE not in raw and ANSWER_TEXT not in raw and STAFF_NOTE not in raw
    assert "Benaïssa" not in raw and "Zoë" in raw
    assert data["sections"]["outcomes"]["count"] == 0


def test_the_export_speaks_the_persons_language(antenna, coordinator):
    french, _duo = rich_mentee(antenna, coordinator=coordinator, language="fr")
    data, _raw = _json(french)
    assert data["language"] == "fr"
    assert "Prénom" in _records(data, "identity")[0]
    english = DuoFactory(antenna=antenna, mentee__person__preferred_language="en").mentee.person
    data, _raw = _json(english)
    assert data["language"] == "en" and "First name" in _records(data, "identity")[0]


def test_every_model_related_to_a_person_is_exported_or_excluded_with_a_reason():
    related = subject.person_related_models()
    # The walk itself reaches records two steps away (an answer through its response, a note through its duo).
    assert {"survey.Answer", "followup.StaffNote", "testimony.Translation"} <= related.keys()
    missing = set(related) - subject.COVERED - set(subject.EXCLUDED)
    assert not missing, (f"models related to a person that the subject-access export neither includes nor excludes "
                         f"(add a Section or an EXCLUDED reason in duo/privacy/subject.py): {sorted(missing)}")
    assert all(reason.strip() for reason in subject.EXCLUDED.values())


# --- files ---------------------------------------------------------------------------------------------------------

def test_the_pdf_is_a4_and_holds_the_name_and_a_note_with_accents(mentee):
    pdf = subject_render.to_pdf(subject.person_data(mentee))
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)
    text = _pdf_text(pdf)
    assert "Zoë Benaïssa" in text
    assert MEETING_NOTE in text and STAFF_NOTE in text
    assert MENTOR_SURNAME not in text


def test_no_value_is_cut_off_in_the_pdf(mentee):
    from duo.journeys.models import Meeting

    long_word = "https://exemple.be/" + "x" * 180  # one unbreakable word, wider than the page
    Meeting.objects.filter(duo__mentee__person=mentee).update(note=long_word)
    data = subject.person_data(mentee)
    # Laid out by WeasyPrint: every line of text inside the page (a long word wraps rather than running off it)...
    from weasyprint import HTML
    from weasyprint.formatting_structure.boxes import TextBox

    document = HTML(string=subject_render.to_html(data)).render()
    for page in document.pages:
        for box in page._page_box.descendants():
            if isinstance(box, TextBox):
                assert box.position_x + box.width <= page.width + 0.5, (box.text, page.width)
    # ...and every label and value written in it.
    squeezed = "".join(_pdf_text(subject_render.to_pdf(data)).split())
    with translation.override(data["language"]):
        for key, section in data["sections"].items():
            for record in section["records"]:
                for label, value in record.items():
                    for piece in (label, subject_render.shown(value)):
                        assert "".join(piece.split()) in squeezed, (key, label, piece)


def test_the_command_writes_both_formats_and_each_export_is_audited(mentee, tmp_path):
    before = AuditEvent.objects.filter(action="export").count()
    call_command("export_person", str(mentee.pk), out=str(tmp_path / "zoe.json"), stdout=io.StringIO())
    call_command("export_person", str(mentee.pk), out=str(tmp_path / "zoe.PDF"), stdout=io.StringIO())
    data = json.loads((tmp_path / "zoe.json").read_text(encoding="utf-8"))
    assert MEETING_NOTE in json.dumps(data, ensure_ascii=False)
    assert "Zoë" in (tmp_path / "zoe.json").read_text(encoding="utf-8")  # UTF-8, not \u escapes
    assert "Zoë Benaïssa" in _pdf_text((tmp_path / "zoe.PDF").read_bytes())
    events = AuditEvent.objects.filter(action="export").order_by("id")
    assert events.count() == before + 2
    last = events.last()
    assert (last.model, last.object_id, last.note, last.actor_label) == ("people.Person", str(mentee.pk),
                                                                         "subject access", "export_person")


@pytest.mark.parametrize("person_id", ["999999", "abc", "-1", "²", "9" * 40])
def test_the_command_refuses_an_unknown_person(person_id, tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("export_person", person_id, out=str(tmp_path / "x.json"))
    assert person_id in str(error.value)
    assert not (tmp_path / "x.json").exists()


def test_the_command_refuses_a_file_name_without_a_known_format(mentee, tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("export_person", str(mentee.pk), out=str(tmp_path / "zoe.docx"))
    assert ".json" in str(error.value) and ".pdf" in str(error.value)
    assert not AuditEvent.objects.filter(action="export").exists()


def test_the_command_exits_with_1_and_a_message(tmp_path, capsys):
    from django.core.management import ManagementUtility

    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "export_person", "999999", "--out", str(tmp_path / "x.json")]).execute()
    assert exited.value.code == 1
    assert "999999" in capsys.readouterr().err


# --- the staff page ------------------------------------------------------------------------------------------------

def test_the_coordinator_sees_a_summary_and_downloads_both_files(mentee, login, coordinator):
    client = login(coordinator)
    detail = client.get(reverse("people:detail", args=[mentee.pk]))
    page_url = reverse("subject:data", args=[mentee.pk])
    assert page_url in detail.content.decode()
    page = client.get(page_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "2027-02" in html  # the consent text version currently in force for surveys
    assert reverse("subject:json", args=[mentee.pk]) in html and reverse("subject:pdf", args=[mentee.pk]) in html
    assert not AuditEvent.objects.filter(action="export").exists()  # the summary is not an export
    for name, kind in (("subject:json", "application/json"), ("subject:pdf", "application/pdf")):
        response = client.get(reverse(name, args=[mentee.pk]))
        assert response.status_code == 200 and response["Content-Type"].startswith(kind)
        assert response["Content-Disposition"].startswith("attachment;")
        assert "no-store" in response["Cache-Control"]
    assert MEETING_NOTE in client.get(reverse("subject:json", args=[mentee.pk])).content.decode("utf-8")
    events = AuditEvent.objects.filter(action="export", object_id=str(mentee.pk), note="subject access")
    assert events.count() == 3 and {e.actor_id for e in events} == {coordinator.pk}


def test_another_antennas_coordinator_gets_404_and_no_export_happens(mentee, login, other_antenna):
    stranger = UserFactory(role=Role.COORDINATOR, antennas=[other_antenna])
    client = login(stranger)
    for name in ("subject:data", "subject:json", "subject:pdf"):
        assert client.get(reverse(name, args=[mentee.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()


def test_a_viewer_may_not_export(mentee, login, users):
    client = login(users[Role.VIEWER])
    assert client.get(reverse("subject:json", args=[mentee.pk])).status_code == 403
    detail = client.get(reverse("people:detail", args=[mentee.pk]))
    assert detail.status_code == 200 and reverse("subject:data", args=[mentee.pk]) not in detail.content.decode()
