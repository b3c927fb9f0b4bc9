"""One matching run: scores, the optimal proposal, shortlists, explanations, funnels. Pure numpy.

    result = run(pool, rules, weights, candidates=None, progress=None)

Pools up to DENSE_CELLS mentee × mentor cells are scored whole and every allowed pair goes to the
solver (`solve_sparse`, or `solve_dense` when most pairs are allowed): the proposal is the exact
optimum. Larger pools are scored in blocks of mentees × the mentors that can be near them (a grid
of cells an eighth of max_km wide; every mentor within max_km of a mentee, or without a known
place in the mentee's antenna, is in the mentee's block, so blocking loses no allowed pair), and
only the best K mentors of each mentee and the best 0.4·K mentees of each mentor go to
`solver.solve_sparse`. `candidates=K` forces that pruning on a small pool too (the benchmark uses
it to measure what pruning costs: about 0.01 % of the total at K = 50). Without a distance limit a
large pool is blocked by antenna, which is a pruning too: a mentee is then only proposed mentors of
their own antenna.

Locked pairs are kept whatever the rules say; they count in their mentors' load, and a mentor's
capacity left is what the locked pairs leave. Blocked pairs are never proposed nor shortlisted.
"""

from __future__ import annotations

from time import perf_counter

import numpy as np

from . import diagnose, explain, scoring, solver
from .types import LANGUAGES, Pool, Result, Rules

DENSE_CELLS = 30_000_000  # pools up to this many mentee × mentor cells are solved over every allowed pair
# The solver's dense road is faster than its sparse one only when most pairs are allowed.
DENSE_SHARE = 0.5
BLOCK_CELLS = 1 << 20  # cells per job: the unit of progress and of candidate bookkeeping
SUB_CELLS = 1 << 15  # cells scored at once: 128 KB per float32 temporary
DEFAULT_CANDIDATES = 50
# A mentee's candidates are the best k of the cells reaching a floor sampled from every SAMPLE-th
# mentor, set so that about ROW_SLACK·k cells reach it (see _row_floor).
SAMPLE = 8
ROW_SLACK = 2.0
COLUMN_SHARE = 0.4  # a mentor's candidates: its best COLUMN_SHARE·k mentees (they matter less than a mentee's)
COMPACT_AT = 1_000_000  # new mentor-side candidates buffered before keeping only each mentor's best
GRID_SPLIT = 8  # grid cells are max_km / GRID_SPLIT wide


def _check(pool: Pool, rules: Rules) -> tuple[np.ndarray, np.ndarray]:
    """ValueError with a one-line reason on a malformed pool or rules; the locked and blocked pairs."""
    for name, side in (("mentees", pool.mentees), ("mentors", pool.mentors)):
        size = len(side)
        for field, value in vars(side).items():
            if value is None:
                raise ValueError(f"{name}.{field} is missing")
            if len(value) != size:
                raise ValueError(f"{name}.{field} has {len(value)} values for {size} people")
        if np.asarray(side.levels).shape != (size, len(LANGUAGES)):
            raise ValueError(f"{name}.levels must be ({size}, {len(LANGUAGES)})")
    n, m = len(pool.mentees), len(pool.mentors)
    out = []
    for name in ("locked", "blocked"):
        value = np.asarray(getattr(pool, name), dtype=np.int64)
        if value.size == 0:
            value = value.reshape(0, 2)
        if value.ndim != 2 or value.shape[1] != 2:
            raise ValueError(f"{name} must be (mentee, mentor) pairs")
        if len(value) and (value.min() < 0 or value[:, 0].max() >= n or value[:, 1].max() >= m):
            raise ValueError(f"{name} has an index outside the pool")
        out.append(value)
    locked = out[0]
    if len(np.unique(locked[:, 0])) != len(locked):
        raise ValueError("a mentee is locked to two mentors")
    if not 1 <= int(rules.min_level) <= 7:
        raise ValueError("min_level must be 1 (A1) to 7 (native)")
    if rules.max_km is not None and not float(rules.max_km) > 0:
        raise ValueError("max_km must be positive or None")
    if rules.min_shared_slots < 0 or rules.shortlist < 0 or rules.load_penalty < 0:
        raise ValueError("min_shared_slots, shortlist and load_penalty cannot be negative")
    return out[0], out[1]


def _row_floor(block: np.ndarray, need: int) -> np.ndarray:
    """Per row, a score at or below its need-th best: the need-th best of every SAMPLE-th column.
    At least `need` allowed cells reach it (all of them when a row has fewer), about need·SAMPLE
    on average: selecting over a sample is SAMPLE times cheaper than over the row."""
    floor = np.full(len(block), -np.inf, dtype=np.float32)
    if not need or block.shape[1] < 2 * need * SAMPLE:
        return floor
    sample = -block[:, ::SAMPLE]  # negated: selecting near the front is the fast direction; nan last
    kth = np.partition(sample, need - 1, axis=1)[:, need - 1]
    found = ~np.isnan(kth)
    floor[found] = -kth[found]
    return floor


def _ranked(i: np.ndarray, j: np.ndarray, v: np.ndarray):
    """The cells (i, j, v) ordered by mentee, best score first, ties to the lower mentor; and each
    cell's rank within its mentee."""
    order = np.lexsort((j, -v, i))
    i, j, v = i[order], j[order], v[order]
    at = np.arange(len(i))
    first = np.ones(len(i), dtype=bool)
    first[1:] = i[1:] != i[:-1]
    return i, j, v, at - np.maximum.accumulate(np.where(first, at, 0))


def _shortlists(shortlists: list, i: np.ndarray, j: np.ndarray, rank: np.ndarray, size: int) -> None:
    """Fill shortlists[mentee] from ranked cells."""
    top = rank < size
    i, j = i[top], j[top]
    if not len(i):
        return
    starts = np.flatnonzero(np.r_[True, i[1:] != i[:-1]])
    for mentee, mentors in zip(i[starts].tolist(), np.split(j, starts[1:])):
        shortlists[mentee] = mentors.tolist()


def _blocks(f: scoring.Features, rows: np.ndarray, cols: np.ndarray, R):
    """(offset into rows, scores) of blocks of at most SUB_CELLS cells: their temporaries stay under
    the C allocator's mmap threshold, so no block pays for fresh pages from the kernel."""
    step = max(1, SUB_CELLS // max(len(cols), 1))
    E = scoring.mentee_view(f, rows)
    for first in range(0, len(rows), step):
        yield first, scoring.block(f, rows[first:first + step], cols, R, E, first)


def _cells(block: np.ndarray, wanted: np.ndarray):
    """(row, col, value) of the wanted cells of a block. np.nonzero on 2-D arrays and integer
    division are slow in numpy; a flat search and a search over the few row starts are not."""
    flat = np.flatnonzero(wanted)
    width = max(block.shape[1], 1)
    pi = np.searchsorted(np.arange(0, block.size, width), flat, side="right") - 1
    return pi, flat - pi * width, block.ravel()[flat]


def _report(progress, done, total, message):
    if progress is not None:
        progress(done, total, message)


def _all_pairs(f: scoring.Features, shortlist: int, progress):
    """Every allowed pair (rows, cols, scores) and the shortlists: the whole pool scored."""
    n, m = f.n, f.m
    shortlists: list[list[int]] = [[] for _ in range(n)]
    step = max(1, BLOCK_CELLS // max(m, 1))
    cols = np.arange(m)
    R = scoring.mentor_view(f, cols)

    def work(start):
        out = []
        for first, block in _blocks(f, np.arange(start, min(n, start + step)), cols, R):
            pi, pj, pv = _cells(block, ~np.isnan(block))
            out.append((pi.astype(np.int32) + start + first, pj.astype(np.int32), pv,
                        pv >= _row_floor(block, shortlist)[pi]))
        return [np.concatenate(part) for part in zip(*out)]

    starts = list(range(0, n, step))
    ai, aj, av = [np.zeros(0, np.int32)], [np.zeros(0, np.int32)], [np.zeros(0, np.float32)]
    for done, (pi, pj, pv, best) in enumerate(map(work, starts), 1):
        ri, rj, _, rank = _ranked(pi[best], pj[best], pv[best])
        _shortlists(shortlists, ri, rj, rank, shortlist)
        ai.append(pi)
        aj.append(pj)
        av.append(pv)
        _report(progress, done, len(starts), "scoring")
    return np.concatenate(ai), np.concatenate(aj), np.concatenate(av), shortlists


def _spatial_groups(f: scoring.Features) -> list[tuple[np.ndarray, np.ndarray]]:
    """(mentee rows, candidate mentor cols) covering every pair the distance rule allows."""
    rules = f.rules
    fe, fr = f.mentee, f.mentor
    ante, antr = fe["antenna"], fr["antenna"]
    by_antenna = {a: np.flatnonzero(antr == a) for a in np.unique(antr).tolist()}
    empty = np.zeros(0, dtype=np.int64)
    groups = []
    if rules.max_km is None:
        for a in np.unique(ante).tolist():
            groups.append((np.flatnonzero(ante == a), by_antenna.get(a, empty)))
        return groups

    size = float(rules.max_km) / GRID_SPLIT
    known_e = ~(np.isnan(fe["x"]) | np.isnan(fe["y"]))
    known_r = ~(np.isnan(fr["x"]) | np.isnan(fr["y"]))
    unknown_r = {a: np.flatnonzero(~known_r & (antr == a)) for a in np.unique(antr).tolist()}
    cell_r = np.stack([np.floor(fr["x"][known_r] / size), np.floor(fr["y"][known_r] / size)], 1).astype(np.int64)
    mentor_idx = np.flatnonzero(known_r)
    mentor_cells: dict[tuple[int, int], np.ndarray] = {}
    if len(mentor_idx):
        keys, inverse = np.unique(cell_r, axis=0, return_inverse=True)
        order = np.argsort(inverse.ravel(), kind="stable")
        bounds = np.searchsorted(inverse.ravel()[order], np.arange(len(keys) + 1))
        for k, (cx, cy) in enumerate(keys.tolist()):
            mentor_cells[(cx, cy)] = mentor_idx[order[bounds[k]:bounds[k + 1]]]
    # Neighbour offsets whose nearest points are within max_km of each other.
    reach = GRID_SPLIT + 1
    offsets = [(dx, dy) for dx in range(-reach, reach + 1) for dy in range(-reach, reach + 1)
               if (max(abs(dx) - 1, 0) ** 2 + max(abs(dy) - 1, 0) ** 2) * size * size <= float(rules.max_km) ** 2]

    rows_known = np.flatnonzero(known_e)
    mark = np.zeros(f.m, dtype=bool)
    # Mentors to add by antenna: those without a known place (and all, with same_antenna_ok).
    extra_antenna = rules.same_antenna_ok or any(len(v) for v in unknown_r.values())
    low = int(ante.min()) if len(ante) else 0
    if len(rows_known):
        cell_e = np.stack([np.floor(fe["x"][rows_known] / size), np.floor(fe["y"][rows_known] / size)],
                          1).astype(np.int64)
        keys, inverse = np.unique(cell_e, axis=0, return_inverse=True)
        order = np.argsort(inverse.ravel(), kind="stable")
        bounds = np.searchsorted(inverse.ravel()[order], np.arange(len(keys) + 1))
        for k, (cx, cy) in enumerate(keys.tolist()):
            rows = rows_known[order[bounds[k]:bounds[k + 1]]]
            parts = [mentor_cells[(cx + dx, cy + dy)] for dx, dy in offsets if (cx + dx, cy + dy) in mentor_cells]
            if extra_antenna:
                for a in (np.flatnonzero(np.bincount(ante[rows] - low)) + low).tolist():
                    parts.append(unknown_r.get(a, empty))
                    if rules.same_antenna_ok:
                        parts.append(by_antenna.get(a, empty))
            mark[:] = False
            for part in parts:
                mark[part] = True
            groups.append((rows, np.flatnonzero(mark)))
    rows_unknown = np.flatnonzero(~known_e)
    for a in np.unique(ante[rows_unknown]).tolist():
        groups.append((rows_unknown[ante[rows_unknown] == a], by_antenna.get(a, empty)))
    return groups


def _compact(i, j, v, k, threshold):
    """Keep each mentor's best k of the candidates (i, j, v); raise `threshold` to the k-th value."""
    if len(j) and max(int(i.max()), int(j.max())) < 1 << 20:
        # One int64 per candidate (mentor, 100 − score in steps of 2⁻¹⁶, mentee) sorts several
        # times faster than a lexsort; the score comes back within 8e-6 points.
        q = np.rint((np.float32(100) - v) * np.float32(65536)).astype(np.int64)
        key = np.sort((j << 43) | (q << 20) | i)
        j, i = key >> 43, key & ((1 << 20) - 1)
        v = (np.float32(100) - ((key >> 20) & ((1 << 23) - 1)).astype(np.float32) / np.float32(65536))
    else:
        order = np.lexsort((i, -v, j))
        i, j, v = i[order], j[order], v[order]
    at = np.arange(len(j))
    first = np.ones(len(j), dtype=bool)
    first[1:] = j[1:] != j[:-1]
    rank = at - np.maximum.accumulate(np.where(first, at, 0))
    keep = rank < k
    full = rank == k - 1
    threshold[j[full]] = v[full]
    return i[keep], j[keep], v[keep]


def _candidates(f: scoring.Features, k: int, shortlist: int, spatial: bool, progress):
    """Top-k allowed mentors of each mentee ∪ top-k mentees of each mentor, and the shortlists."""
    n, m = f.n, f.m
    groups = _spatial_groups(f) if spatial else [(np.arange(n), np.arange(m))]
    groups = [(rows, cols) for rows, cols in groups if len(rows) and len(cols)]
    total = sum(-(-len(rows) // max(1, BLOCK_CELLS // len(cols))) for rows, cols in groups)

    def jobs():
        # Made one by one: a group's gathered mentor arrays are freed once its jobs are done.
        for rows, cols in groups:
            R = scoring.mentor_view(f, cols)
            step = max(1, BLOCK_CELLS // len(cols))
            for s in range(0, len(rows), step):
                yield rows[s:s + step], cols, R
    # Each mentor's k_col-th best score so far (raised at each compaction): a cell below it cannot
    # enter that mentor's best, so it is not kept for the mentor's side.
    threshold = np.full(m, -np.inf, dtype=np.float32)
    need = max(shortlist, -(-int(ROW_SLACK * k) // SAMPLE))
    k_col = max(1, int(round(k * COLUMN_SHARE)))

    def work(job):
        rows, cols, R = job
        floor_j = threshold[cols]
        out = []
        for first, block in _blocks(f, rows, cols, R):
            floor_i = _row_floor(block, need)
            wanted = block >= floor_i[:, None]
            wanted |= block > floor_j
            pi, pj, pv = _cells(block, wanted)
            out.append((rows[first + pi], pj, pv, pv >= floor_i[pi], pv > floor_j[pj]))
        i, j, v, for_row, for_col = (np.concatenate(part) for part in zip(*out))
        j = cols[j]
        return i[for_row], j[for_row], v[for_row], i[for_col], j[for_col], v[for_col]

    row_i, row_j, row_v = [], [], []
    col_i, col_j, col_v = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)], [np.zeros(0, np.float32)]
    buffered = kept = 0
    shortlists: list[list[int]] = [[] for _ in range(n)]
    for done, (ri, rj, rv, bi, bj, bv) in enumerate(map(work, jobs()), 1):
        # Each mentee is in one block only: its best k here are its best k of the candidates seen.
        ri, rj, rv, rank = _ranked(ri, rj, rv)
        best = rank < k
        row_i.append(ri[best])
        row_j.append(rj[best])
        row_v.append(rv[best])
        _shortlists(shortlists, ri, rj, rank, shortlist)
        up = bv > threshold[bj]
        col_i.append(bi[up])
        col_j.append(bj[up])
        col_v.append(bv[up])
        buffered += int(up.sum())
        if buffered > COMPACT_AT + kept:
            col_i, col_j, col_v = [[a] for a in _compact(np.concatenate(col_i), np.concatenate(col_j),
                                                         np.concatenate(col_v), k_col, threshold)]
            buffered = kept = len(col_i[0])
        _report(progress, done, total, "scoring")
    ci, cj, cv = _compact(np.concatenate(col_i), np.concatenate(col_j), np.concatenate(col_v), k_col, threshold)
    i = np.concatenate(row_i + [ci])
    j = np.concatenate(row_j + [cj])
    v = np.concatenate(row_v + [cv]).astype(np.float64)
    codes, first = np.unique(i * m + j, return_index=True)
    return codes // m, codes % m, v[first], shortlists


def run(pool: Pool, rules: Rules = Rules(), weights: dict | None = None, *, candidates: int | None = None,
        progress=None) -> Result:
    """The proposal of one matching run; see the module docstring. ValueError on bad input."""
    started = perf_counter()
    locked, _ = _check(pool, rules)
    n, m = len(pool.mentees), len(pool.mentors)
    capacity = np.asarray(pool.mentors.capacity, dtype=np.int64)
    capacity = np.maximum(capacity - np.bincount(locked[:, 1], minlength=m), 0)
    f = scoring.prepare(pool, rules, weights, capacity=capacity)
    free = np.ones(n, dtype=bool)
    free[locked[:, 0]] = False
    shortlist = int(rules.shortlist)

    if candidates is not None and int(candidates) < 1:
        raise ValueError("candidates must be at least 1")
    # The solver keeps the locked pairs and counts them in their mentors' load (so the load penalty
    # sees them); they need a score and room, whatever the rules say.
    locked_scores = scoring.pairs(f, locked[:, 0], locked[:, 1])[1].astype(np.float64)
    room = np.maximum(np.asarray(pool.mentors.capacity, dtype=np.int64), np.bincount(locked[:, 1], minlength=m))
    if candidates is None and n * m <= DENSE_CELLS:
        ci, cj, cv, shortlists = _all_pairs(f, shortlist, progress)
        keep = free[ci]
        ci, cj, cv = ci[keep], cj[keep], cv[keep]
        pairs_kept = len(ci)
        score_s = perf_counter() - started
        if pairs_kept > DENSE_SHARE * n * m:
            scores = np.full((n, m), np.nan)
            scores[ci, cj] = cv
            scores[locked[:, 0], locked[:, 1]] = locked_scores
            del ci, cj, cv
            solution = solver.solve_dense(scores, capacities=room, locked=locked,
                                          load_penalty=float(rules.load_penalty))
        else:
            solution = solver.solve_sparse(np.concatenate([ci, locked[:, 0]]), np.concatenate([cj, locked[:, 1]]),
                                           np.concatenate([cv.astype(np.float64), locked_scores]), (n, m),
                                           capacities=room, locked=locked, load_penalty=float(rules.load_penalty))
        method = "all-pairs"
    else:
        k = max(int(candidates or DEFAULT_CANDIDATES), shortlist, 1)
        spatial = n * m > DENSE_CELLS
        ci, cj, cv, shortlists = _candidates(f, k, shortlist, spatial, progress)
        keep = free[ci]
        ci, cj, cv = ci[keep], cj[keep], cv[keep]
        pairs_kept = len(ci)
        score_s = perf_counter() - started
        solution = solver.solve_sparse(np.concatenate([ci, locked[:, 0]]), np.concatenate([cj, locked[:, 1]]),
                                       np.concatenate([cv, locked_scores]), (n, m), capacities=room,
                                       locked=locked, load_penalty=float(rules.load_penalty))
        method = "sparse"
    solve_s = perf_counter() - started - score_s

    explain_started = perf_counter()
    pairs = [(int(i), int(j)) for i, j in locked.tolist()]
    pairs += [(int(i), int(j)) for i, j in solution.pairs if free[i]]
    pairs.sort()
    wanted = set(pairs)
    for i, mentors in enumerate(shortlists):
        wanted.update((i, j) for j in mentors)
    wanted = sorted(wanted)
    wi = np.fromiter((p[0] for p in wanted), dtype=np.int64, count=len(wanted))
    wj = np.fromiter((p[1] for p in wanted), dtype=np.int64, count=len(wanted))
    pair_scores, facts = explain.explain(f, pool, wi, wj)
    scores = dict(zip(wanted, pair_scores.tolist()))
    matched = np.zeros(n, dtype=bool)
    if pairs:
        matched[[i for i, _ in pairs]] = True
    funnels = diagnose.funnels(f, np.flatnonzero(~matched))
    explain_s = perf_counter() - explain_started
    return Result(
        pairs=pairs, scores=scores, total_score=float(sum(scores[p] for p in pairs)), shortlists=shortlists,
        facts=facts, funnels=funnels, pairs_kept=pairs_kept, method=f"{method}/{solution.method}",
        timings={"score_s": round(score_s, 4), "solve_s": round(solve_s, 4), "explain_s": round(explain_s, 4),
                 "total_s": round(perf_counter() - started, 4)},
    )
