"""Permission-matrix entries for the matching meeting; see tests/test_permission_matrix.py.

Every POST here is one that changes nothing (an empty form, a decision on a closed meeting), so
walking the matrix leaves no trace but the audited views.
"""

from tests.matrix_levels import FOREIGN_READ, PEOPLE_READ, expect

MISSING_READ = expect(302, 404, 404, 403, 403, 404)
MISSING_WRITE = expect(302, 404, 404, 403, 403, 403)
# A POST that changes nothing and redirects back with a message, for those allowed to decide.
POSTED = expect(302, 302, 302, 403, 403, 403)
# The same in another antenna: the administrator is redirected, the coordinator gets 404.
FOREIGN_POSTED = expect(302, 302, 404, 403, 403, 403)
POST_ONLY = expect(302, 405, 405, 403, 403, 403)
NO = 999999


def _run(side, key="run"):
    return lambda o: {"pk": o[f"{side}_{key}"].pk}


def _proposal(side, action=None, run_side=None):
    def build(o):
        kwargs = {"run": o[f"{run_side or side}_run"].pk, "pk": o[f"{side}_proposal"].pk}
        if action:
            kwargs["action"] = action
        return kwargs

    return build


ENTRIES: dict = {
    "matching:home": [("the antennas' pools and meetings", "get", None, PEOPLE_READ)],
    "matching:start": [
        # No antenna chosen: back to the list with a message; no meeting starts.
        ("start, nothing chosen", "post", None, POSTED),
        ("start asked with GET", "get", None, POST_ONLY),
    ],
    "matching:run": [
        ("own antenna", "get", _run("own"), PEOPLE_READ),
        ("other antenna", "get", _run("foreign"), FOREIGN_READ),
        ("own antenna, closed", "get", _run("own", "closed"), PEOPLE_READ),
        ("no such meeting", "get", lambda o: {"pk": NO}, MISSING_READ),
    ],
    "matching:proposal": [
        ("own antenna", "get", _proposal("own"), PEOPLE_READ),
        ("other antenna", "get", _proposal("foreign"), FOREIGN_READ),
        ("a proposal of another meeting", "get", _proposal("foreign", run_side="own"), MISSING_READ),
        ("no such proposal", "get", lambda o: {"run": o["own_run"].pk, "pk": NO}, MISSING_READ),
    ],
    "matching:decide": [
        # A rejection without a reason: refused with a message, nothing changes.
        ("own antenna, reject without a reason", "post", _proposal("own", "reject"), POSTED),
        ("other antenna, reject without a reason", "post", _proposal("foreign", "reject"), FOREIGN_POSTED),
        ("a proposal of another meeting", "post", _proposal("foreign", "reject", run_side="own"), MISSING_WRITE),
        ("own antenna, pick nobody", "post", _proposal("own", "pick"), POSTED),
        ("own antenna, swap with nobody", "post", _proposal("own", "swap"), POSTED),
        ("own antenna, block unconfirmed", "post", _proposal("own", "block"), POSTED),
        ("asked with GET", "get", _proposal("own", "accept"), POST_ONLY),
    ],
    "matching:rerun": [
        # The meeting is closed: refused with a message, nothing recomputed.
        ("own antenna, closed", "post", _run("own", "closed"), POSTED),
        ("other antenna, closed", "post", _run("foreign", "closed"), FOREIGN_POSTED),
        ("no such meeting", "post", lambda o: {"pk": NO}, MISSING_WRITE),
        ("asked with GET", "get", _run("own"), POST_ONLY),
    ],
    "matching:close": [
        ("own antenna, already closed", "post", _run("own", "closed"), POSTED),
        ("other antenna, already closed", "post", _run("foreign", "closed"), FOREIGN_POSTED),
        ("asked with GET", "get", _run("own"), POST_ONLY),
    ],
    "matching:fairness": [
        ("own antenna", "get", _run("own"), PEOPLE_READ),
        ("other antenna", "get", _run("foreign"), FOREIGN_READ),
        ("no such meeting", "get", lambda o: {"pk": NO}, MISSING_READ),
    ],
}

FACTS = [
    {"criterion": "language", "hard": True, "shared": ["fr"], "best": "B2", "min_level": "B1"},
    {"criterion": "availability", "hard": True, "shared": ["mon_am"]},
    {"criterion": "waiting", "value": 0.5, "points": 5.0, "days": 45},
]
FAIRNESS = {
    "gender": [{"group": "female", "n": 6, "proposed": 5, "rate": 0.83, "mean_score": 60.0, "suppressed": False}],
    "age_band": [{"group": "18–24", "n": 2, "proposed": None, "rate": None, "mean_score": None, "suppressed": True}],
    "origin": [{"group": "north_africa", "n": 6, "proposed": 5, "rate": 0.83, "mean_score": 60.0,
                "suppressed": False}],
}


def objects(base: dict) -> dict:
    """A ready meeting with one proposal, and a closed meeting, in each of the two antennas."""
    from duo.matching.models import MatchingRun, Proposal

    found = {}
    for side in ("own", "foreign"):
        duo = base[side]
        run = MatchingRun.objects.create(antenna=duo.antenna, state=MatchingRun.State.READY, fairness=FAIRNESS,
                                         mentees_in_pool=1, mentors_in_pool=1)
        found[f"{side}_run"] = run
        found[f"{side}_proposal"] = Proposal.objects.create(
            run=run, mentee=duo.mentee, mentor=duo.mentor, status=Proposal.Status.PROPOSED, score=62.5, facts=FACTS,
            shortlist=[{"mentor": duo.mentor_id, "score": 62.5, "facts": FACTS}])
        found[f"{side}_closed"] = MatchingRun.objects.create(antenna=duo.antenna, state=MatchingRun.State.CLOSED)
    return found
