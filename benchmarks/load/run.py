"""The load test of issue 10: gunicorn on PostgreSQL with ~100,000 people, driven by locust (locustfile.py).

    .venv/bin/python benchmarks/load/run.py [--users 50,200] [--duration 60] [--reuse] [--workers N]
    make load

Creates the PostgreSQL database `duo_load` (dropped first if it exists, unless --reuse finds it seeded), migrates,
seeds the demo organisation (64,000 duos give ~106,000 people), prepares the virtual users' logins, meeting-log
links and records reserved for the editing pairs, starts gunicorn with DEBUG off over plain http, then runs locust
headless once per user level (ramp-up as warm-up, statistics reset once every user runs, then --duration
measured seconds) and prints one JSON line per run:
{"benchmark":"load","users":50,"requests":…,"p50_ms":…,"p95_ms":…,"errors":…,"lost_updates":0,"rps":…}.
"""

import argparse
import csv
import json
import os
import signal
import subprocess  # nosec B404
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PY = sys.executable


def environment(database_url: str, work: Path) -> dict:
    """What the seeding, the preparation and gunicorn share: the same keys (development's, for made-up data),
    DEBUG off, and the public limits raised so that one load generator on 127.0.0.1 is not taken for a spammer."""
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url, "DEBUG": "0", "DUO_ENV": "development",
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "APPLY_RATE_LIMIT": "100000000", "RATE_LIMIT_PUBLIC_FORMS": "0",
        "RATE_LIMIT_TOKEN_MISSES": "0", "TWO_FACTOR_REQUIRED": "0", "AXES_FAILURE_LIMIT": "100000",
        "EMAIL_URL": "dummy://", "LOG_LEVEL": "WARNING", "SESSION_IDLE_MINUTES": "600",
        "MEDIA_ROOT": str(work / "media"), "IMPACT_SNAPSHOT_DIR": str(work / "snapshots"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    })
    return env


def database(name: str, *, reuse: bool, admin_url: str) -> bool:
    """Creates the database (dropping an old one); True if it is new and must be seeded."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reuse:
            return False
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return True


def prepare(out: Path):
    """Run inside Django (subprocess): writes the data file the locustfile reads."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db.models import Count
    from django.utils import timezone

    from duo.demo.credentials import LOGINS
    from duo.journeys.models import Duo
    from duo.meetinglog import tokens
    from duo.meetinglog.models import AccessLink
    from duo.people.models import Person
    from duo.reference.models import Occupation

    antennas = {}
    for login in LOGINS:
        if login.role != "coordinator":
            continue
        code = login.antennas[0]
        people = list(Person.objects.filter(antenna__code=code).order_by("?").values_list("pk", flat=True)[:3000])
        active = list(Duo.objects.filter(antenna__code=code, status="active").order_by("?")
                      .values_list("pk", flat=True)[:900])
        antennas[code] = {"people": people[:1000], "pair_people": people[1000:], "duos": list(
            Duo.objects.filter(antenna__code=code).order_by("?").values_list("pk", flat=True)[:500]),
            "pair_duos": active[300:]}
        antennas[code]["mentor_duos"] = active[:300]
    links = []
    for code, lists in antennas.items():
        for duo in Duo.objects.filter(pk__in=lists.pop("mentor_duos")).select_related("mentor"):
            token, digest = tokens.new_token()
            AccessLink.objects.create(duo=duo, person_id=duo.mentor.person_id, token_hash=digest,
                                      created_at=timezone.now())
            links.append(token)
    names = [row["last_name"] for row in Person.objects.values("last_name").annotate(n=Count("id")).order_by("-n")[:40]]
    occupation = Occupation.objects.order_by("pk").values_list("pk", flat=True).first()
    sys.path.insert(0, str(ROOT / "tests"))
    from factories_apply import mentee_data  # the same answers the apply tests send

    application = mentee_data(target_occupation=str(occupation))
    out.write_text(json.dumps({
        "coordinators": [{"email": l.email, "password": l.password, "antenna": l.antennas[0]}
                         for l in LOGINS if l.role == "coordinator"],
        "antennas": antennas, "meeting_tokens": links, "search_terms": [n.lower() for n in names],
        "application": application, "people": Person.objects.count(),
    }))


def port_free(port: int):
    """Another server on the port would answer locust in gunicorn's place (and gunicorn would die quietly)."""
    import socket

    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(f"port {port} is already in use: stop what listens there or pass --port")


def wait_for(url: str, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)  # nosec B310
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer at {url}")


def run_level(users: int, args, env, work: Path, host: str, people: int) -> dict:
    prefix = work / f"locust-{users}"
    tally = work / f"tally-{users}.json"
    spawn_rate = max(5, users // 10)
    ramp = users / spawn_rate
    command = [str(Path(PY).parent / "locust"), "-f", str(HERE / "locustfile.py"), "--headless", "--host", host,
               "-u", str(users), "-r", str(spawn_rate), "-t", f"{int(ramp + args.duration)}s",
               "--reset-stats", "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"]
    subprocess.run(command, env={**env, "LOAD_RESULT": str(tally)}, check=False,  # nosec B603
                   stdout=subprocess.DEVNULL, stderr=open(work / f"locust-{users}.log", "w"))
    with open(f"{prefix}_stats.csv") as handle:
        total = next(row for row in csv.DictReader(handle) if row["Name"] == "Aggregated")
    pairs = json.loads(tally.read_text()) if tally.exists() else {}
    return {"benchmark": "load", "users": users, "people": people, "database": "postgresql",
            "workers": args.workers, "seconds": args.duration, "requests": int(total["Request Count"]),
            "p50_ms": float(total["50%"]), "p95_ms": float(total["95%"]), "errors": int(total["Failure Count"]),
            "lost_updates": pairs.get("overwritten"), "conflicts_told": pairs.get("told"),
            "pairs": pairs.get("pairs"), "pairs_unexpected": pairs.get("unexpected"),
            "rps": round(float(total["Requests/s"]), 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", default="50,200", help="user levels, comma-separated")
    parser.add_argument("--duration", type=int, default=60, help="measured seconds per level, after ramp-up")
    parser.add_argument("--duos", type=int, default=64_000, help="duos to seed (64,000 give ~106,000 people)")
    parser.add_argument("--database", default="duo_load")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL")
    parser.add_argument("--reuse", action="store_true", help="keep an existing seeded database")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--prepare", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        return prepare(Path(args.prepare))

    work = Path(tempfile.mkdtemp(prefix="duo-load-"))
    url = f"{args.server}/{args.database}"
    env = environment(url, work)
    if database(args.database, reuse=args.reuse, admin_url=f"{args.server}/postgres"):
        subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)  # nosec
        subprocess.run([PY, "manage.py", "seed_demo", "--duos", str(args.duos)], cwd=ROOT, env=env,  # nosec B603
                       check=True, stdout=sys.stderr)
    data = work / "data.json"
    subprocess.run([PY, str(Path(__file__).resolve()), "--prepare", str(data)], cwd=ROOT, env=env, check=True)  # nosec
    env["LOAD_DATA"] = str(data)
    people = json.loads(data.read_text())["people"]
    host = f"http://127.0.0.1:{args.port}"
    port_free(args.port)
    server = subprocess.Popen(  # nosec B603
        [str(Path(PY).parent / "gunicorn"), "config.wsgi", "--workers", str(args.workers), "--bind",
         f"127.0.0.1:{args.port}", "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env=env, stderr=open(work / "gunicorn.log", "w"))
    try:
        wait_for(f"{host}/fr/accounts/login/")
        for users in (int(u) for u in args.users.split(",")):
            print(json.dumps(run_level(users, args, env, work, host, people)), flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    print(f"logs and locust's CSV files: {work}", file=sys.stderr)


if __name__ == "__main__":
    main()
