"""Taking a snapshot: the facts of every duo, and of the applicants never matched, frozen in one file.

One row per duo: the mentee's and mentor's attributes at intake, the dose (meetings, hours, duration), how it
ended, the outcome at each horizon, the survey scales before and after, the barriers met. Aggregation happens in
the database (one grouped query per table), the rows travel in chunks into polars frames, and the two frames are
written as Parquet into one zip whose SHA-256 is the snapshot's content hash. The file is encrypted with the
field keys: it holds origin groups, which are special-category data.

Nothing in the file names anyone: no ids, no names, no dates of birth (an age band), no free text.
"""

import datetime
import hashlib
import io
import logging
import zipfile
from functools import lru_cache
from typing import NamedTuple

import polars as pl
from django.conf import settings
from django.db import connection, transaction
from django.db.models import CharField, Count, Sum
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext

from duo.barrier.models import Barrier, BarrierKind
from duo.journeys import choices as jc
from duo.journeys.models import Duo, Meeting, Outcome
from duo.people import choices as pc
from duo.core.fernet_batch import decrypt_many
from duo.people.models import MenteeProfile, MentorProfile, Person
from duo.survey.models import Answer, InstrumentVersion, Invitation, InvitationStatus, Question, Response, Scale

from .models import Snapshot

log = logging.getLogger(__name__)

SCHEMA = 1
UNKNOWN = "unknown"
CAPITALS = (Scale.CAPITAL_SOCIAL, Scale.CAPITAL_CULTURAL, Scale.CAPITAL_INFORMATION, Scale.CAPITAL_LANGUAGE,
            Scale.CAPITAL_PSYCHOLOGICAL)
# Scales averaged per response; `confidence` is one item of the psychological capital, asked on its own too.
SCALES = (*CAPITALS, Scale.CAREER_PLAN, Scale.SATISFACTION, Scale.USEFUL)
ITEMS = ("confidence",)
# The survey kinds whose answers a duo row carries: before, at the end (mentee and mentor).
BEFORE, AFTER, MENTOR_AFTER = "mentee_baseline", "mentee_end", "mentor_end"
ENDED = (jc.DuoStatus.COMPLETED, jc.DuoStatus.ENDED_EARLY, jc.DuoStatus.CLOSED)
NEVER_MATCHED_CLOSED = (pc.MenteeStage.WITHDRAWN, pc.MenteeStage.NO_RESPONSE)
CHUNK = 100_000


class Frames(NamedTuple):
    duos: pl.DataFrame
    applicants: pl.DataFrame
    snapshot: Snapshot | None = None


def _fields(qs, names: dict):
    """values_list over `names` (frame column -> model path), with dates read as text: the driver's date converter
    is a Python call per value (17 s for a million duos), polars parses the text in one pass."""
    paths = []
    for column, (path, dtype) in names.items():
        paths.append(Cast(path, output_field=CharField()) if dtype == pl.Date and isinstance(path, str) else path)
    return qs.values_list(*paths)


def _rows(qs, names: dict, chunk=None) -> pl.DataFrame:
    """A queryset's rows as a frame, fetched in chunks: a million duos never become a million Python tuples.
    `chunk`, if given, turns each chunk into its final columns (so that bulky text is never all in memory)."""
    sql, params = _fields(qs, names).query.sql_with_params()
    schema = {column: (pl.Utf8 if dtype == pl.Date else dtype) for column, (_path, dtype) in names.items()}
    chunk = chunk or (lambda frame: frame)
    parts = []
    # On PostgreSQL a server-side cursor: a client-side one would hold the whole result in memory before the first
    # chunk (measured: 2.05 GB peak at a million duos, against the 2 GiB target).
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK):
            parts.append(chunk(pl.DataFrame(rows, schema=schema, orient="row")))
    frame = pl.concat(parts) if parts else chunk(pl.DataFrame(schema=schema))
    dates = [column for column, (_path, dtype) in names.items() if dtype == pl.Date]
    return frame.with_columns([pl.col(c).str.slice(0, 10).str.to_date("%Y-%m-%d") for c in dates]) if dates else frame


def _decrypt(values: list) -> list:
    return decrypt_many(values, Person._meta.get_field("origin_region").keys)


def _age(born: str, on: str) -> pl.Expr:
    b, o = pl.col(born), pl.col(on)
    before_birthday = (o.dt.month().cast(pl.Int32) * 100 + o.dt.day()) < (b.dt.month().cast(pl.Int32) * 100 + b.dt.day())
    return o.dt.year() - b.dt.year() - before_birthday.cast(pl.Int32)


def age_band_expr(age: str) -> pl.Expr:
    """The bands of duo.matching.fairness.age_band, in polars."""
    a = pl.col(age)
    return (pl.when(a.is_null() | (a < 18)).then(pl.lit(UNKNOWN))
            .when(a < 25).then(pl.lit("18–24")).when(a < 30).then(pl.lit("25–29")).otherwise(pl.lit("30+")))


def _known(column: str) -> pl.Expr:
    """A dimension's code, "unknown" when not recorded."""
    c = pl.col(column)
    return pl.when(c.is_null() | (c == "")).then(pl.lit(UNKNOWN)).otherwise(c)


def _mentees() -> pl.DataFrame:
    """Every mentee once: those in a duo join the duos, the others are the applicants never matched."""
    frame = _rows(MenteeProfile.objects.order_by("pk"), {
        "mentee_id": ("pk", pl.Int64), "gender": ("person__gender", pl.Utf8),
        "born_on": ("person__date_of_birth", pl.Date), "education_level": ("education_level", pl.Utf8),
        "diploma_recognised": ("diploma_recognition", pl.Utf8), "time_unemployed": ("unemployment_duration", pl.Utf8),
        "occupation": ("target_occupation__code", pl.Utf8), "origin_sealed": ("person__origin_region", pl.Utf8),
        "applied_on": ("applied_on", pl.Date), "ready_on": ("ready_on", pl.Date),
        "antenna": ("person__antenna__code", pl.Utf8), "region": ("person__antenna__region__code", pl.Utf8),
        "stage": ("stage", pl.Utf8), "stage_reason": ("stage_reason", pl.Utf8)})
    origin = _decrypt(frame["origin_sealed"].to_list())
    return frame.drop("origin_sealed").with_columns(
        pl.Series("origin_group", origin, dtype=pl.Utf8),
        # The ISCO major group (first digit) is as precise as a sector gets in a published table.
        pl.col("occupation").str.slice(0, 1).alias("target_sector"),
    ).drop("occupation")


def _duos(mentees: pl.DataFrame, progress) -> pl.DataFrame:
    duos = _rows(Duo.objects.order_by("pk"), {
        "duo_id": ("pk", pl.Int64), "mentee_id": ("mentee_id", pl.Int64), "mentor_id": ("mentor_id", pl.Int64),
        "antenna": ("antenna__code", pl.Utf8), "region": ("antenna__region__code", pl.Utf8),
        "status": ("status", pl.Utf8), "matched_on": ("matched_on", pl.Date), "started_on": ("started_on", pl.Date),
        "planned_end_on": ("planned_end_on", pl.Date), "ended_on": ("ended_on", pl.Date),
        "end_reason": ("end_reason", pl.Utf8)})
    progress(2, 8, gettext("Duos read"))
    mentees = mentees.select("mentee_id", "gender", "born_on", "education_level", "diploma_recognised",
                             "time_unemployed", "target_sector", "origin_group", "applied_on", "ready_on")
    mentors = _rows(MentorProfile.objects.order_by("pk"), {
        "mentor_id": ("pk", pl.Int64), "mentor_status": ("status", pl.Utf8),
        "mentor_gender": ("person__gender", pl.Utf8), "mentor_born_on": ("person__date_of_birth", pl.Date)})
    meetings = _rows(Meeting.objects.order_by().values("duo_id").annotate(
        n=Count("id"), minutes=Sum("duration_minutes")),
        {"duo_id": ("duo_id", pl.Int64), "meetings": ("n", pl.Int64), "minutes": ("minutes", pl.Int64)})
    progress(3, 8, gettext("Meetings counted"))
    outcomes = _outcomes()
    progress(4, 8, gettext("Outcomes read"))
    versions = dict(InstrumentVersion.objects.values_list("pk", "instrument__kind"))
    answers = _answers(versions)
    progress(5, 8, gettext("Survey answers read"))
    invitations = _invitations(versions)
    barriers = _barriers()
    progress(6, 8, gettext("Barriers read"))
    return (duos.join(mentees, on="mentee_id", how="left").join(mentors, on="mentor_id", how="left")
            .join(meetings, on="duo_id", how="left").join(outcomes, on="duo_id", how="left")
            .join(answers, on="duo_id", how="left").join(invitations, on="duo_id", how="left")
            .join(barriers, on="mentee_id", how="left"))


def _outcomes() -> pl.DataFrame:
    rows = _rows(Outcome.objects.order_by(), {
        "duo_id": ("duo_id", pl.Int64), "horizon": ("horizon", pl.Utf8), "category": ("category", pl.Utf8),
        "observed_on": ("observed_on", pl.Date), "pk": ("pk", pl.Int64)})
    # The latest report at each horizon wins: a correction is a later record.
    latest = rows.sort(["duo_id", "horizon", "observed_on", "pk"]).unique(["duo_id", "horizon"], keep="last")
    wide = pl.DataFrame({"duo_id": pl.Series([], dtype=pl.Int64)})
    for horizon in (jc.OutcomeHorizon.END, jc.OutcomeHorizon.MONTHS_6, jc.OutcomeHorizon.MONTHS_12):
        part = latest.filter(pl.col("horizon") == horizon.value).select(
            "duo_id", pl.col("category").alias(f"outcome_{horizon.value}"))
        wide = wide.join(part, on="duo_id", how="full", coalesce=True)
    return wide


def _with_kind(rows: pl.DataFrame, versions: dict) -> pl.DataFrame:
    return rows.with_columns(pl.col("version").replace_strict(versions, default=None, return_dtype=pl.Utf8)
                             .alias("kind")).drop("version")


def _answers(versions: dict) -> pl.DataFrame:
    """Per duo and survey kind, the mean of each scale's answers (and the confidence item). The scales come from
    each response's stored sums and counts (one row per response, not one per answer: 11 million answers at a
    million duos); the confidence item, one answer per response, from the answers."""
    kinds = (BEFORE, AFTER, MENTOR_AFTER)
    wanted = [pk for pk, kind in versions.items() if kind in kinds]
    scales = [s.value for s in SCALES]

    def decode(frame: pl.DataFrame) -> pl.DataFrame:
        # Decoded once into its own column: an expression repeated per field would decode the JSON every time.
        frame = frame.with_columns(pl.col("scores").str.json_decode(pl.Struct({s: pl.List(pl.Float64) for s in scales})))
        scores = pl.col("scores")
        return frame.with_columns(
            *[scores.struct.field(s).list.get(0, null_on_oob=True).alias(f"{s}__sum") for s in scales],
            *[scores.struct.field(s).list.get(1, null_on_oob=True).alias(f"{s}__n") for s in scales]).drop("scores")

    responses = _rows(
        Response.objects.filter(version_id__in=wanted or [0], duo__isnull=False).order_by(),
        {"response_id": ("pk", pl.Int64), "duo_id": ("duo_id", pl.Int64), "version": ("version_id", pl.Int64),
         "scores": (Cast("scores", output_field=CharField()), pl.Utf8)}, chunk=decode)
    items = list(Question.objects.filter(type="likert5", version_id__in=wanted or [0], code__in=ITEMS)
                 .values_list("pk", "code"))
    for item in ITEMS:
        ids = [pk for pk, code in items if code == item]
        part = _rows(Answer.objects.filter(question_id__in=ids or [0], number__isnull=False).order_by(),
                     {"response_id": ("response_id", pl.Int64), f"{item}__sum": ("number", pl.Float64)})
        responses = responses.join(part.with_columns(pl.lit(1.0).alias(f"{item}__n")), on="response_id", how="left")
    names = [*scales, *ITEMS]
    # Pooled over a duo's responses to one version, then averaged over the versions of one kind (a duo asked
    # twice the same kind).
    pooled = responses.group_by("duo_id", "version").agg(
        [(pl.col(f"{n}__sum").sum() / pl.col(f"{n}__n").sum()).alias(n) for n in names])
    rows = _with_kind(pooled.with_columns([pl.col(n).fill_nan(None) for n in names]), versions)
    rows = rows.group_by("duo_id", "kind").agg([pl.col(n).mean() for n in names])
    wide = pl.DataFrame({"duo_id": pl.Series([], dtype=pl.Int64)})
    for kind, suffix in ((BEFORE, "before"), (AFTER, "after"), (MENTOR_AFTER, "mentor")):
        part = rows.filter(pl.col("kind") == kind).select("duo_id", *[pl.col(n).alias(f"{n}_{suffix}") for n in names])
        wide = wide.join(part, on="duo_id", how="full", coalesce=True)
    keep = ["duo_id"]
    for n in names:
        keep += [f"{n}_before", f"{n}_after"]
    keep += [f"{Scale.USEFUL.value}_mentor", f"{Scale.SATISFACTION.value}_mentor"]
    return wide.select(keep)


def _invitations(versions: dict) -> pl.DataFrame:
    # Read row by row and grouped here: nearly every (duo, version) has one invitation, so a GROUP BY in the
    # database only adds a sort (9.5 s against 3.8 s at a million duos on SQLite).
    qs = Invitation.objects.filter(duo__isnull=False).order_by()
    rows = _rows(qs, {"duo_id": ("duo_id", pl.Int64), "version": ("version_id", pl.Int64),
                      "status": ("status", pl.Utf8)},
                 chunk=lambda f: f.with_columns(pl.lit(1).alias("n"), (pl.col("status") == InvitationStatus.COMPLETED)
                                                .cast(pl.Int64).alias("done")).drop("status"))
    rows = _with_kind(rows, versions)
    wide = rows.group_by("duo_id").agg(pl.col("n").sum().alias("invited_all"), pl.col("done").sum().alias("answered_all"))
    for kind, suffix in ((BEFORE, "before"), (AFTER, "after"), (MENTOR_AFTER, "mentor")):
        part = rows.filter(pl.col("kind") == kind).group_by("duo_id").agg(
            pl.col("n").sum().alias(f"invited_{suffix}"), pl.col("done").sum().alias(f"answered_{suffix}"))
        wide = wide.join(part, on="duo_id", how="left")
    return wide


def _barriers() -> pl.DataFrame:
    qs = Barrier.objects.filter(person__mentee__isnull=False).order_by().distinct()
    rows = _rows(qs, {"mentee_id": ("person__mentee__id", pl.Int64), "kind": ("kind", pl.Utf8)})
    return rows.group_by("mentee_id").agg(
        pl.len().alias("barriers"),
        *[(pl.col("kind") == kind).any().alias(f"barrier_{kind}") for kind in BarrierKind.values])


def _derive(frame: pl.DataFrame, as_of: datetime.date) -> pl.DataFrame:
    """The columns the indicators read, from the raw ones; the raw dates that could single someone out go."""
    today = pl.lit(as_of)
    # The mentor's next duo, for re-enrolment.
    frame = frame.with_columns(pl.col("matched_on").shift(-1).over("mentor_id", order_by=["matched_on", "duo_id"])
                               .alias("next_matched_on"),
                               # A mentee refused after an introduction may have a second duo: count people once.
                               (pl.col("duo_id") == pl.col("duo_id").min().over("mentee_id")).alias("first_of_mentee"))
    start = pl.coalesce("started_on", "matched_on")
    ended = pl.col("status").is_in([s.value for s in ENDED]) & pl.col("ended_on").is_not_null()
    early = (pl.col("status") == jc.DuoStatus.ENDED_EARLY) | (pl.col("end_reason").fill_null("") != "")
    frame = frame.with_columns(
        _age("born_on", "matched_on").alias("mentee_age"),
        _age("mentor_born_on", "matched_on").alias("mentor_age"),
        start.dt.year().alias("cohort_year"),
        (pl.col("matched_on") - pl.coalesce("ready_on", "applied_on")).dt.total_days().alias("days_to_match"),
        ended.alias("ended"),
        (ended & ~early).alias("reached_term"),
        (ended & early).alias("ended_early"),
        pl.col("meetings").fill_null(0),
        (pl.col("minutes").fill_null(0) / 60).alias("meeting_hours"),
        pl.when(pl.col("started_on").is_not_null())
        .then((pl.coalesce("ended_on", today) - pl.col("started_on")).dt.total_days()).alias("duration_days"),
        *[pl.col(c).fill_null(0) for c in ("invited_all", "answered_all", "invited_before", "answered_before",
                                           "invited_after", "answered_after", "invited_mentor", "answered_mentor")],
        pl.col("barriers").fill_null(0),
        *[pl.col(f"barrier_{k}").fill_null(False) for k in BarrierKind.values],
    )
    frame = frame.with_columns(
        age_band_expr("mentee_age").alias("age_band"),
        pl.when(pl.col("mentor_age").is_null()).then(pl.lit(UNKNOWN))
        .when(pl.col("mentor_age") < 60).then(pl.lit("50–59")).when(pl.col("mentor_age") < 70).then(pl.lit("60–69"))
        .otherwise(pl.lit("70+")).alias("mentor_age_band"),
        pl.when(pl.col("duration_days") >= 15).then(pl.col("meetings") / (pl.col("duration_days") / 30.4375))
        .alias("meetings_per_month"),
        _mentor_reenrolled(frame, as_of),
        # The months after the end at which each outcome horizon falls due: a 12-month figure counts only the duos
        # whose 12 months have passed.
        (ended & (pl.col("ended_on").dt.offset_by("12mo") <= today)).alias("due_12m"),
        *[_known(c).alias(c) for c in ("gender", "education_level", "diploma_recognised", "time_unemployed",
                                       "target_sector", "origin_group", "mentor_status", "mentor_gender",
                                       "antenna", "region")],
        pl.col("cohort_year").cast(pl.Utf8).fill_null(UNKNOWN).alias("cohort"),
    )
    frame = frame.with_columns(
        pl.when(pl.col("origin_group") == pc.PREFER_NOT_TO_SAY).then(pl.lit(UNKNOWN))
        .otherwise(pl.col("origin_group")).alias("origin_group"))
    return frame.drop("duo_id", "mentee_id", "mentor_id", "born_on", "mentor_born_on", "mentee_age", "mentor_age",
                      "applied_on", "ready_on", "planned_end_on", "minutes", "cohort_year", "next_matched_on")


def _mentor_reenrolled(frame: pl.DataFrame, as_of: datetime.date) -> pl.Expr:
    """Whether the mentor was matched again within 6 months of this duo's end; null while those 6 months run."""
    window_end = pl.col("ended_on").dt.offset_by("6mo")
    ended = pl.col("status").is_in([s.value for s in ENDED]) & pl.col("ended_on").is_not_null()
    nxt = pl.col("next_matched_on")
    return (pl.when(ended & (window_end <= pl.lit(as_of)))
            .then(nxt.is_not_null() & (nxt <= window_end)).alias("mentor_reenrolled"))


def _applicants(mentees: pl.DataFrame, matched: pl.Series, as_of: datetime.date) -> pl.DataFrame:
    """Mentees who applied and were never matched: the observational comparison group is those of them who left
    (withdrew or stopped answering) or waited more than six months; the ineligible are not comparable."""
    frame = mentees.filter(~pl.col("mentee_id").is_in(matched.implode()))
    left = pl.col("stage").is_in([s.value for s in NEVER_MATCHED_CLOSED])
    waited = (pl.lit(as_of) - pl.coalesce("ready_on", "applied_on")).dt.total_days()
    frame = frame.with_columns(
        _age("born_on", "applied_on").alias("age"), pl.col("applied_on").dt.year().cast(pl.Utf8).alias("cohort"),
        # Left the programme, or still waiting after six months: no longer "about to be matched".
        (left | ((pl.col("stage") == pc.MenteeStage.READY) & (waited > 182))).alias("comparable"),
        (left & (pl.col("stage_reason") == pc.StageReason.FOUND_JOB)).alias("left_for_job"),
    )
    frame = frame.with_columns(
        age_band_expr("age").alias("age_band"),
        *[_known(c).alias(c) for c in ("gender", "education_level", "diploma_recognised", "time_unemployed",
                                       "target_sector", "origin_group", "antenna", "region", "stage_reason")],
    )
    return frame.drop("mentee_id", "born_on", "age", "applied_on", "ready_on")


def build(*, as_of: datetime.date | None = None, progress=None) -> Frames:
    """The two frames, from the live tables (a consistent read: one transaction)."""
    as_of = as_of or timezone.localdate()
    progress = progress or (lambda *a, **k: None)
    with transaction.atomic():
        mentees = _mentees()
        progress(1, 8, gettext("Mentees read"))
        raw = _duos(mentees, progress)
        applicants = _applicants(mentees, raw["mentee_id"].unique(), as_of)
        duos = _derive(raw, as_of)
    progress(7, 8, gettext("Applicants read"))
    return Frames(duos=duos, applicants=applicants)


def _pack(frames: Frames) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, frame in (("duos.parquet", frames.duos), ("applicants.parquet", frames.applicants)):
            data = io.BytesIO()
            frame.write_parquet(data, compression="zstd", statistics=False)
            # A fixed date in the zip entry: the same facts give the same bytes and the same hash.
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data.getvalue())
    return buffer.getvalue()


def _cipher():
    return Person._meta.get_field("origin_region").f


def snapshot_take(*, by=None, as_of: datetime.date | None = None, progress=None, note: str = "") -> Snapshot:
    """Freezes today's facts; returns the snapshot (an existing one when nothing changed since it was taken)."""
    as_of = as_of or timezone.localdate()
    progress = progress or (lambda *a, **k: None)
    frames = build(as_of=as_of, progress=progress)
    content = _pack(frames)
    digest = hashlib.sha256(content).hexdigest()
    directory = settings.IMPACT_SNAPSHOT_DIR
    directory.mkdir(parents=True, exist_ok=True)
    existing = Snapshot.objects.filter(content_hash=digest).first()
    if existing is not None:
        # The same facts: the same snapshot. Its file, if lost, is written again (same bytes, same hash).
        if not (directory / existing.file_name).exists():
            (directory / existing.file_name).write_bytes(_cipher().encrypt(content))
            _load.cache_clear()
        return existing
    name = f"snapshot-{as_of:%Y%m%d}-{digest[:16]}.duo"
    sealed = _cipher().encrypt(content)
    (directory / name).write_bytes(sealed)
    progress(8, 8, gettext("Snapshot written"))
    return Snapshot.objects.create(
        as_of=as_of, content_hash=digest, file_name=name, schema=SCHEMA, duos=frames.duos.height,
        applicants=frames.applicants.height, size_bytes=len(content), taken_by=by, note=note[:200])


class SnapshotDamaged(Exception):
    """The file is missing, cannot be decrypted or does not match its hash."""


def load(snapshot: Snapshot) -> Frames:
    duos, applicants = _load(snapshot.pk, snapshot.content_hash, snapshot.file_name)
    return Frames(duos=duos, applicants=applicants, snapshot=snapshot)


@lru_cache(maxsize=4)
def _load(pk: int, digest: str, file_name: str):
    from cryptography.fernet import InvalidToken

    path = settings.IMPACT_SNAPSHOT_DIR / file_name
    try:
        content = _cipher().decrypt(path.read_bytes())
    except (OSError, InvalidToken) as exc:
        raise SnapshotDamaged(gettext("The file of snapshot #%(id)s cannot be read.") % {"id": pk}) from exc
    if hashlib.sha256(content).hexdigest() != digest:
        raise SnapshotDamaged(gettext("The file of snapshot #%(id)s does not match its hash.") % {"id": pk})
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        duos = pl.read_parquet(io.BytesIO(archive.read("duos.parquet")))
        applicants = pl.read_parquet(io.BytesIO(archive.read("applicants.parquet")))
    return duos, applicants


def rotate(snapshot: Snapshot) -> bool:
    """Re-encrypts a snapshot's file with the newest field key (same content, same hash); False if it is missing."""
    path = settings.IMPACT_SNAPSHOT_DIR / snapshot.file_name
    if not path.exists():
        return False
    rotated = _cipher().rotate(path.read_bytes()) if hasattr(_cipher(), "rotate") else path.read_bytes()
    temporary = path.with_suffix(".rotating")
    temporary.write_bytes(rotated)
    temporary.replace(path)
    return True


def latest() -> Snapshot | None:
    return Snapshot.objects.order_by("-taken_at", "-id").first()
