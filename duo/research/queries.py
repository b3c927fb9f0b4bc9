"""The rows of a research export: one per duo, from the same reading of the records as the impact snapshot.

A snapshot's file holds no ids (by design: it is what every figure is computed from), yet an export needs
them twice: to keep only the people whose latest research consent is granted, and to give each person and duo
a pseudonym. So the records are read again, through duo.impact.snapshot's own column builders, with the ids
kept aside; the facts so read are packed like a snapshot and must hash to the chosen snapshot's content hash.
An export is therefore the snapshot's rows exactly, never facts that changed since: when the records have moved
on, the export is refused and a new snapshot must be taken first.
"""

from __future__ import annotations

import hashlib
from typing import NamedTuple

import polars as pl
from django.db import transaction

from duo.impact import snapshot as facts
from duo.impact.models import Snapshot
from duo.organisation.models import Antenna, Region
from duo.people.choices import ConsentPurpose
from duo.people.models import ConsentRecord, MenteeProfile

DUO_ID, PERSON_ID = "__duo_id", "__person_id"
_MENTEE_ID = "__mentee_id"


class SnapshotChanged(Exception):
    """The records no longer give the snapshot's facts (or the snapshot has an older format)."""


class Rows(NamedTuple):
    frame: pl.DataFrame  # one row per duo: the ids, the quasi-identifiers, the payload
    duos: int  # in the snapshot
    excluded_duos: int  # whose mentee has not (or no longer) granted the research consent
    excluded_people: int


def research_consent() -> set[int]:
    """The people whose latest record for the research purpose grants it."""
    latest: dict[int, bool] = {}
    records = (ConsentRecord.objects.filter(purpose=ConsentPurpose.RESEARCH)
               .order_by("person_id", "recorded_at", "id").values_list("person_id", "granted"))
    for person_id, granted in records.iterator(chunk_size=10_000):
        latest[person_id] = granted  # ordered oldest first: the last one read is the latest
    return {person_id for person_id, granted in latest.items() if granted}


def places() -> tuple[dict, dict]:
    """(antenna code -> region code, region code -> country code)."""
    return (dict(Antenna.objects.values_list("code", "region__code")),
            dict(Region.objects.values_list("code", "country")))


def _read(as_of) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(the snapshot's duos frame, its applicants frame, the same duos with ids and finer quasi-identifiers)."""
    quiet = lambda *args, **kwargs: None  # noqa: E731
    with transaction.atomic():
        mentees = facts._mentees()
        raw = facts._duos(mentees, quiet)
        applicants = facts._applicants(mentees, raw["mentee_id"].unique(), as_of)
        persons = pl.DataFrame(list(MenteeProfile.objects.order_by().values_list("pk", "person_id")),
                               schema={_MENTEE_ID: pl.Int64, PERSON_ID: pl.Int64}, orient="row")
    extra = [DUO_ID, _MENTEE_ID, "__age", "__start"]
    # Appended after the raw columns and dropped again: the snapshot's own derivation runs unchanged, so that
    # what is left is, byte for byte, the snapshot's frame.
    raw = raw.with_columns(pl.col("duo_id").alias(DUO_ID), pl.col("mentee_id").alias(_MENTEE_ID),
                           facts._age("born_on", "matched_on").alias("__age"),
                           pl.coalesce("started_on", "matched_on").alias("__start"))
    derived = facts._derive(raw, as_of)
    duos = derived.drop(extra)
    rows = derived.join(persons, on=_MENTEE_ID, how="left", maintain_order="left")
    return duos, applicants, rows


def rows_of(snapshot: Snapshot) -> Rows:
    """The snapshot's duos with the ids needed to pseudonymise them, those without research consent left out."""
    if snapshot.schema != facts.SCHEMA:
        raise SnapshotChanged
    duos, applicants, rows = _read(snapshot.as_of)
    content = facts._pack(facts.Frames(duos=duos, applicants=applicants))
    if hashlib.sha256(content).hexdigest() != snapshot.content_hash:
        raise SnapshotChanged
    consenting = research_consent()
    allowed = pl.col(PERSON_ID).is_in(pl.Series(sorted(consenting), dtype=pl.Int64).implode())
    kept = rows.filter(allowed)
    excluded = rows.filter(~allowed)
    frame = kept.with_columns(
        pl.col("__age").alias("age"), pl.col("gender"), pl.col("antenna").alias("place"),
        pl.col("origin_group").alias("origin"), pl.col("education_level").alias("education"),
        pl.col("__start").dt.strftime("%Y-%m").alias("start_month"))
    return Rows(frame=frame, duos=rows.height, excluded_duos=excluded.height,
                excluded_people=excluded[PERSON_ID].n_unique())
