"""The vectorised hard mask and soft scores against a plain per-pair reading of the rules."""

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from duo.matching import scoring
from duo.matching.types import CRITERIA, DEFAULT_WEIGHTS, LANGUAGES, Mentees, Mentors, Pool, Rules

CODES = [(2512, 4), (2511, 4), (2521, 4), (2611, 4), (3343, 4), (251, 3), (25, 2), (2, 1), (110, 4), (0, 0)]


def random_pool(seed, n, m, *, unknown=0.15, blocked=0, locked=0) -> Pool:
    """A small pool drawn from narrow domains, so ties, unknown places and borderline cases happen.
    Coordinates sit on a 0.5 km grid: squared distances are exact, so the limit is never a rounding."""
    rng = np.random.default_rng(seed)

    def side(size, cls, **extra):
        levels = np.zeros((size, len(LANGUAGES)), dtype=np.int8)
        levels[:, :3] = rng.integers(0, 8, (size, 3))
        codes = [CODES[k] for k in rng.integers(0, len(CODES), size)]
        x = rng.integers(-60, 61, size) / 2
        x[rng.random(size) < unknown] = np.nan
        return cls(
            ids=rng.permutation(1000)[:size].astype(np.int64), x_km=x, y_km=rng.integers(-60, 61, size) / 2,
            antenna=rng.integers(0, 3, size).astype(np.int32), levels=levels,
            availability=rng.integers(0, 16, size).astype(np.int32),
            isco_code=np.array([c for c, _ in codes], dtype=np.int32),
            isco_digits=np.array([d for _, d in codes], dtype=np.int8),
            interests=rng.integers(0, 16, size).astype(np.int32), styles=rng.integers(0, 8, size).astype(np.int32),
            gender=rng.integers(0, 4, size).astype(np.int8), **extra)

    e = side(n, Mentees, goals=rng.integers(0, 64, n).astype(np.int32), no_plan=rng.random(n) < 0.25,
             days_waiting=rng.integers(0, 150, n).astype(np.int32),
             pref_gender=rng.choice([0, 0, 1, 2], n).astype(np.int8), pref_required=rng.random(n) < 0.4)
    r = side(m, Mentors, strengths=rng.integers(0, 64, m).astype(np.int32),
             experience=rng.integers(0, 6, m).astype(np.int32),
             capacity=rng.choice([0, 1, 1, 2, 3], m).astype(np.int32))
    pool = Pool(e, r)
    if blocked and n and m:
        pool.blocked = np.stack([rng.integers(0, n, blocked), rng.integers(0, m, blocked)], 1)
    if locked and n and m:
        rows = rng.permutation(n)[:locked]
        pool.locked = np.stack([rows, rng.integers(0, m, len(rows))], 1)
    return pool


rules_strategy = st.builds(
    Rules, min_level=st.integers(1, 7), max_km=st.sampled_from([None, 10.0, 25.0, 30.5]),
    same_antenna_ok=st.booleans(), min_shared_slots=st.integers(0, 3))


def naive_allowed(pool, rules, i, j, capacity=None) -> bool:
    e, r = pool.mentees, pool.mentors
    capacity = r.capacity if capacity is None else capacity
    if not any(e.levels[i, k] >= rules.min_level and r.levels[j, k] >= rules.min_level for k in range(len(LANGUAGES))):
        return False
    same = e.antenna[i] == r.antenna[j]
    coords = (e.x_km[i], e.y_km[i], r.x_km[j], r.y_km[j])
    if any(math.isnan(c) for c in coords):
        if not same:
            return False
    elif rules.max_km is not None:
        km = math.hypot(coords[0] - coords[2], coords[1] - coords[3])
        if not (km <= rules.max_km or (rules.same_antenna_ok and same)):
            return False
    if bin(int(e.availability[i]) & int(r.availability[j])).count("1") < rules.min_shared_slots:
        return False
    if e.pref_required[i] and e.pref_gender[i] and r.gender[j] != e.pref_gender[i]:
        return False
    if capacity[j] <= 0:
        return False
    return (i, j) not in {tuple(p) for p in np.asarray(pool.blocked).tolist()}


def naive_score(pool, rules, i, j, weights=DEFAULT_WEIGHTS) -> float:
    """The score as the brief words it, one pair at a time."""
    e, r = pool.mentees, pool.mentors
    s = {}
    code_e, digits_e = str(int(e.isco_code[i])).zfill(int(e.isco_digits[i])), int(e.isco_digits[i])
    code_r, digits_r = str(int(r.isco_code[j])).zfill(int(r.isco_digits[j])), int(r.isco_digits[j])
    depth = 0
    if not e.no_plan[i] and digits_e and digits_r:
        while depth < min(digits_e, digits_r) and code_e[:depth + 1] == code_r[:depth + 1]:
            depth += 1
    s["occupation"] = depth / 4
    strengths = int(r.strengths[j])
    s["generalist"] = float(bool(e.no_plan[i]) and (bool(strengths & 8) or bin(strengths).count("1") >= 4))
    for name, a, b in (("goals", e.goals, r.strengths), ("interests", e.interests, r.interests),
                       ("style", e.styles, r.styles)):
        mine = bin(int(a[i])).count("1")
        s[name] = 0.5 if mine == 0 else bin(int(a[i]) & int(b[j])).count("1") / mine
    coords = (e.x_km[i], e.y_km[i], r.x_km[j], r.y_km[j])
    if any(math.isnan(c) for c in coords):
        s["distance"] = 1.0 if e.antenna[i] == r.antenna[j] else 0.0
    else:
        km = math.hypot(coords[0] - coords[2], coords[1] - coords[3])
        s["distance"] = min(max(1 - km / (rules.max_km or 50), 0), 1)
    best = max(min(int(e.levels[i, k]), int(r.levels[j, k])) for k in range(len(LANGUAGES)))
    s["language"] = min(max((best - 3) / 4, 0), 1)
    s["waiting"] = min(e.days_waiting[i] / 90, 1)
    s["experience"] = min(r.experience[j] / 3, 1)
    s["preference"] = float(e.pref_gender[i] == 0 or r.gender[j] == e.pref_gender[i])
    applies = [c for c in CRITERIA if c != ("occupation" if e.no_plan[i] else "generalist")]
    return 100 * sum(weights[c] * s[c] for c in applies) / sum(weights[c] for c in applies)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 7), m=st.integers(0, 7), rules=rules_strategy)
def test_hard_mask_equals_the_rules_read_pair_by_pair(seed, n, m, rules):
    pool = random_pool(seed, n, m, blocked=3)
    f = scoring.prepare(pool, rules)
    block = scoring.block(f, np.arange(n), np.arange(m))
    expected = np.array([[naive_allowed(pool, rules, i, j) for j in range(m)] for i in range(n)], dtype=bool)
    assert np.array_equal(~np.isnan(block), expected.reshape(n, m))
    ii, jj = np.divmod(np.arange(n * m), max(m, 1))
    allowed, _, _ = scoring.pairs(f, ii, jj)
    assert np.array_equal(allowed, expected.ravel())


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), rules=rules_strategy)
def test_scores_follow_the_formula_and_stay_within_0_and_100(seed, rules):
    pool = random_pool(seed, 6, 6)
    f = scoring.prepare(pool, rules)
    ii, jj = np.divmod(np.arange(36), 6)
    _, score, values = scoring.pairs(f, ii, jj)
    expected = np.array([naive_score(pool, rules, i, j) for i, j in zip(ii, jj)])
    assert np.allclose(score, expected, atol=1e-3)
    assert (score >= 0).all() and (score <= 100).all()
    for value in values.values():
        assert (value >= 0).all() and (value <= 1).all()
    block = scoring.block(f, np.arange(6), np.arange(6)).ravel()
    allowed = ~np.isnan(block)
    assert np.allclose(block[allowed], score[allowed], atol=1e-3)


def test_weights_change_the_balance_and_nonsense_weights_are_refused():
    pool = random_pool(3, 5, 5, unknown=0)
    rules = Rules(max_km=None, min_level=1, min_shared_slots=0)
    only_waiting = {c: 0.0 for c in CRITERIA} | {"waiting": 1.0}
    _, score, _ = scoring.pairs(scoring.prepare(pool, rules, only_waiting), [0, 1], [0, 0])
    assert np.allclose(score, 100 * np.minimum(pool.mentees.days_waiting[:2] / 90, 1), atol=1e-3)
    for bad in ({"charm": 1.0}, {"goals": -1}, {"goals": "much"}, {c: 0 for c in CRITERIA}):
        with pytest.raises(ValueError):
            scoring.check_weights(bad)


def _one_pair(**changes):
    pool = random_pool(0, 1, 1, unknown=0)
    for side, name, value in changes.get("set", ()):
        getattr(getattr(pool, side), name)[...] = value
    f = scoring.prepare(pool, Rules(max_km=None, min_level=1, min_shared_slots=0))
    return scoring.pairs(f, [0], [0])[2]


@pytest.mark.parametrize("mentee, mentor, value", [
    ((2512, 4), (2512, 4), 1.0), ((2512, 4), (2511, 4), 0.75), ((2512, 4), (2521, 4), 0.5),
    ((2512, 4), (2611, 4), 0.25), ((2512, 4), (3343, 4), 0.0), ((25, 2), (2512, 4), 0.5),
    ((110, 4), (110, 4), 1.0), ((110, 4), (2512, 4), 0.0), ((0, 0), (2512, 4), 0.0),
])
def test_occupation_follows_the_isco_hierarchy(mentee, mentor, value):
    values = _one_pair(set=[("mentees", "isco_code", mentee[0]), ("mentees", "isco_digits", mentee[1]),
                            ("mentees", "no_plan", False),
                            ("mentors", "isco_code", mentor[0]), ("mentors", "isco_digits", mentor[1])])
    assert values["occupation"][0] == pytest.approx(value)


def test_a_mentee_without_a_plan_is_scored_on_generalists_not_occupation():
    values = _one_pair(set=[("mentees", "isco_code", 2512), ("mentees", "isco_digits", 4),
                            ("mentees", "no_plan", True), ("mentors", "isco_code", 2512),
                            ("mentors", "isco_digits", 4), ("mentors", "strengths", 1 << 3)])
    assert values["occupation"][0] == 0 and values["generalist"][0] == 1


@pytest.mark.parametrize("a, b, value", [(3, 7, 0.0), (4, 4, 0.25), (5, 7, 0.5), (6, 6, 0.75), (7, 7, 1.0)])
def test_language_level_runs_from_b1_to_native(a, b, value):
    levels_e, levels_r = np.zeros(len(LANGUAGES), np.int8), np.zeros(len(LANGUAGES), np.int8)
    levels_e[1], levels_r[1] = a, b
    values = _one_pair(set=[("mentees", "levels", levels_e), ("mentors", "levels", levels_r)])
    assert values["language"][0] == pytest.approx(value)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), bit=st.integers(0, 9))
def test_more_shared_interests_never_lower_the_interests_criterion(seed, bit):
    pool = random_pool(seed, 4, 4)
    rules = Rules(max_km=None, min_level=1, min_shared_slots=0)
    ii, jj = np.divmod(np.arange(16), 4)
    before = scoring.pairs(scoring.prepare(pool, rules), ii, jj)[2]["interests"].copy()
    pool.mentors.interests = pool.mentors.interests | (1 << bit)
    after = scoring.pairs(scoring.prepare(pool, rules), ii, jj)[2]["interests"]
    assert (after >= before - 1e-7).all()


def test_the_pool_has_no_special_category_field_so_nothing_else_can_move_a_score():
    for cls in (Pool, Mentees, Mentors):
        names = " ".join(f.name for f in dataclasses.fields(cls))
        for word in ("origin", "nationality", "residence", "religion", "health", "ethnic"):
            assert word not in names
    # Ids are opaque: renumbering people changes no score.
    pool = random_pool(11, 6, 6)
    rules = Rules()
    before = scoring.block(scoring.prepare(pool, rules), np.arange(6), np.arange(6))
    pool.mentees.ids = pool.mentees.ids[::-1] + 10_000
    pool.mentors.ids = pool.mentors.ids * 7
    after = scoring.block(scoring.prepare(pool, rules), np.arange(6), np.arange(6))
    assert np.array_equal(before, after, equal_nan=True)
