import pytest

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
