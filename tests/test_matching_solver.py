"""The cohort solver finds the true optimum: against brute force, against an independent MILP, on both roads.

"Roads": small instances go straight to an assignment or a min-cost flow; large ones are priced (solved on
a few candidate pairs, then proven optimal against every pair). The pricing road is forced on small
instances here so that brute force can check it too.
"""

import contextlib
import itertools

import numpy as np
import pytest
import scipy.sparse
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from duo.matching import solver
from duo.matching.solver import InstanceError, solve, solve_dense, solve_sparse

ROADS = ("direct", "priced")


@contextlib.contextmanager
def road(name):
    """Force the pricing road (normally for large instances only) when name == "priced".

    Yields the outcome of each pricing run: True when it settled (proved its answer optimal), False
    when it handed over to the direct solvers. Tests expect it to settle: the fallback is a safety net.
    """
    saved = solver._SMALL_DENSE, solver._SMALL_SPARSE, solver._DENSE_ROW, solver._price
    outcomes = []

    def spy(*args, **kwargs):
        found = saved[3](*args, **kwargs)
        outcomes.append(found is not None)
        return found

    if name == "priced":
        solver._SMALL_DENSE = solver._SMALL_SPARSE = solver._DENSE_ROW = 0
        solver._price = spy
    try:
        yield outcomes
    finally:
        solver._SMALL_DENSE, solver._SMALL_SPARSE, solver._DENSE_ROW, solver._price = saved


def penalty_of(load, p):
    return p * float(sum(t * (t - 1) / 2 for t in load))


def objective(solution, scores, capacities, locked, p):
    """The solution's objective, after checking it is feasible."""
    n, m = scores.shape
    rows = [i for i, _ in solution.pairs]
    assert len(rows) == len(set(rows)), "a mentee is proposed twice"
    assert solution.pairs == sorted(solution.pairs)
    load = np.bincount([j for _, j in solution.pairs], minlength=m)
    assert (load <= capacities).all(), "a mentor is over capacity"
    assert all(not np.isnan(scores[i, j]) for i, j in solution.pairs), "a forbidden pair is proposed"
    assert {tuple(x) for x in np.asarray(locked).reshape(-1, 2).tolist()} <= set(solution.pairs)
    total = sum(scores[i, j] for i, j in solution.pairs)
    assert solution.total_score == pytest.approx(total, abs=1e-9)
    return total - penalty_of(load, p)


def brute_force(scores, capacities, locked, p):
    n, m = scores.shape
    fixed = dict(np.asarray(locked).reshape(-1, 2).tolist())
    best = -np.inf
    for choice in itertools.product(range(-1, m), repeat=n):
        if any(choice[i] != j for i, j in fixed.items()):
            continue
        picked = [(i, j) for i, j in enumerate(choice) if j >= 0]
        if any(np.isnan(scores[i, j]) for i, j in picked):
            continue
        load = np.bincount([j for _, j in picked], minlength=m)
        if (load > capacities).any():
            continue
        best = max(best, sum(scores[i, j] for i, j in picked) - penalty_of(load, p))
    return best


def sparse_of(scores):
    r, c = np.nonzero(~np.isnan(scores))
    return r, c, scores[r, c]


@st.composite
def small_instances(draw):
    n, m = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    cell = st.one_of(st.none(), st.floats(-20, 60, allow_nan=False).map(lambda x: round(x, 2)))
    scores = np.array([[np.nan if x is None else x for x in draw(st.lists(cell, min_size=m, max_size=m))]
                       for _ in range(n)], dtype=float)
    capacities = np.array(draw(st.lists(st.integers(0, 2), min_size=m, max_size=m)))
    load = np.zeros(m, dtype=int)
    locked = []
    for i in range(n):
        open_ = [j for j in range(m) if not np.isnan(scores[i, j]) and load[j] < capacities[j]]
        if open_ and draw(st.booleans()) and draw(st.booleans()):
            j = draw(st.sampled_from(open_))
            locked.append((i, j))
            load[j] += 1
    p = draw(st.sampled_from([0.0, 0.0, 0.5, 7.0]))
    return scores, capacities, np.array(locked, dtype=int).reshape(-1, 2), p


@pytest.mark.parametrize("way", ROADS)
@settings(max_examples=150, deadline=None)
@given(small_instances())
def test_the_optimum_equals_brute_force_on_small_instances(way, instance):
    scores, capacities, locked, p = instance
    best = brute_force(scores, capacities, locked, p)
    with road(way) as settled:
        dense = solve_dense(scores, capacities=capacities, locked=locked, load_penalty=p)
        sparse = solve_sparse(*sparse_of(scores), scores.shape, capacities=capacities, locked=locked,
                              load_penalty=p)
    assert all(settled)
    assert objective(dense, scores, capacities, locked, p) == pytest.approx(best, abs=1e-6)
    assert objective(sparse, scores, capacities, locked, p) == pytest.approx(best, abs=1e-6)


def milp_optimum(scores, capacities, locked, p):
    """The same problem for HiGHS: x per allowed pair, y per mentor slot (slot t costs (t-1)*p)."""
    n, m = scores.shape
    r, c, w = sparse_of(scores)
    slot_col = np.repeat(np.arange(m), capacities)
    slot_cost = np.concatenate([np.arange(k) * p for k in capacities]) if len(slot_col) else np.zeros(0)
    nx, ny = len(w), len(slot_col)
    rows = scipy.sparse.coo_matrix((np.ones(nx), (r, np.arange(nx))), shape=(n, nx + ny))
    cols = scipy.sparse.hstack([scipy.sparse.coo_matrix((np.ones(nx), (c, np.arange(nx))), shape=(m, nx)),
                                scipy.sparse.coo_matrix((-np.ones(ny), (slot_col, np.arange(ny))), shape=(m, ny))])
    lower = np.zeros(nx + ny)
    for i, j in np.asarray(locked).reshape(-1, 2):
        lower[np.flatnonzero((r == i) & (c == j))] = 1
    result = milp(-np.concatenate([w, -slot_cost]), integrality=np.ones(nx + ny),
                  bounds=Bounds(lower, np.ones(nx + ny)),
                  constraints=[LinearConstraint(rows, -np.inf, 1), LinearConstraint(cols, 0, 0)])
    assert result.success
    return -result.fun


def random_instance(seed, n=40, m=30, forbidden=0.5, lock=0.1):
    rng = np.random.default_rng(seed)
    # Scores with structure (a mentee effect, a mentor effect, ties), as the scoring engine makes them.
    scores = np.round(rng.uniform(0, 20, (n, 1)) + rng.uniform(0, 20, (1, m)) + rng.normal(0, 15, (n, m)), 1)
    scores[rng.random((n, m)) < forbidden] = np.nan
    capacities = rng.integers(0, 4, m)
    load = np.zeros(m, dtype=int)
    locked = []
    for i in np.flatnonzero(rng.random(n) < lock):
        open_ = [j for j in range(m) if not np.isnan(scores[i, j]) and load[j] < capacities[j]]
        if open_:
            j = int(rng.choice(open_))
            locked.append((int(i), j))
            load[j] += 1
    return scores, capacities, np.array(locked, dtype=int).reshape(-1, 2)


@pytest.mark.parametrize("way", ROADS)
@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("p", [0.0, 4.0])
def test_the_optimum_equals_an_independent_milp_solver(seed, p, way):
    scores, capacities, locked = random_instance(seed)
    best = milp_optimum(scores, capacities, locked, p)
    with road(way) as settled:
        dense = solve_dense(scores, capacities=capacities, locked=locked, load_penalty=p)
        r, c, w = sparse_of(scores)
        sparse = solve(scipy.sparse.coo_matrix((w, (r, c)), shape=scores.shape), capacities=capacities,
                       locked=locked, load_penalty=p)
    assert all(settled) and len(settled) == (2 if way == "priced" else 0)
    assert objective(dense, scores, capacities, locked, p) == pytest.approx(best, abs=1e-6)
    assert objective(sparse, scores, capacities, locked, p) == pytest.approx(best, abs=1e-6)


@pytest.mark.parametrize("p", [0.0, 3.0])
def test_pricing_a_larger_instance_gives_the_same_optimum_as_the_direct_solvers(p):
    # Large enough that pricing takes several rounds and checks the whole matrix more than once.
    scores, capacities, locked = random_instance(11, n=300, m=260, forbidden=0.7, lock=0.02)
    capacities = np.maximum(capacities, 1)
    r, c, w = sparse_of(scores)
    results = []
    for way in ROADS:
        with road(way) as settled:
            results.append(solve_dense(scores, capacities=capacities, locked=locked, load_penalty=p))
            results.append(solve_sparse(r, c, w, scores.shape, capacities=capacities, locked=locked,
                                        load_penalty=p))
        assert settled == ([True, True] if way == "priced" else [])
    values = [objective(x, scores, capacities, locked, p) for x in results]
    assert max(values) - min(values) < 1e-6
    assert [x.method for x in results] == ["dense", "sparse", "dense", "sparse"]


def test_a_locked_pair_is_kept_even_with_a_negative_score_and_counts_in_the_load():
    scores = np.array([[-5.0, 10.0], [9.0, 8.0]])
    solution = solve_dense(scores, locked=[[0, 0]])
    # Mentor 0 is full with the locked pair, so mentee 1 goes to mentor 1.
    assert solution.pairs == [(0, 0), (1, 1)]
    assert solution.total_score == 3.0


def test_pairs_worth_nothing_are_not_proposed_and_full_mentors_get_nobody():
    scores = np.array([[0.0, -1.0, 4.0], [3.0, np.nan, 5.0]])
    solution = solve_dense(scores, capacities=[1, 1, 0])
    assert solution.pairs == [(1, 0)]
    assert solve_dense(scores, capacities=[0, 0, 0]).pairs == []


def test_the_load_penalty_spreads_duos_over_mentors():
    # Mentor 0 is everybody's best, by a little; without a penalty it takes three duos.
    scores = np.array([[10.0, 9.0, 9.0]] * 3)
    assert solve_dense(scores, capacities=[3, 3, 3]).pairs == [(0, 0), (1, 0), (2, 0)]
    spread = solve_dense(scores, capacities=[3, 3, 3], load_penalty=2.0)
    assert sorted(j for _, j in spread.pairs) == [0, 1, 2]
    assert spread.total_score == 28.0


def test_empty_instances_answer_without_solving():
    for shape in [(0, 0), (3, 0), (0, 2)]:
        solution = solve_dense(np.zeros(shape))
        assert (solution.pairs, solution.total_score, solution.method) == ([], 0.0, "empty")
    assert solve_dense(np.full((2, 2), np.nan), locked=None).method == "empty"
    assert solve_sparse([], [], [], (4, 4)).pairs == []


@pytest.mark.parametrize("call, where", [
    (lambda: solve_dense([[1.0, np.nan]], locked=[[0, 1]]), "forbidden"),
    (lambda: solve_dense([[1.0, 2.0]], locked=[[1, 0]]), "row 1 is out of range"),
    (lambda: solve_dense([[1.0, 2.0]], locked=[[0, 2]]), "column 2 is out of range"),
    (lambda: solve_dense([[1.0, 2.0]], locked=[[0, 0], [0, 1]]), "row 0 is already locked"),
    (lambda: solve_dense([[1.0], [2.0]], capacities=[1], locked=[[0, 0], [1, 0]]), "column 0 is locked 2 times"),
    (lambda: solve_dense([[1.0, 2.0]], capacities=[1, -1]), "capacities, column 1"),
    (lambda: solve_dense([[1.0, 2.0]], capacities=[1]), "capacities"),
    (lambda: solve_dense([[1.0, np.inf]]), "row 0, column 1"),
    (lambda: solve_dense([1.0, 2.0]), "2-dimensional"),
    (lambda: solve_dense([[1.0]], load_penalty=-1), "load_penalty"),
    (lambda: solve_sparse([0], [3], [1.0], (1, 2)), "column 3 is out of range"),
    (lambda: solve_sparse([0], [1], [1.0], (1, 2), locked=[[0, 0]]), "forbidden"),
])
def test_a_malformed_instance_says_what_and_where(call, where):
    with pytest.raises(InstanceError, match=where) as caught:
        call()
    assert "\n" not in str(caught.value)
