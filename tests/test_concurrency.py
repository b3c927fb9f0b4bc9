"""No lost update (duo.core.concurrency): two coordinators edit the same record; the second is told, with who and
when, and nothing the first saved is silently overwritten."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from duo.accounts.roles import Role
from duo.journeys.models import Duo, DuoTransition
from duo.people.models import Person

from .factories import UserFactory


@pytest.fixture
def two_coordinators(antenna):
    first = UserFactory(role=Role.COORDINATOR, full_name="Karim Janssens", antennas=[antenna])
    second = UserFactory(role=Role.COORDINATOR, full_name="Sophie Renard", antennas=[antenna])
    clients = []
    for user in (first, second):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def _posted(response, **changes):
    """What a browser posts back from the edit page as loaded: every field's initial value, the hidden version
    included, with `changes` typed in."""
    data = {}
    for form in (response.context["form"], response.context["profile_form"]):
        if form is None:
            continue
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            data[bound.html_name] = value if not hasattr(value, "isoformat") else value.isoformat()
    data.update(changes)
    return data


def test_the_second_save_is_refused_and_the_first_kept(two_coordinators, own_duo):
    first, second = two_coordinators
    person = own_duo.mentee.person
    url = reverse("people:edit", args=[person.pk])
    page_first, page_second = first.get(url), second.get(url)
    assert page_first.context["form"]["version"].value()  # the page carries the version it shows

    saved = first.post(url, _posted(page_first, first_name="Alice", phone="0470 11 22 33"))
    assert saved.status_code == 302
    refused = second.post(url, _posted(page_second, first_name="Bob"))

    assert refused.status_code == 200
    stored = Person.objects.get(pk=person.pk)
    assert (stored.first_name, stored.phone) == ("Alice", "0470 11 22 33")
    form = refused.context["form"]
    message = " ".join(form.non_field_errors())
    assert "Karim Janssens" in message
    assert timezone.localtime(stored.updated_at).strftime("%H:%M") in message
    html = refused.content.decode()
    assert 'role="alert"' in html and "Karim Janssens" in html
    # The current version is shown beside the user's own values, field by field.
    shown = {label: (now, mine) for label, now, mine in form.current_values}
    assert shown[str(form.fields["first_name"].label)] == ("Alice", "Bob")
    assert shown[str(form.fields["phone"].label)][0] == "0470 11 22 33"
    # What the second coordinator typed is still in the form, not lost either.
    assert form["first_name"].value() == "Bob"


def test_saving_again_after_being_told_is_a_deliberate_choice(two_coordinators, own_duo):
    first, second = two_coordinators
    person = own_duo.mentee.person
    url = reverse("people:edit", args=[person.pk])
    page_first, page_second = first.get(url), second.get(url)
    first.post(url, _posted(page_first, first_name="Alice"))
    refused = second.post(url, _posted(page_second, first_name="Bob"))
    # The refused form now carries the current version: posting it again saves the second coordinator's values.
    again = second.post(url, {**refused.wsgi_request.POST.dict(), "version": refused.context["form"]["version"].value()})
    assert again.status_code == 302
    assert Person.objects.get(pk=person.pk).first_name == "Bob"


def test_one_coordinator_saving_twice_is_never_refused(two_coordinators, own_duo):
    first, _second = two_coordinators
    person = own_duo.mentee.person
    url = reverse("people:edit", args=[person.pk])
    for name in ("Alice", "Alicia", "Aline"):
        response = first.post(url, _posted(first.get(url), first_name=name))
        assert response.status_code == 302, response.context["form"].errors
    assert Person.objects.get(pk=person.pk).first_name == "Aline"


def test_a_change_by_someone_else_outside_the_form_is_also_caught(two_coordinators, own_duo):
    first, _second = two_coordinators
    person = own_duo.mentee.person
    url = reverse("people:edit", args=[person.pk])
    page = first.get(url)
    Person.objects.filter(pk=person.pk).update(last_name="Changed", updated_at=timezone.now())
    refused = first.post(url, _posted(page, first_name="Alice"))
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    assert Person.objects.filter(pk=person.pk, last_name="Changed").exclude(first_name="Alice").exists()


def test_a_duo_step_taken_on_a_stale_page_is_refused_naming_who_moved_it(two_coordinators, own_duo):
    first, second = two_coordinators
    detail = reverse("journeys:detail", args=[own_duo.pk])
    url = reverse("journeys:transition", args=[own_duo.pk])
    page_first, page_second = first.get(detail), second.get(detail)
    versions = {page.context["step_forms"][0]["version"].value() for page in (page_first, page_second)}
    assert len(versions) == 1 and versions != {""}
    version = versions.pop()
    today = timezone.localdate().isoformat()

    done = first.post(url, {"to": "ended_early", "reason": "moved", "on": today, "version": version})
    assert done.status_code == 302
    told = second.post(url, {"to": "ended_early", "reason": "health", "on": today, "version": version}, follow=True)

    duo = Duo.objects.get(pk=own_duo.pk)
    assert (duo.status, duo.end_reason) == ("ended_early", "moved")
    assert DuoTransition.objects.filter(duo=duo).count() == 1
    shown = " ".join(str(m) for m in told.context["messages"])
    assert "Karim Janssens" in shown
