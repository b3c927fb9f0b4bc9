"""Reads for the intake pipeline: who is where, since when, with which verdict.

The pipeline has one row per person and side (someone may apply as both mentee and mentor). The
rows come from the two profile tables, filtered and sorted in the database and joined by UNION;
only the page shown (or the chunk exported) is then completed with its people, applications,
languages and duplicate markers, a fixed handful of queries whatever the size of the organisation.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, F, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from duo.accounts import scoping
from duo.people import choices as pc
from duo.people.models import ConsentRecord, MenteeProfile, MentorProfile, Person, PersonLanguage

from . import duplicates, pipeline
from .choices import Kind
from .models import Application, EligibilityRules

KINDS = ("mentee", "mentor")
PROFILE = {"mentee": MenteeProfile, "mentor": MentorProfile}
STAGES = {"mentee": pc.MenteeStage, "mentor": pc.MentorStage}
OPEN = {"mentee": [str(s) for s in pc.OPEN_MENTEE_STAGES], "mentor": [str(s) for s in pc.OPEN_MENTOR_STAGES]}
# People who left, or were matched, stay on the pipeline this long: a coordinator still follows them up.
RECENT_DAYS = 90
NO_APPLICATION = "none"
SORTS = {
    # name -> ordering of the rows; every ordering ends on the person and side so pages never overlap.
    "waiting": ("stage_changed_on", "last", "first", "person_id", "kind"),
    "recent": ("-stage_changed_on", "last", "first", "person_id", "kind"),
    "applied": ("applied_on", "last", "first", "person_id", "kind"),
    "-applied": ("-applied_on", "last", "first", "person_id", "kind"),
    "name": ("last", "first", "person_id", "kind"),
}


def stage_order() -> list[tuple[str, str]]:
    """Every stage of either side, in pipeline order, then the exits: (value, label)."""
    labels = dict(pc.MentorStage.choices)
    return [(s, labels[s]) for s in pipeline.MENTOR_FLOW + list(pipeline.EXITS)]


@dataclass
class Filters:
    side: str = ""
    stage: str = ""
    verdict: str = ""
    antenna: object = None
    q: str = ""
    waiting: int | None = None
    sort: str = "waiting"
    everyone: bool = False

    def kinds(self) -> tuple[str, ...]:
        return (self.side,) if self.side in KINDS else KINDS


def final_verdict_of_latest(kind: str):
    """The latest application's final verdict on this side (the override, else the automatic one)."""
    latest = (
        Application.objects.filter(person_id=OuterRef("person_id"), kind=kind)
        .order_by("-submitted_at", "-id")
        .annotate(final=Case(When(override="", then=F("verdict")), default=F("override"), output_field=CharField()))
        .values("final")[:1]
    )
    return Subquery(latest, output_field=CharField())


def _search(qs, q: str):
    for term in q.split()[:5]:
        condition = Q(person__first_name__icontains=term) | Q(person__last_name__icontains=term) | Q(
            person__email__icontains=term)
        digits = "".join(ch for ch in term if ch.isdigit())
        if len(digits) >= 4:
            condition |= Q(person__phone_digits__contains=digits.lstrip("0"))
        qs = qs.filter(condition)
    return qs


def _profiles(user, kind: str, f: Filters, today: datetime.date):
    """One side's profiles matching every filter but the stage (the funnel counts per stage)."""
    qs = scoping.scope(user, PROFILE[kind].objects.all()).order_by()
    if not f.everyone:
        qs = qs.filter(Q(stage__in=OPEN[kind]) | Q(stage_changed_on__gte=today - datetime.timedelta(days=RECENT_DAYS)))
    if f.antenna is not None:
        qs = qs.filter(person__antenna=f.antenna)
    if f.q:
        qs = _search(qs, f.q)
    if f.waiting is not None:
        qs = qs.filter(stage_changed_on__lt=today - datetime.timedelta(days=f.waiting))
    if f.verdict:
        qs = qs.alias(final_verdict=final_verdict_of_latest(kind))
        qs = qs.filter(final_verdict__isnull=True) if f.verdict == NO_APPLICATION else qs.filter(
            final_verdict=f.verdict)
    return qs


def pipeline_rows(user, f: Filters, today: datetime.date | None = None):
    """The pipeline as light rows (dicts), filtered and sorted in the database, ready to paginate."""
    today = today or timezone.localdate()
    parts = []
    for kind in f.kinds():
        qs = _profiles(user, kind, f, today)
        if f.stage:
            qs = qs.filter(stage=f.stage)
        parts.append(qs.annotate(kind=Value(kind, output_field=CharField()), last=F("person__last_name"),
                                 first=F("person__first_name"))
                     .values("person_id", "kind", "stage", "stage_reason", "stage_changed_on", "applied_on",
                             "last", "first"))
    rows = parts[0] if len(parts) == 1 else parts[0].union(parts[1], all=True)
    return rows.order_by(*SORTS.get(f.sort, SORTS["waiting"]))


def stage_counts(user, f: Filters, today: datetime.date | None = None) -> list[tuple[str, str, int]]:
    """How many rows each stage holds under the current filters (the stage filter aside): (stage, label, n)."""
    today = today or timezone.localdate()
    counts: dict[str, int] = defaultdict(int)
    for kind in f.kinds():
        for row in _profiles(user, kind, f, today).values("stage").annotate(n=Count("pk")).order_by():
            counts[row["stage"]] += row["n"]
    shown = stage_order() if "mentor" in f.kinds() else [
        (s, label) for s, label in stage_order() if s != "training_done"]
    return [(s, label, counts.get(s, 0)) for s, label in shown]


@dataclass
class Row:
    """One person on one side of the pipeline, as the list and the export show it."""

    person: Person
    kind: str
    stage: str
    stage_reason: str
    stage_changed_on: datetime.date
    applied_on: datetime.date
    application: Application | None
    today: datetime.date
    duplicates: list = field(default_factory=list)  # the candidates, on the page
    flagged: bool = False  # has any possible duplicate (the page and the export)
    languages: list = field(default_factory=list)  # Spoken

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.person.pk}"

    @property
    def stage_label(self) -> str:
        return STAGES[self.kind](self.stage).label if self.stage in STAGES[self.kind].values else self.stage

    @property
    def reason_label(self) -> str:
        return pc.StageReason(self.stage_reason).label if self.stage_reason in pc.StageReason.values else ""

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label

    @property
    def is_exit(self) -> bool:
        return self.stage in pipeline.EXITS

    @property
    def days_in_stage(self) -> int:
        return (self.today - self.stage_changed_on).days

    @property
    def days_since_applied(self) -> int:
        return (self.today - self.applied_on).days


@dataclass(frozen=True)
class Spoken:
    language: str
    level: str

    def get_language_display(self) -> str:
        return pc.Language(self.language).label if self.language in pc.Language.values else self.language


def languages_of(person_ids) -> dict[int, list[Spoken]]:
    # Plain tuples: a prefetch builds a queryset per person, which an export of thousands feels.
    found: dict[int, list[Spoken]] = defaultdict(list)
    rows = (PersonLanguage.objects.filter(person_id__in=list(person_ids)).order_by("person_id", "language")
            .values_list("person_id", "language", "level"))
    for pk, language, level in rows:
        found[pk].append(Spoken(language, level))
    return found


def latest_applications(person_ids) -> dict[tuple[int, str], Application]:
    """Each person's latest application per side."""
    latest: dict[tuple[int, str], Application] = {}
    apps = (Application.objects.filter(person_id__in=list(person_ids))
            .only("id", "person_id", "kind", "verdict", "override", "submitted_at")
            .order_by("person_id", "kind", "-submitted_at", "-id"))
    for a in apps:
        latest.setdefault((a.person_id, a.kind), a)
    return latest


def complete(user, rows, today: datetime.date | None = None, flagged: set[int] | None = None) -> list[Row]:
    """Light rows -> Row objects with their people, latest applications, languages and duplicates.

    `flagged`, when given, is the set of ids known to have a duplicate (an export computes it once);
    otherwise each person's candidates are looked up, which a page of fifty does cheaply."""
    today = today or timezone.localdate()
    rows = list(rows)
    ids = {r["person_id"] for r in rows}
    people = Person.objects.select_related("antenna").in_bulk(ids)
    applications = latest_applications(ids)
    spoken = languages_of(ids)
    found = duplicates.candidates(user, people.values()) if flagged is None else {}
    return [
        Row(person=people[r["person_id"]], kind=r["kind"], stage=r["stage"], stage_reason=r["stage_reason"],
            stage_changed_on=r["stage_changed_on"], applied_on=r["applied_on"],
            application=applications.get((r["person_id"], r["kind"])), today=today,
            duplicates=found.get(r["person_id"], []), languages=spoken.get(r["person_id"], []),
            flagged=r["person_id"] in flagged if flagged is not None else r["person_id"] in found)
        for r in rows if r["person_id"] in people
    ]


def iter_rows(user, f: Filters, chunk: int = 1000):
    """Every row of the filtered pipeline, completed chunk by chunk (for exports of any size)."""
    today = timezone.localdate()
    with_duplicates = duplicates.flagged(user)
    batch = []
    for r in pipeline_rows(user, f, today).iterator(chunk_size=chunk):
        batch.append(r)
        if len(batch) == chunk:
            yield from complete(user, batch, today, with_duplicates)
            batch = []
    if batch:
        yield from complete(user, batch, today, with_duplicates)


def latest_consents(person) -> list[ConsentRecord]:
    """The person's current position on each purpose: their latest record for it."""
    latest: dict[str, ConsentRecord] = {}
    for record in person.consents.order_by("purpose", "-recorded_at", "-id"):
        latest.setdefault(record.purpose, record)
    order = list(pc.ConsentPurpose.values)
    return sorted(latest.values(), key=lambda r: order.index(r.purpose) if r.purpose in order else len(order))


def rules_of(antenna) -> EligibilityRules:
    """The antenna's rules as stored, or the defaults it would be judged by (unsaved; a page read writes nothing)."""
    return EligibilityRules.objects.filter(antenna=antenna).first() or EligibilityRules(antenna=antenna)


def other_app_rows(person) -> list[tuple[str, list]]:
    """Rows of the sessions and training apps about this person, if those apps are installed.

    Found through the person's reverse relations, so whichever models those apps define show up
    without this module importing them: (the model's plural name, its rows).
    """
    found = []
    for rel in Person._meta.related_objects:
        model = rel.related_model
        if model._meta.app_label not in ("infosession", "training") or not rel.one_to_many:
            continue
        rows = list(model._default_manager.filter(**{rel.field.name: person})[:50])
        if rows:
            found.append((str(model._meta.verbose_name_plural), rows))
    return found
