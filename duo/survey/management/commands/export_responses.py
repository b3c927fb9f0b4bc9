"""The pseudonymised export of one questionnaire's responses, from the command line (for a research
partner's regular delivery). Same table as the staff page, recorded in the audit trail the same way."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext, ngettext

from duo.core.export import FORMATS
from duo.organisation.models import Antenna
from duo.privacy.context import Actor, acting_as
from duo.survey import exporting
from duo.survey.models import Instrument


class Command(BaseCommand):
    help = ("Export the responses to one questionnaire (all its versions) as CSV or XLSX, pseudonymised: "
            "no names, no emails, no raw ids, no free text; the answer date as its month.")

    def add_arguments(self, parser):
        parser.add_argument("--instrument", required=True, help="the questionnaire's code, e.g. mentee-end")
        parser.add_argument("--format", choices=FORMATS, default="csv", dest="fmt")
        parser.add_argument("--out", required=True, metavar="FILE", help="where to write the file")
        parser.add_argument("--antenna", help="only this antenna (its code)")
        parser.add_argument("--from", dest="start", type=datetime.date.fromisoformat,
                            help="answered on or after (yyyy-mm-dd)")
        parser.add_argument("--to", dest="end", type=datetime.date.fromisoformat,
                            help="answered on or before (yyyy-mm-dd)")

    def handle(self, *args, instrument, fmt, out, antenna, start, end, **options):
        with translation.override(translation.get_language() or settings.LANGUAGE_CODE):
            found = Instrument.objects.filter(code=instrument.strip()).first()
            if found is None:
                raise CommandError(gettext("There is no questionnaire with the code “%(code)s”. Codes: %(codes)s.") % {
                    "code": instrument, "codes": ", ".join(Instrument.objects.values_list("code", flat=True)) or "—"})
            place = None
            if antenna:
                place = Antenna.objects.filter(code__iexact=antenna.strip()).first()
                if place is None:
                    raise CommandError(gettext("There is no antenna with the code “%(code)s”. Antennas: %(codes)s.") % {
                        "code": antenna, "codes": ", ".join(Antenna.objects.values_list("code", flat=True)) or "—"})
            with acting_as(Actor(label="export_responses")):
                response, count = exporting.export_file(user=None, instrument=found, fmt=fmt, antenna=place,
                                                        start=start, end=end)
            data = exporting.file_bytes(response)
            try:
                Path(out).write_bytes(data)
            except OSError as exc:
                raise CommandError(gettext("Cannot write %(file)s: %(error)s") % {"file": out,
                                                                                  "error": exc.strerror or exc})
            self.stdout.write(self.style.SUCCESS(ngettext(
                "%(count)s response written to %(file)s.", "%(count)s responses written to %(file)s.", count)
                % {"count": count, "file": out}))

