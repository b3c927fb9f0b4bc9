"""Why a pair scores what it scores: per-criterion facts, computed vectorised over a pair list.

`explain(features, pool, i, j)` gives the scores of the pairs and a `Facts` mapping
(mentee index, mentor index) -> list of JSON-serialisable dicts:

    {"criterion": "language", "hard": True, "shared": ["nl", "fr"], "best": "C1"}
    {"criterion": "availability", "hard": True, "shared": ["mon_am", "thu_pm"]}
    then one dict per weighted criterion in CRITERIA order, each
    {"criterion": c, "value": 0..1, "points": w_c·s_c/Σw·100, ...params}:
    occupation {"level": 0..4, "code": "251"} (not for a mentee without a plan),
    generalist {"generalist": bool} (only for a mentee without a plan),
    goals {"covered": [...], "missing": [...]}, interests {"shared": [...]}, style {"shared": [...]},
    distance {"km": 7.2 | None, "same_antenna": bool}, language {"best": "C1"},
    waiting {"days": 45}, experience {"duos": 2},
    preference {"gender": "female" | "", "met": bool, "required": bool}

The arrays are computed at once; the dicts are built when a pair is looked up, so a 50,000-mentee
run does not build three million dicts nobody reads.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from . import scoring
from .types import CRITERIA, GENDERS, INTERESTS, LANGUAGES, LEVELS, SLOTS, STYLES, SUPPORT_AREAS, Pool


def _names(mask: int, names: tuple[str, ...]) -> list[str]:
    return [name for k, name in enumerate(names) if mask >> k & 1]


class Facts(Mapping):
    """(i, j) -> list of fact dicts for the explained pairs; see the module docstring."""

    def __init__(self, f: scoring.Features, pool: Pool, i: np.ndarray, j: np.ndarray,
                 score: np.ndarray, values: dict[str, np.ndarray]):
        self._index = {(int(a), int(b)): k for k, (a, b) in enumerate(zip(i.tolist(), j.tolist()))}
        e, r = pool.mentees, pool.mentors
        fe, fr = f.mentee, f.mentor
        self._f = f
        self._score = score
        self._values = values
        self._mins = np.minimum(np.asarray(e.levels)[i], np.asarray(r.levels)[j]).astype(np.int8)
        self._lang = fe["lang"][i] & fr["lang"][j]
        self._slots = fe["avail"][i] & fr["avail"][j]
        self._goals = fe["goals"][i]
        self._covered = fe["goals"][i] & fr["goals"][j]
        self._interests = fe["interests"][i] & fr["interests"][j]
        self._styles = fe["styles"][i] & fr["styles"][j]
        dx = np.asarray(e.x_km, dtype=np.float64)[i] - np.asarray(r.x_km, dtype=np.float64)[j]
        dy = np.asarray(e.y_km, dtype=np.float64)[i] - np.asarray(r.y_km, dtype=np.float64)[j]
        self._km = np.round(np.hypot(dx, dy), 1)
        self._same = fe["antenna"][i] == fr["antenna"][j]
        self._no_plan = fe["no_plan"][i]
        self._generalist = fr["generalist"][j]
        self._code = np.asarray(e.isco_code, dtype=np.int64)[i]
        self._digits = np.asarray(e.isco_digits, dtype=np.int64)[i]
        self._days = np.asarray(e.days_waiting, dtype=np.int64)[i]
        self._duos = np.asarray(r.experience, dtype=np.int64)[j]
        self._pref = np.asarray(e.pref_gender, dtype=np.int64)[i]
        self._required = np.asarray(e.pref_required, dtype=bool)[i] & (self._pref > 0)
        self._mentor_gender = np.asarray(r.gender, dtype=np.int64)[j]
        self._denominator = fe["denominator"][i]

    def __len__(self) -> int:
        return len(self._index)

    def __iter__(self):
        return iter(self._index)

    def __contains__(self, key) -> bool:
        return key in self._index

    def __getitem__(self, key) -> list[dict]:
        return self._build(self._index[key])

    def score(self, key) -> float:
        return float(self._score[self._index[key]])

    def _build(self, k: int) -> list[dict]:
        f, w = self._f, self._f.weights
        min_level = max(int(f.rules.min_level), 1)
        mins = self._mins[k]
        shared = [c for c in np.argsort(-mins, kind="stable").tolist() if self._lang[k] >> c & 1]
        best_level = int(mins.max()) if len(mins) else 0
        best = LEVELS[best_level - 1] if best_level >= 1 else ""
        facts = [
            {"criterion": "language", "hard": True, "shared": [LANGUAGES[c] for c in shared], "best": best,
             "min_level": LEVELS[min_level - 1]},
            {"criterion": "availability", "hard": True, "shared": _names(int(self._slots[k]), SLOTS)},
        ]
        no_plan = bool(self._no_plan[k])
        denominator = float(self._denominator[k])
        for c in CRITERIA:
            if w[c] <= 0 or c not in self._values:
                continue
            if (c == "occupation" and no_plan) or (c == "generalist" and not no_plan):
                continue
            value = float(self._values[c][k])
            fact = {"criterion": c, "value": round(value, 4), "points": round(w[c] * value / denominator * 100, 2)}
            fact.update(self._params(c, k, best))
            facts.append(fact)
        return facts

    def _params(self, c: str, k: int, best: str) -> dict:
        if c == "occupation":
            level = int(round(float(self._values[c][k]) * 4))
            digits = int(self._digits[k])
            code = str(int(self._code[k])).zfill(digits)[:level] if level else ""
            return {"level": level, "code": code}
        if c == "generalist":
            return {"generalist": bool(self._generalist[k])}
        if c == "goals":
            goals, covered = int(self._goals[k]), int(self._covered[k])
            return {"covered": _names(covered, SUPPORT_AREAS), "missing": _names(goals & ~covered, SUPPORT_AREAS)}
        if c == "interests":
            return {"shared": _names(int(self._interests[k]), INTERESTS)}
        if c == "style":
            return {"shared": _names(int(self._styles[k]), STYLES)}
        if c == "distance":
            km = float(self._km[k])
            return {"km": None if np.isnan(km) else km, "same_antenna": bool(self._same[k])}
        if c == "language":
            return {"best": best}
        if c == "waiting":
            return {"days": int(self._days[k])}
        if c == "experience":
            return {"duos": int(self._duos[k])}
        if c == "preference":
            pref = int(self._pref[k])
            met = pref == 0 or int(self._mentor_gender[k]) == pref
            return {"gender": GENDERS[pref] if 0 <= pref < len(GENDERS) else "", "met": bool(met),
                    "required": bool(self._required[k])}
        return {}


def explain(f: scoring.Features, pool: Pool, i, j) -> tuple[np.ndarray, Facts]:
    """Scores (float64, 0..100) of the pairs (i[k], j[k]) and their facts."""
    i = np.asarray(i, dtype=np.int64)
    j = np.asarray(j, dtype=np.int64)
    _, score, values = scoring.pairs(f, i, j)
    score = score.astype(np.float64)
    return score, Facts(f, pool, i, j, score, values)
