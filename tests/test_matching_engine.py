"""engine.run: proposals within the rules and optimal, shortlists, explanations and funnels."""

import dataclasses
import itertools
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from duo.matching import engine, scoring
from duo.matching.types import CONSTRAINTS, CRITERIA, Rules
from tests.test_matching_scoring import naive_allowed, random_pool, rules_strategy


def _capacity_left(pool):
    cap = np.asarray(pool.mentors.capacity, dtype=np.int64).copy()
    for _, j in np.asarray(pool.locked).tolist():
        cap[j] -= 1
    return np.maximum(cap, 0)


def objective(pairs, scores, locked, penalty) -> float:
    """Total score of the solved pairs minus the load penalty: a mentor's t-th duo costs (t - 1)·penalty,
    locked duos counting in the load."""
    load = {}
    for _, j in pairs:
        load[j] = load.get(j, 0) + 1
    solved = sum(scores[p] for p in pairs if p not in locked)
    return solved - penalty * sum(t * (t - 1) / 2 for t in load.values())


def _brute_force(pool, rules) -> float:
    """The best objective over every way of giving each free mentee one allowed mentor or none."""
    n, m = len(pool.mentees), len(pool.mentors)
    cap = _capacity_left(pool)
    f = scoring.prepare(pool, rules, capacity=cap)
    scores = scoring.block(f, np.arange(n), np.arange(m)).astype(np.float64)
    locked = {tuple(p) for p in np.asarray(pool.locked).tolist()}
    free = [i for i in range(n) if i not in {i for i, _ in locked}]
    options = [[None] + [j for j in range(m) if not np.isnan(scores[i, j])] for i in free]
    best = -np.inf
    for choice in itertools.product(*options):
        used = [j for j in choice if j is not None]
        if any(used.count(j) > cap[j] for j in set(used)):
            continue
        pairs = [(i, j) for i, j in zip(free, choice) if j is not None]
        value = objective(pairs + sorted(locked), {p: scores[p] for p in pairs}, locked, rules.load_penalty)
        best = max(best, value)
    return best


def _check_proposal(pool, rules, result, same_antenna_only=False):
    n, m = len(pool.mentees), len(pool.mentors)
    locked = {tuple(p) for p in np.asarray(pool.locked).tolist()}
    cap = _capacity_left(pool)
    mentees = [i for i, _ in result.pairs]
    assert len(mentees) == len(set(mentees)), "a mentee proposed twice"
    assert locked <= set(result.pairs), "a locked pair was dropped"
    load = np.zeros(m, dtype=int)
    for i, j in result.pairs:
        if (i, j) in locked:
            continue
        assert naive_allowed(pool, rules, i, j, capacity=cap), (i, j)
        load[j] += 1
    assert (load <= cap).all()
    assert result.total_score == pytest.approx(sum(result.scores[p] for p in result.pairs))
    # Shortlists: allowed mentors only, best first, as many as allowed up to rules.shortlist.
    for i in range(n):
        shortlist = result.shortlists[i]
        allowed = [j for j in range(m) if naive_allowed(pool, rules, i, j, capacity=cap)
                   and (not same_antenna_only or pool.mentees.antenna[i] == pool.mentors.antenna[j])]
        assert set(shortlist) <= set(allowed)
        assert len(shortlist) == min(rules.shortlist, len(allowed))
        values = [result.scores[(i, j)] for j in shortlist]
        assert values == sorted(values, reverse=True)
        if allowed and shortlist:
            f = scoring.prepare(pool, rules, capacity=cap)
            best = max(scoring.block(f, [i], [j])[0, 0] for j in allowed)
            assert values[0] == pytest.approx(best, abs=1e-3)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 5), m=st.integers(0, 4), rules=rules_strategy,
       locked=st.integers(0, 2), penalty=st.sampled_from([0, 5, 40]), dense_share=st.sampled_from([0.0, 1.0]))
def test_proposals_keep_every_rule_and_reach_the_brute_force_optimum(seed, n, m, rules, locked, penalty,
                                                                     dense_share):
    rules = dataclasses.replace(rules, load_penalty=float(penalty), shortlist=3)
    pool = random_pool(seed, n, m, blocked=2, locked=min(locked, n))
    old, engine.DENSE_SHARE = engine.DENSE_SHARE, dense_share  # both of the solver's roads
    try:
        result = engine.run(pool, rules)
    finally:
        engine.DENSE_SHARE = old
    _check_proposal(pool, rules, result)
    locked_pairs = {tuple(p) for p in np.asarray(pool.locked).tolist()}
    got = objective(result.pairs, result.scores, locked_pairs, rules.load_penalty)
    assert got == pytest.approx(_brute_force(pool, rules), abs=1e-2)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), rules=rules_strategy, k=st.integers(1, 4))
def test_candidate_pruning_still_keeps_every_rule(seed, rules, k):
    pool = random_pool(seed, 12, 9, blocked=4, locked=2)
    result = engine.run(pool, rules, candidates=k)
    assert result.method.startswith("sparse")
    _check_proposal(pool, rules, result)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), rules=rules_strategy)
def test_spatial_blocks_lose_no_allowed_pair(seed, rules):
    pool = random_pool(seed, 30, 25, unknown=0.1, blocked=3)
    old = engine.DENSE_CELLS
    engine.DENSE_CELLS = 0  # take the large-pool road on a small pool
    try:
        result = engine.run(pool, rules, candidates=1000)
    finally:
        engine.DENSE_CELLS = old
    allowed = sum(naive_allowed(pool, rules, i, j) for i in range(30) for j in range(25))
    if rules.max_km is None:
        # Without a distance limit large pools are blocked by antenna: only same-antenna pairs.
        allowed = sum(naive_allowed(pool, rules, i, j) and pool.mentees.antenna[i] == pool.mentors.antenna[j]
                      for i in range(30) for j in range(25))
    assert result.pairs_kept == allowed
    _check_proposal(pool, rules, result, same_antenna_only=rules.max_km is None)


def test_a_mentor_with_two_places_is_not_given_both_while_an_equal_mentor_waits():
    pool = random_pool(5, 2, 2, unknown=0)
    e, r = pool.mentees, pool.mentors
    for side in (e, r):
        side.levels[:] = 0
        side.levels[:, 0] = 7
        side.availability[:] = 1
        side.x_km[:] = 0
        side.y_km[:] = 0
    r.capacity[:] = 2
    for name in ("isco_code", "isco_digits", "interests", "styles", "gender"):
        getattr(r, name)[1] = getattr(r, name)[0]
    r.strengths[1], r.experience[1] = r.strengths[0], r.experience[0]
    e.pref_required[:] = False
    result = engine.run(pool, Rules())
    assert sorted(j for _, j in result.pairs) == [0, 1]


def test_facts_explain_each_proposed_and_shortlisted_pair_in_plain_values():
    pool = random_pool(21, 20, 15, unknown=0.1)
    rules = Rules(max_km=40.0, min_level=2)
    result = engine.run(pool, rules)
    assert result.pairs
    for i, j in result.pairs + [(i, j) for i, s in enumerate(result.shortlists) for j in s]:
        facts = result.facts[(i, j)]
        json.dumps(facts)  # plain types only
        assert [fact["criterion"] for fact in facts[:2]] == ["language", "availability"]
        assert facts[0]["shared"], "an allowed pair shares a language"
        soft = facts[2:]
        names = [fact["criterion"] for fact in soft]
        assert names == [c for c in CRITERIA if c in names]
        assert ("occupation" in names) != bool(pool.mentees.no_plan[i])
        assert ("generalist" in names) == bool(pool.mentees.no_plan[i])
        assert sum(fact["points"] for fact in soft) == pytest.approx(result.scores[(i, j)], abs=0.1)
        distance = next(fact for fact in soft if fact["criterion"] == "distance")
        if distance["km"] is not None:
            assert distance["km"] <= 40.0
        else:
            assert distance["same_antenna"]


def test_funnels_say_which_rule_leaves_a_mentee_without_mentors():
    pool = random_pool(8, 25, 6, unknown=0.1, blocked=5)
    rules = Rules(max_km=20.0, min_level=4, min_shared_slots=1)
    result = engine.run(pool, rules)
    matched = {i for i, _ in result.pairs}
    unmatched = [i for i in range(25) if i not in matched]
    assert set(result.funnels) == set(unmatched)
    assert unmatched
    for i in unmatched:
        funnel = result.funnels[i]
        json.dumps(funnel)
        assert funnel["mentors"] == 6
        assert [s["constraint"] for s in funnel["steps"]] == list(CONSTRAINTS)
        lefts = [s["left"] for s in funnel["steps"]]
        assert lefts == sorted(lefts, reverse=True)
        allowed = [j for j in range(6) if naive_allowed(pool, rules, i, j)]
        assert lefts[-1] == len(allowed)
        if funnel["blocking"] == "competition":
            assert allowed and all(s["left"] > 0 for s in funnel["steps"])
        else:
            step = next(s for s in funnel["steps"] if s["constraint"] == funnel["blocking"])
            assert step["left"] == 0
            assert not allowed
        assert funnel["steps"][0]["params"]["min_level"] == "B2"
        assert funnel["steps"][1]["params"]["max_km"] == 20.0


def test_a_mentee_nobody_speaks_with_is_told_so():
    pool = random_pool(2, 3, 4, unknown=0)
    pool.mentees.levels[0] = 0
    pool.mentees.levels[0, 4] = 7  # Arabic only
    pool.mentors.levels[:, 4] = 0
    result = engine.run(pool, Rules())
    funnel = result.funnels[0]
    assert funnel["blocking"] == "language"
    assert funnel["steps"][0] == {"constraint": "language", "left": 0,
                                  "params": {"languages": ["ar"], "min_level": "B1"}}
    assert funnel["individual"]["language"] == 0


@pytest.mark.parametrize("change, message", [
    (lambda p: setattr(p, "locked", np.array([[0, 99]])), "outside"),
    (lambda p: setattr(p, "blocked", np.array([[-1, 0]])), "outside"),
    (lambda p: setattr(p, "locked", np.array([[0, 0], [0, 1]])), "two mentors"),
    (lambda p: setattr(p.mentors, "capacity", np.array([1])), "capacity"),
])
def test_a_malformed_pool_is_refused_with_a_reason(change, message):
    pool = random_pool(1, 3, 3)
    change(pool)
    with pytest.raises(ValueError, match=message):
        engine.run(pool, Rules())


def test_an_empty_pool_gives_an_empty_proposal():
    for n, m in ((0, 0), (3, 0), (0, 3)):
        result = engine.run(random_pool(1, n, m), Rules())
        assert result.pairs == [] and result.total_score == 0
        assert len(result.shortlists) == n and len(result.funnels) == n


def test_progress_is_reported():
    seen = []
    engine.run(random_pool(4, 10, 10), Rules(), progress=lambda done, total, message: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]
