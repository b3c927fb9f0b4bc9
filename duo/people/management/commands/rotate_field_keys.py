from django.core.management.base import BaseCommand
from django.db import transaction

from duo.people.models import SPECIAL_CATEGORY_FIELDS, Person


class Command(BaseCommand):
    help = (
        "Re-encrypt special-category data with the first key of DUO_FIELD_KEYS. Put the new key first, "
        "keep the old ones after it, run this, then remove the old keys."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args, batch, **options):
        done = 0
        last = 0
        while True:
            with transaction.atomic():
                people = list(Person.objects.filter(pk__gt=last).order_by("pk").only("pk", *SPECIAL_CATEGORY_FIELDS)[:batch])
                if not people:
                    break
                # Values were decrypted with whichever key worked; saving encrypts them with the newest.
                Person.objects.bulk_update(people, SPECIAL_CATEGORY_FIELDS)
            done += len(people)
            last = people[-1].pk
        self.stdout.write(f"Re-encrypted the special-category data of {done} people.")
