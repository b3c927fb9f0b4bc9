import os
import shutil
import socket
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# The suite runs on shared CI machines beside a browser: timing-based health checks and deadlines there say
# how busy the machine was, not whether a property holds. Properties themselves are checked as usual.
hypothesis_settings.register_profile("duo", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("duo")

from duo.accounts.roles import Role

from .factories import PASSWORD, AntennaFactory, DuoFactory, UserFactory


@pytest.fixture
def antenna(db):
    return AntennaFactory(code="brussels-centre", name="Bruxelles Centre")


@pytest.fixture
def other_antenna(db):
    return AntennaFactory(code="liege", name="Liège")


@pytest.fixture
def users(db, antenna):
    """One staff member per role; coordinator and viewer attached to `antenna` only."""
    return {
        Role.ADMINISTRATOR: UserFactory(role=Role.ADMINISTRATOR, email="admin@duo.test"),
        Role.COORDINATOR: UserFactory(role=Role.COORDINATOR, email="coord@duo.test", antennas=[antenna]),
        Role.OFFICER: UserFactory(role=Role.OFFICER, email="officer@duo.test"),
        Role.RESEARCHER: UserFactory(role=Role.RESEARCHER, email="researcher@duo.test"),
        Role.VIEWER: UserFactory(role=Role.VIEWER, email="viewer@duo.test", antennas=[antenna]),
    }


@pytest.fixture
def coordinator(users):
    return users[Role.COORDINATOR]


@pytest.fixture
def admin_user(users):
    return users[Role.ADMINISTRATOR]


@pytest.fixture
def own_duo(antenna):
    return DuoFactory(antenna=antenna)


@pytest.fixture
def foreign_duo(other_antenna):
    return DuoFactory(antenna=other_antenna)


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests that check hashing itself override this back.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_rate_limits_by_default(settings):
    # Every test client comes from 127.0.0.1 and the cache outlives a test: the forged links of the permission matrix
    # would soon trip the per-address limits. tests/test_ratelimits.py sets them back and checks them.
    settings.RATE_LIMIT_TOKEN_MISSES = 0
    settings.RATE_LIMIT_PUBLIC_FORMS = 0


# The shared reference data sits beside the repository checkout (../shared); never copied into it.
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def _shared(*parts):
    path = SHARED_DATA.joinpath(*parts)
    assert path.is_file(), f"{path} is missing: the shared data must sit beside the repository"
    return path


@pytest.fixture
def places_csv():
    return _shared("belgian-places", "belgian-cities-geocoded.csv")


@pytest.fixture
def isco_csv():
    return _shared("isco08", "isco08-groups.csv")


@pytest.fixture
def eager():
    """The default configuration without REDIS_URL: jobs run inline. Forced, so that tests mean the
    same thing on a machine whose environment sets REDIS_URL."""
    from config.celery import app as celery_app

    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved


@pytest.fixture(scope="session", autouse=True)
def _snapshots_in_a_temporary_folder(tmp_path_factory):
    """Impact snapshots (the demo seeding takes one too) are written beside the test run, never into var/."""
    from django.conf import settings

    settings.IMPACT_SNAPSHOT_DIR = tmp_path_factory.mktemp("snapshots")


@pytest.fixture(scope="session", autouse=True)
def _uploads_in_a_temporary_folder(tmp_path_factory):
    """Uploads (testimony photos, the permission matrix's among them) are written beside the test run, never
    into var/media."""
    from django.conf import settings

    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's default language: one that activates another and forgets to
    restore it must not change what the next test in the same process reverses or renders."""
    from django.conf import settings

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def english():
    """Commands and jobs speak the active language (French by default): read them in English."""
    with translation.override("en"):
        yield


# --- the browser, for tests marked `browser` --------------------------------------------------
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def _sync_orm_beside_playwright():
    # Playwright's sync API runs an event loop in this thread; the ORM calls in those tests are
    # plain test setup. Module-scoped, so it is in place before any function-scoped fixture.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def browser(_sync_orm_beside_playwright, migrated_data):
    """Debian's chromium driven by Playwright (Playwright's own browser download does not work here)."""
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium).")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def migrated_data(django_db_setup):
    """The data the migrations wrote (regions, municipalities, themes…), as serialized when the test database was
    created. Read before the browser starts (the browser fixture asks for it): Playwright's sync API runs the tests in a context of its own, whose
    database connection lacks it, so pytest-django's serialized rollback cannot restore it there."""
    from django.db import connections

    return getattr(connections["default"], "_test_serialized_contents", "")


@pytest.fixture(scope="module")
def organisation(django_db_setup, django_db_blocker):
    """A 300-duo demo organisation with its first snapshot (and the demo's published experience report), shared by
    a module's read-mostly tests and rolled back afterwards. Modules that need another demo define their own."""
    import io

    from django.core.management import call_command
    from django.db import transaction

    from duo.impact.models import Snapshot

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", duos=300, seed=5, stdout=io.StringIO(), stderr=io.StringIO())
        yield Snapshot.objects.get()
        transaction.set_rollback(True)


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection is recorded (and fails): a PDF renderer reaching out would show here."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network refused by the test")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", lambda self, *a: refuse(*a))
    return attempts
