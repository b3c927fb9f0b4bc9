"""Permission-matrix entries for the read endpoints (indicators, publications, duos); see
tests/test_permission_matrix.py.

A staff session is not a token: every role gets 401, for an object that exists as for one that does not (the token
is checked before anything is looked up). tests/test_api_read.py covers tokens, scopes and antennas.
"""

from tests.matrix_api import NO_TOKEN

OWN_DUO = lambda o: {"pk": o["own"].pk}  # noqa: E731
MISSING_DUO = lambda o: {"pk": 999999}  # noqa: E731

ENTRIES: dict = {
    "api:indicators": [("a GET without a token", "get", None, NO_TOKEN)],
    "api:indicator": [
        ("a known indicator without a token", "get", lambda o: {"code": "positive_exit_12m"}, NO_TOKEN),
        ("an unknown indicator without a token", "get", lambda o: {"code": "no-such-indicator"}, NO_TOKEN),
    ],
    "api:publications": [("a GET without a token", "get", None, NO_TOKEN)],
    "api:publication": [
        ("no such publication, without a token", "get", lambda o: {"slug": "no-such-publication"}, NO_TOKEN),
    ],
    "api:duos": [
        ("a GET without a token", "get", None, NO_TOKEN),
        ("a POST without a token", "post", None, NO_TOKEN),
    ],
    "api:duo": [
        ("own antenna's duo, without a token", "get", OWN_DUO, NO_TOKEN),
        ("no such duo, without a token", "get", MISSING_DUO, NO_TOKEN),
    ],
}


def objects(base):
    return {}
