"""Permission-matrix entries for the REST API; see tests/test_permission_matrix.py.

The schema and its docs are public (they describe, they hold no data). The API itself answers only to a token:
a staff session, whatever its role, is not one, so every role gets 401 there (tests/test_api.py covers tokens and
their scopes).
"""

from tests.matrix_levels import expect

PUBLIC = expect(200, 200, 200, 200, 200, 200)
NO_TOKEN = expect(401, 401, 401, 401, 401, 401)

ENTRIES: dict = {
    "api:schema": [("the OpenAPI schema", "get", None, PUBLIC)],
    "api:docs": [("the browsable docs", "get", None, PUBLIC)],
    "api:applications": [
        ("a GET", "get", None, NO_TOKEN),
        ("a POST without a token", "post", None, NO_TOKEN),
    ],
}


def objects(base):
    return {}
