"""Why a mentee was left unmatched: how many mentors each hard constraint leaves. Pure numpy.

funnel = {
    "mentors": m,
    "steps": [{"constraint": c, "left": k, "params": {...}}, ...],  # CONSTRAINTS applied one after another
    "individual": {c: k},  # mentors passing that constraint alone
    "blocking": c | "competition",  # the first step that leaves nobody, or: allowed mentors exist
                                     # but the best total gave them to others
}

The team reads it as "0 mentors speak Dutch within 25 km", and knows whom to recruit.
"""

from __future__ import annotations

import numpy as np

from . import scoring
from .types import CONSTRAINTS, GENDERS, LANGUAGES, LEVELS

ROW_CELLS = 1 << 17  # mentee rows × mentors evaluated at once: small temporaries are cheaper


def _constraints(f: scoring.Features, rows: np.ndarray) -> dict[str, np.ndarray]:
    """Each hard constraint alone, as a (len(rows), m) bool array (capacity broadcast from (1, m))."""
    rules = f.rules
    E = scoring._take(f.mentee, rows, (-1, 1))
    R = scoring._take(f.mentor, np.arange(f.m), (1, -1))
    d2 = scoring._distance(E, R, f)
    same = E["antenna"] == R["antenna"]
    unknown = np.isnan(d2)
    if rules.max_km is None:
        near = ~unknown | same
    else:
        near = d2 <= float(rules.max_km) ** 2
        near |= same if rules.same_antenna_ok else (same & unknown)
    if rules.min_shared_slots > 0:
        slots = scoring.popcount(E["avail"] & R["avail"]) >= rules.min_shared_slots
    else:
        slots = np.ones(d2.shape, dtype=bool)
    not_blocked = np.ones(d2.shape, dtype=bool)
    if len(f.blocked_codes):
        bi, bj = np.divmod(f.blocked_codes, f.m)
        pos = {row: k for k, row in enumerate(rows.tolist())}
        hit = np.array([b in pos for b in bi.tolist()], dtype=bool)
        not_blocked[[pos[b] for b in bi[hit].tolist()], bj[hit]] = False
    return {
        "language": (E["lang"] & R["lang"]) != 0,
        "distance": near,
        "availability": slots,
        "preference": (E["gender_ok"] & R["gender_bit"]) != 0,
        "capacity": np.broadcast_to(R["capacity"] > 0, d2.shape),
        "blocked": not_blocked,
    }


def _params(f: scoring.Features, i: int) -> dict[str, dict]:
    rules = f.rules
    min_level = max(int(rules.min_level), 1)
    spoken = int(f.mentee["lang"][i])
    required = int(f.mentee["gender_ok"][i])
    gender = ""
    if required != scoring.ALL_GENDERS:
        gender = GENDERS[required.bit_length() - 1]
    return {
        "language": {"languages": [c for k, c in enumerate(LANGUAGES) if spoken >> k & 1],
                     "min_level": LEVELS[min_level - 1]},
        "distance": {"max_km": None if rules.max_km is None else float(rules.max_km),
                     "same_antenna_ok": bool(rules.same_antenna_ok)},
        "availability": {"min_shared_slots": int(rules.min_shared_slots)},
        "preference": {"gender": gender},
        "capacity": {},
        "blocked": {},
    }


def funnels(f: scoring.Features, rows) -> dict[int, dict]:
    """The funnel of every mentee index in `rows` (the unmatched ones)."""
    rows = np.asarray(rows, dtype=np.int64)
    out: dict[int, dict] = {}
    if not len(rows):
        return out
    chunk = max(1, ROW_CELLS // max(f.m, 1))
    for start in range(0, len(rows), chunk):
        part = rows[start:start + chunk]
        each = _constraints(f, part)
        individual = {c: np.count_nonzero(each[c], axis=1) for c in CONSTRAINTS}
        left = {}
        running = np.ones((len(part), f.m), dtype=bool)
        for c in CONSTRAINTS:
            running &= each[c]
            left[c] = np.count_nonzero(running, axis=1)
        for k, i in enumerate(part.tolist()):
            params = _params(f, i)
            steps = [{"constraint": c, "left": int(left[c][k]), "params": params[c]} for c in CONSTRAINTS]
            blocking = next((s["constraint"] for s in steps if s["left"] == 0), "competition")
            out[i] = {"mentors": int(f.m), "steps": steps,
                      "individual": {c: int(individual[c][k]) for c in CONSTRAINTS}, "blocking": blocking}
    return out
