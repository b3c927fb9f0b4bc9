"""How long a 10,000-row mentee spreadsheet takes to check and to import.

    .venv/bin/python benchmarks/import_records.py [--rows N] [--format xlsx|csv] [--postgres URL]

Writes a file of N valid mentees (default 10,000; XLSX by default, as organisations keep them) in a
temporary directory, migrates a throw-away database (SQLite in the same directory, or a new
database created on the PostgreSQL server at URL and dropped afterwards), and runs the code path
of `import_records`: first a check (validate_s), then the import with --commit, which checks again
before writing (import_s). Prints one JSON line.
"""

import argparse
import json
import os
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _postgres_database(url: str) -> tuple[str, callable]:
    """A new empty database on the server at `url`, and how to drop it."""
    import psycopg

    name = f"duo_bench_{uuid.uuid4().hex[:8]}"
    base = url.rsplit("/", 1)[0]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        from django.db import connections

        connections.close_all()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return f"{base}/{name}", drop


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    parser.add_argument("--postgres", help="a PostgreSQL URL whose server may create a throw-away database")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="duo-bench-import-"))
    drop = None
    if args.postgres:
        os.environ["DATABASE_URL"], drop = _postgres_database(args.postgres)
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'import.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "0"  # no query log kept in memory
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import translation

    from duo.intake.records import services
    from duo.organisation.models import Antenna, Region
    from tests.factories_records import csv_bytes, mentee_rows, xlsx_bytes

    try:
        call_command("migrate", verbosity=0, interactive=False)
        antenna = Antenna.objects.create(code="brussels-centre", name="Bruxelles Centre",
                                         region=Region.objects.first(), city="Bruxelles", postal_code="1000")
        rows = mentee_rows(args.rows, antenna=antenna.code)
        path = workdir / f"mentees.{args.format}"
        path.write_bytes(xlsx_bytes(rows) if args.format == "xlsx" else csv_bytes(rows))
        with translation.override("en"):
            data = path.read_bytes()
            started = time.perf_counter()
            checked = services.records_check(kind="mentees", data=data, filename=path.name)
            validate_s = time.perf_counter() - started
            started = time.perf_counter()
            imported = services.records_import(kind="mentees", data=path.read_bytes(), filename=path.name)
            import_s = time.perf_counter() - started
        assert checked.ok and imported.committed and imported.counts["created"] == args.rows, imported.problems[:5]
    finally:
        if drop:
            drop()
        for leftover in workdir.iterdir():
            leftover.unlink()
        workdir.rmdir()
    print(json.dumps({
        "benchmark": "import_records", "database": "postgresql" if args.postgres else "sqlite",
        "format": args.format, "rows": args.rows, "validate_s": round(validate_s, 2), "import_s": round(import_s, 2),
        "total_s": round(validate_s + import_s, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


if __name__ == "__main__":
    main()
