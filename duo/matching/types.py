"""The shapes the matching engine works on. Pure Python and numpy: no Django here.

A pool is two sides of equal-length arrays (one element a person). The Django layer
(`duo.matching.pool`) builds it from the database; the benchmark and the tests build it from
random draws. Special-category data (origin, residence route) has no field here, on purpose:
what is not in the pool cannot be a scoring input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# Column order of the language-level matrices; a level is 0 (none), 1..7 = A1, A2, B1, B2, C1, C2, native.
LANGUAGES = ("fr", "nl", "en", "de", "ar", "es", "pt", "tr", "ru", "other")
LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2", "native")
# Availability bits: bit k is SLOTS[k].
SLOTS = tuple(f"{d}_{p}" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun") for p in ("am", "pm", "eve"))
# Bit orders of the other bitmasks (same values as duo.people.choices).
SUPPORT_AREAS = ("cv", "interviews", "network", "orientation", "entrepreneurship", "language")
INTERESTS = ("sport", "culture", "reading", "music", "cooking", "technology", "nature", "travel",
             "volunteering", "entrepreneurship")
STYLES = ("structured", "flexible", "direct", "gentle", "hands_on", "reflective")
# Gender codes: 0 unknown / not given, 1 female, 2 male, 3 other.
GENDERS = ("", "female", "male", "other")

# Soft criteria, in the order explanations list them.
CRITERIA = ("occupation", "generalist", "goals", "interests", "style", "distance", "language",
            "waiting", "experience", "preference")
DEFAULT_WEIGHTS = {
    "occupation": 25.0,  # ISCO proximity: unit 1, minor 0.75, sub-major 0.5, major 0.25
    "generalist": 10.0,  # "no precise plan" mentees towards mentors who help with orientation and more
    "goals": 15.0,  # share of the mentee's goals among the mentor's strengths
    "interests": 10.0,  # shared interests (deep-level similarity)
    "style": 10.0,  # shared working style
    "distance": 10.0,  # closer is better, 0 at the distance limit
    "language": 5.0,  # best shared level
    "waiting": 10.0,  # days waiting, saturating at 90: the longest-waiting are not passed over
    "experience": 5.0,  # mentor's earlier duos, saturating at 3
    "preference": 5.0,  # a non-required preference of the mentee met (e.g. mentor's gender)
}
# Hard constraints, in the order the "why unmatched" funnel applies them.
CONSTRAINTS = ("language", "distance", "availability", "preference", "capacity", "blocked")


@dataclass
class Side:
    """One side of a pool. Arrays share one length; index i is one person."""

    ids: np.ndarray  # int64: profile ids, opaque to the engine
    x_km: np.ndarray  # float64: planar coordinates in km (equirectangular around 50.5N 4.5E); nan = unknown
    y_km: np.ndarray
    antenna: np.ndarray  # int32 antenna id
    levels: np.ndarray  # int8 (len, len(LANGUAGES))
    availability: np.ndarray  # int32 bitmask over SLOTS
    isco_code: np.ndarray  # int32, the code's digits as a number ("2512" -> 2512, "25" -> 25); 0 = none
    isco_digits: np.ndarray  # int8, 0..4: how many digits isco_code has
    interests: np.ndarray  # int32 bitmask over INTERESTS
    styles: np.ndarray  # int32 bitmask over STYLES
    gender: np.ndarray  # int8 over GENDERS

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class Mentees(Side):
    goals: np.ndarray = None  # int32 bitmask over SUPPORT_AREAS
    no_plan: np.ndarray = None  # bool: "no precise plan yet"
    days_waiting: np.ndarray = None  # int32
    pref_gender: np.ndarray = None  # int8 over GENDERS, 0 = no preference
    pref_required: np.ndarray = None  # bool: the preference is a hard constraint


@dataclass
class Mentors(Side):
    strengths: np.ndarray = None  # int32 bitmask over SUPPORT_AREAS
    experience: np.ndarray = None  # int32: duos mentored before
    capacity: np.ndarray = None  # int32: duos this mentor can still take now (0 = full)


@dataclass
class Pool:
    mentees: Mentees
    mentors: Mentors
    # (k, 2) int64 array of (mentee index, mentor index) that may never be proposed:
    # duos that ended badly, conflicts of interest, pairs rejected earlier in this meeting.
    blocked: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))
    # (k, 2) (mentee index, mentor index) kept by the team; they use capacity and are not re-solved.
    locked: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))


@dataclass(frozen=True)
class Rules:
    """Hard constraints of one antenna."""

    min_level: int = 3  # B1: a working level in at least one shared language
    max_km: float | None = 25.0  # None: no distance limit
    same_antenna_ok: bool = False  # True: people of the same antenna pass the distance rule whatever the km
    min_shared_slots: int = 1  # availability overlap; 0 turns the rule off
    load_penalty: float = 5.0  # score points a mentor's second (third...) duo costs, so load spreads evenly
    shortlist: int = 5  # mentors shown per mentee


@dataclass
class Result:
    """What one run gives the meeting. Indices are into pool.mentees / pool.mentors."""

    pairs: list[tuple[int, int]]  # proposed pairs, locked ones included
    scores: dict[tuple[int, int], float]  # score 0..100 of every proposed and shortlisted pair
    total_score: float  # sum of the proposed pairs' scores
    shortlists: list[list[int]]  # per mentee, mentor indices best first (allowed pairs only)
    # facts[(i, j)]: the per-criterion breakdown of a proposed or shortlisted pair, as dicts
    # {"criterion": str, "value": 0..1, "points": weighted points, ...params} (see explain.py).
    facts: dict[tuple[int, int], list[dict]]
    # funnels[i] for every mentee left unmatched: see diagnose.py.
    funnels: dict[int, dict]
    timings: dict[str, float]  # seconds: score_s, solve_s, explain_s
    pairs_kept: int  # candidate pairs handed to the solver
    method: str  # which solver path ran ("dense" / "sparse")
