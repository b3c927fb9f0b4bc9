"""XSS: hostile text in every free-text field a user can write, rendered back on every page, in PDFs and in exports.

Every text field of the records people type into (found by introspecting the models, so a new field is attacked
without a change here) receives a payload naming it: a script element, an attribute breakout with an event handler,
a template expression, a javascript: link in Markdown; URL fields receive a javascript: URL. Then every page of the
permission matrix is opened by whoever sees most of it, and none may carry a payload in a form that would run.
PDFs must fetch nothing from outside; CSV and XLSX exports must not hand a spreadsheet a formula.
"""

import csv
import io

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from duo.accounts.roles import Role

from tests import attack_payloads as p
from tests.matrix_levels import ANON
from tests.test_permission_matrix import MATRIX, objects  # noqa: F401  (the matrix's fixture)

# What people write, model by model; the fields that hold codes, keys or machine values are left alone.
WRITTEN = ["people.Person", "people.MenteeProfile", "people.MentorProfile", "journeys.Meeting",
           "journeys.DuoTransition", "journeys.ClosingInterview", "journeys.IntroductionAnswer", "intake.Application",
           "intake.StageChange", "intake.IntakeInterview", "infosession.InfoSession", "training.TrainingSession",
           "training.Evaluation", "matching.Decision", "followup.CheckIn", "followup.StaffNote", "barrier.Barrier",
           "peerexchange.PeerSession", "survey.Answer", "careerplan.Goal", "testimony.Testimony",
           "testimony.Translation", "testimony.QuoteSet", "publications.Version", "publications.Section",
           "publications.Comment", "advocacy.Stakeholder", "advocacy.Contact", "advocacy.Position",
           "advocacy.RecommendationVersion", "advocacy.StatusChange", "advocacy.Campaign", "advocacy.Milestone",
           "advocacy.Interaction", "site.AdvocacyPage", "organisation.Antenna", "accounts.User"]
MACHINE_FIELDS = {"phone_digits", "postal_code", "external_ref", "languages", "indicator", "breakdown", "reason",
                  "from_stage", "to_stage", "areas", "barriers", "indicators", "password", "city"}
# Markdown-rendered fields also get a javascript: link and images from outside, in Markdown and in raw HTML.
MARKDOWN_EXTRA = f" {p.MARKDOWN_LINK} {p.EXTERNAL_IMAGE} {p.MARKDOWN_IMAGE} {p.JS_URL}"


def _text_fields(model):
    for f in model._meta.concrete_fields:
        if (isinstance(f, (models.CharField, models.TextField)) and not f.choices and not f.unique
                and not isinstance(f, (models.EmailField, models.URLField, models.SlugField))
                and f.name not in MACHINE_FIELDS):
            yield f


def poison_everything():
    """Every written text of every row gets a payload numbered by its (model, field); URL fields a javascript: URL.
    Returns {number: "label.field"}."""
    from django.apps import apps

    numbers, n = {}, 0
    for label in WRITTEN:
        model = apps.get_model(label)
        changes = {}
        for field in _text_fields(model):
            n += 1
            numbers[n] = f"{label}.{field.name}"
            text = p.marked(n) if field.max_length is None or field.max_length >= 62 else p.short_marked(n)
            if field.max_length is None:
                text += MARKDOWN_EXTRA
            elif field.max_length < len(text):
                continue
            changes[field.name] = text
        changes.update({f.name: p.JS_URL for f in model._meta.concrete_fields if isinstance(f, models.URLField)})
        for pk in model._default_manager.values_list("pk", flat=True):
            # The row's id after the payload keeps names unique where they must be (stakeholders, sets…).
            model._default_manager.filter(pk=pk).update(**{
                k: (v + f" {pk}" if not k.endswith(("url", "link", "website")) and _room(model, k, v, pk) else v)
                for k, v in changes.items()})
    return numbers


def _room(model, name, value, pk) -> bool:
    limit = model._meta.get_field(name).max_length
    return limit is None or len(value) + len(f" {pk}") <= limit


def _pages():
    """Every GET of the matrix that somebody is shown (200): as the administrator, or as the public for links."""
    for name, entries in MATRIX.items():
        for description, method, build, expected in entries:
            if method != "get":
                continue
            if expected[Role.ADMINISTRATOR] == 200:
                yield name, description, build, Role.ADMINISTRATOR
            elif expected[ANON] == 200:
                yield name, description, build, ANON


def test_the_detector_sees_live_payloads_and_passes_escaped_ones():
    from django.utils.html import escape

    live = [p.marked(1), f'<a href="{p.JS_URL}">x</a>', f"<a href=' {p.JS_URL}'>x</a>", p.EXTERNAL_IMAGE,
            '<svg onload="alert(1)">']
    for html in live:
        assert p.active_payloads(f"<p>{html}</p>"), html
        assert not p.active_payloads(f"<p>{escape(html)}</p><input value=\"{escape(html)}\">"), html


def _written_records(objects):
    """Rows of the written kinds the matrix's objects do not hold already, so that each has a text to attack."""
    import datetime

    from django.utils import timezone

    from duo.followup.models import CheckIn, StaffNote
    from duo.intake.models import IntakeInterview
    from duo.journeys.models import ClosingInterview, IntroductionAnswer, Meeting
    from duo.site.models import AdvocacyPage

    duo, day = objects["own"], datetime.date(2026, 2, 3)
    Meeting.objects.create(duo=duo, held_on=day, duration_minutes=60, note="x")
    StaffNote.objects.create(duo=duo, text="x")
    IntakeInterview.objects.create(person=duo.mentee.person, kind="mentee", held_on=day, notes="x")
    ClosingInterview.objects.create(duo=duo, held_on=day, note="x")
    IntroductionAnswer.objects.create(duo=duo, side="mentee", accepted=True, answered_at=timezone.now(), via="staff",
                                      note="x")
    CheckIn.objects.filter(duo=duo).update(done_on=day, note="x")
    if not AdvocacyPage.objects.exists():
        AdvocacyPage.objects.create()


def test_no_payload_runs_on_any_page(users, objects):  # noqa: F811
    _written_records(objects)
    numbers = poison_everything()
    assert len(numbers) > 80
    clients = {ANON: Client(), Role.ADMINISTRATOR: Client()}
    clients[Role.ADMINISTRATOR].force_login(users[Role.ADMINISTRATOR])
    shown, opened = set(), 0
    for name, description, build, role in _pages():
        url = reverse(name, kwargs=build(objects) if build else None)
        response = clients[role].get(url)
        assert response.status_code < 500, (name, description)
        kind = response.get("Content-Type", "")
        if not (kind.startswith("text/html") or "svg" in kind or "json" in kind):
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        html = body.decode(errors="replace")
        assert not p.active_payloads(html), (name, description, p.active_payloads(html)[:3])
        assert "<script>alert(" not in html, (name, description)
        opened += 1
        shown |= {n for n in numbers if p.escaped_marker(n) in html}
    assert opened > 150
    # The payloads did reach the pages (escaped): the test looked where they are shown.
    models_shown = {numbers[n].rsplit(".", 1)[0] for n in shown}
    missing = set(WRITTEN) - models_shown - NOT_ON_A_PAGE
    assert not missing, f"written but never seen on a page: {sorted(missing)}"


# Written texts the matrix's pages do not show back with the matrix's objects (no such row among them, or shown only
# as counts); their fields are poisoned all the same, so a page that starts showing them is checked.
NOT_ON_A_PAGE = {"journeys.DuoTransition", "training.Evaluation", "matching.Decision", "advocacy.StatusChange",
                 "testimony.Translation", "intake.StageChange"}


def test_the_template_expression_is_shown_as_typed_not_evaluated(client, users, objects):  # noqa: F811
    from duo.people.models import Person

    person = objects["own"].mentee.person
    Person.objects.filter(pk=person.pk).update(last_name=p.TEMPLATE)
    client.force_login(users[Role.ADMINISTRATOR])
    html = client.get(reverse("people:detail", kwargs={"pk": person.pk})).content.decode()
    assert p.TEMPLATE in html


# --- PDFs fetch nothing from outside ------------------------------------------------------------------------------

def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_publication_pdf_with_hostile_markdown_fetches_nothing_and_shows_the_text(objects, no_network,  # noqa: F811
                                                                                  monkeypatch):
    from duo.publications import render
    from duo.publications.models import Section

    version = objects["pub_published"]
    hostile = f"Avant {p.EXTERNAL_IMAGE} {p.MARKDOWN_IMAGE} {p.MARKDOWN_LINK} après"
    Section.objects.filter(version=version).update(body_en=hostile, body_fr=hostile)
    asked, refuse = [], render._fetch

    def spy(url, *args, **kwargs):
        asked.append(url)
        return refuse(url, *args, **kwargs)

    monkeypatch.setattr(render, "_fetch", spy)
    html = render.html(version, "en", public=True, print_media=True)
    data = render.pdf(version, "en")
    assert not p.active_payloads(html)
    assert not no_network and not [u for u in asked if "attacker" in u]
    text = _pdf_text(data)
    assert "Avant" in text and "attacker.test" in text  # shown as the text it is


def test_the_agreement_pdf_fetches_nothing_even_if_its_html_asked_for_it(objects, no_network,  # noqa: F811
                                                                         monkeypatch):
    """Names are escaped in the agreement's template; were a template ever to let markup through, the renderer still
    must not reach out to the network (or read local files) on the server."""
    from duo.journeys import agreement

    duo = objects["own"]
    duo.mentee.person.first_name = p.EXTERNAL_IMAGE
    html = agreement.agreement_html(duo)
    assert '<img src="http://attacker' not in html
    hostile = html.replace("</body>", '<img src="http://attacker.test/x.png"><img src="file:///etc/passwd"></body>')
    monkeypatch.setattr(agreement, "agreement_html", lambda d: hostile)
    data = agreement.agreement_pdf(duo)
    assert data.startswith(b"%PDF")
    assert not no_network
    assert b"root:" not in data


# --- exports: no formula, numbers stay numbers ---------------------------------------------------------------------

def _csv_rows(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8-sig")
    delimiter = ";" if text.split("\n", 1)[0].count(";") >= text.split("\n", 1)[0].count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _no_formula_in(rows, label):
    for row in rows:
        for cell in row:
            assert not (cell[:1] in ("=", "+", "-", "@", "\t", "\r") and any(f in cell for f in p.FORMULAS)), (
                label, cell)


def _formulas_everywhere(objects):
    """Each formula start in a different written text of the people, duos, testimonies, interactions and answers."""
    from duo.advocacy.models import Interaction
    from duo.people.models import Person
    from duo.survey.models import Answer
    from duo.testimony.models import Testimony

    formulas = list(p.FORMULAS)
    Person.objects.update(first_name=formulas[0], last_name=formulas[1], phone=formulas[2][:30])
    Testimony.objects.update(text=formulas[4])  # a tab first: what the quotes' export let through
    Interaction.objects.update(subject=formulas[3], follow_up=formulas[5])
    Answer.objects.update(text=formulas[0])


EXPORTS = [
    ("people:export", None, {"format": "csv"}),
    ("journeys:export", None, {"format": "csv"}),
    ("intake:export", None, {"format": "csv"}),
    ("advocacy:interactions_export", None, {"format": "csv"}),
    ("testimony:export", lambda o: {"pk": o["testimony_set"].pk}, {}),
]


@pytest.mark.parametrize("name,build,query", EXPORTS, ids=[e[0] for e in EXPORTS])
def test_no_export_hands_a_formula_to_a_spreadsheet(client, users, objects, name, build, query):  # noqa: F811
    _formulas_everywhere(objects)
    client.force_login(users[Role.ADMINISTRATOR])
    response = client.get(reverse(name, kwargs=build(objects) if build else None), query)
    assert response.status_code == 200, name
    rows = _csv_rows(response)
    assert len(rows) > 1, name
    _no_formula_in(rows, name)
    assert any(c.startswith("'") for row in rows for c in row), f"{name}: no payload reached the export"


def test_survey_answers_export_leaves_free_text_out(users, objects):  # noqa: F811
    """Researchers' table: the free-text answers (where a formula could hide) are not in it at all."""
    from duo.survey import exporting

    _formulas_everywhere(objects)
    version = objects["survey_version"]
    response, count = exporting.export_file(user=users[Role.ADMINISTRATOR], instrument=version.instrument,
                                            fmt="csv")
    rows = list(csv.reader(io.StringIO(exporting.file_bytes(response).decode("utf-8-sig")), delimiter=";"))
    assert count and len(rows) == count + 1
    _no_formula_in(rows, "survey")
    assert not [c for row in rows for c in row if "HYPERLINK" in c]


def test_the_shared_writer_quotes_text_that_starts_like_a_formula_and_keeps_numbers_numbers(users):
    from decimal import Decimal

    from duo.core.export import Column, export_response

    rows = [{"text": f, "int": -3, "dec": Decimal("-2.5"), "float": -0.25, "neg_text": "-3 (text)"}
            for f in p.FORMULAS]
    columns = [Column(k, (lambda r, k=k: r[k])) for k in ("text", "int", "dec", "float", "neg_text")]
    user = users[Role.ADMINISTRATOR]
    as_csv = _csv_rows(export_response(user=user, rows=rows, columns=columns, filename="t", fmt="csv"))
    for row, formula in zip(as_csv[1:], p.FORMULAS):
        assert row[0] == "'" + formula
        assert row[1:4] == ["-3", "-2.5", "-0.25"]  # real numbers, unquoted
        assert row[4] == "'-3 (text)"
    sheet = load_workbook(io.BytesIO(export_response(user=user, rows=rows, columns=columns, filename="t",
                                                     fmt="xlsx").content)).worksheets[0]
    for line in list(sheet.iter_rows())[1:]:
        text, integer, dec, flt, _neg = line
        assert text.data_type == "s"  # a string cell: a spreadsheet shows it, never evaluates it
        assert (integer.value, dec.value, flt.value) == (-3, -2.5, -0.25)
        assert integer.data_type == dec.data_type == flt.data_type == "n"
