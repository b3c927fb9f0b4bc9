"""Plans the check-ins of duos that were already active before the follow-up app existed.

New duos get theirs when they start (duo.journeys.transitions); running this again changes nothing.
"""

from django.core.management.base import BaseCommand

from duo.followup.services import checkins_schedule_all
from duo.journeys.models import Duo


class Command(BaseCommand):
    help = "Plan the three check-ins of every active duo that does not have them yet."

    def handle(self, *args, **options):
        created = checkins_schedule_all(duos=Duo.objects.order_by("pk"))
        self.stdout.write(f"{created} check-ins planned.")
