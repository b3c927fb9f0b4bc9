"""Erasing an advocacy contact (GDPR art. 17): after contact_erase nothing distinctive about them is left in the
database, while the interactions they took part in (the lobbying record and its transparency export) stay, naming
them "Erased contact #id"."""

import datetime
import io
import json
import time

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from duo.accounts import reauth
from duo.accounts.roles import Role
from duo.accounts.scoping import NotAllowed
from duo.advocacy import erasure as contact_erasure
from duo.advocacy import services
from duo.advocacy.erasure import contact_erase
from duo.advocacy.models import Contact, Interaction, Position, StatusChange
from duo.privacy import retention
from duo.privacy.erasure import ErasureError, personal_fields
from duo.privacy.models import AuditEvent
from tests.factories_advocacy import (
    ContactFactory, InteractionFactory, PositionFactory, StakeholderFactory, TargetFactory,
)
from tests.test_erasure import _found_in_database

pytestmark = pytest.mark.django_db

FIRST, LAST, TITLE = "Zéphyrine", "Quaglioberti", "Gräfin"
EMAIL, PHONE = "zq.private@cabinet.test", "+32 470 55 66 77"
NOTE, PARTY = "Xanthorrhoea jazz club", "Parti Zyxwvut"
MARKERS = [FIRST, LAST, TITLE, EMAIL, "470 55 66 77", "55.66.77", "Xanthorrhoea", "Zyxwvut"]
REASON = "request by email of 3 March"
ROLE, OFFICE = "Minister of Employment", "Cabinet of the Minister of Employment"


def _log(by, obj, *, message="[]", flag=ADDITION):
    return LogEntry.objects.create(user=by, content_type=ContentType.objects.get_for_model(obj),
                                   object_id=str(obj.pk), object_repr=str(obj)[:200], action_flag=flag,
                                   change_message=message)


@pytest.fixture
def planted(admin_user):
    """A contact whose details are in every place advocacy keeps words: the contact, a position, an interaction's
    subject, summary and follow-up, a status change it made, and the admin's history."""
    office = StakeholderFactory(name=OFFICE)
    contact = ContactFactory(first_name=FIRST, last_name=LAST, title=TITLE, email=EMAIL, phone=PHONE,
                             source=f"https://parliament.test/members/{LAST.lower()}", notes=NOTE)
    position = PositionFactory(contact=contact, stakeholder=office, role=ROLE, party=PARTY,
                               committees="Social affairs", started_on=datetime.date(2024, 7, 1))
    met = InteractionFactory(subject=f"Lunch with {FIRST} {LAST}", on=datetime.date(2025, 3, 4),
                             summary=f"{LAST} will call back from 0470/55.66.77 or write from {EMAIL.upper()}.",
                             follow_up=f"Send {FIRST} the memorandum", follow_up_due=datetime.date(2025, 4, 1))
    met.contacts.set([contact])
    met.stakeholders.set([office])
    target = TargetFactory(stakeholder=office)
    StatusChange.objects.create(target=target, status="discussed", progress=30, on=met.on, interaction=met,
                                note=f"As {FIRST}  {LAST} said")
    _log(admin_user, contact, flag=CHANGE, message=json.dumps(
        [{"added": {"name": "position", "object": str(position)}}]))
    _log(admin_user, position)
    _log(admin_user, met)
    return contact, met


# --- nothing is forgotten ------------------------------------------------------------------------------------------

def test_every_free_text_field_of_advocacy_about_a_contact_is_decided():
    """A free-text field added later fails here until the erasure knows whether to wipe, redact or keep it."""
    for model in (Contact, Position, Interaction, StatusChange):
        decided = (set(contact_erasure.SCRUB.get(model, {})) | set(contact_erasure.REDACT.get(model, ()))
                   | set(contact_erasure.KEPT.get(model, {})))
        assert set(personal_fields(model)) <= decided, (model, sorted(set(personal_fields(model)) - decided))


def test_after_erasure_no_trace_of_the_contact_is_left_anywhere(planted, admin_user):
    contact, _met = planted
    before = _found_in_database(MARKERS)
    # The scan sees every place (else it would prove nothing).
    for place in ("advocacy.Contact.first_name", "advocacy.Contact.title", "advocacy.Contact.source",
                  "advocacy.Contact.notes", "advocacy.Contact.phone", "advocacy.Position.party",
                  "advocacy.Interaction.subject", "advocacy.Interaction.summary", "advocacy.Interaction.follow_up",
                  "advocacy.StatusChange.note", "admin.LogEntry.object_repr", "admin.LogEntry.change_message"):
        assert any(hit.startswith(place) for hit in before), place

    contact_erase(contact=contact, reason=REASON, by=admin_user)

    assert _found_in_database(MARKERS) == []


def test_the_interactions_stay_and_read_erased_contact(planted, admin_user, english):
    contact, met = planted
    contact_erase(contact=contact, reason=REASON, by=admin_user)
    met.refresh_from_db()
    contact.refresh_from_db()
    label = f"Erased contact #{contact.pk}"
    assert list(met.contacts.all()) == [contact] and str(contact) == label
    assert met.subject == f"Lunch with {label}"
    assert met.summary == f"{label} will call back from {label} or write from {label}."
    assert met.follow_up == f"Send {label} the memorandum" and met.follow_up_due == datetime.date(2025, 4, 1)
    position = Position.objects.get(contact=contact)
    assert (position.role, position.committees, position.party) == (ROLE, "Social affairs", "")
    contact.refresh_from_db()
    assert (contact.language, contact.legal_basis) == ("fr", "legitimate_interest")  # codes, kept
    assert LogEntry.objects.get(object_id=str(contact.pk), content_type__model="contact").object_repr == \
        f"advocacy.Contact #{contact.pk}"


def test_the_dossier_lists_and_the_transparency_export_still_show_the_meeting(planted, admin_user, client, english):
    contact, met = planted
    contact_erase(contact=contact, reason=REASON, by=admin_user)
    client.force_login(admin_user)
    label = f"Erased contact #{contact.pk}"
    for page in (reverse("advocacy:contact", args=[contact.pk]), reverse("advocacy:contacts"),
                 reverse("advocacy:interaction", args=[met.pk]), reverse("advocacy:interactions"),
                 reverse("advocacy:stakeholder", args=[met.stakeholders.get().pk])):
        html = client.get(page).content.decode()
        assert label in html and LAST not in html and FIRST not in html, page
    dossier = client.get(reverse("advocacy:contact", args=[contact.pk])).content.decode()
    assert f"Lunch with {label}" in dossier and "was erased on" in dossier

    response = client.get(reverse("advocacy:interactions_export") + "?format=csv")
    assert response.status_code == 200
    csv = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    assert f"{label} ({ROLE}, {OFFICE})" in csv and f"Lunch with {label}" in csv
    assert not any(m.casefold() in csv.casefold() for m in MARKERS)


def test_one_audit_event_names_the_contact_who_and_why_and_no_value(planted, admin_user):
    contact, _met = planted
    before = AuditEvent.objects.count()
    contact_erase(contact=contact, reason=REASON, by=admin_user)
    assert AuditEvent.objects.count() == before + 1  # the scrub itself writes no event per row
    event = AuditEvent.objects.get(action=AuditEvent.Action.ERASE)
    assert (event.model, event.object_id, event.actor_id, event.note) == (
        "advocacy.Contact", str(contact.pk), admin_user.pk, REASON)
    assert {"advocacy.Contact.first_name", "advocacy.Contact.email", "advocacy.Position.party",
            "advocacy.Interaction.summary", "advocacy.StatusChange.note"} <= set(event.fields)
    held = json.dumps([event.fields, event.note, event.path, event.actor_label, event.object_id]).casefold()
    assert not any(m.casefold() in held for m in MARKERS)


def test_erasing_twice_is_harmless(planted, admin_user):
    contact, _met = planted
    first = contact_erase(contact=contact, reason=REASON, by=admin_user).erased_at
    again = contact_erase(contact=contact, reason="another reason", by=admin_user)
    assert again.erased_at == first
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ERASE).count() == 1


@pytest.mark.parametrize("reason", ["", "   ", f"asked by {FIRST}", f"{LAST.upper()} asked", f"mail from {EMAIL}",
                                    "called from 0470/55.66.77", "x" * 256])
def test_a_reason_that_is_empty_or_names_the_contact_is_refused_and_nothing_changes(planted, admin_user, reason):
    contact, met = planted
    with pytest.raises(ErasureError) as error:
        contact_erase(contact=contact, reason=reason, by=admin_user)
    assert "reason" in error.value.errors
    contact.refresh_from_db()
    met.refresh_from_db()
    assert contact.first_name == FIRST and contact.erased_at is None and LAST in met.subject
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ERASE).exists()


def test_officers_may_edit_contacts_but_not_erase_them(planted, users):
    contact, _met = planted
    with pytest.raises(NotAllowed):
        contact_erase(contact=contact, reason=REASON, by=users[Role.OFFICER])
    contact.refresh_from_db()
    assert contact.erased_at is None and contact.last_name == LAST


def test_nothing_more_is_written_about_an_erased_contact(planted, admin_user):
    contact, _met = planted
    contact_erase(contact=contact, reason=REASON, by=admin_user)
    contact.refresh_from_db()
    with pytest.raises(services.AdvocacyError):
        services.contact_save(by=admin_user, contact=contact, first_name=FIRST, last_name=LAST)
    with pytest.raises(services.AdvocacyError):
        services.position_save(by=admin_user, contact=contact, stakeholder=StakeholderFactory(), role="Adviser")
    contact.refresh_from_db()
    assert contact.last_name == "" and Position.objects.filter(contact=contact).count() == 1


def test_an_erased_contact_is_no_longer_offered_as_met_except_where_already_named(planted, admin_user):
    from duo.advocacy.forms_interactions import InteractionForm

    contact, met = planted
    other = ContactFactory(first_name="Other", last_name="Person")
    contact_erase(contact=contact, reason=REASON, by=admin_user)
    offered = set(InteractionForm().fields["contacts"].queryset)
    assert other in offered and contact not in offered
    # Editing the meeting they attended keeps them chosen: saving it must not silently drop them.
    assert contact in set(InteractionForm(instance=met).fields["contacts"].queryset)


# --- the page ------------------------------------------------------------------------------------------------------

def test_the_administrator_erases_from_the_dossier_after_a_typed_confirmation(planted, admin_user, client, english):
    contact, _met = planted
    client.force_login(admin_user)
    dossier = reverse("advocacy:contact", args=[contact.pk])
    url = reverse("advocacy:contact_erase", args=[contact.pk])
    assert url in client.get(dossier).content.decode()
    assert client.get(url).status_code == 200

    for data, error in (({"confirm_id": contact.pk + 1, "reason": REASON}, "This is not the number of this contact."),
                        ({"confirm_id": contact.pk, "reason": f"{LAST} asked"}, "must not contain"),
                        ({"confirm_id": "", "reason": ""}, "This field is required.")):
        response = client.post(url, data)
        assert response.status_code == 200 and error in response.content.decode(), data
        contact.refresh_from_db()
        assert contact.erased_at is None and contact.last_name == LAST

    response = client.post(url, {"confirm_id": contact.pk, "reason": REASON})
    assert response.status_code == 302 and response.url == dossier
    contact.refresh_from_db()
    assert contact.erased_at is not None
    html = client.get(dossier).content.decode()
    assert url not in html and reverse("advocacy:contact_edit", args=[contact.pk]) not in html


def test_the_password_is_asked_again_before_the_page(planted, admin_user, client):
    contact, _met = planted
    client.force_login(admin_user)
    session = client.session
    session[reauth.AUTH_AT] = int(time.time() - 60 * 60)
    session.save()
    url = reverse("advocacy:contact_erase", args=[contact.pk])
    response = client.post(url, {"confirm_id": contact.pk, "reason": REASON})
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:confirm"))
    contact.refresh_from_db()
    assert contact.erased_at is None


def test_officers_get_no_erase_link_nor_page(planted, users, client):
    contact, _met = planted
    client.force_login(users[Role.OFFICER])
    url = reverse("advocacy:contact_erase", args=[contact.pk])
    assert url not in client.get(reverse("advocacy:contact", args=[contact.pk])).content.decode()
    assert client.post(url, {"confirm_id": contact.pk, "reason": REASON}).status_code == 403
    contact.refresh_from_db()
    assert contact.erased_at is None


# --- the command ---------------------------------------------------------------------------------------------------

def test_the_command_erases_and_refuses_without_a_reason_an_unknown_id_or_a_naming_reason(planted, english):
    contact, _met = planted
    with pytest.raises(CommandError):
        call_command("erase_contact", str(contact.pk))
    with pytest.raises(CommandError, match="999999"):
        call_command("erase_contact", "999999", "--reason", REASON)
    with pytest.raises(CommandError):
        call_command("erase_contact", str(contact.pk), "--reason", f"{FIRST} asked")
    assert Contact.objects.get(pk=contact.pk).erased_at is None
    out = io.StringIO()
    call_command("erase_contact", str(contact.pk), "--reason", REASON, stdout=out)
    assert f"#{contact.pk}" in out.getvalue()
    event = AuditEvent.objects.get(action=AuditEvent.Action.ERASE)
    assert event.actor_label == "erase_contact" and event.actor_id is None and event.note == REASON
    assert Contact.objects.get(pk=contact.pk).last_name == ""


# --- retention -----------------------------------------------------------------------------------------------------

TODAY = datetime.date(2031, 6, 1)
LONG_AGO = datetime.date(2025, 1, 10)  # more than five years before TODAY


@pytest.fixture
def contacts(db):
    old = timezone.make_aware(datetime.datetime(2024, 1, 1))
    stale = ContactFactory(last_name="Stale", created_at=old)
    PositionFactory(contact=stale, started_on=datetime.date(2024, 2, 1), ended_on=LONG_AGO)
    InteractionFactory(on=LONG_AGO).contacts.set([stale])
    never_met = ContactFactory(last_name="Nevermet", created_at=old)
    holding = ContactFactory(last_name="Holding", created_at=old)
    PositionFactory(contact=holding, started_on=datetime.date(2024, 2, 1), ended_on=None)
    met_lately = ContactFactory(last_name="Metlately", created_at=old)
    InteractionFactory(on=datetime.date(2027, 5, 1)).contacts.set([met_lately])
    recent = ContactFactory(last_name="Recent", created_at=timezone.make_aware(datetime.datetime(2029, 1, 1)))
    return {"stale": stale, "never_met": never_met, "holding": holding, "met_lately": met_lately, "recent": recent}


def test_retention_lists_contacts_with_nothing_for_five_years_and_a_dry_run_changes_nothing(contacts):
    assert retention.contacts_due(TODAY) == [contacts["stale"].pk, contacts["never_met"].pk]
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", "--today", TODAY.isoformat(), stdout=out)
    assert f"contacts: would erase 2 advocacy contacts (#{contacts['stale'].pk}, #{contacts['never_met'].pk})" \
        in out.getvalue()
    assert not Contact.objects.filter(erased_at__isnull=False).exists()


def test_retention_erases_them_and_keeps_their_interactions(contacts, settings):
    retention.apply_retention(TODAY)
    erased = set(Contact.objects.filter(erased_at__isnull=False).values_list("last_name", "pk"))
    assert erased == {("", contacts["stale"].pk), ("", contacts["never_met"].pk)}
    assert Interaction.objects.filter(contacts=contacts["stale"]).count() == 1
    event = AuditEvent.objects.get(action=AuditEvent.Action.ERASE, object_id=str(contacts["stale"].pk))
    assert (event.actor_label, event.note) == ("apply_retention", "retention: contacts")
    # A shorter period, from the environment, makes more of them due; the erased are not listed again.
    settings.RETENTION = {**settings.RETENTION, "contact_years": 1}
    assert retention.contacts_due(TODAY) == [contacts["met_lately"].pk, contacts["recent"].pk]
