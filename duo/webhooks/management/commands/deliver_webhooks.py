"""Sends the webhook deliveries that are due: new ones a worker has not sent yet, and retries whose time has come.

    manage.py deliver_webhooks              # every pending delivery due now (at most 500 per run)
    manage.py deliver_webhooks --limit 50

For cron, when no Celery beat runs (every minute is the intended rhythm). Safe beside a worker: each attempt claims
its delivery first, so none is sent twice at once.
"""

from django.core.management.base import BaseCommand

from duo.webhooks.delivery import deliver_due


class Command(BaseCommand):
    help = "Send the webhook deliveries that are due (new ones and retries)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500, help="At most this many deliveries in this run.")

    def handle(self, *args, limit=500, **options):
        self.stdout.write(deliver_due(limit=limit).line())
