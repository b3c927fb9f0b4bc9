"""An indicator's table: one row per combination of the chosen dimensions plus every margin ("*" = all of it).

Counts are additive, so the table is grouped once by all the dimensions and the margins are sums of its cells.
With `public=True` disclosure control applies (duo.impact.disclosure): suppressed cells lose their numbers and
carry ":c". Reliability (":u") applies in both: too few people, or a survey answered by too few of those asked.
"""

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import polars as pl
from django.conf import settings
from django.utils.translation import gettext as _
from scipy import stats as scipy_stats

from . import disclosure, stats
from .dimensions import DIMENSIONS, Dimension, allowed
from .indicators import CHANGE, INDICATORS, PROPORTION, RATIO, Indicator

ALL = "*"
# The lowest possible change on a 1–5 scale: shifting by it makes every change non-negative for the audit.
_CHANGE_FLOOR = 4


class UnknownName(ValueError):
    """An indicator or dimension that does not exist (or that this user may not use); `valid` lists those that do."""

    def __init__(self, message, valid):
        super().__init__(message)
        self.valid = list(valid)


@dataclass
class Row:
    key: tuple
    n: int
    numerator: float | None
    denominator: float | None
    value: float | None
    ci_low: float | None
    ci_high: float | None
    flag: str = ""
    response_rate: float | None = None

    @property
    def is_total(self) -> bool:
        return all(k == ALL for k in self.key)

    @property
    def is_margin(self) -> bool:
        return ALL in self.key


@dataclass
class Table:
    indicator: Indicator
    by: list[Dimension]
    filters: dict
    rows: list[Row]
    public: bool
    threshold: int
    snapshot: object = None
    values: dict = field(default_factory=dict)

    @property
    def total(self) -> Row:
        return next(r for r in self.rows if r.is_total)

    @property
    def suppressed(self) -> int:
        return sum(1 for r in self.rows if r.flag == ":c")


def indicator_of(name: str) -> Indicator:
    if name not in INDICATORS:
        raise UnknownName(_("Unknown indicator: %(name)s.") % {"name": name}, INDICATORS)
    return INDICATORS[name]


def dimensions_of(names: Sequence[str], user=None) -> list[Dimension]:
    usable = allowed(user)
    found = []
    for name in names:
        if name not in usable:
            raise UnknownName(_("Unknown dimension: %(name)s.") % {"name": name}, usable)
        if DIMENSIONS[name] in found:
            raise UnknownName(_("The dimension %(name)s is given twice.") % {"name": name}, usable)
        found.append(DIMENSIONS[name])
    return found


def _filtered(frame: pl.DataFrame, filters: Mapping[str, str], user) -> pl.DataFrame:
    for dimension in dimensions_of(list(filters), user):
        frame = frame.filter(pl.col(dimension.column) == str(filters[dimension.id]))
    return frame


def _base(frame: pl.DataFrame, indicator: Indicator, by: list[Dimension]) -> pl.DataFrame:
    """One row per duo: the dimensions, whether it is in the population, its value, and — over every duo, not only
    the population — the survey's answered and asked counts: a response rate among respondents would be 100 %."""
    member = indicator.where().fill_null(False)
    if indicator.kind == PROPORTION:
        x, weight = indicator.value().fill_null(False).cast(pl.Int64), pl.lit(1, dtype=pl.Int64)
    elif indicator.kind == RATIO:
        x, weight = indicator.value().cast(pl.Int64), pl.col(indicator.weight).cast(pl.Int64)
    else:
        x, weight = indicator.value().cast(pl.Float64), pl.lit(1, dtype=pl.Int64)
    x = pl.when(member).then(x).otherwise(0)
    answered, asked = (pl.col(indicator.survey[0]), pl.col(indicator.survey[1])) if indicator.survey else (
        pl.lit(0), pl.lit(0))
    return frame.select(
        *[pl.col(d.column).alias(d.id) for d in by], member.cast(pl.Int64).alias("_p"), x.alias("_x"),
        (x * x).cast(pl.Float64).alias("_xx"), pl.when(member).then(weight).otherwise(0).alias("_w"),
        answered.fill_null(0).cast(pl.Int64).alias("_a"), asked.fill_null(0).cast(pl.Int64).alias("_i"))


_SUMS = ("n", "s", "ss", "w", "a", "i")


def _cells(base: pl.DataFrame, by: list[Dimension]) -> tuple[dict, dict]:
    """The complete grid with margins: key -> sums; and each dimension's values in display order."""
    ids = [d.id for d in by]
    aggregates = [pl.col("_p").sum().alias("n"), pl.col("_x").sum().alias("s"), pl.col("_xx").sum().alias("ss"),
                  pl.col("_w").sum().alias("w"), pl.col("_a").sum().alias("a"), pl.col("_i").sum().alias("i")]
    if ids:
        grouped = base.group_by(ids).agg(aggregates).rows(named=True)
    else:
        grouped = [dict(zip(_SUMS, row)) for row in base.select(aggregates).rows()]
    values = {d.id: sorted({str(g[d.id]) for g in grouped}, key=d.sort_key) for d in by}
    interior = {tuple(str(g[i]) for i in ids): tuple(g[s] or 0 for s in _SUMS) for g in grouped}
    zero = (0,) * len(_SUMS)
    cells = {}
    for key in itertools.product(*[[*values[i], ALL] for i in ids]):
        if ALL not in key:
            cells[key] = interior.get(key, zero)
    for key in itertools.product(*[[*values[i], ALL] for i in ids]):
        if ALL in key:
            members = [k for k in interior if all(a == ALL or a == b for a, b in zip(key, k))]
            cells[key] = tuple(sum(interior[k][j] for k in members) for j in range(len(_SUMS)))
    return cells, values


def _estimate(indicator: Indicator, sums) -> tuple:
    n, s, ss, w, _a, _i = sums
    if indicator.is_share:
        trials = w if indicator.kind == RATIO else n
        if not trials:
            return None, None, None
        low, high = stats.wilson(int(s), int(trials))
        return s / trials, low, high
    if not n:
        return None, None, None
    mean = s / n
    if n < 2:
        return mean, None, None
    variance = max(0.0, (ss - n * mean * mean) / (n - 1))
    half = scipy_stats.t.ppf(0.975, n - 1) * math.sqrt(variance / n)
    return mean, mean - half, mean + half


def table(frames, *, indicator: str, by: Sequence[str] = (), filters: Mapping[str, str] | None = None,
          public: bool = False, threshold: int | None = None, user=None) -> Table:
    """The indicator's table over the snapshot frames. Raises UnknownName for a name that does not exist."""
    ind = indicator_of(indicator)
    dims = dimensions_of(list(by), user)
    filters = dict(filters or {})
    threshold = settings.IMPACT_MIN_CELL if threshold is None else threshold
    base = _base(_filtered(frames.duos, filters, user), ind, dims)
    cells, values = _cells(base, dims)
    status = {}
    if public:
        shift = _CHANGE_FLOOR if ind.kind == CHANGE else 0
        people = {key: disclosure.Cell(numerator=sums[1] + shift * sums[0],
                                       denominator=int(sums[3] if ind.kind == RATIO else sums[0]))
                  for key, sums in cells.items()}
        status = disclosure.protect(people, threshold=threshold, bounded=ind.is_share)
    rows = []
    for key, sums in cells.items():
        value, low, high = _estimate(ind, sums)
        n = int(sums[3] if ind.kind == RATIO else sums[0])
        rate = (sums[4] / sums[5]) if ind.survey and sums[5] else None
        unreliable = n < settings.IMPACT_RELIABLE_N or (
            rate is not None and rate < settings.IMPACT_MIN_RESPONSE_RATE)
        row = Row(key=key, n=n, numerator=_number(ind, sums[1]), denominator=n, value=value, ci_low=low,
                  ci_high=high, flag=":u" if unreliable and n else "", response_rate=rate)
        if status.get(key):
            row = Row(key=key, n=n, numerator=None, denominator=None, value=None, ci_low=None, ci_high=None,
                      flag=":c")
        rows.append(row)
    order = {d.id: {v: i for i, v in enumerate([*values[d.id], ALL])} for d in dims}
    rows.sort(key=lambda r: tuple(order[d.id][k] for d, k in zip(dims, r.key)))
    return Table(indicator=ind, by=dims, filters=filters, rows=rows, public=public, threshold=threshold,
                 snapshot=getattr(frames, "snapshot", None), values=values)


def _number(indicator: Indicator, value):
    if indicator.kind in (PROPORTION, RATIO):
        return int(value)
    return round(float(value), 4)


def records(result: Table) -> list[dict]:
    """Rows as plain dicts with the CLI's columns: the dimensions, then the figures and the flag."""
    out = []
    for row in result.rows:
        record = {d.id: k for d, k in zip(result.by, row.key)}
        record.update(numerator=row.numerator, denominator=row.denominator, value=_round(row.value),
                      ci_low=_round(row.ci_low), ci_high=_round(row.ci_high), flag=row.flag)
        out.append(record)
    return out


def _round(value):
    return None if value is None else round(float(value), 4)


COLUMNS = ("numerator", "denominator", "value", "ci_low", "ci_high", "flag")
