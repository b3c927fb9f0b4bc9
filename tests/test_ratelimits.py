"""Rate limits per address (duo.core.security.RateLimitMiddleware): guessing personal links, and the public forms.

The limits are low here (settings); tests/conftest.py switches them off for the rest of the suite.
"""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from duo.infosession.models import Registration
from duo.intake.links import applicant_token

from .factories import MenteeFactory, UserFactory
from .factories_sessions import InfoSessionFactory, url

pytestmark = pytest.mark.django_db

FORGED = "made-up-token-0123456789:not-a-signature"


@pytest.fixture(autouse=True)
def limits(settings):
    cache.clear()  # the counters live in the cache, which outlives a test
    settings.RATE_LIMIT_TOKEN_MISSES = 3
    settings.RATE_LIMIT_PUBLIC_FORMS = 2
    yield settings
    cache.clear()


def _person(antenna):
    return MenteeFactory(person__antenna=antenna, stage="applied", person__preferred_language="en").person


def test_guessing_personal_links_is_stopped_after_the_limit_even_for_a_real_link(client, antenna):
    person = _person(antenna)
    real = url("portal:home", "en", token=applicant_token(person))
    assert client.get(real).status_code == 200  # a right token counts for nothing
    for _ in range(3):
        assert client.get(url("portal:home", "en", token=FORGED)).status_code == 404
    # The fourth guess, on any token page, and even the real link: 429 until the hour is over.
    assert client.get(url("portal:home", "en", token=FORGED + "x")).status_code == 429
    assert client.get(f"/en/s/{FORGED}/").status_code == 429
    assert client.get(f"/calendar/{FORGED}.ics").status_code == 429
    response = client.get(real)
    assert response.status_code == 429
    assert person.first_name not in response.content.decode()


def test_misses_on_every_kind_of_personal_link_add_up(client):
    for path in (f"/en/s/{FORGED}/", f"/en/voice/{FORGED}/", f"/en/log/{FORGED}/"):
        assert client.get(path).status_code == 404, path
    assert client.get(f"/calendar/{FORGED}.ics").status_code == 429


def test_another_address_is_not_stopped(client):
    for _ in range(4):
        client.get(f"/en/s/{FORGED}/")
    assert client.get(f"/en/s/{FORGED}/").status_code == 429
    assert client.get(f"/en/s/{FORGED}/", REMOTE_ADDR="198.51.100.7").status_code == 404


def test_the_429_page_speaks_the_language_of_the_address(client, english):
    for _ in range(3):
        client.get(f"/fr/s/{FORGED}/")
    response = client.get(f"/fr/s/{FORGED}/")
    assert response.status_code == 429
    assert '<html lang="fr">' in response.content.decode()
    response = client.get(f"/en/s/{FORGED}/")
    assert response.status_code == 429 and "Please try again later" in response.content.decode()


def test_wrong_password_reset_links_count_as_guesses(client):
    # Django answers a wrong reset link with a 200 "invalid link" page, not a 404: it counts all the same.
    link = reverse("accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "abc-0123456789abcdef"})
    for _ in range(3):
        assert client.get(link).status_code == 200
    assert client.get(link).status_code == 429


def test_the_password_reset_form_takes_a_few_requests_per_address(client):
    user = UserFactory(email="staff.member@duo.test")
    page = reverse("accounts:password_reset")
    for _ in range(2):
        assert client.post(page, {"email": user.email}).status_code == 302
    assert len(mail.outbox) == 2
    response = client.post(page, {"email": user.email})
    assert response.status_code == 429
    assert len(mail.outbox) == 2  # nothing sent over the limit
    assert client.get(page).status_code == 200  # reading the form is never limited


def test_info_session_registration_is_limited_and_nothing_is_saved_over_it(client, antenna, settings):
    settings.RATE_LIMIT_PUBLIC_FORMS = 1
    person = _person(antenna)
    token = applicant_token(person)
    first, second = InfoSessionFactory(antenna=antenna), InfoSessionFactory(antenna=antenna)
    assert client.post(url("portal:info_register", "en", token=token, pk=first.pk),
                       {"confirm": "on"}).status_code == 302
    response = client.post(url("portal:info_register", "en", token=token, pk=second.pk), {"confirm": "on"})
    assert response.status_code == 429
    assert list(Registration.objects.values_list("session", flat=True)) == [first.pk]


def test_the_testimony_authors_page_limits_posts(client):
    for _ in range(2):
        client.post(f"/en/voice/{FORGED}/", {})
    # Over the public-form limit (and, here, the guessing one too): refused before the view runs.
    assert client.post(f"/en/voice/{FORGED}/", {}).status_code == 429


def test_zero_switches_a_limit_off(client, settings):
    settings.RATE_LIMIT_TOKEN_MISSES = 0
    for _ in range(10):
        assert client.get(f"/en/s/{FORGED}/").status_code == 404


def test_the_application_form_uses_the_same_counters_with_its_own_limit(client, settings):
    from duo.intake import applications

    settings.APPLY_RATE_LIMIT = 2
    assert not applications.rate_limited("203.0.113.9")
    applications.count_submission("203.0.113.9")
    applications.count_submission("203.0.113.9")
    assert applications.rate_limited("203.0.113.9")
    assert not applications.rate_limited("203.0.113.10")
    response = client.post(reverse("apply:mentee"), {}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
