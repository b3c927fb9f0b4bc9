"""Someone who withdrew (or refused) consent for special-category data gets none back: not from a spreadsheet import
(the row is refused, naming row, column and value, and nothing at all is imported), not from their edit form (the
questions are not asked, and answers posted anyway are not kept)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duo.people import consent
from duo.people.choices import Channel
from duo.people.choices import ConsentPurpose as P
from duo.people.models import SPECIAL_CATEGORY_FIELDS, Person

from .factories import MenteeFactory, PersonFactory
from .factories_records import csv_bytes
from .test_import_records import _written, run

pytestmark = pytest.mark.django_db

HEADER = ["Reference", "First name", "Last name", "Antenna", "Nationality background", "Region of origin"]


def special(person):
    person = Person.objects.get(pk=person.pk)
    return tuple(getattr(person, name) for name in SPECIAL_CATEGORY_FIELDS)


@pytest.fixture
def withdrawn(antenna):
    """A mentee who first agreed, then withdrew consent for special-category data (her answers were cleared)."""
    mentee = MenteeFactory(person__antenna=antenna, person__external_ref="S1", person__first_name="Awa",
                           person__last_name="Diallo", person__nationality_background="non_eu_national")
    consent.consent_give(person=mentee.person, purpose=P.SPECIAL_CATEGORY, channel=Channel.WEB)
    consent.consent_withdraw(person=mentee.person, purpose=P.SPECIAL_CATEGORY, channel=Channel.WEB)
    assert special(mentee.person) == (None, None, None)
    return mentee.person


def test_a_row_giving_her_an_origin_is_refused_and_nothing_is_imported(tmp_path, withdrawn, english):
    rows = [HEADER,
            ["N1", "Nadia", "Benali", "brussels-centre", "", ""],  # a good new row: not imported either
            ["S1", "Awa", "Diallo", "brussels-centre", "A parent born outside the EU", ""]]
    before = _written()
    code, _out, err = run(tmp_path, "mentees", csv_bytes(rows), "records.csv", "--commit")
    assert code == 1
    assert ("Row 3, column “Nationality background”, value “A parent born outside the EU”: this person withdrew "
            "(or refused) consent for special-category data") in err, err
    assert _written() == before
    assert special(withdrawn) == (None, None, None)
    assert not Person.objects.filter(external_ref="N1").exists()


def test_each_special_cell_is_named(tmp_path, withdrawn, english):
    rows = [HEADER, ["S1", "Awa", "Diallo", "brussels-centre", "A parent born outside the EU", "North Africa"]]
    code, _out, err = run(tmp_path, "mentees", csv_bytes(rows), "records.csv", "--commit")
    assert code == 1
    assert "column “Nationality background”" in err and "column “Region of origin”" in err, err
    assert err.count("withdrew (or refused) consent for special-category data") == 2
    assert special(withdrawn) == (None, None, None)


def test_a_refusal_counts_like_a_withdrawal(tmp_path, antenna, english):
    person = MenteeFactory(person__antenna=antenna, person__external_ref="S2").person
    consent.consent_withdraw(person=person, purpose=P.SPECIAL_CATEGORY, channel=Channel.STAFF)  # never agreed
    rows = [HEADER, ["S2", person.first_name, person.last_name, "brussels-centre", "A parent born outside the EU",
                     ""]]
    code, _out, err = run(tmp_path, "mentees", csv_bytes(rows), "records.csv", "--commit")
    assert code == 1 and "withdrew (or refused) consent" in err
    assert special(person) == (None, None, None)


def test_her_row_without_special_answers_still_imports(tmp_path, withdrawn, english):
    rows = [HEADER, ["S1", "Awa", "Diallo-Ba", "brussels-centre", "", ""]]
    code, out, err = run(tmp_path, "mentees", csv_bytes(rows), "records.csv", "--commit")
    assert code == 0, err
    assert "1 updated" in out
    assert Person.objects.get(pk=withdrawn.pk).last_name == "Diallo-Ba"
    assert special(withdrawn) == (None, None, None)


def test_someone_who_agreed_or_was_never_asked_gets_the_answers(tmp_path, antenna, english):
    agreed = MenteeFactory(person__antenna=antenna, person__external_ref="S3").person
    consent.consent_give(person=agreed, purpose=P.SPECIAL_CATEGORY, channel=Channel.WEB)
    never_asked = MenteeFactory(person__antenna=antenna, person__external_ref="S4").person
    rows = [HEADER,
            ["S3", agreed.first_name, agreed.last_name, "brussels-centre", "A parent born outside the EU", ""],
            ["S4", never_asked.first_name, never_asked.last_name, "brussels-centre", "", "North Africa"]]
    code, _out, err = run(tmp_path, "mentees", csv_bytes(rows), "records.csv", "--commit")
    assert code == 0, err
    assert special(agreed)[0] == "parent_outside_eu"
    assert special(never_asked)[1] == "north_africa"


def test_the_staff_page_shows_the_refused_cell_and_imports_nothing(client, coordinator, withdrawn, english):
    client.force_login(coordinator)
    data = csv_bytes([HEADER, ["S1", "Awa", "Diallo", "brussels-centre", "A parent born outside the EU", ""]])
    before = _written()
    response = client.post(reverse("records:import"), {
        "kind": "mentees", "antenna": "", "file": SimpleUploadedFile("people.csv", data)})
    assert response.status_code == 200
    problems = response.context["problems"]
    assert [(p["row"], p["column"], p["value"]) for p in problems] == [
        (2, "Nationality background", "A parent born outside the EU")]
    assert "withdrew (or refused) consent for special-category data" in problems[0]["expected"]
    assert _written() == before and special(withdrawn) == (None, None, None)


# --- the edit form --------------------------------------------------------------------------------------------

def _edit_post(page, **values):
    """What the browser posts back from the page as loaded (profile form included), with `values` added."""
    posted = {}
    for form in (page.context["form"], page.context["profile_form"]):
        for bound in form or ():
            value = bound.value()
            if value is not None and value is not False:
                posted[bound.html_name] = value.isoformat() if hasattr(value, "isoformat") else value
    return {**posted, **values}


def test_the_edit_form_neither_asks_nor_keeps_her_answers(client, admin_user, withdrawn):
    client.force_login(admin_user)
    url = reverse("people:edit", args=[withdrawn.pk])
    page = client.get(url)
    html = page.content.decode()
    for name in SPECIAL_CATEGORY_FIELDS:
        assert name not in page.context["form"].fields and f'name="{name}"' not in html
    posted = _edit_post(page, first_name="Awa-Marie", nationality_background="non_eu_national",
                        origin_region="north_africa", residence_route="refugee")
    response = client.post(url, posted)
    assert response.status_code == 302, response.context["form"].errors
    assert Person.objects.get(pk=withdrawn.pk).first_name == "Awa-Marie"
    assert special(withdrawn) == (None, None, None)


def test_the_edit_form_asks_someone_who_agreed(client, admin_user, antenna):
    person = PersonFactory(antenna=antenna)
    consent.consent_give(person=person, purpose=P.SPECIAL_CATEGORY, channel=Channel.WEB)
    client.force_login(admin_user)
    page = client.get(reverse("people:edit", args=[person.pk]))
    assert set(SPECIAL_CATEGORY_FIELDS) <= set(page.context["form"].fields)
