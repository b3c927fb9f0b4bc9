"""From the database to the engine's arrays: one antenna's matching pool, in a handful of queries.

Only the columns matching needs are read (`values()`), never a whole Person: the special-category
fields are encrypted and are no matching input, so the pool never even decrypts them.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Avg, Count, F, Q
from django.utils import timezone

from duo.journeys.choices import OPEN_DUO_STATUSES, DuoStatus, EndReason
from duo.journeys.models import Duo
from duo.people import choices as pc
from duo.people.models import MenteeProfile, MentorProfile, PersonLanguage
from duo.reference.models import Place

from . import types as t
from .keys import person_key
from .models import Decision, PairBlock, Proposal

# The projection the engine's distances are measured in (types.Side.x_km / y_km).
LAT0, LON0 = 50.5, 4.5
EARTH_KM = 6371.0088
# Statuses of a duo that got going: a mentor who had one has mentoring experience.
STARTED = Q(duos__status__in=[DuoStatus.ACTIVE, DuoStatus.COMPLETED, DuoStatus.CLOSED]) | Q(
    duos__status=DuoStatus.ENDED_EARLY, duos__started_on__isnull=False)
# A duo closed after an early end keeps its end reason: closing it does not make the pair a good one.
ENDED_BADLY = Q(status=DuoStatus.REFUSED) | Q(status__in=[DuoStatus.ENDED_EARLY, DuoStatus.CLOSED],
                                              end_reason=EndReason.RELATIONSHIP)
IN_CHUNK = 900  # ids per IN (...) list: SQLite's historical limit on query parameters is 999

MENTEE_FIELDS = ("id", "person_id", "person__postal_code", "person__antenna_id", "person__gender",
                 "person__date_of_birth", "availability", "target_occupation__code", "no_precise_plan", "goals",
                 "interests", "working_style", "ready_on", "stage_changed_on", "applied_on",
                 "preferred_mentor_gender", "preference_required")
MENTOR_FIELDS = ("id", "person_id", "person__postal_code", "person__antenna_id", "person__gender",
                 "availability", "career_occupation__code", "strength_areas", "interests", "working_style",
                 "max_duos", "open_duos", "experience")


@dataclass
class PoolIndex:
    """What the engine's indices stand for: profile and person ids, and what fairness needs."""

    mentee_ids: list[int]
    mentor_ids: list[int]
    mentee_person_ids: list[int]
    mentor_person_ids: list[int]
    mentee_gender: list[str]
    mentee_birth: list[datetime.date | None]
    mentee_at: dict[int, int] = field(default_factory=dict)  # profile id -> index
    mentor_at: dict[int, int] = field(default_factory=dict)

    def __post_init__(self):
        self.mentee_at = {pk: i for i, pk in enumerate(self.mentee_ids)}
        self.mentor_at = {pk: j for j, pk in enumerate(self.mentor_ids)}


def mask(values, order) -> int:
    bits = 0
    for value in values or ():
        if value in order:
            bits |= 1 << order.index(value)
    return bits


def project(lat: float, lon: float) -> tuple[float, float]:
    """Equirectangular projection around 50.5N 4.5E: errors under 1 % across Belgium."""
    x = math.radians(lon - LON0) * math.cos(math.radians(LAT0)) * EARTH_KM
    y = math.radians(lat - LAT0) * EARTH_KM
    return x, y


def _isco(code: str | None) -> tuple[int, int]:
    code = (code or "").strip()
    return (int(code), len(code)) if code.isdigit() else (0, 0)


def _chunks(ids):
    ids = list(ids)
    for k in range(0, len(ids), IN_CHUNK):
        yield ids[k:k + IN_CHUNK]


def _coordinates(codes) -> dict[str, tuple[float, float]]:
    """Postal code -> (x, y) km, the average of the places sharing the code."""
    found = {}
    for chunk in _chunks(sorted(c for c in codes if c)):
        rows = (Place.objects.filter(postal_code__in=chunk).values("postal_code")
                .annotate(lat=Avg("latitude"), lon=Avg("longitude")))
        for row in rows:
            found[row["postal_code"]] = project(row["lat"], row["lon"])
    return found


def _languages(person_filter) -> dict[int, np.ndarray]:
    levels = {}
    rows = PersonLanguage.objects.filter(**person_filter).values_list("person_id", "language", "level")
    for person_id, language, level in rows:
        row = levels.setdefault(person_id, np.zeros(len(t.LANGUAGES), dtype=np.int8))
        # "Another language" on both sides is rarely the same one (Tigrinya, Lingala...): it is no
        # language in common, so the column stays empty.
        if language not in t.LANGUAGES or language == "other":
            continue
        value = t.LEVELS.index(level) + 1 if level in t.LEVELS else 0
        col = t.LANGUAGES.index(language)
        row[col] = max(row[col], value)
    return levels


def _side(rows, coords, languages, *, kind):
    n = len(rows)
    x = np.full(n, np.nan)
    y = np.full(n, np.nan)
    levels = np.zeros((n, len(t.LANGUAGES)), dtype=np.int8)
    isco = np.zeros(n, dtype=np.int32)
    digits = np.zeros(n, dtype=np.int8)
    occupation = "target_occupation__code" if kind == "mentee" else "career_occupation__code"
    for i, row in enumerate(rows):
        xy = coords.get(row["person__postal_code"])
        if xy is not None:
            x[i], y[i] = xy
        spoken = languages.get(row["person_id"])
        if spoken is not None:
            levels[i] = spoken
        isco[i], digits[i] = _isco(row[occupation])
    return dict(
        ids=np.array([r["id"] for r in rows], dtype=np.int64), x_km=x, y_km=y,
        antenna=np.array([r["person__antenna_id"] for r in rows], dtype=np.int32), levels=levels,
        availability=np.array([mask(r["availability"], t.SLOTS) for r in rows], dtype=np.int32),
        isco_code=isco, isco_digits=digits,
        interests=np.array([mask(r["interests"], t.INTERESTS) for r in rows], dtype=np.int32),
        styles=np.array([mask(r["working_style"], t.STYLES) for r in rows], dtype=np.int32),
        gender=np.array([_gender(r["person__gender"]) for r in rows], dtype=np.int8),
    )


def _gender(value) -> int:
    return t.GENDERS.index(value) if value in t.GENDERS else 0


def mentee_queryset(antenna_id, run=None):
    found = (MenteeProfile.objects.filter(person__antenna_id=antenna_id, stage=pc.MenteeStage.READY)
             .exclude(duos__status__in=OPEN_DUO_STATUSES))
    if run is not None:
        found = found.exclude(proposals__run=run, proposals__status=Proposal.Status.ACCEPTED)
    return found


def mentor_queryset(antenna_id, free_only=True):
    # Capacity counts open duos only: an accepted proposal's duo is one of them already.
    found = (MentorProfile.objects.filter(person__antenna_id=antenna_id,
                                          stage__in=[pc.MentorStage.READY, pc.MentorStage.MATCHED])
             .annotate(open_duos=Count("duos", filter=Q(duos__status__in=OPEN_DUO_STATUSES)),
                       experience=Count("duos", filter=STARTED)))
    return found.filter(max_duos__gt=F("open_duos")) if free_only else found


def build_pool(*, run, mentee_ids=None, mentor_ids=None, today=None) -> tuple[t.Pool, PoolIndex]:
    """The run's pool: ready mentees without a duo, mentors with a free slot, blocked and locked pairs.

    `mentee_ids` / `mentor_ids` narrow it to some people (a swap checks two pairs on a tiny pool);
    narrowed mentors keep a slot whatever their load, since what is checked is an exchange.
    """
    today = today or timezone.localdate()
    mentees_qs = mentee_queryset(run.antenna_id, run)
    mentors_qs = mentor_queryset(run.antenna_id, free_only=mentor_ids is None)
    if mentee_ids is not None:
        mentees_qs = mentees_qs.filter(pk__in=list(mentee_ids))
    if mentor_ids is not None:
        mentors_qs = mentors_qs.filter(pk__in=list(mentor_ids))
    mentee_rows = list(mentees_qs.order_by("pk").values(*MENTEE_FIELDS))
    mentor_rows = list(mentors_qs.order_by("pk").values(*MENTOR_FIELDS))
    coords = _coordinates({r["person__postal_code"] for r in mentee_rows + mentor_rows})
    languages = _languages({"person__mentee__in": mentees_qs}) if mentee_ids is None else _languages(
        {"person_id__in": [r["person_id"] for r in mentee_rows]})
    languages.update(_languages({"person__mentor__in": mentors_qs}) if mentor_ids is None else _languages(
        {"person_id__in": [r["person_id"] for r in mentor_rows]}))

    mentees = t.Mentees(
        **_side(mentee_rows, coords, languages, kind="mentee"),
        goals=np.array([mask(r["goals"], t.SUPPORT_AREAS) for r in mentee_rows], dtype=np.int32),
        no_plan=np.array([bool(r["no_precise_plan"]) for r in mentee_rows], dtype=bool),
        days_waiting=np.array([max(0, (today - (r["ready_on"] or r["stage_changed_on"] or r["applied_on"])).days)
                               for r in mentee_rows], dtype=np.int32),
        pref_gender=np.array([_gender(r["preferred_mentor_gender"]) for r in mentee_rows], dtype=np.int8),
        pref_required=np.array([bool(r["preference_required"] and r["preferred_mentor_gender"])
                                for r in mentee_rows], dtype=bool),
    )
    mentors = t.Mentors(
        **_side(mentor_rows, coords, languages, kind="mentor"),
        strengths=np.array([mask(r["strength_areas"], t.SUPPORT_AREAS) for r in mentor_rows], dtype=np.int32),
        experience=np.array([r["experience"] for r in mentor_rows], dtype=np.int32),
        capacity=np.array([1 if mentor_ids is not None else r["max_duos"] - r["open_duos"] for r in mentor_rows],
                          dtype=np.int32),
    )
    index = PoolIndex(
        mentee_ids=[r["id"] for r in mentee_rows], mentor_ids=[r["id"] for r in mentor_rows],
        mentee_person_ids=[r["person_id"] for r in mentee_rows],
        mentor_person_ids=[r["person_id"] for r in mentor_rows],
        mentee_gender=[r["person__gender"] for r in mentee_rows],
        mentee_birth=[r["person__date_of_birth"] for r in mentee_rows],
    )
    pool = t.Pool(mentees=mentees, mentors=mentors, blocked=_blocked(run, index),
                  locked=_locked(run, index) if mentee_ids is None else np.zeros((0, 2), dtype=np.int64))
    return pool, index


def _pairs(pairs) -> np.ndarray:
    return np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)


def _blocked(run, index: PoolIndex) -> np.ndarray:
    """Pairs never to propose: pair blocks (by keyed hash), this meeting's rejections, duos that ended badly."""
    pairs = set()
    if not index.mentee_ids or not index.mentor_ids:
        return _pairs(pairs)
    mentee_by_key = {person_key(p): i for i, p in enumerate(index.mentee_person_ids)}
    mentor_by_key = {person_key(p): j for j, p in enumerate(index.mentor_person_ids)}
    # Few blocks per person: look up by the smaller side, filter by the other in Python.
    small, other, swapped = (mentee_by_key, mentor_by_key, False) if len(mentee_by_key) <= len(mentor_by_key) \
        else (mentor_by_key, mentee_by_key, True)
    column = "mentor_key" if swapped else "mentee_key"
    for chunk in _chunks(small):
        for mentee_key, mentor_key in PairBlock.objects.filter(**{f"{column}__in": chunk}).values_list(
                "mentee_key", "mentor_key"):
            i, j = mentee_by_key.get(mentee_key), mentor_by_key.get(mentor_key)
            if i is not None and j is not None:
                pairs.add((i, j))
    rejected = Decision.objects.filter(run=run, action=Decision.Action.REJECT).values_list("mentee_id", "mentor_id")
    # Also read here, not only as pair blocks: rows written in bulk (imports, the demo) sent no signal.
    ended = [row for chunk in _chunks(index.mentee_ids)
             for row in Duo.objects.filter(ENDED_BADLY, mentee_id__in=chunk).values_list("mentee_id", "mentor_id")]
    for mentee_id, mentor_id in list(rejected) + ended:
        i, j = index.mentee_at.get(mentee_id), index.mentor_at.get(mentor_id)
        if i is not None and j is not None:
            pairs.add((i, j))
    return _pairs(pairs)


def _locked(run, index: PoolIndex) -> np.ndarray:
    pairs = set()
    for mentee_id, mentor_id in Proposal.objects.filter(run=run, status=Proposal.Status.LOCKED).values_list(
            "mentee_id", "mentor_id"):
        i, j = index.mentee_at.get(mentee_id), index.mentor_at.get(mentor_id)
        if i is not None and j is not None:
            pairs.add((i, j))
    return _pairs(pairs)
