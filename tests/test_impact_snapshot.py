"""Snapshots: frozen, verifiable, encrypted at rest, taken from the command line or as a background job."""

import datetime
import hashlib
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from duo.impact import snapshot as snapshots
from duo.impact.models import Snapshot
from duo.jobs.models import Job
from duo.jobs.services import job_start
from duo.journeys.models import Outcome

from .factories import DuoFactory, MeetingFactory, OutcomeFactory


@pytest.fixture
def duos(db, antenna):
    made = []
    for i in range(12):
        duo = DuoFactory(antenna=antenna, status="completed", matched_on=datetime.date(2024, 1, 10),
                         started_on=datetime.date(2024, 1, 20), planned_end_on=datetime.date(2024, 7, 20),
                         ended_on=datetime.date(2024, 7, 20), mentee__person__origin_region="north_africa")
        MeetingFactory(duo=duo, held_on=datetime.date(2024, 2, 1), duration_minutes=90)
        OutcomeFactory(duo=duo, horizon="12m", observed_on=datetime.date(2025, 8, 1),
                       category="job_permanent" if i % 3 else "searching",
                       **({"occupation": None, "sector": "", "hours_per_week": None, "job_started_on": None}
                          if i % 3 == 0 else {}))
        made.append(duo)
    return made


def test_the_command_prints_the_id_and_the_hash_of_what_it_wrote(duos):
    out = io.StringIO()
    call_command("impact_snapshot", "--quiet", stdout=out)
    pk, digest = out.getvalue().split()
    snapshot = Snapshot.objects.get(pk=int(pk))
    assert snapshot.content_hash == digest and snapshot.duos == 12
    sealed = (settings.IMPACT_SNAPSHOT_DIR / snapshot.file_name).read_bytes()
    # Encrypted at rest: the file is not a zip of Parquet files, and origin groups are not readable in it.
    assert not sealed.startswith(b"PK") and b"north_africa" not in sealed
    content = snapshots._cipher().decrypt(sealed)
    assert hashlib.sha256(content).hexdigest() == digest
    frames = snapshots.load(snapshot)
    assert frames.duos["origin_group"].to_list() == ["north_africa"] * 12
    # Nothing that names anyone travels in it.
    assert not {"duo_id", "mentee_id", "mentor_id", "first_name", "last_name", "born_on", "email"} & set(
        frames.duos.columns)


def test_the_same_facts_give_the_same_snapshot_and_new_facts_a_new_one(duos):
    first = snapshots.snapshot_take(as_of=datetime.date(2026, 11, 1))
    assert snapshots.snapshot_take(as_of=datetime.date(2026, 11, 1)) == first
    Outcome.objects.filter(duo=duos[0]).update(category="training")
    second = snapshots.snapshot_take(as_of=datetime.date(2026, 11, 1))
    assert second != first and second.content_hash != first.content_hash
    # The first still gives its own figures: a table is reproducible from its snapshot whatever happened since.
    before = snapshots.load(first).duos["outcome_12m"].to_list()
    after = snapshots.load(second).duos["outcome_12m"].to_list()
    assert before.count("training") == 0 and after.count("training") == 1


def test_a_damaged_file_is_refused_with_a_message(duos, english):
    snapshot = snapshots.snapshot_take()
    snapshots._load.cache_clear()
    path = settings.IMPACT_SNAPSHOT_DIR / snapshot.file_name
    path.write_bytes(path.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(snapshots.SnapshotDamaged):
        snapshots.load(snapshot)
    with pytest.raises(CommandError, match=f"snapshot #{snapshot.pk} cannot be read"):
        call_command("impact_table", "positive_exit_12m", stdout=io.StringIO())


def test_a_lost_file_is_written_again_when_the_same_facts_are_snapshotted(duos):
    snapshot = snapshots.snapshot_take(as_of=datetime.date(2026, 11, 1))
    expected = snapshots.load(snapshot).duos
    (settings.IMPACT_SNAPSHOT_DIR / snapshot.file_name).unlink()
    snapshots._load.cache_clear()
    with pytest.raises(snapshots.SnapshotDamaged):
        snapshots.load(snapshot)
    assert snapshots.snapshot_take(as_of=datetime.date(2026, 11, 1)) == snapshot
    assert snapshots.load(snapshot).duos.equals(expected)


def test_no_snapshot_yet_is_said_plainly(db):
    with pytest.raises(CommandError, match="impact_snapshot"):
        call_command("impact_table", "positive_exit_12m", stdout=io.StringIO())


def test_the_background_job_takes_a_snapshot_and_reports_it(duos, eager, users, django_capture_on_commit_callbacks):
    from duo.accounts.roles import Role

    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="impact_snapshot", params={"note": "before the hearing"}, by=users[Role.OFFICER])
    job = Job.objects.get(pk=job.pk)
    assert job.state == Job.State.SUCCEEDED and job.progress == 100
    snapshot = Snapshot.objects.get(pk=job.result["snapshot"])
    assert snapshot.note == "before the hearing" and snapshot.taken_by == users[Role.OFFICER]
    assert job.result["hash"] == snapshot.content_hash


def test_figures_from_a_small_snapshot(duos):
    snapshots.snapshot_take()
    out = io.StringIO()
    call_command("impact_table", "positive_exit_12m", stdout=out)
    header, total = out.getvalue().splitlines()
    assert header == "numerator,denominator,value,ci_low,ci_high,flag"
    # 8 of 12 in a permanent job; 12 people are fewer than the 30 a reliable figure needs.
    assert total.startswith("8,12,0.6667,") and total.endswith(",:u")
    public = io.StringIO()
    call_command("impact_table", "positive_exit_12m", "--by", "gender", "--public", stdout=public)
    assert public.getvalue().splitlines()[1:] == ["female,8,12,0.6667,0.3906,0.8619,:u", "*,8,12,0.6667,0.3906,0.8619,:u"]


def test_snapshot_files_follow_a_key_rotation(duos, settings):
    from .test_privacy import _forget_keys

    try:
        settings.SALT_KEY = ["old-key-0123456789"]
        _forget_keys()
        snapshot = snapshots.snapshot_take()
        settings.SALT_KEY = ["new-key-9876543210", "old-key-0123456789"]
        _forget_keys()
        call_command("rotate_field_keys", stdout=io.StringIO())
        settings.SALT_KEY = ["new-key-9876543210"]
        _forget_keys()
        snapshots._load.cache_clear()
        assert snapshots.load(snapshot).duos.height == 12
    finally:
        _forget_keys()
        snapshots._load.cache_clear()
