"""Backup and restore (duo.core.backup, docs/backup.md) on the engine the suite runs on: a backup restored into a
NEW database holds every row of every table, every encrypted field decrypts to its original value with the kept
keys, and the snapshot and uploaded files come back byte for byte."""

import base64
import hashlib
import secrets
import sqlite3
import uuid
from pathlib import Path

import psycopg
import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.db import connection
from encrypted_fields.fields import EncryptedJSONField

from duo.core.backup import BackupError, backup, restore, verify
from duo.impact.models import Snapshot
from duo.impact.snapshot import _cipher, snapshot_take
from duo.people.management.commands.rotate_field_keys import encrypted_fields
from duo.people.models import Person

from .factories import AntennaFactory, DuoFactory, MeetingFactory, PersonFactory


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def restored_database():
    """A uniquely named new database (PostgreSQL) or file (SQLite) to restore into; dropped afterwards.
    Yields (url, open) where open() gives a DB-API connection to it."""
    if connection.vendor == "postgresql":
        params = connection.settings_dict
        name = f"duo_restore_{uuid.uuid4().hex[:12]}"
        server = dict(host=params["HOST"] or None, port=params["PORT"] or None, user=params["USER"] or None,
                      password=params["PASSWORD"] or None)
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        auth = f"{params['USER']}{':' + params['PASSWORD'] if params['PASSWORD'] else ''}@"
        url = f"postgres://{auth}{params['HOST'] or 'localhost'}:{params['PORT'] or 5432}/{name}"
        opened = []

        def open_():
            opened.append(psycopg.connect(dbname=name, **server))
            return opened[-1]

        yield url, open_
        for handle in opened:
            handle.close()
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="duo-restore-"))
        path = folder / "restored.sqlite3"
        opened = []

        def open_():
            opened.append(sqlite3.connect(path))
            return opened[-1]

        yield f"sqlite:///{path}", open_
        for handle in opened:
            handle.close()
        path.unlink(missing_ok=True)
        folder.rmdir()


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_holds_every_row_every_decryptable_field_and_every_file(
        settings, tmp_path, restored_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPACT_SNAPSHOT_DIR = tmp_path / "snapshots"
    # A small organisation: mentees with special-category answers, duos with meetings, a snapshot. Made with
    # factories rather than the demo seeder: an earlier transactional test's flush may have removed the migrations'
    # reference data the seeder needs, and whatever is in the database is what must come back.
    antenna = AntennaFactory()
    for n in range(12):
        duo = DuoFactory(antenna=antenna, mentee__person__nationality_background="non_eu_national",
                         mentee__person__origin_region="north_africa", mentee__person__residence_route="family")
        MeetingFactory(duo=duo)
    snapshot_take()
    PersonFactory(nationality_background="non_eu_national", origin_region="north_africa", residence_route="family")
    photo = settings.MEDIA_ROOT / "testimonies" / "portrait.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8\xff\xe0" + secrets.token_bytes(2048))
    snapshot = Snapshot.objects.order_by("-id").first()
    assert Person.objects.exclude(origin_region=None).exists()

    folder = backup(tmp_path / "backups")
    url, open_restored = restored_database
    restore(folder, database_url=url, media_root=tmp_path / "restored-media",
            snapshot_dir=tmp_path / "restored-snapshots")
    restored = open_restored()

    # Every table, every row (Django's own tables and the migrations' reference data included).
    qn = connection.ops.quote_name
    tables = connection.introspection.table_names()
    assert len(tables) > 50
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {qn(table)}")  # nosec B608
            expected = cursor.fetchone()[0]
            found = restored.execute(f"SELECT COUNT(*) FROM {qn(table)}").fetchone()[0]  # nosec B608
            assert found == expected, table

    # Every encrypted field of every row: the stored token, decrypted with the kept keys, is the original value.
    checked = 0
    for model, names in encrypted_fields().items():
        fields = [model._meta.get_field(name) for name in names]
        columns = ", ".join(qn(f.column) for f in fields)
        original = {row[0]: row[1:] for row in model._base_manager.values_list("pk", *names)}
        rows = restored.execute(f"SELECT {qn(model._meta.pk.column)}, {columns} "  # nosec B608
                                f"FROM {qn(model._meta.db_table)}").fetchall()
        assert len(rows) == len(original), model
        for pk, *tokens in rows:
            for field, token, value in zip(fields, tokens, original[pk]):
                if token is None:
                    assert value in (None, "", {}, []), (model, field.name)
                    continue
                if isinstance(field, EncryptedJSONField):
                    decoded = field.to_python(token)
                    assert "gAAAAA" not in repr(decoded), (model, field.name)  # no leaf left undecrypted
                else:
                    decoded = field.f.decrypt(token.encode()).decode()  # raises InvalidToken on a wrong key
                    decoded = field.to_python(decoded)
                assert decoded == value, (model, field.name, pk)
                checked += 1
    assert checked >= 30

    # Without the keys, the same tokens are unreadable: that is why they are kept apart from the dumps.
    stranger = Fernet(base64.urlsafe_b64encode(secrets.token_bytes(32)))
    person = restored.execute(f"SELECT {qn('origin_region')} FROM {qn(Person._meta.db_table)} "  # nosec B608
                              f"WHERE {qn('origin_region')} IS NOT NULL").fetchone()
    with pytest.raises(InvalidToken):
        stranger.decrypt(person[0].encode())

    # The files: the same bytes, and the snapshot still opens and matches the hash recorded in the database.
    assert _sha(tmp_path / "restored-media" / "testimonies" / "portrait.jpg") == _sha(photo)
    snapshot_file = tmp_path / "restored-snapshots" / snapshot.file_name
    assert _sha(snapshot_file) == _sha(settings.IMPACT_SNAPSHOT_DIR / snapshot.file_name)
    assert hashlib.sha256(_cipher().decrypt(snapshot_file.read_bytes())).hexdigest() == snapshot.content_hash


@pytest.mark.django_db(transaction=True)  # a backup reads committed data
def test_a_damaged_backup_is_refused_before_anything_is_restored(settings, tmp_path, restored_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPACT_SNAPSHOT_DIR = tmp_path / "snapshots"
    PersonFactory(origin_region="north_africa")
    folder = backup(tmp_path / "backups")
    assert verify(folder)["engine"] == connection.vendor
    dump = next(p for p in folder.iterdir() if p.name.startswith("database."))
    dump.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])
    url, _open = restored_database
    with pytest.raises(BackupError, match="SHA-256"):
        restore(folder, database_url=url, media_root=tmp_path / "m", snapshot_dir=tmp_path / "s")
    assert not (tmp_path / "m").exists()
