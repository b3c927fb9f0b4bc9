"""How long seed_demo takes, and how much memory it needs, on a fresh SQLite database.

    .venv/bin/python benchmarks/seed_demo.py [--duos N] [--seed S]

Prints one JSON line. Progress goes to stderr. The throw-away database is deleted afterwards.
"""

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duos", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="duo-bench-")
    db_path = Path(workdir) / "seed.sqlite3"
    # Set before Django reads its settings: the benchmark never touches the developer's database.
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))

    import django
    from django.core.management import call_command

    django.setup()
    try:
        call_command("migrate", verbosity=0, interactive=False)
        started = time.perf_counter()
        call_command("seed_demo", duos=args.duos, seed=args.seed, stdout=sys.stderr)
        seconds = time.perf_counter() - started
    finally:
        from django.db import connections

        connections.close_all()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        os.rmdir(workdir)
    # ru_maxrss is in kilobytes on Linux.
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"benchmark": "seed_demo", "duos": args.duos, "seconds": round(seconds, 1),
                      "peak_rss_mb": round(peak_rss_mb, 1), "database": "sqlite"}))


if __name__ == "__main__":
    main()
