from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from duo.core.backup import BackupError, restore


class Command(BaseCommand):
    help = ("Restore a backup folder written by `backup` into a NEW database (PostgreSQL: create it first, e.g. "
            "createdb duo_restored; SQLite: a file that does not exist yet), and its files into the media and "
            "snapshot folders. Run it with the same keys as the backup's (docs/backup.md).")

    def add_arguments(self, parser):
        parser.add_argument("folder", help="the backup folder (duo-YYYYmmdd-HHMMSS)")
        parser.add_argument("--database-url", required=True,
                            help="where to restore: postgres://…/new_database or sqlite:////path/new.sqlite3")
        parser.add_argument("--media-root", default=str(settings.MEDIA_ROOT))
        parser.add_argument("--snapshot-dir", default=str(settings.IMPACT_SNAPSHOT_DIR))

    def handle(self, *args, folder, database_url, media_root, snapshot_dir, **options):
        try:
            manifest = restore(Path(folder), database_url=database_url, media_root=Path(media_root),
                               snapshot_dir=Path(snapshot_dir))
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored a {manifest['engine']} backup taken at {manifest['taken_at']}: "
                          f"{manifest['media_files']} media files, {manifest['snapshot_files']} snapshot files.")
