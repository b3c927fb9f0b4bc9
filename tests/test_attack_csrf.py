"""CSRF: every state-changing request in the permission matrix, replayed from a page of another site.

Another site can make a logged-in browser send a POST with its cookies, but it cannot read Duo's CSRF token. So
every POST the matrix answers with 200 or 302 for some role is sent again by that role without the token: it must be
refused by the CSRF check (403) and leave every table as it was. The API is the exception by design: it takes a
bearer token in a header, which a browser never adds by itself, and a session cookie alone opens nothing there.
"""

import json

import pytest
from django.test import Client
from django.urls import reverse

from duo.accounts.roles import Role

from tests.attack_payloads import CSRF_REFUSED, changed_tables, database_fingerprint
from tests.matrix_levels import ANON, ROLES
from tests.test_permission_matrix import MATRIX, objects  # noqa: F401  (the matrix's fixture)

# Token-authenticated, no cookie involved: a forged cross-site request cannot carry the bearer token.
EXEMPT_PREFIX = "api:"

CASES = []
for _name, _entries in MATRIX.items():
    if _name.startswith(EXEMPT_PREFIX):
        continue
    for _i, (_description, _method, _build, _expected) in enumerate(_entries):
        roles = [r for r in ROLES if _expected[r] in (200, 302)]
        if _method == "post" and roles:
            CASES.append((_name, _i, roles))


def _csrf_client(users, role):
    client = Client(enforce_csrf_checks=True)
    if role != ANON:
        client.force_login(users[role])
    return client


@pytest.fixture(autouse=True)
def _recognisable_csrf_refusal(settings):
    settings.CSRF_FAILURE_VIEW = "tests.attack_payloads.csrf_failure"


def test_there_are_state_changes_to_forge():
    # The matrix has POSTs that succeed for staff, for the public (forms) and for link holders (tokens).
    assert len(CASES) > 50
    assert any(ANON in roles for _n, _i, roles in CASES)
    assert any(Role.COORDINATOR in roles for _n, _i, roles in CASES)


def test_every_post_without_the_csrf_token_is_refused_and_changes_nothing(users, objects):  # noqa: F811
    """One walk through all the cases (the matrix's objects are built once): every refusal that did not happen is
    listed at the end."""
    login = reverse("accounts:login")
    clients = {role: _csrf_client(users, role) for role in ROLES}  # logging in writes last_login: before the count
    wrong = []
    for name, index, roles in CASES:
        description, _method, build, _expected = MATRIX[name][index]
        url = reverse(name, kwargs=build(objects) if build else None)
        before = database_fingerprint()
        for role in roles:
            response = clients[role].post(url, {"confirm": "on", "next": "/"})
            if role == ANON and response.status_code == 302 and response["Location"].startswith(login):
                continue  # sent to log in before anything is read (the upload views check the token after that)
            if response.status_code != 403 or response.content.decode() != CSRF_REFUSED:
                wrong.append(f"{name} ({description}) as {role}: {response.status_code}, not the CSRF refusal")
        changed = changed_tables(before, database_fingerprint())
        if changed:
            wrong.append(f"{name} ({description}) changed {changed}")
    assert not wrong, "\n".join(wrong)


def test_the_same_post_with_the_token_gets_through_the_check(users, objects):  # noqa: F811
    """The control: the refusals above are the missing token's doing, not the test client's."""
    client = _csrf_client(users, Role.COORDINATOR)
    person = objects["own"].mentee.person_id
    page = client.get(reverse("people:edit", kwargs={"pk": person}))
    token = page.context["csrf_token"]
    response = client.post(reverse("people:edit", kwargs={"pk": person}), {"csrfmiddlewaretoken": str(token)})
    assert response.status_code == 200  # the form, back with its errors: past the CSRF check


def test_logging_in_from_another_site_is_refused(client, users, password):
    """Login CSRF: another site must not log a visitor into an account of its choosing."""
    forged = Client(enforce_csrf_checks=True)
    response = forged.post(reverse("accounts:login"), {"username": users[Role.COORDINATOR].email,
                                                       "password": password})
    assert response.status_code == 403
    assert "_auth_user_id" not in forged.session


def test_a_session_cookie_alone_cannot_post_to_the_api(users, objects):  # noqa: F811
    """The API reads only the Authorization header: a browser holding a staff session, led by another site to post
    there, is not authenticated at all."""
    from duo.journeys.models import Outcome

    duo = objects["own"]
    body = json.dumps({"category": "job_permanent", "horizon": "12m", "observed_on": "2026-09-01"})
    url = reverse("api:duo_outcomes", kwargs={"duo_id": duo.pk})
    clients = (_csrf_client(users, Role.ADMINISTRATOR), _logged_in_without_csrf(users))
    before = database_fingerprint()
    for client in clients:
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 401, response.content
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert not Outcome.objects.filter(duo=duo, source="partner").exists()
    assert not changed_tables(before, database_fingerprint())


def _logged_in_without_csrf(users):
    client = Client()
    client.force_login(users[Role.ADMINISTRATOR])
    return client
