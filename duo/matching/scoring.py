"""Hard constraints and soft scores of mentee × mentor pairs, vectorised. Pure numpy: no Django.

`prepare` turns a pool into per-person feature arrays once per run; `block` scores a rectangle of
mentees × mentors (nan = forbidden pair) and `pairs` a list of (mentee, mentor) pairs. Both go
through the same functions written on broadcasting arrays (mentee side (r, 1) and mentor side
(1, c) for a block, both (p,) for a pair list): `allowed` for the hard constraints and
`_block_score` for the score, so a pair's score in a block and in its explanation agree to the
bit. `criteria` gives each criterion's value in [0, 1] for the explanations.

score = 100 · Σ w_c s_c / Σ w_c over the criteria that apply to the mentee: occupation does not apply
to a mentee with "no precise plan yet" and "generalist" applies only to them. Dividing by the weights
that apply (not all ten) keeps both kinds of mentee on the same 0..100 scale, so a mentee without a
plan is not outbid in every competition for a mentor by up to the occupation weight.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .types import CRITERIA, DEFAULT_WEIGHTS, LANGUAGES, SUPPORT_AREAS, Pool, Rules

NATIVE = 7
B1 = 3
WAITING_FULL_DAYS = 90.0
EXPERIENCE_FULL = 3.0
DISTANCE_SCALE_KM = 50.0  # when there is no distance limit, closeness still counts, over this span
ALL_GENDERS = np.int8(0b1111)
_ORIENTATION = 1 << SUPPORT_AREAS.index("orientation")


def check_weights(weights: dict | None) -> dict[str, float]:
    """The weights of a run: the defaults, overridden by `weights`. ValueError on nonsense."""
    merged = dict(DEFAULT_WEIGHTS)
    if weights:
        unknown = set(weights) - set(CRITERIA)
        if unknown:
            raise ValueError(f"unknown criteria in weights: {', '.join(sorted(unknown))}")
        for name, value in weights.items():
            try:
                value = float(value)
            except (TypeError, ValueError):
                raise ValueError(f"weight of {name} is not a number: {value!r}") from None
            if not np.isfinite(value) or value < 0:
                raise ValueError(f"weight of {name} must be a finite number ≥ 0, not {value!r}")
            merged[name] = value
    if sum(v for c, v in merged.items() if c != "generalist") <= 0 or \
            sum(v for c, v in merged.items() if c != "occupation") <= 0:
        raise ValueError("at least one weight must be positive")
    return merged


def popcount(a) -> np.ndarray:
    return np.bitwise_count(np.asarray(a))


def level_mask(levels: np.ndarray, at_least: int) -> np.ndarray:
    """Per person, the bitmask over LANGUAGES of the languages spoken at `at_least` or better."""
    bits = (1 << np.arange(levels.shape[1], dtype=np.int32))
    return ((levels >= at_least) * bits).sum(axis=1).astype(np.int16)


def _prefixes(code: np.ndarray, digits: np.ndarray, missing: int) -> list[np.ndarray]:
    """The code's k-digit prefix for k = 1..4 (a number < 10**k), or `missing` when it has fewer digits."""
    code = code.astype(np.int64)
    digits = digits.astype(np.int64)
    out = []
    for k in range(1, 5):
        shift = np.power(10, np.maximum(digits - k, 0))
        out.append(np.where(digits >= k, code // shift, missing).astype(np.int32))
    return out


def _inverse_count(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """1/popcount (0 when empty) and the constant 0.5 for people who gave nothing."""
    count = popcount(mask).astype(np.float32)
    inv = np.divide(1.0, count, out=np.zeros_like(count), where=count > 0)
    return inv, np.where(count > 0, 0.0, 0.5).astype(np.float32)


@dataclass
class Features:
    """Per-person arrays derived from a pool once per run (O(n + m)); see `prepare`."""

    rules: Rules
    weights: dict[str, float]
    mentee: dict[str, np.ndarray]
    mentor: dict[str, np.ndarray]
    capacity: np.ndarray  # capacity left once locked pairs took theirs
    blocked_codes: np.ndarray  # sorted i * m + j of blocked pairs
    n: int
    m: int
    any_required: bool
    any_preference: bool
    any_unknown: bool


def prepare(pool: Pool, rules: Rules = Rules(), weights: dict | None = None, *,
            capacity: np.ndarray | None = None) -> Features:
    w = check_weights(weights)
    e, r = pool.mentees, pool.mentors
    n, m = len(e), len(r)
    if capacity is None:
        capacity = np.asarray(r.capacity, dtype=np.int64)
    fe: dict[str, np.ndarray] = {}
    fr: dict[str, np.ndarray] = {}
    for f, side in ((fe, e), (fr, r)):
        levels = np.asarray(side.levels, dtype=np.int8).reshape(len(side), len(LANGUAGES))
        f["lang"] = level_mask(levels, max(int(rules.min_level), 1))
        for t in range(B1 + 1, NATIVE + 1):
            f[f"lang{t}"] = level_mask(levels, t)
        # float32 halves the memory traffic of the widest computation; at Belgian scale (< 500 km)
        # its error is under a metre.
        f["x"] = np.asarray(side.x_km, dtype=np.float32)
        f["y"] = np.asarray(side.y_km, dtype=np.float32)
        f["antenna"] = np.asarray(side.antenna, dtype=np.int32)
        f["unknown"] = np.isnan(f["x"]) | np.isnan(f["y"])
        f["avail"] = np.asarray(side.availability, dtype=np.int32)
    no_plan = np.asarray(e.no_plan, dtype=bool)
    code = np.where(no_plan, 0, np.asarray(e.isco_code))
    digits = np.where(no_plan, 0, np.asarray(e.isco_digits))
    for k, p in enumerate(_prefixes(code, digits, -1), 1):
        fe[f"occ{k}"] = p
    for k, p in enumerate(_prefixes(np.asarray(r.isco_code), np.asarray(r.isco_digits), -2), 1):
        fr[f"occ{k}"] = p

    pref = np.asarray(e.pref_gender, dtype=np.int8)
    required = np.asarray(e.pref_required, dtype=bool) & (pref > 0)
    # Genders as one bit each: a mentee's accepted (or preferred) genders AND the mentor's bit.
    fe["gender_ok"] = np.where(required, np.left_shift(1, pref), ALL_GENDERS).astype(np.int8)
    fe["gender_pref"] = np.where(pref > 0, np.left_shift(1, pref), ALL_GENDERS).astype(np.int8)
    fr["gender_bit"] = np.left_shift(1, np.asarray(r.gender, dtype=np.int8)).astype(np.int8)

    fe["goals"] = np.asarray(e.goals, dtype=np.int16)
    fe["interests"] = np.asarray(e.interests, dtype=np.int16)
    fe["styles"] = np.asarray(e.styles, dtype=np.int16)
    fr["goals"] = np.asarray(r.strengths, dtype=np.int16)
    fr["interests"] = np.asarray(r.interests, dtype=np.int16)
    fr["styles"] = np.asarray(r.styles, dtype=np.int16)
    for name in ("goals", "interests", "styles"):
        fe[f"{name}_inv"], fe[f"{name}_const"] = _inverse_count(fe[name])

    fe["no_plan"] = no_plan
    strengths = fr["goals"]
    fr["generalist"] = ((strengths & _ORIENTATION) != 0) | (popcount(strengths) >= 4)
    fe["waiting"] = np.minimum(np.asarray(e.days_waiting, dtype=np.float32) / WAITING_FULL_DAYS, 1).clip(0, 1)
    fr["experience"] = np.minimum(np.asarray(r.experience, dtype=np.float32) / EXPERIENCE_FULL, 1).clip(0, 1)
    fr["capacity"] = np.asarray(capacity, dtype=np.int64)
    # The weights that apply to each mentee (see the module docstring).
    total = sum(w.values())
    fe["denominator"] = np.where(no_plan, total - w["occupation"], total - w["generalist"]).astype(np.float32)

    # Folded weights for `_block_score`.
    row_const = w["waiting"] * fe["waiting"] + w["distance"]
    for name, key in (("goals", "goals"), ("interests", "interests"), ("style", "styles")):
        row_const = row_const + w[name] * fe[f"{key}_const"]
        fe[f"{key}_w"] = (w[name] * fe[f"{key}_inv"]).astype(np.float32)
    if not (pref > 0).any():
        row_const = row_const + w["preference"]
    fe["row_const"] = row_const.astype(np.float32)
    fr["col_const"] = (w["experience"] * fr["experience"]).astype(np.float32)
    fe["generalist_w"] = (w["generalist"] * no_plan).astype(np.float32)
    fr["generalist_f"] = fr["generalist"].astype(np.float32)
    fe["scale"] = (100 / fe["denominator"]).astype(np.float32)

    blocked = np.asarray(pool.blocked, dtype=np.int64).reshape(-1, 2)
    codes = np.unique(blocked[:, 0] * m + blocked[:, 1]) if len(blocked) else np.zeros(0, np.int64)
    unknown = bool(np.isnan(fe["x"]).any() or np.isnan(fe["y"]).any()
                   or np.isnan(fr["x"]).any() or np.isnan(fr["y"]).any())
    return Features(rules=rules, weights=w, mentee=fe, mentor=fr, capacity=fr["capacity"],
                    blocked_codes=codes, n=n, m=m, any_required=bool(required.any()),
                    any_preference=bool((pref > 0).any()), any_unknown=unknown)


def _take(side: dict[str, np.ndarray], idx, shape) -> dict[str, np.ndarray]:
    return _Lazy(side, idx, shape)


class _Lazy(dict):
    """side[key][idx] reshaped, computed on first use (a block needs only some of the columns)."""

    def __init__(self, side, idx, shape):
        super().__init__()
        self._side, self._idx, self._shape = side, idx, shape

    def __missing__(self, key):
        if key == "unknown_at":
            value = np.flatnonzero(self["unknown"].ravel())
        else:
            value = self._side[key][self._idx].reshape(self._shape)
        self[key] = value
        return value


# --- the one evaluation, on broadcasting arrays ---------------------------------------------------

def _distance(E, R, f: Features) -> np.ndarray:
    """Squared km (float32), nan where a place is unknown."""
    dx = E["x"] - R["x"]
    dy = E["y"] - R["y"]
    d2 = dx * dx
    d2 += dy * dy
    return d2


def _patch_unknown(arr: np.ndarray, E, R, value) -> None:
    """arr[p] = value(same antenna, arr[p]) at the pairs p where either place is unknown.
    Few people lack a place: patching their rows and columns is cheaper than a pass over every pair."""
    if arr.ndim == 2:
        rows, cols = E["unknown_at"], R["unknown_at"]
        if len(rows):
            arr[rows, :] = value(E["antenna"][rows] == R["antenna"], arr[rows, :])
        if len(cols):
            arr[:, cols] = value(E["antenna"] == R["antenna"][:, cols], arr[:, cols])
    else:
        at = np.flatnonzero(np.broadcast_to(E["unknown"] | R["unknown"], arr.shape))
        if len(at):
            same = np.broadcast_to(E["antenna"] == R["antenna"], arr.shape)[at]
            arr[at] = value(same, arr[at])


def allowed(E, R, f: Features, d2=None) -> np.ndarray:
    """The hard constraints, except blocked pairs (see `_blocked_in`)."""
    rules = f.rules
    ok = (E["lang"] & R["lang"]) != 0
    if rules.min_shared_slots > 0:
        ok &= popcount(E["avail"] & R["avail"]) >= rules.min_shared_slots
    if f.any_required:
        ok &= (E["gender_ok"] & R["gender_bit"]) != 0
    ok &= R["capacity"] > 0
    if rules.max_km is not None:
        if d2 is None:
            d2 = _distance(E, R, f)
        near = d2 <= np.float32(float(rules.max_km) ** 2)
        if rules.same_antenna_ok:
            near |= E["antenna"] == R["antenna"]
        elif f.any_unknown:
            # An unknown place passes within its antenna only.
            _patch_unknown(near, E, R, lambda same, _: same)
        ok &= near
    elif f.any_unknown:
        _patch_unknown(ok, E, R, lambda same, current: same & current)
    return ok


def criteria(E, R, f: Features, d2=None):
    """Yield (criterion, value in [0, 1] as float32 array) for the criteria with a positive weight."""
    w = f.weights
    if w["occupation"] > 0:
        depth = (E["occ1"] == R["occ1"]).view(np.uint8)
        for k in (2, 3, 4):
            depth = depth + (E[f"occ{k}"] == R[f"occ{k}"])
        yield "occupation", depth.astype(np.float32) * np.float32(0.25)
    if w["generalist"] > 0:
        yield "generalist", (E["no_plan"] & R["generalist"]).astype(np.float32)
    for name, key in (("goals", "goals"), ("interests", "interests"), ("style", "styles")):
        if w[name] > 0:
            shared = popcount(E[key] & R[key]).astype(np.float32)
            shared *= E[f"{key}_inv"]
            shared += E[f"{key}_const"]
            yield name, shared
    if w["distance"] > 0:
        if d2 is None:
            d2 = _distance(E, R, f)
        scale = float(f.rules.max_km) if f.rules.max_km else DISTANCE_SCALE_KM
        t = np.sqrt(d2).astype(np.float32)
        t *= np.float32(1.0 / scale)
        if f.any_unknown:
            # Unknown distance: allowed only within one antenna, where it counts as close.
            _patch_unknown(t, E, R, lambda same, _: np.where(same, np.float32(0), np.float32(1)))
        np.minimum(t, 1, out=t)
        yield "distance", np.float32(1) - t
    if w["language"] > 0:
        best = ((E[f"lang{B1 + 1}"] & R[f"lang{B1 + 1}"]) != 0).view(np.uint8)
        for t in range(B1 + 2, NATIVE + 1):
            best = best + ((E[f"lang{t}"] & R[f"lang{t}"]) != 0)
        yield "language", best.astype(np.float32) * np.float32(0.25)
    if w["waiting"] > 0:
        yield "waiting", E["waiting"]
    if w["experience"] > 0:
        yield "experience", R["experience"]
    if w["preference"] > 0:
        if f.any_preference:
            yield "preference", ((E["gender_pref"] & R["gender_bit"]) != 0).astype(np.float32)
        else:
            yield "preference", np.float32(1)


def _blocked_in(f: Features, rows: np.ndarray, cols: np.ndarray):
    """(row positions, col positions) of blocked pairs inside the block rows × cols."""
    if not len(f.blocked_codes):
        return None
    bi, bj = np.divmod(f.blocked_codes, f.m)
    order_r = np.argsort(rows, kind="stable")
    order_c = np.argsort(cols, kind="stable")
    pr = np.searchsorted(rows[order_r], bi).clip(0, len(rows) - 1)
    pc = np.searchsorted(cols[order_c], bj).clip(0, len(cols) - 1)
    hit = (rows[order_r][pr] == bi) & (cols[order_c][pc] == bj)
    return order_r[pr[hit]], order_c[pc[hit]]


def mentor_view(f: Features, cols) -> dict:
    """The mentor side of blocks over these columns, shared by the blocks of one group."""
    return _take(f.mentor, np.asarray(cols, dtype=np.int64), (1, -1))


def mentee_view(f: Features, rows) -> dict:
    """The mentee side of blocks over these rows, sliced by `block(..., E=view, first=a)`."""
    return _take(f.mentee, np.asarray(rows, dtype=np.int64), (-1, 1))


class _Slice(dict):
    def __init__(self, view, a, b):
        super().__init__()
        self._view, self._a, self._b = view, a, b

    def __missing__(self, key):
        if key == "unknown_at":
            value = np.flatnonzero(self["unknown"].ravel())
        else:
            value = self._view[key][self._a:self._b]
        self[key] = value
        return value


def block(f: Features, rows, cols, R=None, E=None, first: int = 0) -> np.ndarray:
    """Scores (len(rows), len(cols)) float32, nan where the pair is not allowed.
    R: `mentor_view(f, cols)`, to gather the mentors' arrays once for many blocks; E, first: the rows
    are rows[first:first + len(rows)] of `mentee_view(f, ...)`, likewise."""
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    E = _take(f.mentee, rows, (-1, 1)) if E is None else _Slice(E, first, first + len(rows))
    if R is None:
        R = mentor_view(f, cols)
    shape = (len(rows), len(cols))
    d2 = _distance(E, R, f) if f.rules.max_km is not None or f.weights["distance"] > 0 else None
    ok = allowed(E, R, f, d2)
    hits = _blocked_in(f, rows, cols)
    if hits is not None:
        ok[hits] = False
    acc = _block_score(E, R, f, shape, d2)
    # acc + 0/ok: nan where not allowed. Several times faster than acc[~ok] = nan.
    with np.errstate(invalid="ignore"):
        acc += np.divide(np.float32(0), ok.view(np.uint8), dtype=np.float32)
    return acc


def _block_score(E, R, f: Features, shape, d2) -> np.ndarray:
    """The score, with the weights folded into per-side vectors: half the passes of summing
    `criteria` (which explanations use, and which it matches to float32 rounding)."""
    w = f.weights
    acc = np.add(E["row_const"], R["col_const"], dtype=np.float32)
    if w["occupation"] > 0:
        depth = (E["occ1"] == R["occ1"]).view(np.uint8)
        for k in (2, 3, 4):
            depth += E[f"occ{k}"] == R[f"occ{k}"]
        acc += depth * np.float32(w["occupation"] / 4)
    if w["generalist"] > 0 and E["no_plan"].any() and R["generalist"].any():
        acc += E["generalist_w"] * R["generalist_f"]
    for key in ("goals", "interests", "styles"):
        if (E[f"{key}_w"] != 0).any():
            acc += popcount(E[key] & R[key]) * E[f"{key}_w"]
    if w["distance"] > 0:
        scale = float(f.rules.max_km) if f.rules.max_km else DISTANCE_SCALE_KM
        t = np.sqrt(d2)
        t *= np.float32(w["distance"] / scale)
        if f.any_unknown:
            far = np.float32(w["distance"])
            _patch_unknown(t, E, R, lambda same, _: np.where(same, np.float32(0), far))
        np.minimum(t, np.float32(w["distance"]), out=t)
        acc -= t
    if w["language"] > 0:
        best = ((E[f"lang{B1 + 1}"] & R[f"lang{B1 + 1}"]) != 0).view(np.uint8)
        for t in range(B1 + 2, NATIVE + 1):
            best += (E[f"lang{t}"] & R[f"lang{t}"]) != 0
        acc += best * np.float32(w["language"] / 4)
    if w["preference"] > 0 and f.any_preference:
        acc += ((E["gender_pref"] & R["gender_bit"]) != 0) * np.float32(w["preference"])
    acc *= E["scale"]
    np.clip(acc, 0, 100, out=acc)
    return acc


def pairs(f: Features, i, j) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """For pair lists i, j: (allowed bool, score float32 0..100, criterion -> value) — the
    score whether or not the pair is allowed (locked pairs are kept whatever the rules say)."""
    i = np.asarray(i, dtype=np.int64)
    j = np.asarray(j, dtype=np.int64)
    E = _take(f.mentee, i, (-1,))
    R = _take(f.mentor, j, (-1,))
    d2 = _distance(E, R, f)
    ok = np.broadcast_to(allowed(E, R, f, d2), i.shape).copy()
    if len(f.blocked_codes):
        ok &= ~np.isin(i * f.m + j, f.blocked_codes)
    # The score through the same operations as a block's, so rankings and reported scores agree to the bit.
    score = _block_score(E, R, f, i.shape, d2)
    values = {c: np.broadcast_to(v, i.shape) for c, v in criteria(E, R, f, d2)}
    return ok, score, values
