from django.core.management.base import BaseCommand

from duo.accounts.models import User
from duo.accounts.roles import ANTENNA_SCOPED
from duo.demo.credentials import LOGINS


class Command(BaseCommand):
    help = "Print the demo staff logins that exist in this database (created by seed_demo)."

    def handle(self, *args, **options):
        existing = set(
            User.objects.filter(email__in=[login.email for login in LOGINS], is_active=True)
            .values_list("email", flat=True)
        )
        logins = [login for login in LOGINS if login.email in existing]
        if not logins:
            self.stdout.write("No demo logins in this database (python manage.py seed_demo creates them).")
            return
        width = max(len(login.email) for login in logins)
        pw_width = max(len(login.password) for login in logins)
        self.stdout.write("Demo logins (made-up data; never use these on a real database):")
        for login in logins:
            antennas = ", ".join(login.antennas) if login.role in ANTENNA_SCOPED else "all antennas"
            self.stdout.write(f"  {login.email:<{width}}  {login.password:<{pw_width}}  {login.role:<13}  {antennas}")
