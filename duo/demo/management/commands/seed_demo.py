import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from duo.demo.seeder import Seeder
from duo.people.models import Person
from duo.privacy.context import Actor, acting_as


class Command(BaseCommand):
    help = (
        "Fill the database with a realistic, made-up organisation: six antennas, staff logins, and years "
        "of mentees, mentors, duos, meetings and outcomes. The same seed gives the same people on the same day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--duos", type=int, default=600, help="how many duos to create (default 600)")
        parser.add_argument("--seed", type=int, default=2019, help="random seed (default 2019)")
        parser.add_argument("--if-empty", action="store_true", help="do nothing if the database already holds people")

    def handle(self, *args, duos, seed, if_empty, **options):
        if duos < 1:
            raise CommandError("--duos must be at least 1.")
        if Person.objects.exists():
            if if_empty:
                self.stdout.write("The database already holds people: demo data not loaded.")
                return
            raise CommandError("The database already holds people. Seed an empty database, or pass --if-empty.")
        started = time.monotonic()

        def progress(message):
            self.stderr.write(message, style_func=str)  # progress, not an error: no red

        # Query logging under DEBUG would keep every INSERT's text in memory and format each one.
        with override_settings(DEBUG=False), acting_as(Actor(label="seed_demo")):
            counts = Seeder(duos, seed, log=progress).run()
        self.stdout.write(
            f"Demo data loaded in {time.monotonic() - started:.1f} s: {counts['duos']:,} duos, "
            f"{counts['people']:,} people, {counts['meetings']:,} meetings, {counts['outcomes']:,} outcomes "
            f"(database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]})."
        )
