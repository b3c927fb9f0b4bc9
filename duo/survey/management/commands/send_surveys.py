"""Invites everyone a survey fell due for, emails them, and sends the reminders due (daily, by Celery beat).

    manage.py send_surveys                        # today
    manage.py send_surveys --dry-run              # what it would do, nothing saved or sent
    manage.py send_surveys --today 2026-03-01     # as if it were that day (tests, the demo)

Idempotent: a second run the same day sends nothing new.
"""

from django.core.management.base import BaseCommand

from duo.core.commands import today_option
from duo.survey.schedule import send_surveys


class Command(BaseCommand):
    help = "Create the survey invitations due, email them and send the reminders due (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=str, default=None, help="Run as if on this day (YYYY-MM-DD).")
        parser.add_argument("--dry-run", action="store_true", help="Count only: nothing saved, nothing sent.")

    def handle(self, *args, today=None, dry_run=False, **options):
        summary = send_surveys(today=today_option(today) if today else None, dry_run=dry_run)
        self.stdout.write(summary.line())
