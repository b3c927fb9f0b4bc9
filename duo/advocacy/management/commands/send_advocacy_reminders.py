"""Emails each owner the digest of their advocacy follow-ups due today or overdue (daily, by Celery beat).

    manage.py send_advocacy_reminders                       # today
    manage.py send_advocacy_reminders --dry-run             # who would get one, nothing sent or recorded
    manage.py send_advocacy_reminders --today 2026-03-01    # as if it were that day

Idempotent per day: an owner reminded today is not emailed again by a second run.
"""

from django.core.management.base import BaseCommand

from duo.advocacy.reminders import send_reminders
from duo.core.commands import today_option


class Command(BaseCommand):
    help = "Email advocacy follow-up reminders to their owners (once per owner and day)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=str, default=None, help="Run as if on this day (YYYY-MM-DD).")
        parser.add_argument("--dry-run", action="store_true", help="Count only: nothing sent, nothing recorded.")

    def handle(self, *args, today=None, dry_run=False, **options):
        summary = send_reminders(today_option(today) if today else None, dry_run=dry_run)
        self.stdout.write(summary.line())
