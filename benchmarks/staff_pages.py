"""How fast the staff pages answer on a large organisation, as a coordinator and as an administrator.

    .venv/bin/python benchmarks/staff_pages.py [--duos N] [--keep PATH]

Seeds N duos (default 200,000) into a throw-away SQLite database (or reuses the one at --keep,
seeding it only when it is empty), then requests each page five times through Django's test
client and prints one JSON line with the median milliseconds per page and role.
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
PAGES = {
    "staff_home": "/fr/staff/",
    "people_list": "/fr/staff/people/",
    "people_search": "/fr/staff/people/?q=benali",
    "ready_mentees": "/fr/staff/people/?role=mentee&stage=ready",
    "duo_list": "/fr/staff/duos/",
    "duos_needing_attention": "/fr/staff/duos/?attention=1",
    "admin_people": "/fr/admin/people/person/",
    "matching_home": "/fr/staff/matching/",
    "quality": "/fr/staff/quality/",
    "quality_all_time": "/fr/staff/quality/?period=all",
    "quality_csv": "/fr/staff/quality/quality.csv",
    "this_week": "/fr/staff/follow-up/",
    "peer_exchange_rule": "/fr/staff/peer-exchange/mentors/",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duos", type=int, default=200_000)
    parser.add_argument("--keep", help="a SQLite file to reuse between runs")
    args = parser.parse_args()

    db_path = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="duo-bench-")) / "pages.sqlite3"
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

    call_command("migrate", verbosity=0, interactive=False)
    if not Duo.objects.exists():
        call_command("seed_demo", duos=args.duos, stdout=sys.stderr)
    pages = dict(PAGES)
    # Brussels' last matching meeting, its full list of proposals and one proposal with its shortlist.
    from duo.matching.models import MatchingRun
    from duo.organisation.models import Antenna

    # One antenna beside the whole organisation: the quality page computes its figures twice.
    pages["quality_antenna_vs_organisation"] = f"/fr/staff/quality/?antenna={Antenna.objects.get(code='brussels').pk}"

    meeting = MatchingRun.objects.filter(antenna__code="brussels").order_by("-created_at").first()
    if meeting is not None:
        pages["matching_meeting"] = f"/fr/staff/matching/{meeting.pk}/?show=all"
        proposal = meeting.proposals.order_by("pk").first()
        if proposal is not None:
            pages["matching_proposal"] = f"/fr/staff/matching/{meeting.pk}/proposals/{proposal.pk}/"
    results = {}
    for label, email in (("coordinator", "coordinator.brussels@demo.duo"), ("administrator", "admin@demo.duo")):
        client = Client()
        client.force_login(User.objects.get(email=email))
        for name, url in pages.items():
            timings = []
            for _ in range(5):
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            results[f"{label}.{name}_ms"] = round(statistics.median(timings), 1)
    if not args.keep:
        from django.db import connections

        connections.close_all()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    print(json.dumps({"benchmark": "staff_pages", "duos": Duo.objects.count() if args.keep else args.duos,
                      "database": "sqlite", **results}))


if __name__ == "__main__":
    main()
