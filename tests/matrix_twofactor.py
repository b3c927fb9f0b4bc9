"""Permission-matrix entries for two-step verification and the password asked again.

See tests/test_permission_matrix.py.

Every staff member manages their own two-step verification, so every role gets the same answers; anonymous visitors
go to the login page. The matrix's users have no authenticator and the requirement is off (TWO_FACTOR_REQUIRED):
the code page and switching off send them on (302), and making recovery codes without an authenticator sends them
back to the set-up page. The POSTs change nothing: empty forms come back with their errors.
"""

from tests.matrix_levels import STAFF, expect

REDIRECTED = expect(302, 302, 302, 302, 302, 302)
POST_ONLY = expect(302, 405, 405, 405, 405, 405)

ENTRIES: dict = {
    "accounts:two_factor": [
        ("set-up page", "get", None, STAFF),
        ("posted empty: errors, nothing switched on", "post", None, STAFF),
    ],
    "accounts:two_factor_verify": [
        ("no authenticator: sent on", "get", None, REDIRECTED),
        ("posted empty, no authenticator: sent on", "post", None, REDIRECTED),
    ],
    "accounts:two_factor_codes": [
        ("asked by GET", "get", None, POST_ONLY),
        ("no authenticator: back to the set-up page", "post", None, REDIRECTED),
    ],
    "accounts:two_factor_disable": [
        ("no authenticator: nothing to switch off", "get", None, REDIRECTED),
        ("posted, no authenticator", "post", None, REDIRECTED),
    ],
    "accounts:confirm": [
        ("password again", "get", None, STAFF),
        ("posted empty: errors", "post", None, STAFF),
    ],
}


def objects(base):
    # Opening the set-up page starts the set-up (a pending authenticator, one audit event) the first time only;
    # started here, so that walking the matrix records no change.
    from duo.accounts import twofactor

    for user in base["users"].values():
        twofactor.pending_device(user)
    return {}
