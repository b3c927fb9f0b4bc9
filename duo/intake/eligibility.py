"""Eligibility: who the programme is for. Pure Python, no Django, so it can be tested exhaustively.

An application is checked against its antenna's rules. Every rule gives one of three outcomes:
it passes, it fails, or it cannot be decided from what the applicant told us (a missing birth
date, "prefer not to say", an unknown postal code). Any failure makes the application not
eligible; otherwise any undecided rule sends it to a coordinator for review. People are never
refused for declining to answer a sensitive question.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"
ELIGIBLE, TO_REVIEW, NOT_ELIGIBLE = "eligible", "to_review", "not_eligible"
UNDISCLOSED = "undisclosed"
LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2", "native")


@dataclass(frozen=True)
class Rules:
    mentee_min_age: int = 18
    mentee_max_age: int = 33
    mentor_min_age: int = 50
    mentor_max_age: int | None = None
    residence: str = "region"  # region | distance | anywhere
    max_distance_km: float = 30
    mentee_backgrounds: frozenset[str] = frozenset(
        {"non_eu_national", "naturalised", "parent_outside_eu", "grandparent_outside_eu"}
    )
    require_right_to_work: bool = True
    languages: frozenset[str] = frozenset({"fr", "nl", "en"})
    min_language_level: str = "A2"


@dataclass(frozen=True)
class Applicant:
    kind: str  # mentee | mentor
    age: int | None = None
    region: str | None = None  # the region code of the applicant's postal code, if known
    antenna_region: str | None = None
    distance_km: float | None = None  # from the antenna, if both places are known
    background: str | None = None  # nationality background; None or "undisclosed" when not given
    right_to_work: str | None = None  # yes | no | unsure
    languages: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (code, level)


@dataclass(frozen=True)
class Check:
    code: str  # age | residence | background | right_to_work | language
    outcome: str  # pass | fail | unknown
    params: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"code": self.code, "outcome": self.outcome, "params": self.params}


def assess(applicant: Applicant, rules: Rules) -> tuple[str, list[Check]]:
    checks = [_age(applicant, rules), _residence(applicant, rules), _language(applicant, rules)]
    if applicant.kind == "mentee":
        checks += [_background(applicant, rules), _right_to_work(applicant, rules)]
    checks = [c for c in checks if c is not None]
    outcomes = {c.outcome for c in checks}
    if FAIL in outcomes:
        return NOT_ELIGIBLE, checks
    if UNKNOWN in outcomes:
        return TO_REVIEW, checks
    return ELIGIBLE, checks


def _age(a: Applicant, r: Rules) -> Check:
    low, high = (r.mentee_min_age, r.mentee_max_age) if a.kind == "mentee" else (r.mentor_min_age, r.mentor_max_age)
    params = {"min": low, "max": high, "age": a.age}
    if a.age is None:
        return Check("age", UNKNOWN, params)
    ok = a.age >= low and (high is None or a.age <= high)
    return Check("age", PASS if ok else FAIL, params)


def _residence(a: Applicant, r: Rules) -> Check | None:
    if r.residence == "anywhere":
        return None
    if r.residence == "distance":
        params = {"max_km": r.max_distance_km, "km": None if a.distance_km is None else round(a.distance_km)}
        if a.distance_km is None:
            return Check("residence", UNKNOWN, params)
        return Check("residence", PASS if a.distance_km <= r.max_distance_km else FAIL, params)
    params = {"region": a.region, "antenna_region": a.antenna_region}
    if not a.region or not a.antenna_region:
        return Check("residence", UNKNOWN, params)
    return Check("residence", PASS if a.region == a.antenna_region else FAIL, params)


def _language(a: Applicant, r: Rules) -> Check:
    floor = LEVELS.index(r.min_language_level) if r.min_language_level in LEVELS else 0
    spoken = sorted({code for code, level in a.languages if code in r.languages and level in LEVELS
                     and LEVELS.index(level) >= floor})
    params = {"required": sorted(r.languages), "level": r.min_language_level, "spoken": spoken}
    if not a.languages:
        return Check("language", UNKNOWN, params)
    return Check("language", PASS if spoken else FAIL, params)


def _background(a: Applicant, r: Rules) -> Check | None:
    if not r.mentee_backgrounds:
        return None  # the antenna sets no condition on background
    if not a.background or a.background == UNDISCLOSED:
        return Check("background", UNKNOWN, {})
    return Check("background", PASS if a.background in r.mentee_backgrounds else FAIL, {})


def _right_to_work(a: Applicant, r: Rules) -> Check | None:
    if not r.require_right_to_work:
        return None
    if a.right_to_work == "yes":
        return Check("right_to_work", PASS, {})
    if a.right_to_work == "no":
        return Check("right_to_work", FAIL, {})
    return Check("right_to_work", UNKNOWN, {})


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine); plenty precise for 'lives within 30 km'."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))
