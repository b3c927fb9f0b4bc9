"""The administrators' API-token pages: a token is created with the scopes and antennas it needs, its secret is
shown once on the page that answers the form (stored only as a digest, never shown again), refusals land on the
fields and create nothing, a revoked token stops working and the list says so, and no other role gets in."""

import datetime
import hashlib
import html
import re

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from duo.accounts.roles import Role
from duo.api import services, tokens
from duo.api.models import ApiToken, Scope, TokenUse

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
SECRET_SHOWN = re.compile(r'<code[^>]*id="api-token-secret"[^>]*>([^<]+)</code>')


@pytest.fixture
def admin(client, users, english):
    client.force_login(users[Role.ADMINISTRATOR])
    return client


def _form(**changes):
    data = {"name": "Partner outcome feed", "scopes": [Scope.APPLICATIONS_WRITE, Scope.INDICATORS_READ],
            "expires_on": (TODAY + 90 * DAY).isoformat()}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _row(page, text):
    """The table row of the list that mentions `text`."""
    return next(row for row in page.split("<tr>") if text in row)


def test_a_token_is_shown_once_then_only_its_prefix(admin, antenna):
    response = admin.post(reverse("api_tokens:add"),
                          _form(scopes=[Scope.OUTCOMES_WRITE, Scope.INDICATORS_READ], antennas=[antenna.pk]))
    assert response.status_code == 200  # the secret is on this page, not behind a redirect
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Copy it now: it will not be shown again" in page
    raw = html.unescape(SECRET_SHOWN.search(page).group(1))
    assert tokens.PATTERN.match(raw)

    token = ApiToken.objects.get()
    assert token.name == "Partner outcome feed" and token.created_by.role == Role.ADMINISTRATOR
    assert sorted(token.scopes) == sorted([Scope.INDICATORS_READ, Scope.OUTCOMES_WRITE])
    assert list(token.antennas.all()) == [antenna]
    assert timezone.localtime(token.expires_at).date() == TODAY + 90 * DAY
    # Only the digest of the secret is stored: the string shown appears nowhere in the row.
    prefix, secret = tokens.parse(raw)
    assert token.prefix == prefix and token.digest == hashlib.sha256(secret.encode()).hexdigest()
    stored = " ".join(str(v) for v in model_to_dict(token, exclude=["antennas"]).values())
    assert secret not in stored and raw not in stored
    # And it is a working token.
    assert services.token_for(raw) == token

    listing = admin.get(reverse("api_tokens:list")).content.decode()
    assert token.prefix in listing and secret not in listing
    row = _row(listing, "Partner outcome feed")
    assert "active" in row and "Bruxelles Centre" in row and str(Scope.OUTCOMES_WRITE.label) in row
    assert reverse("api_tokens:detail", args=[token.pk]) in row
    detail = admin.get(reverse("api_tokens:detail", args=[token.pk])).content.decode()
    assert token.prefix in detail and secret not in detail


def test_the_form_proposes_a_year_of_validity(admin):
    page = admin.get(reverse("api_tokens:add")).content.decode()
    assert f'value="{(TODAY + 365 * DAY).isoformat()}"' in page
    assert all(f'value="{value}"' in page for value in Scope.values)  # every scope is a checkbox


@pytest.mark.parametrize("changes,field,message", [
    ({"scopes": None}, "scopes", "Choose at least one scope."),
    ({"expires_on": (TODAY - DAY).isoformat()}, "expires_on", "A token expires in the future."),
    ({"expires_on": (TODAY + 400 * DAY).isoformat()}, "expires_on", "A token lasts a year at most"),
    ({"scopes": [Scope.OUTCOMES_WRITE]}, "antennas", "needs the antennas this token may reach"),
    ({"name": " "}, "name", "This field is required."),
])
def test_a_refused_token_shows_why_on_the_field_and_creates_nothing(admin, changes, field, message):
    response = admin.post(reverse("api_tokens:add"), _form(**changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field] and message in errors[field][0]
    page = response.content.decode()
    assert f'id="id_{field}_errors"' in page and f'href="#id_{field}"' in page  # beside the field, and summarised
    assert "no-store" not in response.get("Cache-Control", "") and "api-token-secret" not in page
    assert not ApiToken.objects.exists()


def test_an_empty_form_creates_nothing(admin):
    response = admin.post(reverse("api_tokens:add"), {})
    assert response.status_code == 200 and set(response.context["form"].errors) == {"name", "scopes", "expires_on"}
    assert not ApiToken.objects.exists()


@pytest.fixture
def website_token(users):
    return services.token_create(by=users[Role.ADMINISTRATOR], name="Website application form",
                                 scopes=[Scope.APPLICATIONS_WRITE], expires_on=TODAY + 30 * DAY)


def test_revoking_stops_the_token_and_the_list_says_so(admin, users, website_token):
    token, raw = website_token
    url = reverse("api_tokens:revoke", args=[token.pk])
    response = admin.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("api_tokens:detail", args=[token.pk])
    assert "revoked: calls made with it are refused from now on" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == users[Role.ADMINISTRATOR]
    assert services.token_for(raw) is None
    assert "revoked" in _row(admin.get(reverse("api_tokens:list")).content.decode(), "Website application form")

    # Twice is harmless: the first revocation stands.
    first = token.revoked_at
    again = admin.post(url, follow=True)
    assert again.status_code == 200 and "already revoked" in again.content.decode()
    token.refresh_from_db()
    assert token.revoked_at == first
    assert admin.get(url).status_code == 405


def test_an_expired_token_is_listed_as_expired(admin, website_token):
    token, _raw = website_token
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - DAY)
    row = _row(admin.get(reverse("api_tokens:list")).content.decode(), "Website application form")
    assert "expired" in row and "active" not in row


def test_the_detail_shows_the_last_hundred_calls(admin, website_token):
    token, _raw = website_token
    start = timezone.now() - datetime.timedelta(hours=200)
    TokenUse.objects.bulk_create([
        TokenUse(token=token, at=start + datetime.timedelta(hours=i), method="POST", path=f"/api/v1/applications/{i}",
                 status=201 if i else 400, ip="192.0.2.7") for i in range(105)])
    page = admin.get(reverse("api_tokens:detail", args=[token.pk])).content.decode()
    assert page.count("/api/v1/applications/") == 100
    assert "/api/v1/applications/104<" in page and "/api/v1/applications/5<" in page  # the newest hundred
    assert "/api/v1/applications/4<" not in page and "/api/v1/applications/0<" not in page
    assert "192.0.2.7" in page and "The last 100 of 105 calls." in page


def test_an_unknown_token_is_404(admin):
    assert admin.get(reverse("api_tokens:detail", args=[999999])).status_code == 404
    assert admin.post(reverse("api_tokens:revoke", args=[999999])).status_code == 404


def test_a_coordinator_may_not_manage_tokens(client, users, website_token, antenna, english):
    token, _raw = website_token
    client.force_login(users[Role.COORDINATOR])
    assert client.get(reverse("api_tokens:list")).status_code == 403
    assert client.get(reverse("api_tokens:add")).status_code == 403
    assert client.post(reverse("api_tokens:add"), _form(antennas=[antenna.pk])).status_code == 403
    assert client.get(reverse("api_tokens:detail", args=[token.pk])).status_code == 403
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 403
    assert ApiToken.objects.count() == 1
    token.refresh_from_db()
    assert token.revoked_at is None
