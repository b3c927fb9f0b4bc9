"""How the survey pages and jobs hold up with many invitations: the rates pages, a wave's non-respondents,
the pseudonymised export and the daily send run, on the demo organisation plus N invitations.

    .venv/bin/python benchmarks/surveys.py [--invitations N] [--keep PATH]

Prints one JSON line. The extra invitations are inserted in bulk (half answered, a tenth declined), with
one answer row each, which is enough for the counts; the export reads the demo's real responses.
"""

import argparse
import datetime
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _median_ms(client, url, runs=5):
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return round(statistics.median(timings), 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invitations", type=int, default=100_000)
    parser.add_argument("--keep", help="a SQLite file to reuse between runs")
    args = parser.parse_args()

    db_path = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="duo-bench-")) / "surveys.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["EMAIL_URL"] = "dummy://"
    sys.path.insert(0, str(ROOT))

    import django
    from django.core.management import call_command

    django.setup()
    from django.test import Client
    from django.utils import timezone

    from duo.accounts.models import User
    from duo.journeys.models import Duo
    from duo.survey import schedule
    from duo.survey.models import Instrument, Invitation, InvitationStatus, Wave

    call_command("migrate", verbosity=0, interactive=False)
    if not Duo.objects.exists():
        call_command("seed_demo", stdout=sys.stderr)
    missing = args.invitations - Invitation.objects.count()
    if missing > 0:
        rng = random.Random(7)
        duos = list(Duo.objects.select_related("mentee__person").values_list("pk", "antenna_id", "mentee__person_id"))
        instruments = list(Instrument.objects.prefetch_related("versions"))
        now = timezone.now()
        rows = []
        for i in range(missing):
            instrument = instruments[i % len(instruments)]
            month = datetime.date(2019 + (i // 3000) % 8, 1 + i % 12, 1)
            wave, _ = Wave.objects.get_or_create(instrument=instrument, opens_on=month)
            duo_id, antenna_id, person_id = duos[rng.randrange(len(duos))]
            roll = rng.random()
            status = (InvitationStatus.COMPLETED if roll < .5 else InvitationStatus.OPTED_OUT if roll < .6
                      else InvitationStatus.PENDING)
            rows.append(Invitation(wave=wave, version=instrument.versions.all()[0], person_id=person_id,
                                   duo_id=duo_id, antenna_id=antenna_id, due_on=month, language="fr",
                                   token_hash=f"bench-{i}-{rng.random()}", status=status,
                                   expires_at=now - datetime.timedelta(days=1)))
            if len(rows) == 5000:
                Invitation.objects.bulk_create(rows)
                rows = []
        Invitation.objects.bulk_create(rows)
    results = {}
    busiest = Wave.objects.order_by("-opens_on").first()
    for label, email in (("coordinator", "coordinator.brussels@demo.duo"), ("administrator", "admin@demo.duo")):
        client = Client()
        client.force_login(User.objects.get(email=email))
        results[f"{label}.waves_ms"] = _median_ms(client, "/fr/staff/surveys/waves/")
        results[f"{label}.wave_ms"] = _median_ms(client, f"/fr/staff/surveys/waves/{busiest.pk}/")
    client = Client()
    client.force_login(User.objects.get(email="admin@demo.duo"))
    started = time.perf_counter()
    response = client.get("/fr/staff/surveys/export/", {"instrument": Instrument.objects.get(kind="mentee_end").pk,
                                                        "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv"), response["Content-Type"]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    results["export_ms"] = round((time.perf_counter() - started) * 1000, 1)
    results["export_rows"] = body.count(b"\n") - 1
    started = time.perf_counter()
    summary = schedule.send_surveys(today=timezone.localdate(), dry_run=True)
    results["send_surveys_dry_run_ms"] = round((time.perf_counter() - started) * 1000, 1)
    results["due_today"] = summary.invited
    if not args.keep:
        from django.db import connections

        connections.close_all()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    print(json.dumps({"benchmark": "surveys", "invitations": args.invitations, "database": "sqlite", **results,
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))


if __name__ == "__main__":
    main()
