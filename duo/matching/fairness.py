"""Proposal rates and mean scores by group after a run, small cells suppressed. Pure numpy.

fairness({"gender": [...], "age_band": [...]}, proposed, scores) ->
    {"gender": [{"group": "female", "n": 40, "proposed": 31, "rate": 0.775, "mean_score": 61.2,
                 "suppressed": False}, ...], ...}

A cell with fewer than `min_cell` mentees keeps its label but is marked suppressed, with None for its
size and every figure, so a view of a small antenna does not say what happened to one or two people.
The caller decides which dimensions a role may see (origin group only in aggregate, for allowed roles).
"""

from __future__ import annotations

import math

import numpy as np

UNKNOWN = "unknown"
AGE_BANDS = ("18–24", "25–29", "30+")


def age_band(age) -> str:
    """"18–24", "25–29", "30+", or "unknown" (no age, or under 18: not a band the programme has)."""
    try:
        age = float(age)
    except (TypeError, ValueError):
        return UNKNOWN
    if math.isnan(age) or age < 18:
        return UNKNOWN
    if age < 25:
        return AGE_BANDS[0]
    if age < 30:
        return AGE_BANDS[1]
    return AGE_BANDS[2]


def _label(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return UNKNOWN
    return str(value)


def fairness(groups: dict, proposed, scores, min_cell: int = 5) -> dict[str, list[dict]]:
    proposed = np.asarray(proposed, dtype=bool)
    scores = np.asarray(scores, dtype=np.float64)
    n = len(proposed)
    if scores.shape != (n,):
        raise ValueError(f"scores has {scores.shape[0] if scores.ndim else 0} values for {n} mentees")
    out: dict[str, list[dict]] = {}
    for dimension, labels in groups.items():
        labels = [_label(v) for v in labels]
        if len(labels) != n:
            raise ValueError(f"{dimension} has {len(labels)} labels for {n} mentees")
        keys, inverse = np.unique(np.array(labels, dtype=object).astype(str), return_inverse=True)
        rows = []
        for g, key in enumerate(keys.tolist()):
            member = inverse == g
            size = int(member.sum())
            if size < min_cell:
                rows.append({"group": key, "n": None, "proposed": None, "rate": None, "mean_score": None,
                             "suppressed": True})
                continue
            chosen = member & proposed
            got = scores[chosen]
            got = got[~np.isnan(got)]
            rows.append({
                "group": key, "n": size, "proposed": int(chosen.sum()),
                "rate": round(float(chosen.sum()) / size, 4),
                "mean_score": round(float(got.mean()), 2) if len(got) else None,
                "suppressed": False,
            })
        rows.sort(key=lambda row: (row["group"] == UNKNOWN, row["group"]))
        out[dimension] = rows
    return out
