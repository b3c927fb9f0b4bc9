"""The exact cohort solver: a maximum-score matching of mentees (rows) to mentors (columns).

Choose allowed pairs, each row at most once, each column j at most capacities[j] times, every locked pair
kept, maximising  sum(score) - load_penalty * sum_j sum_{t=2..load_j} (t - 1).  The t-th duo of a mentor
costs (t - 1) * penalty, a convex cost, so the optimum spreads load evenly; locked pairs count in the load.
Pairs scoring 0 or less are never worth taking (unless locked); not every row need be matched.

Roads, all exact:
- small dense blocks: scipy's rectangular assignment over capacity slots;
- sparse instances: one min-cost flow (OR-Tools; source -> mentee -> mentor -> slot arcs of rising
  cost -> sink, and a source -> sink bypass for mentees left unmatched);
- large dense instances (and sparse ones with hundreds of arcs per row): pricing.  Solve the flow on a
  few good pairs per row, compute dual prices that prove that solution optimal on those pairs (u per
  mentee, v per mentor), and check every other pair against them: a pair worth more than u_i + v_j could
  improve the solution, so the most violated ones join and the flow is solved again.  When no pair is
  left out, LP duality proves the solution optimal for the whole instance.  If pricing does not settle,
  the direct road answers.

Flow costs are integers: scores times 2**e, rounded (the largest near 2**27..2**40, within OR-Tools'
overflow bounds), so answers are exact for scores rounded to ~1e-8 of the largest; the pricing check is
done in the same integers, exactly, in floating point.  Pure numpy/scipy/OR-Tools: no Django here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# scipy and OR-Tools are imported where used: the command line answers bad input without loading them.

INF = 1 << 62  # a dual price no weight reaches; stands for "unbounded"
_HUGE = 1e300  # largest score magnitude: totals of any real instance stay finite
_SMALL_DENSE = 1_500_000  # cells below which scipy's assignment beats pricing
_SMALL_SPARSE = 500_000  # arcs below which one min-cost flow beats pricing
_DENSE_ROW = 200  # arcs per row from which pricing a sparse instance pays (measured: 75/row does not)
_ROUNDS = 30  # pricing rounds before falling back to the direct solver
_FIRST = 8  # candidate arcs per row in the first round
_POOL = 80  # cells per row a dense matrix is priced on before the whole matrix is checked
_ADD = 3  # most violated arcs added per row and round
_MOST = 60  # arcs per row at which pricing gives up for the direct solver
_SWEEPS = 3_000  # dual relaxation sweeps per round before falling back


class InstanceError(ValueError):
    """A malformed instance; str(e) is one line saying what and where."""


@dataclass
class Solution:
    pairs: list[tuple[int, int]]  # (row, col) = (mentee, mentor), sorted; locked pairs included
    total_score: float  # sum of the raw scores of pairs (no load penalty in it)
    method: str  # "dense" | "sparse" | "empty"


# ---------------------------------------------------------------- entry points


def solve(scores, **kw) -> Solution:
    """Dense ndarray (nan = forbidden) or scipy.sparse matrix (explicit entries = allowed pairs)."""
    import scipy.sparse  # noqa: PLC0415

    if scipy.sparse.issparse(scores):
        coo = scores.tocoo()
        return solve_sparse(coo.row, coo.col, coo.data, coo.shape, **kw)
    return solve_dense(scores, **kw)


def solve_dense(scores, *, capacities=None, locked=None, load_penalty=0.0) -> Solution:
    """scores: float (n, m), nan = forbidden pair."""
    w = _dense_scores(scores)
    n, m = w.shape
    cap = _capacities(capacities, m)
    penalty = _penalty(load_penalty)
    lk = _locked(locked)
    _check_locked(lk, n, m, cap, lambda r, c: ~np.isnan(w[r, c]))
    locked_scores = w[lk[:, 0], lk[:, 1]]
    free_row = np.ones(n, dtype=bool)
    free_row[lk[:, 0]] = False
    base = np.bincount(lk[:, 1], minlength=m).astype(np.int64)
    left = cap - base
    rows_ok, cols_ok = np.flatnonzero(free_row), np.flatnonzero(left > 0)
    if len(rows_ok) and len(cols_ok):
        colmax = np.fmax.reduce(w if len(rows_ok) == n else w[rows_ok], axis=0)
        wmax = float(np.fmax.reduce(colmax[cols_ok], initial=0.0))
    else:
        wmax = 0.0
    if not wmax > 0:
        return _finish(None, lk, locked_scores, "empty")
    found = None
    if len(rows_ok) * len(cols_ok) > _SMALL_DENSE:
        found = _price(_DenseArcs(w, free_row, left > 0), n, m, left, base, penalty, wmax, ~free_row)
    if found is None:
        pr, pc = _assign_dense(w[np.ix_(rows_ok, cols_ok)], left[cols_ok], base[cols_ok], penalty)
        pr, pc = rows_ok[pr], cols_ok[pc]
        found = pr, pc, w[pr, pc]
    return _finish(found, lk, locked_scores, "dense")


def solve_sparse(rows, cols, vals, shape, *, capacities=None, locked=None, load_penalty=0.0) -> Solution:
    """Arcs (rows[k], cols[k]) with score vals[k] (nan = forbidden); every pair not listed is forbidden.

    Duplicate arcs are tolerated: a row takes at most one of them, the best.
    """
    rows, cols, vals, (n, m) = _arcs(rows, cols, vals, shape)
    cap = _capacities(capacities, m)
    penalty = _penalty(load_penalty)
    lk = _locked(locked)
    _check_locked(lk, n, m, cap, None)
    # A locked pair must be an arc: compare each arc's column with its row's locked column, O(arcs).
    locked_col = np.full(n, -1, dtype=np.int64)
    locked_col[lk[:, 0]] = lk[:, 1]
    hit = (locked_col[rows] == cols) & ~np.isnan(vals)
    best = np.full(n, -np.inf)
    np.maximum.at(best, rows[hit], vals[hit])
    _check_locked(lk, n, m, cap, lambda r, c: np.isfinite(best[r]))
    locked_scores = best[lk[:, 0]]
    base = np.bincount(lk[:, 1], minlength=m).astype(np.int64)
    left = cap - base
    keep = (vals > 0) & (locked_col[rows] < 0) & (left[cols] > 0)
    rows, cols, vals = rows[keep], cols[keep], vals[keep]
    if len(vals) == 0:
        return _finish(None, lk, locked_scores, "empty")
    wmax = float(vals.max())
    found = None
    if len(vals) > max(_SMALL_SPARSE, _DENSE_ROW * np.count_nonzero(np.bincount(rows, minlength=n))):
        found = _price(_SparseArcs(rows, cols, vals), n, m, left, base, penalty, wmax, np.zeros(n, bool))
    if found is None:
        e, pen = _scale(wmax, n + m, penalty)
        chosen = _mcf(rows, cols, _ints(vals, e), left, base, pen, n, m)
        found = rows[chosen], cols[chosen], vals[chosen]
    return _finish(found, lk, locked_scores, "sparse")


# ---------------------------------------------------------------- validation


def _dense_scores(scores) -> np.ndarray:
    try:
        w = np.asarray(scores, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise InstanceError(f"scores: not a matrix of numbers ({e})") from None
    if w.ndim != 2:
        raise InstanceError(f"scores: expected a 2-dimensional matrix, got {w.ndim} dimension(s)")
    # Two reductions instead of elementwise temporaries; the culprit is only looked for when there is one.
    if w.size and not (-_HUGE <= np.fmin.reduce(w, axis=None) and np.fmax.reduce(w, axis=None) <= _HUGE):
        with np.errstate(invalid="ignore"):
            bad = ~(np.abs(w) <= _HUGE) & ~np.isnan(w)
        if bad.any():
            i, j = np.argwhere(bad)[0]
            raise InstanceError(f"scores row {i}, column {j}: {w[i, j]} is not a finite number up to 1e300")
    return np.ascontiguousarray(w)


def _arcs(rows, cols, vals, shape):
    try:
        n, m = (int(x) for x in shape)
    except (TypeError, ValueError):
        raise InstanceError(f"shape: expected (rows, columns), got {shape!r}") from None
    if n < 0 or m < 0:
        raise InstanceError(f"shape: {shape!r} has a negative size")
    try:
        vals = np.asarray(vals, dtype=np.float64).ravel()
        r = np.asarray(rows).ravel()
        c = np.asarray(cols).ravel()
    except (TypeError, ValueError) as e:
        raise InstanceError(f"arcs: not arrays of numbers ({e})") from None
    if not (len(r) == len(c) == len(vals)):
        raise InstanceError(f"arcs: rows, cols and vals differ in length ({len(r)}, {len(c)}, {len(vals)})")
    for name, a, size in (("row", r, n), ("column", c, m)):
        if len(a) and not np.issubdtype(a.dtype, np.integer):
            raise InstanceError(f"arcs: {name} indices must be integers")
        if len(a) and (a.min() < 0 or a.max() >= size):
            k = int(np.flatnonzero((a < 0) | (a >= size))[0])
            raise InstanceError(f"arc {k}: {name} {a[k]} is out of range ({size} {name}s)")
    with np.errstate(invalid="ignore"):
        bad = ~(np.abs(vals) <= _HUGE) & ~np.isnan(vals)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise InstanceError(f"arc {k} (row {r[k]}, column {c[k]}): {vals[k]} is not a finite number up to 1e300")
    return r.astype(np.int64), c.astype(np.int64), vals, (n, m)


def _capacities(capacities, m) -> np.ndarray:
    if capacities is None:
        return np.ones(m, dtype=np.int64)
    raw = np.asarray(capacities)
    if raw.shape != (m,):
        raise InstanceError(f"capacities: expected {m} values (one per column), got shape {raw.shape}")
    if m == 0:
        return np.zeros(0, dtype=np.int64)
    if raw.dtype == bool or not np.issubdtype(raw.dtype, np.number):
        raise InstanceError("capacities: expected integers")
    ok = np.isfinite(raw) & (raw >= 0) & (raw == np.round(raw)) if raw.dtype.kind == "f" else raw >= 0
    if not ok.all():
        j = int(np.flatnonzero(~ok)[0])
        raise InstanceError(f"capacities, column {j}: {raw[j]} is not a non-negative integer")
    return raw.astype(np.int64)


def _penalty(load_penalty) -> float:
    p = float(load_penalty)
    if not (math.isfinite(p) and p >= 0):
        raise InstanceError(f"load_penalty: {load_penalty!r} is not a non-negative number")
    return p


def _locked(locked) -> np.ndarray:
    if locked is None:
        return np.zeros((0, 2), dtype=np.int64)
    raw = np.asarray(locked)
    if raw.size == 0:
        return np.zeros((0, 2), dtype=np.int64)
    if raw.ndim != 2 or raw.shape[1] != 2 or not np.issubdtype(raw.dtype, np.integer):
        raise InstanceError(f"locked: expected (row, column) pairs of integers, got shape {raw.shape}")
    return raw.astype(np.int64)


def _check_locked(lk, n, m, cap, allowed, label="locked pair") -> None:
    """Raise InstanceError for the first bad locked pair. `allowed(rows, cols)` -> bool array, or None."""
    if len(lk) == 0:
        return
    r, c = lk[:, 0], lk[:, 1]
    for k in np.flatnonzero((r < 0) | (r >= n) | (c < 0) | (c >= m)):
        i, j = int(r[k]), int(c[k])
        what = f"row {i} is out of range ({n} rows)" if not 0 <= i < n else f"column {j} is out of range ({m} columns)"
        raise InstanceError(f"{label} {k} (row {i}, column {j}): {what}")
    first = {}
    for k, i in enumerate(r.tolist()):
        if i in first:
            raise InstanceError(f"{label} {k} (row {i}, column {c[k]}): row {i} is already locked "
                                f"({label} {first[i]})")
        first[i] = k
    if allowed is not None:
        ok = allowed(r, c)
        if not ok.all():
            k = int(np.flatnonzero(~ok)[0])
            raise InstanceError(f"{label} {k} (row {r[k]}, column {c[k]}): the pair is forbidden")
    load = np.bincount(c, minlength=m)
    over = np.flatnonzero(load > cap)
    if len(over):
        j = int(over[0])
        raise InstanceError(f"locked: column {j} is locked {load[j]} times but its capacity is {cap[j]}")


# ---------------------------------------------------------------- results


def _finish(found, lk, locked_scores, method) -> Solution:
    pr, pc, ps = found if found is not None else ((), (), ())
    pairs = list(zip(np.asarray(pr).tolist(), np.asarray(pc).tolist()))
    pairs += list(zip(lk[:, 0].tolist(), lk[:, 1].tolist()))
    total = math.fsum(np.asarray(ps).tolist() + locked_scores.tolist())
    return Solution(pairs=sorted(pairs), total_score=total, method=method)


# ---------------------------------------------------------------- direct solvers


def _assign_dense(w, left, base, penalty):
    """Max-weight b-matching on a small dense block by rectangular assignment over capacity slots.

    Slot t of column j is worth score - (base_j + t) * penalty, clipped at 0: with nonnegative weights a
    maximum assignment is a maximum matching whose zero-weight pairs mean "unmatched".
    """
    n, m = w.shape
    x = np.nan_to_num(w, nan=0.0)
    np.maximum(x, 0.0, out=x)
    colmax = x.max(axis=0) if n else np.zeros(m)
    slots = np.minimum(left, n)
    if penalty > 0:
        useful = np.floor(np.minimum(colmax / penalty - base, n)).astype(np.int64) + 1
        slots = np.clip(useful, 0, slots)
    slots[colmax <= 0] = 0
    slot_col = np.repeat(np.arange(m), slots)
    if len(slot_col) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    x = x[:, slot_col]
    if penalty > 0:
        start = np.cumsum(slots) - slots
        t = np.arange(len(slot_col)) - np.repeat(start, slots)
        x -= (base[slot_col] + t) * penalty
        np.maximum(x, 0.0, out=x)
    from scipy.optimize import linear_sum_assignment  # noqa: PLC0415

    r, s = linear_sum_assignment(x, maximize=True)
    good = x[r, s] > 0
    return r[good], slot_col[s[good]]


def _scale(wmax, nodes, penalty):
    """The power of two (its exponent e) taking the largest weight near the top of OR-Tools' safe
    integer range, and the penalty in those units."""
    # Cost scaling multiplies costs by (nodes + 1) and its potentials grow to ~ nodes^2 * max cost.
    limit = min(2.0**40, (2.0**63 - 1) / (8.0 * (nodes + 3) ** 2))
    e = math.frexp(limit)[1] - 1 - math.frexp(wmax)[1]
    with np.errstate(over="ignore"):
        p = float(np.ldexp(penalty, e))
    return e, (0 if p < 0.5 else INF if p >= INF else math.ceil(p - 0.5))


def _ints(vals, e) -> np.ndarray:
    # ceil(x - 0.5) so that "int > k" is exactly "x > k + 0.5", the test the pricing check makes.
    # ldexp rather than a multiplication: 2**e itself may lie outside the float range.
    return np.ceil(np.ldexp(vals, e) - 0.5).astype(np.int64)


def _compress(idx, size):
    present = np.bincount(idx, minlength=size) > 0
    order = np.cumsum(present) - 1
    return np.flatnonzero(present), order[idx]


def _mcf(ar, ac, aw, left, base, pen, n, m) -> np.ndarray:
    """Chosen arcs (bool mask) of the max-weight b-matching of arcs (ar, ac) with integer weights aw."""
    if len(ar) == 0:
        return np.zeros(0, dtype=bool)
    rows_u, rc = _compress(ar, n)
    cols_u, cc = _compress(ac, m)
    R, C = len(rows_u), len(cols_u)
    deg = np.bincount(cc, minlength=C)
    wmax = np.zeros(C, dtype=np.int64)
    np.maximum.at(wmax, cc, aw)
    k = np.minimum(left[cols_u], np.minimum(deg, R)).astype(np.int64)
    if pen > 0:
        b = base[cols_u]
        k = np.clip(-(-wmax // pen) - b, 0, k)
        slot_col = np.repeat(np.arange(C), k)
        t = np.arange(len(slot_col)) - np.repeat(np.cumsum(k) - k, k)
        slot_cap = np.ones(len(slot_col), dtype=np.int64)
        slot_cost = (b[slot_col] + t) * pen
    else:
        slot_col = np.flatnonzero(k > 0)
        slot_cap = k[slot_col]
        slot_cost = np.zeros(len(slot_col), dtype=np.int64)
    # Nodes: 0 source, 1 sink, rows, columns.  The source->sink bypass lets rows stay unmatched.
    tails = np.concatenate([np.zeros(R), 2 + rc, 2 + R + slot_col, [0]]).astype(np.int32)
    heads = np.concatenate([2 + np.arange(R), 2 + R + cc, np.ones(len(slot_col)), [1]]).astype(np.int32)
    caps = np.concatenate([np.ones(R + len(ar), dtype=np.int64), slot_cap, [R]]).astype(np.int64)
    costs = np.concatenate([np.zeros(R, dtype=np.int64), -aw, slot_cost, [0]]).astype(np.int64)
    from ortools.graph.python import min_cost_flow  # noqa: PLC0415

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    flow.set_nodes_supplies(np.array([0, 1], dtype=np.int32), np.array([R, -R], dtype=np.int64))
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")
    return flow.flows(np.arange(R, R + len(ar), dtype=np.int32)) > 0


# ---------------------------------------------------------------- pricing


class _SparseArcs:
    """Arcs as lists (free rows, open columns, positive scores); `in_set` marks the restricted set."""

    def __init__(self, rows, cols, vals):
        self.rows, self.cols, self.vals = rows, cols, vals
        self.in_set = np.zeros(len(rows), dtype=bool)

    def initial(self, n, per_row):
        # The per_row-th best score among each row's first 128 arcs is the row's bar: exact top-k for
        # rows with at most 128 arcs, a sample of the rest.
        order = np.argsort(self.rows, kind="stable")
        r = self.rows[order]
        counts = np.bincount(r, minlength=n)
        pos = np.arange(len(r)) - (np.cumsum(counts) - counts)[r]
        width = int(min(128, counts.max()))
        table = np.full((n, width), -np.inf)
        inside = pos < width
        table[r[inside], pos[inside]] = self.vals[order][inside]
        k = min(per_row, width)
        bar = np.partition(table, width - k, axis=1)[:, width - k]
        self.in_set = self.vals >= bar[self.rows]
        return self.current()

    def violations(self, row_bar, col_bar):
        """Arcs outside the set with score - row_bar[i] > col_bar[j]: (rows, by how much, handle)."""
        x = self.vals - row_bar[self.rows]
        k = np.flatnonzero((x > col_bar[self.cols]) & ~self.in_set)
        return self.rows[k], x[k] - col_bar[self.cols[k]], k

    def add(self, handle):
        self.in_set[handle] = True
        return self.current()

    def current(self):
        return self.rows[self.in_set], self.cols[self.in_set], self.vals[self.in_set]


class _DenseArcs(_SparseArcs):
    """A dense matrix: priced first on a pool of about _POOL good cells per row (as lists), and only
    when the pool is settled against the whole matrix (one vectorised pass)."""

    def __init__(self, w, free_row, open_col):
        self.w, self.free_row, self.open_col = w, free_row, open_col

    def initial(self, n, per_row):
        # A row's pool bar is its best score over a random sample of m / _POOL open columns, so that
        # about _POOL cells of the row clear it.
        m = self.w.shape[1]
        sample = np.random.default_rng(0).choice(m, size=max(1, m // _POOL), replace=False)
        sample = sample[self.open_col[sample]]
        bar = np.fmax.reduce(self.w[:, sample], axis=1, initial=-np.inf) if len(sample) else np.zeros(n)
        self.bar = np.where(self.free_row, np.maximum(np.nan_to_num(bar, nan=0.0), 0.0), np.inf)
        # Cells >= bar and > 0: step positive bars down by one ulp and compare strictly.
        bar = np.where(self.bar > 0, np.nextafter(self.bar, -np.inf), self.bar)
        r, c, _ = self._cells(bar, np.where(self.open_col, 0.0, np.inf), np.arange(n))
        super().__init__(r, c, self.w[r, c])
        return super().initial(n, per_row)

    def violations(self, row_bar, col_bar):
        found = super().violations(row_bar, col_bar)
        if len(found[0]):
            return found
        # Cells outside the pool are below their row's bar, so a row whose bar does not beat its price
        # plus the cheapest column price has nothing to find (monotone rounding keeps this exact).
        rows = np.flatnonzero(self.bar - row_bar > col_bar.min(initial=np.inf))
        r, c, d = self._cells(row_bar, col_bar, rows)
        # The set's arcs satisfy their prices exactly and the rest of the pool was just checked, so
        # these cells are all outside the pool: they join it (outside the set until picked).
        start = len(self.rows)
        self.rows = np.concatenate([self.rows, r])
        self.cols = np.concatenate([self.cols, c])
        self.vals = np.concatenate([self.vals, self.w[r, c]])
        self.in_set = np.concatenate([self.in_set, np.zeros(len(r), dtype=bool)])
        return r, d, start + np.arange(len(r))

    def _cells(self, row_bar, col_bar, rows):
        """Cells of `rows` with w - row_bar[i] > col_bar[j] (nan never): rows, columns, by how much."""
        m = self.w.shape[1]
        out_r, out_c, out_d = [], [], []
        block = max(1, 250_000 // max(1, m))
        everything = len(rows) == self.w.shape[0]
        for a in range(0, len(rows), block):
            some = rows[a:a + block]
            with np.errstate(invalid="ignore"):
                x = (self.w[a:a + block] if everything else self.w[some]) - row_bar[some, None]
                mask = x > col_bar[None, :]
            if not mask.any():
                continue
            r, c = np.divmod(np.flatnonzero(mask), m)
            out_r.append(some[r])
            out_c.append(c)
            out_d.append(x[r, c] - col_bar[c])
        if not out_r:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
        return np.concatenate(out_r), np.concatenate(out_c), np.concatenate(out_d)


class _NoSettle(Exception):
    pass


def _price(arcs, n, m, left, base, penalty, wmax, closed_row):
    """Rows, columns and scores of an optimal matching by pricing, or None if it does not settle."""
    e, pen = _scale(wmax, n + m, penalty)
    col_inf = np.where(left > 0, 0, INF).astype(np.int64)
    try:
        ar, ac, av = arcs.initial(n, per_row=_FIRST)
        for _ in range(_ROUNDS):
            aw = _ints(av, e)
            chosen = _mcf(ar, ac, aw, left, base, pen, n, m)
            u, v = _duals(ar, ac, aw, chosen, left, base, pen, n, m)
            u[closed_row] = INF
            v = np.maximum(v, col_inf)
            # Exact in floating point: scores * 2**e are exact and below 2**41.
            rows, by, handle = arcs.violations(np.ldexp(u + 0.5, -e), np.ldexp(v, -e))
            if len(rows) == 0:
                return ar[chosen], ac[chosen], av[chosen]
            keep = _top_per_row(rows, by, _ADD)
            if len(ar) + len(keep) > _MOST * n:
                return None
            ar, ac, av = arcs.add(handle[keep])
    except _NoSettle:
        pass
    return None


def _top_per_row(rows, by, k):
    """Indices of (about) the k largest `by` of each row; ties may add a few."""
    order = np.argsort(rows, kind="stable")
    r, b = rows[order], by[order].copy()
    starts = np.flatnonzero(np.concatenate([[True], r[1:] != r[:-1]]))
    seg = np.repeat(np.arange(len(starts)), np.diff(np.concatenate([starts, [len(r)]])))
    take = np.zeros(len(r), dtype=bool)
    for _ in range(k):
        top = np.maximum.reduceat(b, starts)[seg]
        hit = (b == top) & (top > -np.inf)
        take |= hit
        b[hit] = -np.inf
    return order[take]


def _duals(ar, ac, aw, chosen, left, base, pen, n, m):
    """Dual prices (u per row, v per column, scaled integers) proving `chosen` optimal on these arcs.

    v is the least solution of  v_k >= w_ik - u_i  over the arcs, where u_i = w_iM(i) - v_M(i) for a
    matched row and 0 for an unmatched one, and v_j >= the cost of column j's last used slot: a
    longest-path problem without positive cycles (the matching is optimal), solved by Bellman-Ford
    sweeps that only revisit rows whose matched column changed price.
    """
    used = np.bincount(ac[chosen], minlength=m)
    if pen > 0:
        lo = np.where(used > 0, (base + used - 1) * pen, 0).astype(np.int64)
        hi = np.minimum((base + used).astype(np.float64) * pen, float(INF)).astype(np.int64)
    else:
        lo = np.zeros(m, dtype=np.int64)
        hi = np.zeros(m, dtype=np.int64)
    hi[used >= left] = INF
    match_col = np.full(n, -1, dtype=np.int64)
    match_w = np.zeros(n, dtype=np.int64)
    match_col[ar[chosen]] = ac[chosen]
    match_w[ar[chosen]] = aw[chosen]
    # Arcs grouped by row (CSR) and matched rows grouped by column, for the frontier.
    order = np.argsort(ar, kind="stable")
    sr, sc, sw = ar[order], ac[order], aw[order]
    row_start = np.concatenate([[0], np.cumsum(np.bincount(sr, minlength=n))])
    mrows = np.flatnonzero(match_col >= 0)
    by_col = mrows[np.argsort(match_col[mrows], kind="stable")]
    col_start = np.concatenate([[0], np.cumsum(np.bincount(match_col[mrows], minlength=m))])
    v = lo.copy()
    u = np.zeros(n, dtype=np.int64)
    u[mrows] = match_w[mrows] - v[match_col[mrows]]
    active = np.unique(sr)
    for _ in range(_SWEEPS):
        idx = _gather(row_start, active)
        if len(idx) == 0:
            break
        cand = sw[idx] - u[sr[idx]]
        cols = sc[idx]
        raised = cand > v[cols]
        if not raised.any():
            break
        cols, cand = cols[raised], cand[raised]
        np.maximum.at(v, cols, cand)
        changed = np.unique(cols)
        active = by_col[_gather(col_start, changed)]
        u[active] = match_w[active] - v[match_col[active]]
    else:
        raise _NoSettle
    if (v > hi).any() or (u[mrows] < 0).any():
        raise _NoSettle
    return u, v


def _gather(start, keys):
    """Concatenated ranges start[k]:start[k+1] for k in keys (CSR rows), as one index array."""
    lens = start[keys + 1] - start[keys]
    total = int(lens.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(start[keys] - (np.cumsum(lens) - lens), lens)
    return np.arange(total) + offsets
