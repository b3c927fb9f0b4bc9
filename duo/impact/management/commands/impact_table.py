"""An indicator's table from a snapshot, on standard output, as CSV or JSON."""

import csv
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from duo.impact import snapshot as snapshots
from duo.impact import tables
from duo.impact.models import Snapshot


class Command(BaseCommand):
    help = ("Print an indicator's table: one column per dimension, then numerator, denominator, value, ci_low, "
            "ci_high, flag; one row per combination plus the margins (* = all). --public applies disclosure control.")

    def add_arguments(self, parser):
        parser.add_argument("indicator", help="e.g. positive_exit_12m")
        parser.add_argument("--by", default="", help="dimensions, comma-separated, e.g. antenna,gender")
        parser.add_argument("--snapshot", type=int, help="the snapshot's id (default: the latest)")
        parser.add_argument("--public", action="store_true", help="apply disclosure control, as for publication")
        parser.add_argument("--format", choices=["csv", "json"], default="csv", dest="fmt")
        parser.add_argument("--filter", action="append", default=[], metavar="DIM=VALUE",
                            help="keep only this value of a dimension (repeatable)")

    def handle(self, *args, indicator, by, snapshot, public, fmt, filter, **options):
        dims = [d.strip() for d in by.split(",") if d.strip()]
        filters = {}
        for item in filter:
            name, _sep, value = item.partition("=")
            filters[name.strip()] = value.strip()
        try:
            tables.indicator_of(indicator)
            tables.dimensions_of(dims + list(filters))
        except tables.UnknownName as exc:
            raise CommandError(f"{exc} " + gettext("Valid: %(names)s.") % {"names": ", ".join(exc.valid)},
                               returncode=2) from exc
        chosen = Snapshot.objects.filter(pk=snapshot).first() if snapshot else snapshots.latest()
        if chosen is None:
            raise CommandError(gettext("No snapshot yet: run impact_snapshot first.") if not snapshot else
                               gettext("There is no snapshot #%(id)s.") % {"id": snapshot}, returncode=2)
        try:
            frames = snapshots.load(chosen)
        except snapshots.SnapshotDamaged as exc:
            raise CommandError(str(exc)) from exc
        result = tables.table(frames, indicator=indicator, by=dims, filters=filters, public=public)
        rows = tables.records(result)
        if fmt == "json":
            self.stdout.write(json.dumps({
                "indicator": indicator, "by": dims, "filters": filters, "public": public,
                "threshold": result.threshold if public else None,
                "snapshot": {"id": chosen.pk, "hash": chosen.content_hash, "as_of": chosen.as_of.isoformat()},
                "rows": rows}, ensure_ascii=False, indent=1))
            return
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow([*dims, *tables.COLUMNS])
        for row in rows:
            writer.writerow(["" if row[c] is None else row[c] for c in [*dims, *tables.COLUMNS]])
