"""Permission-matrix entries for consent by purpose; see tests/test_permission_matrix.py.

The person's own page answers the same to every role: 200 for their link (a posted empty form comes back with a
message and changes nothing), 404 for a forged one. The staff page is for roles that may change people's files
(PEOPLE_CHANGE), in their antennas: another antenna's person is 404, as if they did not exist. Every POST here is
empty, so nothing is recorded.
"""

from tests.matrix_levels import ALL_OK, FOREIGN_WRITE, PEOPLE_WRITE, expect

NOT_FOUND = expect(404, 404, 404, 404, 404, 404)
MISSING = expect(302, 404, 404, 403, 403, 403)
FORGED = "made-up:signature"

OWN = lambda o: {"pk": o["own"].mentee.person_id}  # noqa: E731
FOREIGN = lambda o: {"pk": o["foreign"].mentee.person_id}  # noqa: E731
TOKEN = lambda o: {"token": o["consent_token"]}  # noqa: E731

ENTRIES: dict = {
    "consent:manage": [
        ("the person's link", "get", TOKEN, ALL_OK),
        ("the person's link, posted empty", "post", TOKEN, ALL_OK),
        ("forged link", "get", lambda o: {"token": FORGED}, NOT_FOUND),
        ("forged link, posted", "post", lambda o: {"token": FORGED}, NOT_FOUND),
    ],
    "consent:staff": [
        ("own antenna", "get", OWN, PEOPLE_WRITE),
        ("other antenna", "get", FOREIGN, FOREIGN_WRITE),
        ("own antenna, posted empty", "post", OWN, PEOPLE_WRITE),
        ("other antenna, posted empty", "post", FOREIGN, FOREIGN_WRITE),
        ("no such person", "get", lambda o: {"pk": 999999}, MISSING),
    ],
}


def objects(base: dict) -> dict:
    from duo.people import consent

    return {"consent_token": consent.token_for(base["own"].mentee.person)}
