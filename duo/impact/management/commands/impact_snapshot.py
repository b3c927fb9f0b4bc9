"""Freezes today's facts into an impact snapshot and prints its id and content hash."""

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from duo.impact.snapshot import snapshot_take


class Command(BaseCommand):
    help = ("Take an impact snapshot: one row per duo (and per applicant never matched) frozen in an encrypted Parquet "
            "file with a SHA-256 content hash. Prints the snapshot's id and hash.")

    def add_arguments(self, parser):
        parser.add_argument("--note", default="", help="a note kept with the snapshot")
        parser.add_argument("--quiet", action="store_true", help="no progress on standard error")

    def handle(self, *args, note, quiet, **options):
        def progress(done, total, message=""):
            if not quiet:
                sys.stderr.write(f"[{done}/{total}] {message}\n")

        snapshot = snapshot_take(note=note, progress=progress)
        self.stdout.write(f"{snapshot.pk} {snapshot.content_hash}")
        if not quiet:
            sys.stderr.write(gettext("Snapshot #%(id)s: %(duos)s duos, %(applicants)s applicants never matched, "
                                     "facts as of %(day)s.") % {"id": snapshot.pk, "duos": snapshot.duos,
                                                                "applicants": snapshot.applicants,
                                                                "day": snapshot.as_of} + "\n")
