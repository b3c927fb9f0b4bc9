"""Backup and restore (docs/backup.md): the database, the uploaded files and the impact snapshots, in one folder.

    python manage.py backup /backups            # writes /backups/duo-YYYYmmdd-HHMMSS/
    python manage.py restore /backups/duo-... --database-url postgres://…/duo_restored

A backup folder holds:
- `database.dump` (PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore --clean --no-owner`), or
  `database.sqlite3` (SQLite: the online backup API, a consistent copy even while Duo writes; never a plain copy
  of a live file, which can catch a half-written page or miss what sits in the -wal file);
- `media.tar.gz` (uploads: testimony photos) and `snapshots.tar.gz` (IMPACT_SNAPSHOT_DIR, encrypted files);
- `MANIFEST.json`: what was backed up, from which engine, and the SHA-256 of each file.

It never holds the keys (SECRET_KEY, DUO_FIELD_KEYS, PAIR_GUARD_KEY): without them the encrypted columns and the
snapshot files of a backup are unreadable, which is the point — they are kept apart, see docs/backup.md.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
# pg_dump and pg_restore, run with argument lists, never through a shell.
import subprocess  # nosec B404
import tarfile
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connections

DUMP = "database.dump"
SQLITE = "database.sqlite3"
MEDIA = "media.tar.gz"
SNAPSHOTS = "snapshots.tar.gz"
MANIFEST = "MANIFEST.json"


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pg_environment(settings_dict: dict) -> dict:
    """libpq's environment for a Django PostgreSQL database: the password never appears on a command line."""
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                      ("NAME", "PGDATABASE")):
        if settings_dict.get(key):
            env[name] = str(settings_dict[key])
    return env


def _tar(source: Path, target: Path) -> int:
    """The folder's files, paths relative to it; 0 files gives an empty archive (restores to nothing)."""
    count = 0
    with tarfile.open(target, "w:gz") as archive:
        if source.is_dir():
            for path in sorted(source.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(source)))
                    count += 1
    return count


def backup(destination: Path, *, using: str = "default", stamp: str | None = None) -> Path:
    """Writes a new backup folder under `destination` and returns it."""
    connection = connections[using]
    stamp = stamp or datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = Path(destination) / f"duo-{stamp}"
    folder.mkdir(parents=True, exist_ok=False)
    vendor = connection.vendor
    if vendor == "postgresql":
        # Custom format: compressed, and pg_restore can pick, reorder and --clean from it.
        result = subprocess.run(  # nosec B603
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(folder / DUMP)],
            env=pg_environment(connection.settings_dict), capture_output=True, text=True)
        if result.returncode:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        database = DUMP
    elif vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(folder / SQLITE)
        try:
            connection.connection.backup(target)  # the online backup API: consistent while others write
        finally:
            target.close()
        database = SQLITE
    else:
        raise BackupError(f"No backup procedure for the {vendor} engine.")
    media = _tar(Path(settings.MEDIA_ROOT), folder / MEDIA)
    snapshots = _tar(Path(settings.IMPACT_SNAPSHOT_DIR), folder / SNAPSHOTS)
    files = {name: _sha256(folder / name) for name in (database, MEDIA, SNAPSHOTS)}
    (folder / MANIFEST).write_text(json.dumps({
        "engine": vendor, "taken_at": datetime.datetime.now(datetime.UTC).isoformat(), "database": database,
        "media_files": media, "snapshot_files": snapshots, "sha256": files,
        "keys": "not included: restore SECRET_KEY, DUO_FIELD_KEYS and PAIR_GUARD_KEY from where they are kept",
    }, indent=2))
    return folder


def verify(folder: Path) -> dict:
    """The manifest, after checking every file against its SHA-256 (a truncated copy is refused)."""
    manifest = json.loads((Path(folder) / MANIFEST).read_text())
    for name, digest in manifest["sha256"].items():
        if _sha256(Path(folder) / name) != digest:
            raise BackupError(f"{name} does not match its SHA-256 in {MANIFEST}: the backup is damaged.")
    return manifest


def _untar(archive: Path, target: Path):
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(target, filter="data")  # "data": no absolute paths, links out of the folder or devices


def restore(folder: Path, *, database_url: str, media_root: Path, snapshot_dir: Path) -> dict:
    """Restores a backup folder into a NEW database (PostgreSQL: created beforehand, e.g. `createdb duo_restored`;
    SQLite: a file that must not exist yet) and the files into the folders given."""
    folder = Path(folder)
    manifest = verify(folder)
    url = urlsplit(database_url)
    if manifest["engine"] == "postgresql":
        if url.scheme not in ("postgres", "postgresql", "pgsql"):
            raise BackupError("A PostgreSQL backup restores into a PostgreSQL database (postgres://…).")
        result = subprocess.run(  # nosec B603
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--exit-on-error",
             "--dbname", database_url, str(folder / DUMP)], capture_output=True, text=True)
        if result.returncode:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    else:
        if url.scheme != "sqlite":
            raise BackupError("A SQLite backup restores into a SQLite file (sqlite:////path/duo.sqlite3).")
        target = Path(url.path[1:] if url.path.startswith("//") else url.path)
        if target.exists():
            raise BackupError(f"{target} exists: restore into a new file, then move it into place with Duo stopped.")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / SQLITE, target)  # the backup file is closed and consistent: a copy is safe here
    _untar(folder / MEDIA, Path(media_root))
    _untar(folder / SNAPSHOTS, Path(snapshot_dir))
    return manifest
