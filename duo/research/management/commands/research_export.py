"""A research export from the command line: the same file, report and audit entries as the staff pages."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext

from duo.impact.models import Snapshot
from duo.privacy.context import Actor, acting_as
from duo.research import services


class Command(BaseCommand):
    help = ("Export one impact snapshot as pseudonymised, k-anonymous microdata for a research partner (ZIP: "
            "data.csv and codebook.json); only mentees who agreed to research; recorded in the audit trail.")

    def add_arguments(self, parser):
        parser.add_argument("--snapshot", required=True, type=int, help="the snapshot's number")
        parser.add_argument("--dua", required=True, help="the data-use agreement's reference")
        parser.add_argument("--recipient", required=True, help="the institution receiving the file")
        parser.add_argument("--k", type=int, default=None, help="smallest group of people (default and floor: "
                                                                  "settings.RESEARCH_EXPORT_K)")
        parser.add_argument("--out", required=True, metavar="FILE.zip", help="where to write the file")

    def handle(self, *args, snapshot, dua, recipient, k, out, **options):
        with translation.override(translation.get_language() or settings.LANGUAGE_CODE):
            found = Snapshot.objects.filter(pk=snapshot).first()
            if found is None:
                raise CommandError(gettext("There is no snapshot #%(id)s.") % {"id": snapshot})
            with acting_as(Actor(label="research_export")):
                try:
                    export = services.export_create(by=None, snapshot=found, dua_reference=dua,
                                                    recipient=recipient, k=k)
                except services.ExportRefused as exc:
                    raise CommandError(" ".join(str(message) for message in exc.errors.values()))
                content = services.export_file(by=None, export=export)
            try:
                Path(out).write_bytes(content)
            except OSError as exc:
                raise CommandError(gettext("Cannot write %(file)s: %(error)s") % {"file": out,
                                                                                  "error": exc.strerror or exc})
            report = export.report
            self.stdout.write(self.style.SUCCESS(gettext(
                "Export #%(id)s written to %(file)s: %(rows)s rows; %(suppressed)s suppressed for k=%(k)s; "
                "%(excluded)s duos left out for lack of research consent.") % {
                "id": export.pk, "file": out, "rows": export.row_count, "suppressed": report["suppressed"],
                "k": export.k, "excluded": report["excluded_duos"]}))
