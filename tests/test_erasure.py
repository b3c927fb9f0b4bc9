"""Erasure (GDPR art. 17): after person_erase, nothing distinctive about the person is left anywhere in the
database or the media storage; what statistics and the no-re-pair guard need is still there."""

import datetime
import hashlib
import os

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from duo.accounts.scoping import NotAllowed
from duo.impact import snapshot as snapshots
from duo.impact import tables
from duo.impact.indicators import INDICATORS
from duo.journeys.models import Duo, Meeting, Outcome
from duo.matching import keys, services as matching_services
from duo.people.models import ConsentRecord, Person
from duo.privacy import erasure as erasure_module
from duo.privacy.erasure import ErasureError, person_erase
from duo.privacy.models import AuditEvent, Erasure
from duo.privacy.subject import person_related_models
from duo.survey.models import Invitation
from duo.testimony import models as testimony_models

from .factories import DuoFactory
from .factories_matching import RunFactory
from .factories_privacy import EMAIL, FIRST, LAST, MARKERS, person_everywhere

REASON = "request by email of 3 March"


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def everywhere(antenna, admin_user):
    return person_everywhere(antenna, by=admin_user)


# --- nothing is forgotten ------------------------------------------------------------------------------------------

def test_every_model_about_a_person_has_a_plan_and_every_personal_field_is_decided():
    """A model or a free-text field added later fails here until erasure knows what to do with it."""
    related = person_related_models()
    missing = sorted(set(related) - set(erasure_module.PLANS) - set(erasure_module.NOT_ERASED))
    assert not missing, f"models about a person that erasure does not cover: {missing}"
    stale = sorted(set(erasure_module.PLANS) - set(related))
    assert not stale, f"plans for models no longer related to a person: {stale}"
    for label, plan in erasure_module.PLANS.items():
        model = apps.get_model(label)
        names = {f.name for f in model._meta.get_fields()}
        assert set(plan.scrub) | set(plan.keep) <= names, label
        if plan.delete:
            continue
        undecided = set(erasure_module.personal_fields(model)) - set(plan.scrub) - set(plan.keep)
        assert not undecided, f"{label}: free-text or encrypted fields neither scrubbed nor kept: {sorted(undecided)}"


def _found_in_database(markers) -> list[str]:
    """Every text, JSON, file and bytes value of every table, encrypted fields decrypted by the ORM, plus every
    table Django does not model, read raw."""
    wanted = [m.casefold() for m in markers]
    found = []
    modelled = set()
    for model in apps.get_models(include_auto_created=True):
        modelled.add(model._meta.db_table)
        if model._meta.proxy:
            continue
        names = [f.attname for f in model._meta.concrete_fields]
        for row in model._base_manager.values_list(*names).iterator():
            for name, value in zip(names, row):
                if value is None or isinstance(value, (int, float, bool, datetime.date)):
                    continue
                text = value.decode("latin-1") if isinstance(value, (bytes, memoryview)) else str(value)
                text = text.casefold()
                found += [f"{model._meta.label}.{name}: {m}" for m in wanted if m in text]
    with connection.cursor() as cursor:
        for table in sorted(set(connection.introspection.table_names()) - modelled):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (table names only)
            for row in cursor.fetchall():
                text = " ".join(str(v) for v in row).casefold()
                found += [f"{table}: {m}" for m in wanted if m in text]
    return found


def _found_in_media(markers) -> list[str]:
    found = []
    for folder, _dirs, files in os.walk(django_settings.MEDIA_ROOT):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                content = handle.read().decode("latin-1").casefold()
            found += [f"{path}: {m}" for m in markers if m.casefold() in content or m.casefold() in path.casefold()]
    return found


def test_after_erasure_no_trace_of_the_person_is_left_anywhere(everywhere, admin_user):
    person, duo = everywhere
    markers = [*MARKERS, EMAIL]
    before = _found_in_database(markers)
    # The scan does see every place (else it would prove nothing): names, notes, decrypted answers, the photo…
    for place in ("people.Person.first_name", "people.Person.email", "survey.Answer.text", "survey.Invitation.draft",
                  "testimony.Testimony.photo", "journeys.Meeting.note", "admin.LogEntry.object_repr",
                  "intake.IntakeInterview.answers", "followup.StaffNote.text", "careerplan.Goal.detail",
                  "publications.Section.frozen"):
        assert any(hit.startswith(place) for hit in before), place
    assert _found_in_media(markers)

    person_erase(person=person, reason=REASON, by=admin_user)

    assert _found_in_database(markers) == []
    assert _found_in_media(markers) == []
    person.refresh_from_db()
    assert (person.nationality_background, person.origin_region, person.residence_route) == (None, None, None)
    assert person.municipality_id is None and person.postal_code == ""


def test_what_statistics_need_is_kept(everywhere, admin_user):
    person, duo = everywhere
    counts = (Meeting.objects.filter(duo=duo).count(), Outcome.objects.filter(duo=duo).count())
    person_erase(person=person, reason=REASON, by=admin_user)
    person.refresh_from_db()
    assert Person.objects.filter(pk=person.pk).exists() and Duo.objects.filter(pk=duo.pk).exists()
    assert person.date_of_birth == datetime.date(1999, 7, 1)  # the year only
    assert person.gender and person.antenna_id == duo.antenna_id
    assert (Meeting.objects.filter(duo=duo).count(), Outcome.objects.filter(duo=duo).count()) == counts
    # Consent records are the evidence of what was agreed to: kept as they were.
    assert ConsentRecord.objects.filter(person=person, purpose="programme", granted=True,
                                        text_version="2026-11").exists()
    testimony = testimony_models.Testimony.objects.get(person=person)
    assert testimony.is_withdrawn and testimony.text == "" and not testimony.photo
    assert testimony_models.QuoteSetNotice.objects.filter(removed=1).count() == 1  # the set says a quote left, not whose


def test_one_audit_event_names_the_person_who_and_why(everywhere, admin_user):
    person, _duo = everywhere
    result = person_erase(person=person, reason=REASON, by=admin_user)
    events = AuditEvent.objects.filter(action=AuditEvent.Action.ERASE)
    assert events.count() == 1
    event = events.get()
    assert (event.object_id, event.model, event.note, event.actor_id) == (str(person.pk), "people.Person", REASON,
                                                                          admin_user.pk)
    assert "people.Person.first_name" in event.fields and "survey.Answer.text" in event.fields
    assert (result.person_id, result.by, result.reason) == (person.pk, admin_user, REASON)


def test_erasing_twice_is_harmless(everywhere, admin_user):
    person, _duo = everywhere
    first = person_erase(person=person, reason=REASON, by=admin_user)
    person.refresh_from_db()
    assert person_erase(person=person, reason="another reason", by=admin_user) == first
    assert Erasure.objects.count() == 1 and AuditEvent.objects.filter(action=AuditEvent.Action.ERASE).count() == 1


@pytest.mark.parametrize("reason", ["", "   ", f"asked by {FIRST}", f"{LAST.upper()} asked", f"mail from {EMAIL}",
                                    "called from 0470/91.82.73", "x" * 256])
def test_a_reason_that_is_empty_or_names_the_person_is_refused_and_nothing_changes(everywhere, admin_user, reason):
    person, _duo = everywhere
    with pytest.raises(ErasureError) as error:
        person_erase(person=person, reason=reason, by=admin_user)
    assert "reason" in error.value.errors
    person.refresh_from_db()
    assert person.first_name == FIRST and not Erasure.objects.exists()


def test_a_name_inside_another_word_does_not_refuse_the_reason(antenna, admin_user):
    person = DuoFactory(antenna=antenna, status="completed", mentee__person__first_name="Li").mentee.person
    person_erase(person=person, reason="retention: applicant never matched, link expired", by=admin_user)
    assert Erasure.objects.filter(person_id=person.pk).exists()


def test_a_person_in_an_open_duo_is_refused(own_duo, admin_user):
    person = own_duo.mentee.person
    with pytest.raises(ErasureError):
        person_erase(person=person, reason=REASON, by=admin_user)
    person.refresh_from_db()
    assert person.first_name and not Erasure.objects.exists()


def test_only_administrators_may_erase(everywhere, coordinator):
    person, _duo = everywhere
    with pytest.raises(NotAllowed):
        person_erase(person=person, reason=REASON, by=coordinator)
    assert not Erasure.objects.exists()


def test_an_open_stage_becomes_withdrawn_so_matching_no_longer_proposes_them(antenna, admin_user):
    from .factories import MenteeFactory

    mentee = MenteeFactory(person__antenna=antenna, stage="ready")
    person_erase(person=mentee.person, reason=REASON, by=admin_user)
    mentee.refresh_from_db()
    assert mentee.stage == "withdrawn"


def test_the_survey_link_no_longer_opens(everywhere, admin_user):
    person, _duo = everywhere
    old = Invitation.objects.get(person=person).token_hash
    person_erase(person=person, reason=REASON, by=admin_user)
    assert not Invitation.objects.filter(token_hash=old).exists()
    assert Invitation.objects.filter(person=person).count() == 1  # still counted in response rates


# --- what must keep working ----------------------------------------------------------------------------------------

def test_matching_still_refuses_to_pair_the_erased_mentee_with_the_same_mentor_again(antenna, admin_user):
    duo = DuoFactory(antenna=antenna, status="completed")
    keys.block_pair(mentee_person_id=duo.mentee.person_id, mentor_person_id=duo.mentor.person_id,
                    reason="profile", by=admin_user)
    other = DuoFactory(antenna=antenna, status="ended_early", end_reason="relationship")
    run = RunFactory(antenna=antenna)
    for d in (duo, other):
        person_erase(person=d.mentee.person, reason=REASON, by=admin_user)
    assert matching_services._is_blocked(run, duo.mentee, duo.mentor)  # the keyed hash of the kept id
    assert matching_services._is_blocked(run, other.mentee, other.mentor)  # the duo row that ended badly


def test_an_existing_snapshot_loads_identical_after_erasure(everywhere, admin_user):
    person, _duo = everywhere
    taken = snapshots.snapshot_take(as_of=datetime.date(2026, 12, 1))
    path = django_settings.IMPACT_SNAPSHOT_DIR / taken.file_name
    sealed = path.read_bytes()
    frames = snapshots.load(taken)
    figures = {name: tables.records(tables.table(frames, indicator=name)) for name in INDICATORS}

    person_erase(person=person, reason=REASON, by=admin_user)
    snapshots._load.cache_clear()

    assert path.read_bytes() == sealed
    again = snapshots.load(taken)
    assert hashlib.sha256(snapshots._cipher().decrypt(path.read_bytes())).hexdigest() == taken.content_hash
    assert again.duos.equals(frames.duos) and again.applicants.equals(frames.applicants)
    assert {name: tables.records(tables.table(again, indicator=name)) for name in INDICATORS} == figures


# --- staff pages ---------------------------------------------------------------------------------------------------

def test_the_administrator_erases_from_the_page_and_the_person_shows_as_erased(everywhere, admin_user, client,
                                                                              english):
    person, _duo = everywhere
    client.force_login(admin_user)
    detail = reverse("people:detail", args=[person.pk])
    url = reverse("erasure:confirm", args=[person.pk])
    assert url in client.get(detail).content.decode()
    assert client.get(url).status_code == 200

    response = client.post(url, {"confirm_id": person.pk + 1, "reason": REASON})
    assert response.status_code == 200 and "This is not the number of this person." in response.content.decode()
    response = client.post(url, {"confirm_id": person.pk, "reason": f"{FIRST} asked"})
    assert response.status_code == 200 and not Erasure.objects.exists()

    response = client.post(url, {"confirm_id": person.pk, "reason": REASON})
    assert response.status_code == 302 and response.url == detail
    assert Erasure.objects.filter(person_id=person.pk).exists()
    for page in (detail, reverse("people:list"), url):
        html = client.get(page).content.decode()
        assert f"Erased person #{person.pk}" in html and FIRST not in html, page


def test_coordinators_get_no_erase_link_nor_page(everywhere, coordinator, client):
    person, _duo = everywhere
    client.force_login(coordinator)
    url = reverse("erasure:confirm", args=[person.pk])
    assert url not in client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert client.post(url, {"confirm_id": person.pk, "reason": REASON}).status_code == 403
    assert not Erasure.objects.exists()


# --- the command ---------------------------------------------------------------------------------------------------

def test_the_command_erases_and_refuses_without_a_reason_or_an_unknown_id(everywhere):
    person, _duo = everywhere
    with pytest.raises(CommandError):
        call_command("erase_person", str(person.pk))
    with pytest.raises(CommandError, match="999999"):
        call_command("erase_person", "999999", "--reason", REASON)
    with pytest.raises(CommandError):
        call_command("erase_person", str(person.pk), "--reason", f"{FIRST}")
    assert not Erasure.objects.exists()
    call_command("erase_person", str(person.pk), "--reason", REASON)
    event = AuditEvent.objects.get(action=AuditEvent.Action.ERASE)
    assert event.actor_label == "erase_person" and event.actor_id is None


def test_the_command_exits_with_status_1_on_an_unknown_id(db):
    with pytest.raises(SystemExit) as exit_:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["manage.py", "erase_person", "999999", "--reason", REASON])
    assert exit_.value.code == 1
