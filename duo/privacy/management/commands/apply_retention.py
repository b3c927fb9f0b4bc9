"""Applies the retention rules (settings.RETENTION; daily, by Celery beat): people past their retention period are
anonymised with duo.privacy.erasure, old technical logs are deleted.

    manage.py apply_retention                       # today
    manage.py apply_retention --dry-run             # who and what, per rule; nothing changed
    manage.py apply_retention --today 2030-03-01    # as if it were that day
"""

from django.core.management.base import BaseCommand

from duo.core.commands import today_option
from duo.privacy.retention import apply_retention


class Command(BaseCommand):
    help = "Anonymise people past their retention period and delete old technical logs."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=str, default=None, help="Run as if on this day (YYYY-MM-DD).")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be done; change nothing.")

    def handle(self, *args, today=None, dry_run=False, **options):
        summary = apply_retention(today_option(today) if today else None, dry_run=dry_run)
        self.stdout.write(f"retention {summary.today:%Y-%m-%d}" + (" (dry run: nothing changed)" if dry_run else ""))
        for line in summary.lines():
            self.stdout.write(f"  {line}")
