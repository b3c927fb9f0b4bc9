"""Statistical disclosure control for tables with margins: primary and secondary cell suppression, and its audit.

A table has d dimensions; a key is a tuple of d strings where "*" means "all values of that dimension" (a margin).
The caller passes the complete grid, margins and empty cells included. A cell with 0 < people < threshold is
suppressed (primary); other cells are suppressed (secondary) until no attacker who knows the published cells, the
additivity of the table and that counts are non-negative can narrow a primary cell's people, or its numerator, to
an interval narrower than 1.

How: the hypercube method. For each primary cell p, every choice of one other value per dimension spans a box of
2^d corners; the signs +1/−1 that alternate along each dimension (a margin corner takes its part's sign, since it
moves with it) form a direction in which all margins stay put. Hiding the corners lets the attacker slide p along
that direction as far as non-negativity allows, which gives an interval whose width we compute exactly. We hide the
cheapest box that gives p enough room (few people, no margins, empty cells and the grand total last). Hiding more
cells only widens an attacker's intervals, so boxes chosen for earlier primary cells never spoil later ones and the
result needs no re-audit loop; `audit`/`exposed` verify it by linear programming.

When `bounded` (numerators are counts of people with an outcome, ≤ denominators), the attacker must not learn that
everyone or no one in the cell had the outcome either: the numerator and the rest (denominator − numerator) each
need room of 1. The denominator, their sum, then has room of at least 2.
"""

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

PUBLISHED, PRIMARY, SECONDARY = "", "primary", "secondary"
ALL = "*"
TOLERANCE = 1e-6

Key = tuple[str, ...]


@dataclass(frozen=True)
class Cell:
    numerator: float
    denominator: int


@dataclass(frozen=True)
class Bounds:
    """What an attacker can tell about a hidden cell: the feasible interval of each number (math.inf if unbounded).

    `rest` is denominator − numerator, the people without the outcome; it is a count only when `bounded`, and is
    (−inf, inf) otherwise.
    """

    den_low: float
    den_high: float
    num_low: float
    num_high: float
    rest_low: float = -math.inf
    rest_high: float = math.inf


class _Table:
    """The grid in flat arrays (C order over axes, each axis "*" first then its sorted values) and its lines.

    A line is one additivity equation: a margin minus the cells it sums, one row of the sparse matrix `lines`.
    """

    def __init__(self, cells: Mapping[Key, Cell], *, bounded: bool):
        keys = list(cells)
        if not keys:
            raise ValueError("empty table")
        d = len(keys[0])
        if any(not isinstance(k, tuple) or len(k) != d or not all(isinstance(v, str) for v in k) for k in keys):
            raise ValueError(f"every key must be a tuple of {d} strings")
        self.axes = [(ALL, *sorted({k[i] for k in keys} - {ALL})) for i in range(d)]
        self.shape = tuple(len(axis) for axis in self.axes)
        self.keys = list(itertools.product(*self.axes))
        if len(self.keys) != len(keys):
            missing = next(k for k in self.keys if k not in cells)
            raise ValueError(f"incomplete grid: no cell for {missing}")
        self.den = np.array([cells[k].denominator for k in self.keys], dtype=float)
        self.num = np.array([cells[k].numerator for k in self.keys], dtype=float)
        if (self.den < 0).any() or (self.den != np.round(self.den)).any():
            raise ValueError("denominators must be non-negative integers")
        scale = 1.0 + np.abs(self.num).max() + self.den.max()
        if (self.num < -TOLERANCE * scale).any() or not np.isfinite(self.num).all():
            raise ValueError("numerators must be finite and non-negative")
        if bounded and (self.num > self.den + TOLERANCE * scale).any():
            raise ValueError("a numerator exceeds its denominator; pass bounded=False for sums")
        self.lines = _lines(self.shape)
        if (np.abs(self.lines @ self.den) > 0.5).any() or (np.abs(self.lines @ self.num) > TOLERANCE * scale).any():
            raise ValueError("margins are not the sums of their cells")
        self.margin = np.array([ALL in k for k in self.keys])
        self.bounded = bounded
        # What the attacker must not pin down. Bounded: numerator and rest vary independently (den is their sum).
        num = np.clip(self.num, 0, None)
        self.quantities = (num, np.clip(self.den - num, 0, None)) if bounded else (self.den, num)

    def status(self, hidden: np.ndarray, primary: np.ndarray) -> dict[Key, str]:
        return {key: PRIMARY if primary[i] else SECONDARY if hidden[i] else PUBLISHED
                for i, key in enumerate(self.keys)}

    def hidden(self, status: Mapping[Key, str]) -> np.ndarray:
        return np.array([bool(status.get(k, PUBLISHED)) for k in self.keys])


def _lines(shape: tuple[int, ...]) -> sparse.csr_matrix:
    index = np.arange(math.prod(shape)).reshape(shape)
    rows, cols, vals = [], [], []
    count = 0
    for k, size in enumerate(shape):
        if size < 2:  # a dimension without values has no equation along it
            continue
        block = np.moveaxis(index, k, -1).reshape(-1, size)
        row_ids = np.repeat(np.arange(count, count + len(block)), size)
        rows.append(row_ids)
        cols.append(block.ravel())
        vals.append(np.tile(np.r_[1.0, -np.ones(size - 1)], len(block)))
        count += len(block)
    if not count:
        return sparse.csr_matrix((0, index.size))
    return sparse.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                             shape=(count, index.size))


def protect(cells: Mapping[Key, Cell], *, threshold: int = 10, bounded: bool = True) -> dict[Key, str]:
    """PUBLISHED, PRIMARY or SECONDARY for every key; see the module docstring for the guarantee."""
    if not cells:
        return {}
    table = _Table(cells, bounded=bounded)
    primary = (table.den > 0) & (table.den < threshold)
    hidden = primary.copy()
    # Largest first: their boxes tend to be the costlier ones, and the cells they hide often protect smaller ones.
    for p in sorted(np.flatnonzero(primary), key=lambda i: (-table.den[i], i)):
        hidden[_cheapest_box(table, p, hidden)] = True
    return table.status(hidden, primary)


def _cheapest_box(table: _Table, p: int, hidden: np.ndarray) -> np.ndarray:
    """The corners of the cheapest box around cell p that gives each of p's quantities room ≥ 1 (see module doc)."""
    shape = table.shape
    at = np.unravel_index(p, shape)
    dims = [k for k in range(len(shape)) if shape[k] >= 2]
    if not dims:  # a lone total: no equation can reveal it, nothing to add
        return np.array([p])
    alternatives = [np.array([j for j in range(shape[k]) if j != at[k]]) for k in dims]
    mesh = np.meshgrid(*alternatives, indexing="ij")
    grid = mesh[0].shape
    # Between two values the sign flips; between a value and "*" it does not (the margin moves with its part).
    flips = [(at[k] != 0) & (m != 0) for k, m in zip(dims, mesh)]
    corners, negative = [], []
    for chosen in itertools.product((False, True), repeat=len(dims)):
        index = [np.full(grid, i) for i in at]
        sign = np.zeros(grid, dtype=bool)
        for j, k in enumerate(dims):
            if chosen[j]:
                index[k] = mesh[j]
                sign ^= flips[j]
        corners.append(np.ravel_multi_index(tuple(index), shape))
        negative.append(sign)
    corners, negative = np.stack(corners), np.stack(negative)
    enough = np.ones(grid, dtype=bool)
    for values in table.quantities:
        v = values[corners]
        # Sliding by t: "+" corners bound t from below, "−" corners from above; p is a "+" corner.
        room = np.where(negative, np.inf, v).min(axis=0) + np.where(negative, v, np.inf).min(axis=0)
        enough &= room >= 1 - 1e-9
    new = ~hidden[corners]
    people = (table.den[corners] * new).sum(axis=0)
    margins = (table.margin[corners] & new).sum(axis=0)
    grand_total = ((corners == 0) & new).any(axis=0)
    # An empty cell costs no people but covers badly: whoever knows it is empty (a new antenna, say) sees through it.
    empty = ((table.den[corners] == 0) & new).sum(axis=0)
    order = np.lexsort((np.arange(enough.size), new.sum(axis=0).ravel(), margins.ravel(), people.ravel(),
                        empty.ravel(), grand_total.ravel()))
    best = order[enough.ravel()[order]][0]  # flipping every position to/from "*" never fails: room is infinite
    return corners.reshape(len(corners), -1)[:, best]


def audit(cells: Mapping[Key, Cell], status: Mapping[Key, str], *, bounded: bool = True) -> dict[Key, Bounds]:
    """Bounds of each hidden cell, by linear programming over the hidden cells (scipy linprog, HiGHS)."""
    if not cells:
        return {}
    table = _Table(cells, bounded=bounded)
    hidden = table.hidden(status)
    return _bounds(table, hidden, np.flatnonzero(hidden))


def exposed(cells: Mapping[Key, Cell], status: Mapping[Key, str], *, bounded: bool = True) -> list[Key]:
    """PRIMARY cells an attacker can narrow to an interval narrower than 1 (rest too, when `bounded`)."""
    if not cells:
        return []
    table = _Table(cells, bounded=bounded)
    primary = [i for i, k in enumerate(table.keys) if status.get(k) == PRIMARY]
    result = []
    for key, b in _bounds(table, table.hidden(status), primary).items():
        widths = [b.den_high - b.den_low, b.num_high - b.num_low]
        if bounded:
            widths.append(b.rest_high - b.rest_low)
        if min(widths) < 1 - TOLERANCE:
            result.append(key)
    return result


def _bounds(table: _Table, hidden: np.ndarray, targets: Iterable[int]) -> dict[Key, Bounds]:
    """Min and max of each quantity of each target cell, over everything consistent with the published cells.

    Both quantity systems share the matrix: x ≥ 0 on the hidden cells, lines·x = what the published cells leave.
    """
    targets = list(targets)
    if not targets:
        return {}
    columns = np.flatnonzero(hidden)
    position = {c: j for j, c in enumerate(columns)}
    a_hidden = table.lines[:, columns]
    used = np.flatnonzero(a_hidden.getnnz(axis=1))
    a_eq = a_hidden[used]
    a_published = table.lines[used][:, np.flatnonzero(~hidden)]
    ranges = [_ranges(a_eq, -(a_published @ values[~hidden]), [position[c] for c in targets])
              for values in table.quantities]
    result = {}
    for j, c in enumerate(targets):
        first, second = (ranges[0][0][j], ranges[0][1][j]), (ranges[1][0][j], ranges[1][1][j])
        if table.bounded:
            num, rest = first, second
            den = (num[0] + rest[0], num[1] + rest[1])
        else:
            den, num, rest = first, second, (-math.inf, math.inf)
        result[table.keys[c]] = Bounds(*map(float, (*den, *num, *rest)))
    return result


def _ranges(a_eq: sparse.csr_matrix, b_eq: np.ndarray, targets: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Min and max of x[t] for each t in targets over {x ≥ 0 : a_eq·x = b_eq}.

    linprog costs milliseconds a call, nearly all overhead, so each batch is one program: one copy of x per target,
    the copies independent, so that optimising the sum optimises each term. Which maxima are infinite is read first
    from the recession cone {u ≥ 0 : a_eq·u = 0}: one program maximising Σ min(u[t], 1) finds all its directions.
    """
    n, m = a_eq.shape[1], len(targets)
    low, high = np.zeros(m), np.full(m, math.inf)
    if not a_eq.shape[0]:
        return low, high
    cone = linprog(np.r_[np.zeros(n), -np.ones(m)],
                   A_ub=sparse.hstack([-sparse.csr_matrix((np.ones(m), (np.arange(m), targets)), shape=(m, n)),
                                       sparse.identity(m)]), b_ub=np.zeros(m),
                   A_eq=sparse.hstack([a_eq, sparse.csr_matrix((a_eq.shape[0], m))]), b_eq=np.zeros(a_eq.shape[0]),
                   bounds=[(0, None)] * n + [(0, 1)] * m, method="highs")
    _check(cone)
    finite = np.flatnonzero(cone.x[n:] < 0.5)
    for sign, rows in ((1.0, np.arange(m)), (-1.0, finite)):
        if not len(rows):
            continue
        c = np.zeros(len(rows) * n)
        c[np.arange(len(rows)) * n + np.asarray(targets)[rows]] = sign
        res = linprog(c, A_eq=sparse.kron(sparse.identity(len(rows)), a_eq, format="csr"),
                      b_eq=np.tile(b_eq, len(rows)), bounds=(0, None), method="highs")
        _check(res)
        (low if sign > 0 else high)[rows] = res.x.reshape(len(rows), n)[np.arange(len(rows)), np.asarray(targets)[rows]]
    return low, high


def _check(result) -> None:
    if result.status != 0:
        raise RuntimeError(f"disclosure audit: the linear program failed: {result.message}")


def flags(status: Mapping[Key, str], *, unreliable: Iterable[Key] = ()) -> dict[Key, str]:
    """":c" for suppressed cells, ":u" for published cells in `unreliable`, "" otherwise."""
    shaky = set(unreliable)
    return {key: ":c" if s else ":u" if key in shaky else "" for key, s in status.items()}
