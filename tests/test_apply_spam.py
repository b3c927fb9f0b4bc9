"""Spam protection on the application forms (a honeypot, a limit per address) and garbage input."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from duo.intake.forms_apply import FORMS
from duo.people.models import Person
from duo.privacy.models import AuditEvent

from .factories_apply import mentee_data, mentor_data, nothing_stored, post


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    # The limit lives in the cache, which outlives a test: every test starts with a clean slate.
    cache.clear()
    yield
    cache.clear()


def test_a_filled_honeypot_shows_the_thanks_but_stores_and_sends_nothing(
        client, antenna, mailoutbox, django_capture_on_commit_callbacks):
    audit_before = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, "fr", "mentee", mentee_data(homepage="http://cheap-pills.example"))
    assert response.status_code == 302 and "/apply/thanks/" in response["Location"]
    assert nothing_stored() and mailoutbox == []
    assert AuditEvent.objects.count() == audit_before


def test_the_honeypot_is_hidden_from_people(client, antenna):
    page = client.get(reverse("apply:mentor")).content.decode()
    trap = re.search(r'<div class="apply-hp" aria-hidden="true">(.*?)</div>', page, re.S).group(1)
    assert 'name="homepage"' in trap and 'tabindex="-1"' in trap and 'autocomplete="off"' in trap


def test_too_many_applications_from_one_address_get_a_friendly_429(client, antenna, settings):
    settings.APPLY_RATE_LIMIT = 2
    for n in range(2):
        assert post(client, "en", "mentor", mentor_data(email=f"m{n}@example.org")).status_code == 302
    response = post(client, "en", "mentor", mentor_data(email="third@example.org"))
    assert response.status_code == 429
    assert "try again" in response.content.decode().lower()
    assert not Person.objects.filter(email="third@example.org").exists()
    # Another address is not affected.
    other = post(client, "en", "mentor", mentor_data(email="fourth@example.org"), REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302


def test_mistakes_do_not_count_towards_the_limit(client, antenna, settings):
    settings.APPLY_RATE_LIMIT = 1
    for _ in range(4):
        assert post(client, "fr", "mentor", mentor_data(email="not an email")).status_code == 200
    assert post(client, "fr", "mentor", mentor_data()).status_code == 302


def test_behind_a_proxy_each_applicant_has_a_limit_of_their_own(client, antenna, settings):
    settings.APPLY_RATE_LIMIT = 1
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    assert post(client, "fr", "mentor", mentor_data(), HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy).status_code == 302
    # Another person behind the same load balancer is not blocked by the first one...
    assert post(client, "fr", "mentor", mentor_data(), HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy).status_code == 302
    # ...and the first cannot dodge the limit by sending an address of their own choosing.
    spoofed = post(client, "fr", "mentor", mentor_data(), HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7", **proxy)
    assert spoofed.status_code == 429
    assert Person.objects.count() == 2


# --- garbage -----------------------------------------------------------------------------------------

GARBAGE = ["", " ", "\x00", "a" * 5000, "<script>alert(1)</script>", "💥", "-1", "1e309", "2001-13-45",
           "' OR 1=1 --", "None", "[]"]


@pytest.mark.parametrize("kind", ["mentee", "mentor"])
def test_garbage_in_any_field_never_breaks_the_page(client, antenna, kind, settings):
    settings.APPLY_RATE_LIMIT = 1000  # some of these are valid applications: let them all through
    form_class = FORMS[kind]
    names = list(form_class().fields)
    good = mentee_data() if kind == "mentee" else mentor_data()
    for i, name in enumerate(names):
        value = GARBAGE[i % len(GARBAGE)]
        response = post(client, "fr", kind, {**good, name: [value, value] if i % 3 == 0 else value,
                                             "email": "x@example.org" if name != "email" else value})
        assert response.status_code in (200, 302), (name, value)
    everything = {name: GARBAGE[i % len(GARBAGE)] for i, name in enumerate(names)} | {"homepage": ""}
    count = Person.objects.count()
    assert post(client, "en", kind, everything).status_code == 200
    assert Person.objects.count() == count
    assert post(client, "en", kind, {"unknown": "field"}).status_code == 200
