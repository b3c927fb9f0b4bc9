import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext, ngettext

from duo.intake.records import columns, services, template
from duo.intake.records.reader import describe
from duo.organisation.models import Antenna
from duo.privacy.context import Actor, acting_as

MAX_SHOWN = 200


class Command(BaseCommand):
    help = (
        "Import mentees, mentors or duos from a spreadsheet (.xlsx or .csv). Without --commit the file is only "
        "checked. All or nothing: a file with any problem imports nothing, and every problem is printed with "
        "its row, column and value. Importing the same file again creates no duplicates. "
        "With --template FILE.xlsx, write the template for this kind instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=columns.KINDS, help="what the file holds")
        parser.add_argument("file", nargs="?", help="the .xlsx or .csv file to import")
        parser.add_argument("--antenna", help="antenna code for the rows that name none")
        parser.add_argument("--commit", action="store_true", help="write to the database (default: check only)")
        parser.add_argument("--template", metavar="FILE.xlsx", help="write the template for KIND to this file")
        parser.add_argument("--language", choices=[code for code, _name in settings.LANGUAGES],
                            help="language of the messages and of the template (default: the active one)")

    def handle(self, *args, kind, file, antenna, commit, template, language, **options):
        # Like the other commands, speak the active language (the settings' by default), or the one asked.
        with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
            if template:
                return self._template(kind, template)
            if not file:
                raise CommandError(gettext("Give the file to import, or --template FILE.xlsx."))
            with acting_as(Actor(label="import_records")):
                self._import(kind, file, antenna, commit)

    def _template(self, kind, path):
        codes = Antenna.objects.filter(is_active=True).values_list("code", flat=True)
        try:
            Path(path).write_bytes(template.workbook_bytes(kind, list(codes)))
        except OSError as exc:
            raise CommandError(gettext("Cannot write %(file)s: %(error)s") % {"file": path,
                                                                              "error": exc.strerror or exc})
        self.stdout.write(self.style.SUCCESS(gettext("Template written to %(file)s.") % {"file": path}))

    def _import(self, kind, path, code, commit):
        antenna = None
        if code:
            antenna = Antenna.objects.filter(code__iexact=code.strip()).first()
            if antenna is None:
                raise CommandError(gettext("There is no antenna with the code “%(code)s”. Antennas: %(codes)s.") % {
                    "code": code, "codes": ", ".join(Antenna.objects.values_list("code", flat=True)) or "—"})
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(gettext("Cannot read %(file)s: %(error)s") % {"file": path,
                                                                             "error": exc.strerror or exc})
        started = time.monotonic()
        run = services.records_import if commit else services.records_check
        report = run(kind=kind, data=data, filename=Path(path).name, antenna=antenna)
        if report.problems:
            for problem in report.problems[:MAX_SHOWN]:
                self.stderr.write(describe(problem, gettext))
            if len(report.problems) > MAX_SHOWN:
                self.stderr.write(gettext("(and %(more)s more)") % {"more": len(report.problems) - MAX_SHOWN})
            raise CommandError(ngettext(
                "Nothing was imported: %(file)s has %(count)s problem.",
                "Nothing was imported: %(file)s has %(count)s problems.",
                len(report.problems),
            ) % {"file": path, "count": len(report.problems)})
        counts = {**report.counts, "kind": str(columns.KIND_LABELS[kind]), "seconds": round(
            time.monotonic() - started, 1)}
        if report.committed:
            self.stdout.write(self.style.SUCCESS(gettext(
                "%(kind)s imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged "
                "(%(total)s rows) in %(seconds)s s.") % counts))
        else:
            self.stdout.write(gettext(
                "%(kind)s checked, no problem found: %(created)s to create, %(updated)s to update, "
                "%(unchanged)s unchanged (%(total)s rows). Nothing was written: add --commit to import.") % counts)
