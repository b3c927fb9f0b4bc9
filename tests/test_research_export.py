"""Research exports on a believable organisation (the demo seeder, 300 duos): what leaves is k-anonymous in people,
names no one, holds no Duo id, leaves out whoever has not (or no longer) agreed to research, says what it did,
and is recorded in the audit trail; only administrators and officers make and download exports."""

import csv
import hashlib
import html
import hmac
import io
import json
import re
import zipfile
from collections import defaultdict
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from duo.accounts.roles import Role
from duo.impact.snapshot import snapshot_take
from duo.journeys.models import Duo
from duo.people.choices import ConsentPurpose
from duo.people.models import ConsentRecord, MenteeProfile, Person
from duo.privacy.models import AuditEvent
from duo.research import services
from duo.research.models import ResearchExport
from tests.factories import UserFactory

KEY = b"k" * 32  # the per-export key, fixed here only so that the test can tell whose rows left
QIS = ("age", "gender", "place", "origin", "education", "start_month")
DUA = "DUA-2026-07 ULB"


def pseudonym(kind, pk):
    return hmac.new(KEY, f"{kind}:{pk}".encode(), hashlib.sha256).hexdigest()[:services.PSEUDONYM_LENGTH]


def consent(person_id, granted, days_ago):
    return ConsentRecord(person_id=person_id, purpose=ConsentPurpose.RESEARCH, granted=granted, text_version="t",
                         language="fr", channel="web", recorded_at=timezone.now() - timezone.timedelta(days=days_ago))


def unpack(content: bytes):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sorted(archive.namelist()) == ["codebook.json", "data.csv"]
        text = archive.read("data.csv").decode()
        codebook = json.loads(archive.read("codebook.json"))
    return text, list(csv.DictReader(io.StringIO(text))), codebook


@pytest.fixture(scope="module")
def organisation(django_db_setup, django_db_blocker):
    """The demo organisation; research consent given by most mentees, withdrawn by some, never asked of others;
    a snapshot; one export made by an officer. Rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", duos=300, seed=5, stdout=io.StringIO(), stderr=io.StringIO())
        # The demo's own research consents are replaced by this fixture's known pattern.
        ConsentRecord.objects.filter(purpose=ConsentPurpose.RESEARCH).delete()
        records, consenting, refusing = [], set(), set()
        for person_id in MenteeProfile.objects.values_list("person_id", flat=True):
            rule = person_id % 10
            if rule == 0:  # never asked
                refusing.add(person_id)
            elif rule == 1:  # agreed, then withdrew: the latest record counts
                records += [consent(person_id, True, 30), consent(person_id, False, 2)]
                refusing.add(person_id)
            elif rule == 2:  # refused, then agreed
                records += [consent(person_id, False, 30), consent(person_id, True, 2)]
                consenting.add(person_id)
            else:
                records.append(consent(person_id, True, 10))
                consenting.add(person_id)
        ConsentRecord.objects.bulk_create(records)
        users = {role: UserFactory(role=role, email=f"research-{role}@duo.test") for role in Role.values}
        snapshot = snapshot_take()
        with mock.patch.object(services.secrets, "token_bytes", return_value=KEY):
            export = services.export_create(by=users[Role.OFFICER], snapshot=snapshot, dua_reference=DUA,
                                            recipient="ULB, Institut de sociologie", k=5)
        yield {"users": users, "snapshot": snapshot, "export": export, "consenting": consenting,
               "refusing": refusing}
        transaction.set_rollback(True)


@pytest.fixture
def data(organisation, db):
    export = organisation["export"]
    content = services.export_file(by=None, export=export)
    text, rows, codebook = unpack(content)
    return {**organisation, "content": content, "text": text, "rows": rows, "codebook": codebook}


def test_every_combination_of_quasi_identifiers_covers_at_least_five_people(data):
    people = defaultdict(set)
    for row in data["rows"]:
        people[tuple(row[q] for q in QIS)].add(row["person"])
    assert len(data["rows"]) > 100  # most of the 300 duos leave: the generalisation is not "withhold everything"
    assert min(len(p) for p in people.values()) >= 5
    assert data["export"].report["smallest_class"] == min(len(p) for p in people.values())


def test_only_people_who_agreed_to_research_are_in_it(data):
    mentee_of = dict(Duo.objects.values_list("pk", "mentee__person_id"))
    expected_people = {pseudonym("person", p) for p in data["consenting"]}
    refused_people = {pseudonym("person", p) for p in data["refusing"]}
    persons = {row["person"] for row in data["rows"]}
    assert persons <= expected_people and not persons & refused_people
    refused_duos = [d for d, person in mentee_of.items() if person in data["refusing"]]
    report = data["export"].report
    assert report["excluded_duos"] == len(refused_duos) > 0
    assert report["excluded_people"] == len({mentee_of[d] for d in refused_duos})
    # Every consenting duo is there unless it was suppressed for k-anonymity, and each pseudonym is its own duo.
    consenting_duos = {pseudonym("duo", d) for d, person in mentee_of.items() if person in data["consenting"]}
    duos = [row["duo"] for row in data["rows"]]
    assert set(duos) <= consenting_duos and len(set(duos)) == len(duos)
    assert len(consenting_duos) - len(duos) == report["suppressed"]
    assert report["rows_in"] == len(consenting_duos) and report["snapshot_duos"] == len(mentee_of)


def test_it_names_no_one_and_holds_no_duo_id(data):
    text, codebook = data["text"].lower(), json.dumps(data["codebook"], ensure_ascii=False).lower()
    assert "@" not in text and "@" not in codebook
    cells = {cell.lower() for row in data["rows"] for cell in row.values()}
    names = {n.lower() for pair in Person.objects.values_list("first_name", "last_name") for n in pair if n}
    assert names and not names & cells
    for name in names:
        if len(name) >= 5:  # shorter names occur inside ordinary words and codes
            assert not re.search(rf"\b{re.escape(name)}\b", text), name
    ids = {str(pk) for pk in Duo.objects.values_list("pk", flat=True)}
    ids |= {str(pk) for pk in Person.objects.values_list("pk", flat=True)}
    for row in data["rows"]:
        assert re.fullmatch(r"[0-9a-f]{32}", row["person"]) and re.fullmatch(r"[0-9a-f]{32}", row["duo"])
    assert not {"id", "duo_id", "person_id", "mentee_id", "mentor_id", "first_name", "last_name", "email",
                "born_on", "matched_on", "started_on", "ended_on", "note"} & set(data["rows"][0])


def test_without_the_key_the_pseudonyms_are_not_the_usual_ones(organisation, db):
    """A second export of the same snapshot draws another key: its pseudonyms do not meet the first one's."""
    second = services.export_create(by=organisation["users"][Role.ADMINISTRATOR], snapshot=organisation["snapshot"],
                                    dua_reference="DUA-2026-08", recipient="KU Leuven", k=5)
    _t, rows, _c = unpack(services.export_file(by=None, export=second))
    _t, first, _c = unpack(services.export_file(by=None, export=organisation["export"]))
    assert rows and not {r["person"] for r in rows} & {r["person"] for r in first}


def test_the_report_and_the_codebook_describe_the_file(data):
    export, rows, codebook = data["export"], data["rows"], data["codebook"]
    assert export.sha256 == hashlib.sha256(data["content"]).hexdigest()
    assert export.row_count == len(rows) == export.report["rows_out"] == codebook["dataset"]["rows"]
    assert [c["name"] for c in codebook["columns"]] == list(rows[0])
    assert codebook["dataset"]["data_use_agreement"] == DUA
    assert codebook["rows_left_out"]["no_research_consent_duos"] == export.report["excluded_duos"]
    levels = export.report["levels"]
    for q in QIS:
        described = codebook["k_anonymity"]["quasi_identifiers"][q]
        assert described["released_as"] == described["possible_levels"][levels[q]]
        if levels[q] == len(described["possible_levels"]) - 1:  # withheld
            assert {row[q] for row in rows} == {"*"}
        else:
            assert "*" not in {row[q] for row in rows}
    ages = {row["age"] for row in rows} - {"", "*"}
    if levels["age"] in (1, 2):
        width = 5 if levels["age"] == 1 else 10
        assert all(re.fullmatch(r"\d+-\d+", a) and int(a.split("-")[1]) - int(a.split("-")[0]) == width - 1
                   for a in ages)
    if levels["start_month"] == 1:
        assert all(re.fullmatch(r"\d{4}", m) for m in {row["start_month"] for row in rows} - {""})


def test_making_and_downloading_are_audited(organisation, client, db):
    export = organisation["export"]
    made = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, model="research.ResearchExport",
                                     object_id=str(export.pk))
    assert made.filter(note=f"research export created {DUA}").count() == 1
    client.force_login(organisation["users"][Role.OFFICER])
    response = client.get(reverse("research:download", args=[export.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert hashlib.sha256(response.content).hexdigest() == export.sha256
    download = made.filter(note=f"research export downloaded {DUA}").get()
    assert download.actor_id == organisation["users"][Role.OFFICER].pk and download.count == export.row_count


def test_the_detail_page_shows_the_generalisation_report(organisation, client, db, english):
    export = organisation["export"]
    client.force_login(organisation["users"][Role.ADMINISTRATOR])
    page = client.get(reverse("research:detail", args=[export.pk])).content.decode()
    assert DUA in page and "Left out: no research consent" in page
    assert f"{export.report['excluded_duos']} duos" in page
    # The report is described in the reader's language, whatever language the export was made in.
    from duo.research.views import report_rows

    shown = html.unescape(page)
    for row in report_rows(export):
        assert str(row["label"]) in shown and str(row["released_as"]).replace("(*)", "").strip() in shown
    listing = client.get(reverse("research:list")).content.decode()
    assert reverse("research:detail", args=[export.pk]) in listing


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.VIEWER, Role.RESEARCHER])
def test_other_roles_are_refused_everywhere(organisation, client, db, role):
    client.force_login(organisation["users"][role])
    pk = organisation["export"].pk
    for url in (reverse("research:list"), reverse("research:add"), reverse("research:detail", args=[pk]),
                reverse("research:download", args=[pk])):
        assert client.get(url).status_code == 403, url
    before = ResearchExport.objects.count()
    response = client.post(reverse("research:add"), {"snapshot": organisation["snapshot"].pk, "dua_reference": "x",
                                                     "recipient": "y", "k": 5})
    assert response.status_code == 403 and ResearchExport.objects.count() == before


@pytest.mark.parametrize("posted,field", [
    ({"dua_reference": "", "recipient": "ULB", "k": 5}, "dua_reference"),
    ({"dua_reference": "DUA-1", "recipient": "   ", "k": 5}, "recipient"),
    ({"dua_reference": "DUA-1", "recipient": "ULB", "k": 4}, "k"),  # under the organisation's floor
    ({"dua_reference": "DUA-1", "recipient": "ULB", "k": 1000}, "k"),
    ({"dua_reference": "DUA-1", "recipient": "ULB", "k": "many"}, "k"),
    ({"dua_reference": "DUA-1", "recipient": "ULB", "k": 5, "snapshot": 999999}, "snapshot"),
])
def test_bad_input_shows_field_errors_and_makes_nothing(organisation, client, db, posted, field):
    client.force_login(organisation["users"][Role.OFFICER])
    before, audited = ResearchExport.objects.count(), AuditEvent.objects.count()
    response = client.post(reverse("research:add"), {"snapshot": organisation["snapshot"].pk, **posted})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert ResearchExport.objects.count() == before and AuditEvent.objects.count() == audited


def test_a_snapshot_the_records_have_moved_on_from_is_refused(organisation, client, db):
    duo = Duo.objects.filter(meetings__isnull=False).first()
    duo.meetings.first().delete()
    client.force_login(organisation["users"][Role.OFFICER])
    before = ResearchExport.objects.count()
    response = client.post(reverse("research:add"), {"snapshot": organisation["snapshot"].pk,
                                                     "dua_reference": "DUA-9", "recipient": "ULB", "k": 5})
    assert response.status_code == 200 and "snapshot" in response.context["form"].errors
    assert ResearchExport.objects.count() == before


def test_the_form_makes_an_export_and_shows_its_report(organisation, client, db):
    client.force_login(organisation["users"][Role.ADMINISTRATOR])
    response = client.post(reverse("research:add"), {"snapshot": organisation["snapshot"].pk,
                                                     "dua_reference": " DUA-2026-09 UCLouvain ",
                                                     "recipient": "UCLouvain", "k": 8})
    export = ResearchExport.objects.get(dua_reference="DUA-2026-09 UCLouvain")
    assert response.status_code == 302 and response["Location"] == reverse("research:detail", args=[export.pk])
    assert export.k == 8 and export.created_by == organisation["users"][Role.ADMINISTRATOR]
    _t, rows, _c = unpack(services.export_file(by=None, export=export))
    people = defaultdict(set)
    for row in rows:
        people[tuple(row[q] for q in QIS)].add(row["person"])
    assert min(len(p) for p in people.values()) >= 8


def test_the_command_writes_the_same_kind_of_file(organisation, tmp_path, db):
    out = tmp_path / "export.zip"
    call_command("research_export", snapshot=organisation["snapshot"].pk, dua="DUA-CLI", recipient="VUB",
                 out=str(out), stdout=io.StringIO())
    export = ResearchExport.objects.get(dua_reference="DUA-CLI")
    assert hashlib.sha256(out.read_bytes()).hexdigest() == export.sha256 and export.k == 5
    _t, rows, codebook = unpack(out.read_bytes())
    assert len(rows) == export.row_count and codebook["dataset"]["recipient"] == "VUB"
    assert AuditEvent.objects.filter(object_id=str(export.pk), model="research.ResearchExport",
                                     actor_label="research_export").count() == 2  # made, then written out
    with pytest.raises(CommandError):
        call_command("research_export", snapshot=999999, dua="x", recipient="y", out=str(out))
    with pytest.raises(CommandError):
        call_command("research_export", snapshot=organisation["snapshot"].pk, dua=" ", recipient="y", out=str(out))
