from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from duo.reference import services

from ._importing import run_import


class Command(BaseCommand):
    help = (
        "Import the ISCO-08 classification (major, sub-major, minor and unit groups) from a CSV file "
        "with columns code, level, parent, en, fr, nl. All or nothing: any bad row and nothing is "
        "imported. Importing again updates the groups by code, the built-in ones included."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the CSV file")

    def handle(self, *args, file, **options):
        result = run_import(self, services.occupations_import_file, file)
        self.stdout.write(self.style.SUCCESS(gettext(
            "ISCO-08 groups: %(created)s created, %(updated)s updated, %(unchanged)s unchanged "
            "(%(total)s in the file; %(not_in_file)s stored groups not in the file, left as they are) "
            "in %(seconds)s s."
        ) % result))
