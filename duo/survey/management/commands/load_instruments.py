"""Creates the shipped survey instruments that do not exist yet, each with a published version 1.

Instruments that exist (by code) are never touched, so staff edits survive re-runs.
"""

from django.core.management.base import BaseCommand

from duo.survey.loading import load_missing


class Command(BaseCommand):
    help = "Create the default survey instruments that are missing (idempotent)."

    def handle(self, *args, **options):
        created = load_missing()
        self.stdout.write(f"{len(created)} instruments created: {', '.join(created) or '-'}")
