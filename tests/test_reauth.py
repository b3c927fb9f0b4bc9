"""The password asked again before sensitive actions, and staff sessions that end when idle or too old."""

import datetime
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from duo.accounts import reauth
from duo.accounts.models import User
from duo.accounts.roles import Role
from duo.api.models import ApiToken, Scope
from duo.webhooks.models import Subscription

from .factories import PASSWORD
from .factories_twofactor import code_for, enrol, password_login


def _age(client, **minutes_ago):
    """Move the session's clocks back, as if that much time had passed."""
    session = client.session
    for key, minutes in minutes_ago.items():
        session[getattr(reauth, key)] = int(time.time() - minutes * 60)
    session.save()


def _next_of(location: str) -> str:
    return parse_qs(urlsplit(location).query)["next"][0]


def test_an_export_asks_for_the_password_again_and_comes_back(client, users):
    client.force_login(users[Role.COORDINATOR])
    _age(client, AUTH_AT=11)
    export = reverse("people:export") + "?format=csv"
    response = client.get(export)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:confirm"))
    assert _next_of(response["Location"]) == export

    confirm = response["Location"]
    assert client.get(confirm).status_code == 200
    wrong = client.post(confirm, {"password": "not the password", "next": export})
    assert wrong.status_code == 200 and wrong.context["form"].errors["password"]
    assert client.get(export).status_code == 302

    right = client.post(confirm, {"password": PASSWORD, "next": export})
    assert right.status_code == 302 and right["Location"] == export
    downloaded = client.get(export)
    assert downloaded.status_code == 200 and "text/csv" in downloaded["Content-Type"]


def test_logging_in_counts_as_having_typed_the_password(client, users):
    password_login(client, users[Role.COORDINATOR])
    assert client.get(reverse("journeys:export") + "?format=csv").status_code == 200


def test_a_token_posted_without_recent_password_is_not_created(client, users):
    client.force_login(users[Role.ADMINISTRATOR])
    _age(client, AUTH_AT=30)
    form = reverse("api_tokens:add")
    valid = {"name": "Website", "scopes": [Scope.APPLICATIONS_WRITE],
             "expires_on": (datetime.date.today() + datetime.timedelta(days=90)).isoformat()}
    response = client.post(form, valid, HTTP_REFERER=f"http://testserver{form}")
    assert response.status_code == 302 and _next_of(response["Location"]) == form
    assert not ApiToken.objects.exists()


def test_a_webhook_posted_without_recent_password_is_not_created(client, users):
    client.force_login(users[Role.ADMINISTRATOR])
    _age(client, AUTH_AT=30)
    response = client.post(reverse("webhooks:add"), {"name": "CRM", "url": "https://crm.example.org/hook",
                                                     "events": ["duo.closed"]})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:confirm"))
    assert not Subscription.objects.exists()


def test_a_role_change_in_the_admin_needs_the_password_again(client, users):
    admin, viewer = users[Role.ADMINISTRATOR], users[Role.VIEWER]
    client.force_login(admin)
    change = reverse("admin:accounts_user_change", args=[viewer.pk])
    assert client.get(change).status_code == 200  # just logged in: recent enough
    _age(client, AUTH_AT=11)
    response = client.post(change, {"email": viewer.email, "full_name": viewer.full_name, "language": "fr",
                                    "role": Role.ADMINISTRATOR, "is_active": "on"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:confirm"))
    assert User.objects.get(pk=viewer.pk).role == Role.VIEWER


def test_roles_without_the_capability_are_refused_before_any_password_prompt(client, users):
    client.force_login(users[Role.RESEARCHER])
    _age(client, AUTH_AT=30)
    assert client.get(reverse("people:export")).status_code == 403


def test_an_enrolled_user_confirms_with_password_and_code(client, users):
    user = users[Role.VIEWER]
    device, codes = enrol(user)
    password_login(client, user)
    client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]})
    _age(client, AUTH_AT=11)
    confirm = reverse("accounts:confirm")
    without_code = client.post(confirm, {"password": PASSWORD})
    assert without_code.status_code == 200 and without_code.context["form"].errors["code"]
    assert not reauth.is_recent(without_code.wsgi_request)
    # The code used at set-up is spent; the app's next one confirms.
    done = client.post(confirm, {"password": PASSWORD, "code": code_for(device, steps_ahead=1)})
    assert done.status_code == 302 and reauth.is_recent(done.wsgi_request)


def test_confirm_does_not_send_anywhere_else(client, users):
    client.force_login(users[Role.VIEWER])
    response = client.post(reverse("accounts:confirm"), {"password": PASSWORD, "next": "//evil.example.org/x"})
    assert response.status_code == 302 and response["Location"] == reverse("staff:home")


def test_an_idle_session_ends_with_a_message_and_the_page_as_next(client, users, settings):
    client.force_login(users[Role.COORDINATOR])
    _age(client, SEEN_AT=settings.SESSION_IDLE_MINUTES + 1)
    page = reverse("journeys:list")
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login")) and _next_of(response["Location"]) == page
    login = client.get(response["Location"])
    assert login.status_code == 200 and len(list(login.context["messages"])) == 1
    assert client.get(page)["Location"].startswith(reverse("accounts:login"))  # logged out, not just redirected


def test_activity_keeps_the_session_alive(client, users, settings):
    client.force_login(users[Role.COORDINATOR])
    _age(client, SEEN_AT=settings.SESSION_IDLE_MINUTES - 1)
    assert client.get(reverse("journeys:list")).status_code == 200
    assert time.time() - client.session[reauth.SEEN_AT] < 60
    _age(client, LOGIN_AT=60)
    assert client.get(reverse("journeys:list")).status_code == 200


def test_a_session_ends_after_its_absolute_maximum_even_when_active(client, users, settings):
    client.force_login(users[Role.COORDINATOR])
    _age(client, LOGIN_AT=settings.SESSION_COOKIE_AGE / 60 + 1)
    assert client.get(reverse("journeys:list"))["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ["site:home", "healthz"])
def test_an_expired_session_does_not_touch_public_pages(client, users, name):
    client.force_login(users[Role.COORDINATOR])
    _age(client, SEEN_AT=600)
    assert client.get(reverse(name)).status_code == 200
