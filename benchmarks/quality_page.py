"""How fast the programme-quality page answers on a large organisation.

    .venv/bin/python benchmarks/quality_page.py [--duos N] [--keep PATH]

Seeds N duos (default 100,000) into a throw-away SQLite database (or reuses the one at --keep, seeding
it only when it is empty), then requests the page five times through Django's test client — as
Brussels' coordinator, as an administrator for the whole organisation, and as an administrator for
one antenna beside the organisation (two reports) — and prints one JSON line with the median
milliseconds of each. Target: under 1 s at 100,000 duos.

Last run (SQLite, 100,000 duos, the last 12 months): 643 ms as a coordinator, 852 ms as an
administrator for the whole organisation, 1,459 ms for one antenna beside the organisation (two
reports); "all time" 2.3 s and 3.5 s. The floor on SQLite is the meetings table, which has no index
on its date (a full scan of 1.5 million rows, about 200 ms).
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duos", type=int, default=100_000)
    parser.add_argument("--keep", help="a SQLite file to reuse between runs")
    args = parser.parse_args()

    db_path = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="duo-bench-")) / "quality.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    sys.path.insert(0, str(ROOT))

    import django
    from django.core.management import call_command

    django.setup()
    from django.test import Client

    from duo.accounts.models import User
    from duo.journeys.models import Duo
    from duo.organisation.models import Antenna

    call_command("migrate", verbosity=0, interactive=False)
    if not Duo.objects.exists():
        call_command("seed_demo", duos=args.duos, stdout=sys.stderr)
    brussels = Antenna.objects.get(code="brussels").pk
    cases = {
        "coordinator.page": ("coordinator.brussels@demo.duo", "/fr/staff/quality/"),
        "coordinator.all_time": ("coordinator.brussels@demo.duo", "/fr/staff/quality/?period=all"),
        "coordinator.csv": ("coordinator.brussels@demo.duo", "/fr/staff/quality/quality.csv"),
        "administrator.page": ("admin@demo.duo", "/fr/staff/quality/"),
        "administrator.all_time": ("admin@demo.duo", "/fr/staff/quality/?period=all"),
        "administrator.antenna_vs_organisation": ("admin@demo.duo", f"/fr/staff/quality/?antenna={brussels}"),
    }
    results = {}
    for name, (email, url) in cases.items():
        client = Client()
        client.force_login(User.objects.get(email=email))
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        results[f"{name}_ms"] = round(statistics.median(timings), 1)
    duos = Duo.objects.count()
    if not args.keep:
        from django.db import connections

        connections.close_all()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    print(json.dumps({"benchmark": "quality_page", "duos": duos, "database": "sqlite", **results}))


if __name__ == "__main__":
    main()
