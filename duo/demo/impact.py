"""The demo's impact figures: one reference rate (made up, and labelled so) and a first snapshot, so that the
dashboard has something to show on `make run`."""

from duo.impact.models import ReferenceRate
from duo.impact.snapshot import snapshot_take


def impact(seeder) -> dict:
    ReferenceRate.objects.get_or_create(
        indicator="positive_exit_12m", year=2024,
        defaults={"label": "Jobseekers under 30, in work or training 12 months later (demo value)", "rate": 52.0,
                  "population_size": 4200,
                  "source": "Made-up value for the demo: enter the public employment service's published rate"})
    snapshot = snapshot_take(note="demo", as_of=seeder.today)
    return {"impact_snapshots": 1, "impact_snapshot_duos": snapshot.duos}
