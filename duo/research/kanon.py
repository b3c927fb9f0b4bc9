"""k-anonymity by full-domain generalisation and a little suppression, for microdata that leave the organisation.

The quasi-identifiers are the columns someone could know from elsewhere (age, sex, where a person lives, where
they come from, when they started). Each has a hierarchy of ever coarser versions: level 0 the value as
recorded, then the generalisations the caller gives (e.g. 5-year bands, 10-year bands), and last "*", the
value withheld. A level vector chooses one level per column for every row ("full-domain": the whole column
is coarsened the same way, so a researcher reads one codebook, not a per-row mixture).

Search (Samarati, 2001): generalising any column merges classes, so the rows left in classes under k never
grow; feasibility is therefore monotone in the lattice of level vectors, and the lowest total height at which
some vector is feasible is found by binary search over heights. Among the vectors at that height the one kept
suppresses the fewest rows, then has the lowest discernibility (the sum of the squared class sizes, Bayardo &
Agrawal 2005: the smaller the classes a row hides in, the more a researcher can tell apart), then comes first in
order (deterministic). A vector is feasible when the rows of classes smaller than k are at most `max_suppression`
of all rows: those rows are then dropped. Counting happens on the distinct combinations of the
quasi-identifiers with their number of rows, never on the rows themselves, so each of the few hundred vectors
tried costs a group-by of a small frame.

With `entity` (e.g. a person's pseudonym when a row is a duo and one person may have two duos) a class's size
is its number of distinct entities, not of rows: "at least k people", not "at least k rows".

When no vector is feasible (fewer rows than k, even with everything withheld) every row is suppressed and the
report says so. Pure: polars and the standard library, no Django.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import polars as pl

WITHHELD = "*"
COUNT = "__rows"


@dataclass(frozen=True)
class Level:
    label: str
    generalise: Callable[[Any], Any]


@dataclass(frozen=True)
class Hierarchy:
    """A quasi-identifier: its column, a name for people, and its intermediate levels (finest first)."""

    column: str
    label: str
    levels: tuple[Level, ...] = ()
    exact_label: str = "as recorded"
    withheld_label: str = "withheld"

    @property
    def height(self) -> int:
        """The number of steps from the value as recorded to "*"."""
        return len(self.levels) + 1

    def describe(self, level: int) -> str:
        if level == 0:
            return self.exact_label
        if level >= self.height:
            return self.withheld_label
        return self.levels[level - 1].label

    def value(self, level: int, value: Any) -> str | None:
        """The value shown at `level`, as text (a column mixes numbers and bands otherwise)."""
        if level >= self.height:
            return WITHHELD
        if level > 0:
            value = self.levels[level - 1].generalise(value)
        return None if value is None else str(value)


@dataclass
class Report:
    k: int
    max_suppression: float
    rows_in: int
    rows_out: int
    suppressed: int
    smallest_class: int | None  # in rows, or in entities if counted so; None when no row is left
    classes: int
    levels: dict[str, int] = field(default_factory=dict)
    described: dict[str, str] = field(default_factory=dict)
    vectors_tried: int = 0
    feasible: bool = True  # False: even withholding everything leaves fewer than k rows, so all are suppressed

    def as_dict(self) -> dict:
        return asdict(self)


def _recode(column: str, hierarchy: Hierarchy, level: int, values: list) -> pl.Expr:
    """`column` at `level`, from the mapping of its distinct values (each generalised once, in Python)."""
    if level >= hierarchy.height:
        return pl.lit(WITHHELD, dtype=pl.Utf8)
    present = [v for v in values if v is not None]
    missing = hierarchy.value(level, None)
    mapped = (pl.col(column).replace_strict(present, [hierarchy.value(level, v) for v in present],
                                            return_dtype=pl.Utf8)
              if present else pl.lit(None, dtype=pl.Utf8))
    return pl.when(pl.col(column).is_null()).then(pl.lit(missing, dtype=pl.Utf8)).otherwise(mapped)


class _Lattice:
    def __init__(self, frame: pl.DataFrame, hierarchies: Sequence[Hierarchy], k: int, allowed: int,
                 entity: str | None):
        self.hierarchies = hierarchies
        self.k, self.allowed, self.entity = k, allowed, entity
        columns = [h.column for h in hierarchies]
        self.values = {c: frame[c].unique().to_list() for c in columns}
        grouping = [*columns, *([entity] if entity else [])]
        combos = frame.group_by(grouping).agg(pl.len().alias(COUNT)) if grouping else \
            pl.DataFrame({COUNT: [frame.height]}).filter(pl.col(COUNT) > 0)
        # Every level of every column once, on the distinct combinations: a vector is then a choice of columns.
        self.combos = combos.with_columns(
            _recode(h.column, h, level, self.values[h.column]).alias(f"{i}@{level}")
            for i, h in enumerate(hierarchies) for level in range(h.height + 1))
        self.tried: dict[tuple, tuple[int, int]] = {}

    def evaluate(self, vector: tuple) -> tuple[int, int]:
        """(rows in classes smaller than k, discernibility of the classes of k or more) under `vector`."""
        if vector not in self.tried:
            keys = [f"{i}@{level}" for i, level in enumerate(vector)]
            sizes = [pl.col(COUNT).sum().cast(pl.Int64).alias("rows"),
                     (pl.col(self.entity).n_unique() if self.entity else pl.col(COUNT).sum()).alias("size")]
            classes = self.combos.group_by(keys).agg(sizes) if keys else self.combos.select(sizes)
            small = classes.filter(pl.col("size") < self.k)["rows"]
            kept = classes.filter(pl.col("size") >= self.k)["rows"]
            self.tried[vector] = (int(small.sum() or 0), int((kept * kept).sum() or 0))
        return self.tried[vector]

    def feasible(self, vector: tuple) -> bool:
        return self.evaluate(vector)[0] <= self.allowed

    def at_height(self, height: int):
        tops = [h.height for h in self.hierarchies]
        for vector in itertools.product(*(range(top + 1) for top in tops)):
            if sum(vector) == height:
                yield vector

    def best(self) -> tuple | None:
        top = sum(h.height for h in self.hierarchies)
        if not any(self.feasible(v) for v in self.at_height(top)):
            return None
        low, high = 0, top  # invariant: some vector at `high` is feasible
        while low < high:
            middle = (low + high) // 2
            if any(self.feasible(v) for v in self.at_height(middle)):
                high = middle
            else:
                low = middle + 1
        candidates = [v for v in self.at_height(high) if self.feasible(v)]
        return min(candidates, key=lambda v: (*self.evaluate(v), v))


def anonymise(frame: pl.DataFrame, hierarchies: Sequence[Hierarchy], *, k: int, max_suppression: float = 0.05,
              entity: str | None = None) -> tuple[pl.DataFrame, Report]:
    """The rows with their quasi-identifiers generalised and the rows of small classes dropped, and the report.

    Other columns are left as they are; rows keep their order. Every combination of the quasi-identifiers in
    the result has at least k rows (k distinct values of `entity`, if given).
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    if not 0 <= max_suppression <= 1:
        raise ValueError("max_suppression is a share between 0 and 1")
    columns = [h.column for h in hierarchies]
    if len(set(columns)) != len(columns):
        raise ValueError("a column has two hierarchies")
    n = frame.height
    allowed = math.floor(max_suppression * n + 1e-9)
    if entity is not None and (entity in columns or entity not in frame.columns):
        raise ValueError("the entity is a column of the rows, not a quasi-identifier")
    lattice = _Lattice(frame, hierarchies, k, allowed, entity)
    vector = lattice.best()
    feasible = vector is not None
    if vector is None:
        vector = tuple(h.height for h in hierarchies)
    out = frame.with_columns(
        _recode(h.column, h, level, lattice.values[h.column]).alias(h.column)
        for h, level in zip(hierarchies, vector))
    counted = pl.col(entity).n_unique() if entity else pl.len()
    if feasible:
        out = out.filter((counted.over(columns) if columns else counted) >= k)
    else:
        out = out.clear()
    sizes = (out.group_by(columns).agg(counted.alias("size")) if columns else out.select(counted.alias("size")))["size"]
    sizes = sizes.filter(sizes > 0)
    report = Report(
        k=k, max_suppression=max_suppression, rows_in=n, rows_out=out.height, suppressed=n - out.height,
        smallest_class=int(sizes.min()) if sizes.len() else None, classes=sizes.len(),
        levels={h.column: level for h, level in zip(hierarchies, vector)},
        described={h.column: h.describe(level) for h, level in zip(hierarchies, vector)},
        vectors_tried=len(lattice.tried), feasible=feasible)
    return out, report
