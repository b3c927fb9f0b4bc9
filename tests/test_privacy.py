"""The audit trail and the encryption of special-category data."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from duo.accounts.roles import Role
from duo.people.models import Person
from duo.privacy.models import AuditEvent

from .factories import PersonFactory


def events(**kw):
    return list(AuditEvent.objects.filter(**kw).order_by("id"))


def test_creating_a_person_is_audited_without_storing_values(db, antenna):
    person = PersonFactory(antenna=antenna, nationality_background="non_eu_national", last_name="Haddad")
    [event] = events(model="people.Person", object_id=str(person.pk))
    assert event.action == "create"
    assert "nationality_background" in event.fields and "last_name" in event.fields
    stored = str(event.fields) + event.note + event.object_id
    assert "Haddad" not in stored and "non_eu_national" not in stored


def test_editing_through_the_page_names_the_coordinator_fields_and_address(client, users, own_duo):
    coordinator = users[Role.COORDINATOR]
    person = own_duo.mentee.person
    client.force_login(coordinator)
    url = reverse("people:edit", args=[person.pk])
    context = client.get(url).context
    data = {}
    for form in (context["form"], context["profile_form"]):
        data.update({form.add_prefix(k): v for k, v in form.initial.items() if v is not None and k in form.fields})
    data.update({"phone": "+32 470 12 34 56", "antenna": person.antenna_id, "date_of_birth": "1999-04-12",
                 "profile-stage": "ready", "profile-diploma_recognition": "recognised",
                 "residence_route": "refugee"})
    response = client.post(url, data)
    assert response.status_code == 302
    [event] = events(model="people.Person", object_id=str(person.pk), action="update")
    assert event.actor == coordinator and event.actor_label == coordinator.email
    assert set(event.fields) == {"phone", "phone_digits", "residence_route"}
    assert event.ip == "127.0.0.1" and event.path == url
    [profile_event] = events(model="people.MenteeProfile", action="update")
    assert profile_event.fields == ["diploma_recognition"]


def test_viewing_special_category_data_is_audited(client, users, own_duo):
    person = own_duo.mentee.person
    Person.objects.filter(pk=person.pk).update(residence_route="family")
    client.force_login(users[Role.COORDINATOR])
    response = client.get(reverse("people:sensitive", args=[person.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Family reunification" in response.content.decode() or "Regroupement" in response.content.decode()
    [event] = events(action="view", object_id=str(person.pk))
    assert event.actor == users[Role.COORDINATOR]
    assert set(event.fields) == {"nationality_background", "origin_region", "residence_route"}


def test_the_edit_form_shows_special_category_values_so_opening_it_is_audited(client, users, own_duo):
    person = own_duo.mentee.person
    client.force_login(users[Role.COORDINATOR])
    assert client.get(reverse("people:edit", args=[person.pk])).status_code == 200
    [event] = events(action="view", object_id=str(person.pk))
    assert event.actor == users[Role.COORDINATOR]


def test_the_detail_page_alone_does_not_reveal_special_category_data(client, users, own_duo):
    person = own_duo.mentee.person
    Person.objects.filter(pk=person.pk).update(residence_route="refugee")
    client.force_login(users[Role.COORDINATOR])
    html = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Refugee" not in html and "réfugié" not in html.lower()
    assert not events(action="view")


def test_bulk_operations_are_audited(db, antenna):
    PersonFactory.create_batch(3, antenna=antenna)
    count = Person.objects.filter(antenna=antenna).update(phone="")
    [event] = events(action="bulk_update", model="people.Person")
    assert event.count == count == 3 and event.fields == ["phone"]
    Person.objects.filter(antenna=antenna).delete()
    assert len(events(action="delete", model="people.Person")) == 3


def test_the_audit_trail_is_append_only(db, antenna):
    PersonFactory(antenna=antenna)
    event = AuditEvent.objects.first()
    event.note = "tampered"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.update(note="tampered")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL only")
def test_postgresql_refuses_to_change_audit_events_even_in_raw_sql(db, antenna):
    from django.db import DatabaseError, transaction

    PersonFactory(antenna=antenna)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE privacy_auditevent SET note = 'tampered'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_auditevent")


def test_administrators_search_the_audit_trail(client, users, antenna):
    PersonFactory(antenna=antenna)
    client.force_login(users[Role.ADMINISTRATOR])
    response = client.get(reverse("privacy:audit"), {"action": "create", "model": "people.Person"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1
    bad = client.get(reverse("privacy:audit"), {"since": "2026-05-01", "until": "2026-01-01"})
    assert bad.context["page"].paginator.count == 0
    assert bad.context["form"].errors


def _raw(person, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM people_person WHERE id = %s", [person.pk])
        return cursor.fetchone()[0]


def _forget_keys():
    for name in ("nationality_background", "origin_region", "residence_route"):
        field = Person._meta.get_field(name)
        for attr in ("keys", "f"):
            field.__dict__.pop(attr, None)


def test_special_category_data_is_encrypted_at_rest(db, antenna):
    person = PersonFactory(antenna=antenna, residence_route="refugee", origin_region="north_africa")
    raw = _raw(person, "residence_route")
    assert raw and "refugee" not in raw and raw.startswith("gAAAA")  # a Fernet token
    assert Person.objects.get(pk=person.pk).residence_route == "refugee"


def test_field_keys_can_be_rotated(db, antenna, settings):
    try:
        settings.SALT_KEY = ["old-key-0123456789"]
        _forget_keys()
        person = PersonFactory(antenna=antenna, residence_route="work")
        old_token = _raw(person, "residence_route")

        settings.SALT_KEY = ["new-key-9876543210", "old-key-0123456789"]
        _forget_keys()
        assert Person.objects.get(pk=person.pk).residence_route == "work"
        call_command("rotate_field_keys", stdout=io.StringIO())
        assert _raw(person, "residence_route") != old_token

        settings.SALT_KEY = ["new-key-9876543210"]
        _forget_keys()
        assert Person.objects.get(pk=person.pk).residence_route == "work"
    finally:
        _forget_keys()
