"""Reading an instance for `python -m duo.matching solve`: JSON in, arrays out, or one line saying what is wrong.

No Django, no scipy: bad input is answered before the solver's libraries load.
"""

from __future__ import annotations

import json
import math

import numpy as np

from .solver import InstanceError

_NUMBER = (int, float)


def read_instance(obj):
    """A decoded JSON instance -> (scores (n, m) float64 with nan for null, capacities int64 (m,) or None,
    locked int64 (k, 2) or None).  Raises InstanceError naming what is wrong and where; unknown keys are
    ignored.  Locked pairs are checked here too (range, forbidden, twice, over capacity)."""
    if not isinstance(obj, dict):
        raise InstanceError(f'instance: expected a JSON object with "scores", got {_kind(obj)}')
    if "scores" not in obj:
        raise InstanceError('instance: missing key "scores"')
    raw = obj["scores"]
    if not isinstance(raw, list):
        raise InstanceError(f"scores: expected a list of rows, got {_kind(raw)}")
    raw_caps = obj.get("capacities")
    m = len(raw_caps) if not raw and isinstance(raw_caps, list) else None
    rows = []
    for i, row in enumerate(raw):
        if not isinstance(row, list):
            raise InstanceError(f"scores row {i}: expected a list of numbers or null, got {_kind(row)}")
        if m is None:
            m = len(row)
        elif len(row) != m:
            raise InstanceError(f"scores row {i}: length {len(row)}, but row 0 has length {m}")
        rows.append(_score_row(i, row))
    m = m or 0
    scores = np.array(rows, dtype=np.float64).reshape(len(rows), m)
    capacities = None if raw_caps is None else _json_capacities(raw_caps, m)
    locked = None if obj.get("locked") is None else _json_locked(obj["locked"], scores, capacities)
    return scores, capacities, locked


def _score_row(i, row):
    # One C-level pass over the types; the per-value loop only runs to name a culprit.
    if not {type(x) for x in row} <= {int, float, type(None)}:
        j = next(j for j, x in enumerate(row) if x is not None and type(x) not in _NUMBER)
        raise InstanceError(f"scores row {i}, column {j}: {_show(row[j])} is not a number or null")
    try:
        values = np.array(row, dtype=np.float64)
    except OverflowError:
        values = None
    if values is None or not np.isfinite(values).sum() + row.count(None) == len(row):
        for j, x in enumerate(row):
            if x is not None and not math.isfinite(_as_float(x)):
                raise InstanceError(f"scores row {i}, column {j}: {_show(x)} is not a finite number")
    return values


def _as_float(x):
    try:
        return float(x)
    except OverflowError:
        return math.inf


def _json_capacities(raw, m):
    if not isinstance(raw, list):
        raise InstanceError(f"capacities: expected a list of {m} integers, got {_kind(raw)}")
    if len(raw) != m:
        raise InstanceError(f"capacities: has {len(raw)} values, expected {m} (one per column)")
    for j, x in enumerate(raw):
        if type(x) not in _NUMBER or not (math.isfinite(_as_float(x)) and x >= 0 and x == int(x)):
            raise InstanceError(f"capacities, column {j}: {_show(x)} is not a non-negative integer")
    return np.array([int(x) for x in raw], dtype=np.int64)


def _json_locked(raw, scores, capacities):
    n, m = scores.shape
    if not isinstance(raw, list):
        raise InstanceError(f"locked: expected a list of [row, column] pairs, got {_kind(raw)}")
    first, load = {}, {}
    for k, pair in enumerate(raw):
        if not (isinstance(pair, list) and len(pair) == 2 and all(type(x) is int for x in pair)):
            raise InstanceError(f"locked[{k}]: expected a pair [row, column] of integers, got {_show(pair)}")
        i, j = pair
        if not 0 <= i < n:
            raise InstanceError(f"locked[{k}]: row {i} is out of range ({n} rows)")
        if not 0 <= j < m:
            raise InstanceError(f"locked[{k}]: column {j} is out of range ({m} columns)")
        if i in first:
            raise InstanceError(f"locked[{k}]: row {i} is locked twice (also locked[{first[i]}])")
        if np.isnan(scores[i, j]):
            raise InstanceError(f"locked[{k}]: row {i}, column {j} is a forbidden pair (null score)")
        first[i] = k
        load[j] = load.get(j, 0) + 1
        cap = 1 if capacities is None else int(capacities[j])
        if load[j] > cap:
            raise InstanceError(f"locked[{k}]: column {j} is locked {load[j]} times, its capacity is {cap}")
    return np.array(raw, dtype=np.int64).reshape(len(raw), 2)


def _kind(x):
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(x), "a number" if type(x) in _NUMBER else _show(x))


def _show(x):
    """A value as the JSON it came from, cut to 40 characters."""
    try:
        text = json.dumps(x, allow_nan=True)
    except (TypeError, ValueError):
        text = repr(x)
    return text if len(text) <= 40 else text[:37] + "..."
