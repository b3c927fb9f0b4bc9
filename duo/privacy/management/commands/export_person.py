"""Everything held about one person (their right of access), as a JSON or PDF file in their language.
The export is recorded in the audit trail, as from the staff page."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from duo.people.models import Person
from duo.privacy import subject_render
from duo.privacy.context import Actor, acting_as


class Command(BaseCommand):
    help = ("Write everything Duo holds about one person to FILE, in the person's language: "
            "JSON if FILE ends in .json, PDF if it ends in .pdf. The export is audited.")

    def add_arguments(self, parser):
        parser.add_argument("person_id", metavar="ID", help="the person's number in Duo")
        parser.add_argument("--out", required=True, metavar="FILE", help="where to write the file (.json or .pdf)")

    def handle(self, *args, person_id, out, **options):
        with translation.override(translation.get_language() or settings.LANGUAGE_CODE):
            fmt = Path(out).suffix.lower().lstrip(".")
            if fmt not in subject_render.FORMATS:
                raise CommandError(gettext("Cannot tell the format from “%(file)s”: the file name must end in "
                                           ".json or .pdf.") % {"file": out})
            raw = person_id.strip()
            valid = raw.isascii() and raw.isdigit() and len(raw) <= 18  # beyond that no database key can match
            person = Person.objects.filter(pk=int(raw)).first() if valid else None
            if person is None:
                raise CommandError(gettext("There is no person with the number “%(id)s”.") % {"id": person_id})
            # One transaction: a file that could not be written leaves no "exported" entry in the audit trail.
            with acting_as(Actor(label="export_person")), transaction.atomic():
                content = subject_render.export_person(person=person, fmt=fmt)
                try:
                    Path(out).write_bytes(content)
                except OSError as exc:
                    raise CommandError(gettext("Cannot write %(file)s: %(error)s") % {
                        "file": out, "error": exc.strerror or exc})
            self.stdout.write(self.style.SUCCESS(gettext("The data held about person %(id)s was written to "
                                                         "%(file)s.") % {"id": person.pk, "file": out}))
