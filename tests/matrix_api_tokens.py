"""Permission-matrix entries for the administrators' API-token pages; see tests/test_permission_matrix.py.

Only administrators (reference.change) manage API tokens; coordinators, officers, researchers and viewers get 403
everywhere. The capability is checked before the token is looked up, so an unknown token is 404 only for
administrators. Every POST here changes nothing: the empty create form comes back with its errors, and the revoke
goes to a token that does not exist.
"""

from tests.matrix_levels import expect

# Administrators only (reference.change).
ADMINISTRATORS = expect(302, 200, 403, 403, 403, 403)
ADMINISTRATORS_MISSING = expect(302, 404, 403, 403, 403, 403)
ADMINISTRATORS_GET = expect(302, 405, 403, 403, 403, 403)

MISSING = lambda o: {"pk": 999999}  # noqa: E731

ENTRIES: dict = {
    "api_tokens:list": [("the list", "get", None, ADMINISTRATORS)],
    "api_tokens:add": [
        ("the form", "get", None, ADMINISTRATORS),
        ("posted empty: errors, nothing created", "post", None, ADMINISTRATORS),
    ],
    "api_tokens:detail": [
        ("a token", "get", lambda o: {"pk": o["api_token"].pk}, ADMINISTRATORS),
        ("no such token", "get", MISSING, ADMINISTRATORS_MISSING),
    ],
    "api_tokens:revoke": [
        ("asked by GET", "get", lambda o: {"pk": o["api_token"].pk}, ADMINISTRATORS_GET),
        ("no such token", "post", MISSING, ADMINISTRATORS_MISSING),
    ],
}


def objects(base):
    import datetime

    from django.utils import timezone

    from duo.accounts.roles import Role
    from duo.api import services
    from duo.api.models import Scope

    token, _raw = services.token_create(
        by=base["users"][Role.ADMINISTRATOR], name="Matrix website form", scopes=[Scope.APPLICATIONS_WRITE],
        expires_on=timezone.localdate() + datetime.timedelta(days=30))
    return {"api_token": token}
