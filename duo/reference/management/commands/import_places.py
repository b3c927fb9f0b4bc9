from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from duo.reference import importers, services

from ._importing import run_import


class Command(BaseCommand):
    help = (
        "Import places from a CSV file with columns postal_code (or postal), name, latitude (or lat), "
        "longitude (or lng) and optionally province, e.g. belgian-cities-geocoded.csv. UTF-8, comma or "
        "semicolon separated. All or nothing: any bad row and nothing is imported. Importing again "
        "updates the places by postal code and name."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the CSV file")
        parser.add_argument(
            "--anywhere", action="store_true", help="accept coordinates anywhere on Earth, not only in Belgium"
        )

    def handle(self, *args, file, anywhere, **options):
        bounds = importers.WORLD if anywhere else importers.BELGIUM
        result = run_import(self, services.places_import_file, file, bounds=bounds)
        self.stdout.write(self.style.SUCCESS(gettext(
            "Places: %(created)s created, %(updated)s updated, %(unchanged)s unchanged "
            "(%(total)s places in the file; %(skipped)s repeated rows skipped) in %(seconds)s s."
        ) % result))
