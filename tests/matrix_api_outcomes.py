"""Permission-matrix entries for the partners' outcomes endpoint; see tests/test_permission_matrix.py.

A staff session is not a token: every role gets 401, for a duo of its own antenna as for one that does not exist
(the token is checked before the duo is looked up). tests/test_api_outcomes.py covers tokens, scopes and antennas.
"""

from tests.matrix_api import NO_TOKEN

OWN = lambda o: {"duo_id": o["own"].pk}  # noqa: E731
MISSING = lambda o: {"duo_id": 999999}  # noqa: E731

ENTRIES: dict = {
    "api:duo_outcomes": [
        ("a GET without a token, own duo", "get", OWN, NO_TOKEN),
        ("a POST without a token, own duo", "post", OWN, NO_TOKEN),
        ("a GET without a token, no such duo", "get", MISSING, NO_TOKEN),
        ("a POST without a token, no such duo", "post", MISSING, NO_TOKEN),
    ],
}


def objects(base):
    return {}
