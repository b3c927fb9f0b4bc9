"""Erase one person (GDPR art. 17): names, contact details, protected data and free text wiped everywhere, ids kept.

    manage.py erase_person 123 --reason "request by email of 3 March"

The reason is kept for good in the erasure record and the audit trail: it must not name the person. Erasing twice
is harmless. A person in a duo that is still open is refused: close the duo first.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext

from duo.people.models import Person
from duo.privacy.context import Actor, acting_as
from duo.privacy.erasure import ErasureError, person_erase


class Command(BaseCommand):
    help = "Erase one person: every name, contact detail, protected datum and free text goes; ids stay."

    def add_arguments(self, parser):
        parser.add_argument("person_id", metavar="ID", help="the person's number in Duo")
        parser.add_argument("--reason", required=True, metavar="TEXT",
                            help="why (kept for good: no name, no contact details)")

    def handle(self, *args, person_id, reason, **options):
        with translation.override(translation.get_language() or settings.LANGUAGE_CODE):
            raw = person_id.strip()
            valid = raw.isascii() and raw.isdigit() and len(raw) <= 18  # beyond that no database key can match
            person = Person.objects.filter(pk=int(raw)).first() if valid else None
            if person is None:
                raise CommandError(gettext("There is no person with the number “%(id)s”.") % {"id": person_id})
            try:
                with acting_as(Actor(label="erase_person")):
                    erasure = person_erase(person=person, reason=reason)
            except ErasureError as error:
                raise CommandError(str(error)) from None
            self.stdout.write(gettext("Person #%(id)s erased (%(when)s).") % {
                "id": person.pk, "when": erasure.at.strftime("%Y-%m-%d %H:%M")})
