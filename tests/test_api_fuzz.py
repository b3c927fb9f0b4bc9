"""Schemathesis against the API's own schema, in process (WSGI): every operation, with generated valid and invalid
requests, a token holding every scope. No answer may be a 5xx; every answer must conform to the schema (status
code documented, body and content type as documented); data the schema forbids must be refused; and a call without
the token must be refused.

Bounded (a few dozen examples per operation, derandomized) so that CI stays fast and repeatable. Checks left out,
and why: `positive_data_acceptance` — an application that fits the schema can still be refused by the rules the
schema cannot express (a postal code that exists, an age in range, consent given), as on the public form.
"""

import re

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import load_all_checks
from schemathesis.specs.openapi.checks import positive_data_acceptance

from duo.accounts.roles import Role
from duo.api import services
from duo.api.models import Scope

from .factories import UserFactory

load_all_checks()
pytestmark = pytest.mark.django_db
EXAMPLES = 30


@pytest.fixture
def api_schema(db, antenna, other_antenna, settings):
    from config.wsgi import application

    settings.API_RATE = "100000/hour"  # the fuzzer is one busy integration; the rate has its own test
    cache.clear()
    # Called through the real WSGI application, each request would close the database connection when it ends
    # (close_old_connections), and with it the test's transaction on PostgreSQL; Django's own test client
    # unhooks it the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(antenna, other_antenna):
    admin = UserFactory(role=Role.ADMINISTRATOR, email="fuzz-admin@duo.test")
    _token, raw = services.token_create(by=admin, name="Fuzzer", scopes=Scope.values,
                                        expires_on=timezone.localdate() + timezone.timedelta(days=30),
                                        antennas=[antenna])
    return {"Authorization": f"Bearer {raw}"}


def _operations(api_schema):
    return [result.ok() for result in api_schema.get_all_operations()]


# schemathesis' own pytest integration does not run on pytest 9 yet (it reads a node attribute pytest removed), so
# each operation gets a plain hypothesis test: the same strategies, the same checks.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
def test_every_operation_answers_as_documented_and_never_5xx(api_schema, bearer, mode):
    operations = _operations(api_schema)
    assert {op.label for op in operations} >= {"POST /api/v1/applications/"}
    for operation in operations:
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def conforms(case):
            case.call_and_validate(headers=bearer, excluded_checks=[positive_data_acceptance])

        conforms()


def test_every_token_operation_refuses_a_call_without_a_token(api_schema, client):
    for operation in _operations(api_schema):
        if operation.label.startswith(("GET /api/schema", "GET /api/docs")):
            continue
        path = re.sub(r"\{[^}]+\}", "1", operation.path)
        response = getattr(client, operation.method.lower())(path)
        assert response.status_code == 401, operation.label
