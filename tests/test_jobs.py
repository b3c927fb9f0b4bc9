"""Background jobs: the reference imports run inline by default and through a real Celery worker."""

import threading
import uuid

import pytest
from celery import signals
from celery.contrib.testing.worker import start_worker
from django.db import connections

import duo.reference.jobs  # noqa: F401  registers the reference.* job handlers
from config.celery import app as celery_app
from duo.accounts.roles import Role
from duo.jobs.models import Job
from duo.jobs.services import job_start
from duo.reference.models import Occupation, Place

from .factories import UserFactory

TEST_REDIS_URL = "redis://127.0.0.1:6379/15"


pytestmark = pytest.mark.usefixtures("english")


def start(kind, path, by, capture):
    with capture(execute=True):
        job = job_start(kind=kind, params={"path": str(path)}, by=by)
    job.refresh_from_db()
    return job


def test_places_import_job_runs_inline(eager, coordinator, places_csv, django_capture_on_commit_callbacks):
    job = start("reference.import_places", places_csv, coordinator, django_capture_on_commit_callbacks)

    assert job.state == Job.State.SUCCEEDED, job.error
    assert job.progress == 100
    assert job.result == {"created": 2790, "updated": 0, "unchanged": 0, "total": 2790, "skipped": 5}
    assert job.message == ""  # the last step's message is cleared once the job is done
    assert job.started_at and job.finished_at and job.error == ""
    assert Place.objects.count() == 2790


def test_isco_import_job_runs_inline(eager, coordinator, isco_csv, django_capture_on_commit_callbacks):
    job = start("reference.import_isco", isco_csv, coordinator, django_capture_on_commit_callbacks)
    assert job.state == Job.State.SUCCEEDED, job.error
    assert job.result == {"created": 566, "updated": 0, "unchanged": 53, "total": 619, "not_in_file": 0}
    assert Occupation.objects.count() == 619


def test_failing_job_is_recorded_not_raised(eager, coordinator, tmp_path, django_capture_on_commit_callbacks):
    path = tmp_path / "bad.csv"
    path.write_text("postal,name,lat,lng\n1000,Brussel,50.84,4.35\n1020,Laken,north,4.35\n")
    job = start("reference.import_places", path, coordinator, django_capture_on_commit_callbacks)

    assert job.state == Job.State.FAILED
    assert "Nothing was imported" in job.error
    assert "Row 3, column “lat”, value “north”: not a number" in job.error
    assert job.progress < 100 and job.result == {} and job.finished_at
    assert Place.objects.count() == 0

    job = start("reference.import_places", tmp_path / "missing.csv", coordinator, django_capture_on_commit_callbacks)
    # Not something the user can fix: the page says so, the details stay in the logs.
    assert job.state == Job.State.FAILED and "unexpected error" in job.error and "missing.csv" not in job.error


def test_job_page_is_for_its_owner(eager, coordinator, antenna, login, places_csv, django_capture_on_commit_callbacks):
    job = start("reference.import_places", places_csv, coordinator, django_capture_on_commit_callbacks)
    url = f"/en/staff/jobs/{job.pk}/"

    response = login(coordinator).get(url)
    assert response.status_code == 200
    assert "Succeeded" in response.content.decode() and "2790" in response.content.decode()

    other = UserFactory(role=Role.COORDINATOR, antennas=[antenna])
    assert login(other).get(url).status_code == 404
    assert login(other).get(f"/en/staff/jobs/{uuid.uuid4()}/").status_code == 404


# ---- a real worker --------------------------------------------------------------------------------


def redis_client(url: str):
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis_client(url).ping())
    except (redis.exceptions.RedisError, OSError):
        return False


def _forget_connections(app):
    """Drop the broker connections and queue settings the app derived from its old configuration.

    kombu keeps its pools in process-wide registries keyed by broker URL: closing one without
    clearing the registry left a closed pool there, and every later task sent from this process
    (even an eager one, which still takes a producer) failed with "Acquire on closed pool".
    """
    from kombu import pools

    pools.reset()
    app._pool = None
    app.__dict__.pop("amqp", None)


@pytest.fixture
def celery_worker():
    """An in-process Celery worker (a thread) on the local Redis, database 15, with a queue of its
    own so that parallel test runs (xdist, other checkouts) never take each other's tasks."""
    if not redis_answers(TEST_REDIS_URL):
        pytest.skip(f"no Redis answers at {TEST_REDIS_URL}: the real-worker test needs a local redis-server")
    queue = f"duo-test-{uuid.uuid4().hex}"
    overrides = {
        "broker_url": TEST_REDIS_URL,
        "task_always_eager": False,
        "task_default_queue": queue,
        "worker_hijack_root_logger": False,
        "worker_enable_remote_control": False,
    }
    saved = {key: celery_app.conf[key] for key in overrides}
    celery_app.conf.update(overrides)
    _forget_connections(celery_app)
    try:
        with start_worker(celery_app, perform_ping_check=False, shutdown_timeout=30) as worker:
            yield worker
    finally:
        celery_app.conf.update(saved)
        _forget_connections(celery_app)
        client = redis_client(TEST_REDIS_URL)
        leftovers = list(client.scan_iter(match=f"*{queue}*"))  # the queue and its kombu bindings
        if leftovers:
            client.delete(*leftovers)


@pytest.fixture
def finished_tasks():
    """Job ids whose task the worker has finished, with an event set on each (no database polling,
    which SQLite's shared in-memory test database would answer with 'table is locked')."""
    done: dict[str, threading.Event] = {}

    def on_postrun(sender=None, args=(), **kwargs):
        if sender is not None and sender.name == "duo.jobs.run_job":
            event = done.setdefault(str(args[0]), threading.Event())
            event.eager = bool(sender.request.is_eager)
            event.thread = threading.current_thread()
            if not event.eager:
                connections.close_all()  # the worker thread's own connections, before the test DB is dropped
            event.set()

    signals.task_postrun.connect(on_postrun, weak=False)
    yield lambda job_id: done.setdefault(str(job_id), threading.Event())
    signals.task_postrun.disconnect(on_postrun)


@pytest.mark.django_db(transaction=True)
def test_job_runs_on_a_real_worker(celery_worker, finished_tasks, tmp_path):
    assert not celery_app.conf.task_always_eager
    user = UserFactory(role=Role.ADMINISTRATOR)
    path = tmp_path / "places.csv"
    path.write_text("postal,name,lat,lng,province\n1000,Brussel,50.8427501,4.3515499,\n4000,Liège,50.63,5.57,Luik\n")

    job = job_start(kind="reference.import_places", params={"path": str(path)}, by=user)  # sent on commit
    finished = finished_tasks(job.pk)
    assert finished.wait(timeout=60), "the worker did not run the job within 60 s"
    assert not finished.eager and finished.thread is not threading.current_thread()  # it went through Redis

    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED, job.error
    assert job.progress == 100
    assert job.result == {"created": 2, "updated": 0, "unchanged": 0, "total": 2, "skipped": 0}
    assert set(Place.objects.values_list("postal_code", "name")) == {("1000", "Brussel"), ("4000", "Liège")}
