from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from duo.core.backup import BackupError, backup


class Command(BaseCommand):
    help = ("Back up the database (pg_dump -Fc, or SQLite's online backup), the uploaded files and the impact "
            "snapshots into a new folder duo-YYYYmmdd-HHMMSS under DESTINATION, with a SHA-256 manifest. The keys "
            "are NOT included: keep SECRET_KEY, DUO_FIELD_KEYS and PAIR_GUARD_KEY apart (docs/backup.md).")

    def add_arguments(self, parser):
        parser.add_argument("destination", help="folder that receives the new backup folder")

    def handle(self, *args, destination, **options):
        try:
            folder = backup(Path(destination))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(str(folder))
