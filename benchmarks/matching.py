"""How fast the matching engine proposes a cohort, and how far from the optimum its pruning lands.

    .venv/bin/python benchmarks/matching.py --mentees N --mentors M [--seed S] [--candidates K]

Generates a realistic pool: people live at real Belgian places (../shared/data) within ~30 km of
ten antennas (Brussels, Antwerp, Ghent, Liège, Charleroi, Namur, Leuven, Mons, Hasselt, and Lille
across the border), speak the languages of their region (mentees also Arabic, Turkish, Spanish…,
and not always the region's language at a working level), have availability slots, ISCO-08 codes
from the shared occupations file (mentees' targets clustered in common groups, 15 % without a plan),
goals, strengths, interests and styles, 0–120 days waiting, mentor capacity mostly 1. Records are
plain dicts, as the database layer reads them; `load_s` is turning them into the engine's arrays.
Then runs `engine.run` with the default rules (25 km, B1, one shared slot) and prints one JSON line:

    n, m, pairs_kept, load_s, score_s, solve_s, explain_s, total_s, total_score, optimal_score, gap,
    objective, optimal_objective, method, peak_rss_mb

optimal_score is the exact optimum of the same instance without pruning (n ≤ 5,000; else null),
found independently: every allowed pair scored, mentors' places expanded into slots (a second duo
costs the load penalty), scipy's linear_sum_assignment. The engine maximises total score minus the
load penalty, so `gap` compares that objective: (optimal − engine) / optimal.
"""

import argparse
import csv
import json
import math
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "data"

from duo.matching import engine, scoring  # noqa: E402
from duo.matching.types import (  # noqa: E402
    GENDERS, INTERESTS, LANGUAGES, SLOTS, STYLES, SUPPORT_AREAS, Mentees, Mentors, Pool, Rules,
)

LAT0, LON0, EARTH_KM = 50.5, 4.5, 6371.0088
# name, share of the people, region, (lat, lng) — Lille has no row in the Belgian file.
ANTENNAS = (
    ("Brussels", 0.26, "bru", (50.8427501, 4.3515499)),
    ("Antwerp", 0.12, "fl", (51.2198771, 4.4011356)),
    ("Ghent", 0.09, "fl", (51.0678307, 3.7290914)),
    ("Liège", 0.10, "wal", (50.6350757, 5.5628874)),
    ("Charleroi", 0.08, "wal", (50.4108998, 4.4446709)),
    ("Namur", 0.05, "wal", (50.4592670, 4.8504571)),
    ("Leuven", 0.06, "fl", (50.8815197, 4.6967578)),
    ("Mons", 0.05, "wal", (50.4542165, 3.9566904)),
    ("Hasselt", 0.05, "fl", (50.9215166, 5.3447405)),
    ("Lille", 0.14, "fr", (50.6292, 3.0573)),
)
RADIUS_KM = 30.0
# Common targets of young job seekers (ISCO-08 unit groups), most frequent first.
COMMON_TARGETS = ("5223", "4110", "5120", "9112", "5131", "8322", "5322", "7411", "2512", "4222", "3343",
                  "9412", "4311", "8332", "7115", "2221", "9329", "2411", "3118", "2166")
# Mentors' former careers: major groups 1-4 (managers, professionals, technicians, clerks) weigh more.
MENTOR_MAJORS = {"1": 0.16, "2": 0.3, "3": 0.2, "4": 0.12, "5": 0.07, "6": 0.02, "7": 0.08, "8": 0.03, "9": 0.02}
HOME_LANGUAGES = (("ar", 0.32), ("other", 0.26), ("tr", 0.08), ("es", 0.06), ("pt", 0.06), ("ru", 0.06),
                  ("en", 0.08), ("de", 0.02), ("fr", 0.06))


def project(lat, lng):
    x = np.radians(np.asarray(lng) - LON0) * math.cos(math.radians(LAT0)) * EARTH_KM
    y = np.radians(np.asarray(lat) - LAT0) * EARTH_KM
    return x, y


def read_places():
    with open(SHARED / "belgian-places" / "belgian-cities-geocoded.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["lat"] and r["lng"]]
    lat = np.array([float(r["lat"]) for r in rows])
    lng = np.array([float(r["lng"]) for r in rows])
    return np.array([r["postal"] for r in rows]), lat, lng


def read_isco():
    with open(SHARED / "isco08" / "isco08-groups.csv", encoding="utf-8") as fh:
        return [r["code"] for r in csv.DictReader(fh) if r["level"] == "4"]


def _homes(rng, count, places):
    """(antenna index, lat, lng, postal) per person: a place within RADIUS_KM of a drawn antenna."""
    postal, lat, lng = places
    px, py = project(lat, lng)
    shares = np.array([a[1] for a in ANTENNAS])
    antenna = rng.choice(len(ANTENNAS), count, p=shares / shares.sum())
    out_lat, out_lng, out_postal = np.empty(count), np.empty(count), np.empty(count, dtype=object)
    for a, (name, _, _, (alat, alng)) in enumerate(ANTENNAS):
        who = np.flatnonzero(antenna == a)
        if not len(who):
            continue
        ax, ay = project(alat, alng)
        if name == "Lille":
            # Around the antenna itself, half a radius wide: the file has no French places.
            out_lat[who] = alat + rng.normal(0, 0.1, len(who))
            out_lng[who] = alng + rng.normal(0, 0.15, len(who))
            out_postal[who] = "59000"
            continue
        km = np.hypot(px - ax, py - ay)
        near = np.flatnonzero(km <= RADIUS_KM)
        weight = 1 / (1 + km[near] / 4)  # denser in town than at the edge
        pick = near[rng.choice(len(near), len(who), p=weight / weight.sum())]
        out_lat[who], out_lng[who], out_postal[who] = lat[pick], lng[pick], postal[pick]
    return antenna, out_lat, out_lng, out_postal


def _pick_names(rng, count, names, probs):
    picked = rng.random((count, len(names))) < np.asarray(probs)
    return [[names[k] for k in np.flatnonzero(row)] for row in picked]


def _slots(rng, count, weekday, evening, weekend):
    p = np.array([weekend if s.startswith(("sat", "sun")) else evening if s.endswith("eve") else weekday
                  for s in SLOTS])
    return _pick_names(rng, count, SLOTS, p)


def generate(n, m, seed):
    """(mentee records, mentor records) as plain dicts."""
    rng = np.random.default_rng(seed)
    places = read_places()
    units = read_isco()
    regions = [a[2] for a in ANTENNAS]

    ant, lat, lng, postal = _homes(rng, n, places)
    targets = np.array(COMMON_TARGETS)
    zipf = 1 / np.arange(1, len(targets) + 1)
    mentees = []
    no_plan = rng.random(n) < 0.15
    for i in range(n):
        region = regions[ant[i]]
        langs = {}
        home = HOME_LANGUAGES[rng.choice(len(HOME_LANGUAGES), p=[p for _, p in HOME_LANGUAGES])][0]
        langs[home] = 7
        local = "nl" if region == "fl" else "fr"
        langs[local] = max(langs.get(local, 0), int(rng.choice([2, 3, 4, 5, 6], p=[.12, .3, .3, .18, .1])))
        if region == "bru" and rng.random() < 0.25:
            langs["nl"] = max(langs.get("nl", 0), int(rng.integers(2, 6)))
        if region == "fl" and rng.random() < 0.3:
            langs["fr"] = max(langs.get("fr", 0), int(rng.integers(2, 6)))
        if rng.random() < 0.4:
            langs["en"] = max(langs.get("en", 0), int(rng.integers(3, 6)))
        if no_plan[i]:
            isco = ""
        elif rng.random() < 0.6:
            isco = str(rng.choice(targets, p=zipf / zipf.sum()))
        else:
            isco = units[rng.integers(len(units))]
        if isco and rng.random() < 0.1:
            isco = isco[:int(rng.integers(1, 4))]  # only a broad idea: major, sub-major or minor group
        gender = str(rng.choice(["female", "male", "other", ""], p=[.48, .48, .02, .02]))
        pref = ""
        if rng.random() < 0.15:
            pref = "female" if gender == "female" or rng.random() < 0.3 else "male"
        goals = _pick_names(rng, 1, SUPPORT_AREAS, [.6, .6, .5, .8 if no_plan[i] else .3, .1, .25])[0]
        mentees.append({
            "id": i, "lat": None if rng.random() < 0.01 else lat[i], "lng": lng[i], "postal_code": postal[i],
            "antenna": int(ant[i]), "languages": langs, "availability": _slots(rng, 1, .2, .35, .3)[0],
            "isco": isco, "no_plan": bool(no_plan[i]), "goals": goals,
            "interests": _pick_names(rng, 1, INTERESTS, [.25] * len(INTERESTS))[0],
            "styles": _pick_names(rng, 1, STYLES, [.25] * len(STYLES))[0], "gender": gender,
            "days_waiting": int(rng.integers(0, 121)), "pref_gender": pref,
            "pref_required": bool(pref and rng.random() < 0.3),
        })

    ant, lat, lng, postal = _homes(rng, m, places)
    majors = list(MENTOR_MAJORS)
    by_major = {g: [u for u in units if u[0] == g] for g in majors}
    mentors = []
    for j in range(m):
        region = regions[ant[j]]
        if region == "bru":
            native = "fr" if rng.random() < 0.7 else "nl"
        else:
            native = "nl" if region == "fl" else "fr"
        langs = {native: 7}
        other = "fr" if native == "nl" else "nl"
        if rng.random() < {"bru": .55, "fl": .6, "wal": .15, "fr": .03}[region]:
            langs[other] = int(rng.integers(3, 6))
        if rng.random() < 0.45:
            langs["en"] = int(rng.integers(3, 6))
        if rng.random() < 0.05:
            langs[str(rng.choice(["de", "es", "ar", "pt"]))] = int(rng.integers(3, 7))
        major = majors[rng.choice(len(majors), p=list(MENTOR_MAJORS.values()))]
        mentors.append({
            "id": j, "lat": None if rng.random() < 0.01 else lat[j], "lng": lng[j], "postal_code": postal[j],
            "antenna": int(ant[j]), "languages": langs, "availability": _slots(rng, 1, .35, .1, .1)[0],
            "isco": by_major[major][rng.integers(len(by_major[major]))],
            "strengths": _pick_names(rng, 1, SUPPORT_AREAS, [.45, .45, .4, .35, .12, .2])[0],
            "interests": _pick_names(rng, 1, INTERESTS, [.25] * len(INTERESTS))[0],
            "styles": _pick_names(rng, 1, STYLES, [.25] * len(STYLES))[0],
            "gender": str(rng.choice(["female", "male"], p=[.45, .55])),
            "experience": int(min(rng.geometric(0.45) - 1, 5)),
            "capacity": int(rng.choice([1, 2, 3], p=[.8, .17, .03])),
        })
    return mentees, mentors


def _bits(names, order):
    index = {name: k for k, name in enumerate(order)}
    out = 0
    for name in names:
        out |= 1 << index[name]
    return out


def _side(records):
    """The arrays every side has, from records."""
    size = len(records)
    lat = np.array([np.nan if r["lat"] is None else r["lat"] for r in records], dtype=np.float64)
    lng = np.array([r["lng"] for r in records], dtype=np.float64)
    x, y = project(lat, lng)
    levels = np.zeros((size, len(LANGUAGES)), dtype=np.int8)
    column = {code: k for k, code in enumerate(LANGUAGES)}
    for i, r in enumerate(records):
        for code, level in r["languages"].items():
            levels[i, column.get(code, column["other"])] = level
    gender = {g: k for k, g in enumerate(GENDERS)}
    return dict(
        ids=np.array([r["id"] for r in records], dtype=np.int64), x_km=x, y_km=y,
        antenna=np.array([r["antenna"] for r in records], dtype=np.int32), levels=levels,
        availability=np.array([_bits(r["availability"], SLOTS) for r in records], dtype=np.int32),
        isco_code=np.array([int(r["isco"]) if r["isco"] else 0 for r in records], dtype=np.int32),
        isco_digits=np.array([len(r["isco"]) for r in records], dtype=np.int8),
        interests=np.array([_bits(r["interests"], INTERESTS) for r in records], dtype=np.int32),
        styles=np.array([_bits(r["styles"], STYLES) for r in records], dtype=np.int32),
        gender=np.array([gender[r["gender"]] for r in records], dtype=np.int8),
    )


def load(mentees, mentors) -> Pool:
    gender = {g: k for k, g in enumerate(GENDERS)}
    e = Mentees(
        **_side(mentees),
        goals=np.array([_bits(r["goals"], SUPPORT_AREAS) for r in mentees], dtype=np.int32),
        no_plan=np.array([r["no_plan"] for r in mentees], dtype=bool),
        days_waiting=np.array([r["days_waiting"] for r in mentees], dtype=np.int32),
        pref_gender=np.array([gender[r["pref_gender"]] for r in mentees], dtype=np.int8),
        pref_required=np.array([r["pref_required"] for r in mentees], dtype=bool),
    )
    r = Mentors(
        **_side(mentors),
        strengths=np.array([_bits(r["strengths"], SUPPORT_AREAS) for r in mentors], dtype=np.int32),
        experience=np.array([r["experience"] for r in mentors], dtype=np.int32),
        capacity=np.array([r["capacity"] for r in mentors], dtype=np.int32),
    )
    return Pool(e, r)


def objective(pairs, scores: dict, load_penalty: float) -> float:
    """Total score minus the load penalty: a mentor's t-th duo costs (t − 1) × load_penalty."""
    loads = {}
    for _, j in pairs:
        loads[j] = loads.get(j, 0) + 1
    return sum(scores[p] for p in pairs) - load_penalty * sum(t * (t - 1) / 2 for t in loads.values())


def optimum(pool: Pool, rules: Rules):
    """(raw total, objective, scores) of the exact optimum, by a route of its own: dense scores of
    every pair, each mentor's capacity as that many columns (the t-th costing (t − 1) × the load
    penalty), a zero "nobody" column per mentee, and scipy's linear_sum_assignment."""
    from scipy.optimize import linear_sum_assignment

    f = scoring.prepare(pool, rules)
    n, m = f.n, f.m
    scores = np.empty((n, m), dtype=np.float64)
    for s in range(0, n, 256):
        scores[s:s + 256] = scoring.block(f, np.arange(s, min(n, s + 256)), np.arange(m))
    capacity = np.asarray(pool.mentors.capacity, dtype=np.int64)
    mentor_of = np.repeat(np.arange(m), capacity)
    slot = np.concatenate([np.arange(c) for c in capacity]) if len(capacity) else np.zeros(0, int)
    slots = scores[:, mentor_of] - rules.load_penalty * slot
    forbidden = np.isnan(slots)
    slots[forbidden] = -1e9
    profit = np.hstack([slots, np.zeros((n, n))])
    del slots
    rows, cols = linear_sum_assignment(profit, maximize=True)
    pairs = [(int(i), int(mentor_of[c])) for i, c in zip(rows, cols) if c < len(mentor_of) and not forbidden[i, c]]
    total = float(sum(scores[i, j] for i, j in pairs))
    best = float(profit[rows, cols][profit[rows, cols] > -1e8].sum())
    return total, best, scores


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, default=5000)
    parser.add_argument("--mentors", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--candidates", type=int, default=None, help="force candidate pruning to K per person")
    parser.add_argument("--no-optimum", action="store_true", help="skip the independent exact optimum")
    args = parser.parse_args()
    if args.mentees < 0 or args.mentors < 0 or (args.candidates is not None and args.candidates < 1):
        parser.error("sizes must be ≥ 0 and --candidates ≥ 1")

    mentees, mentors = generate(args.mentees, args.mentors, args.seed)
    rules = Rules()
    started = time.perf_counter()
    pool = load(mentees, mentors)
    load_s = time.perf_counter() - started
    del mentees, mentors
    result = engine.run(pool, rules, candidates=args.candidates)
    total_s = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    optimal = optimal_objective = gap = None
    engine_objective = objective(result.pairs, result.scores, rules.load_penalty)
    if args.mentees <= 5000 and not args.no_optimum:
        optimal, optimal_objective, scores = optimum(pool, rules)
        # The same objective, priced with the dense float64 scores the optimum used.
        engine_objective = objective(result.pairs, {p: scores[p] for p in result.pairs}, rules.load_penalty)
        gap = (optimal_objective - engine_objective) / optimal_objective if optimal_objective else 0.0
    print(json.dumps({
        "n": args.mentees, "m": args.mentors, "pairs_kept": result.pairs_kept, "load_s": round(load_s, 3),
        "score_s": result.timings["score_s"], "solve_s": result.timings["solve_s"],
        "explain_s": result.timings["explain_s"], "total_s": round(total_s, 3),
        "total_score": round(result.total_score, 3),
        "optimal_score": None if optimal is None else round(optimal, 3),
        "gap": None if gap is None else round(gap, 6),
        "objective": round(engine_objective, 3),
        "optimal_objective": None if optimal_objective is None else round(optimal_objective, 3),
        "proposed": len(result.pairs), "method": result.method, "peak_rss_mb": round(rss, 1),
    }))


if __name__ == "__main__":
    main()
