"""Erase one advocacy contact (GDPR art. 17): name, contact details, notes and mentions in interactions wiped; the
interactions, the positions' roles and the id stay (see duo.advocacy.erasure).

    manage.py erase_contact 42 --reason "request by email of 3 March"

The reason is kept for good in the audit trail: it must not name the contact. Erasing twice is harmless.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext

from duo.advocacy.erasure import contact_erase
from duo.advocacy.models import Contact
from duo.privacy.context import Actor, acting_as
from duo.privacy.erasure import ErasureError


class Command(BaseCommand):
    help = "Erase one advocacy contact: name, contact details and notes go; their interactions stay."

    def add_arguments(self, parser):
        parser.add_argument("contact_id", metavar="ID", help="the contact's number in Duo")
        parser.add_argument("--reason", required=True, metavar="TEXT",
                            help="why (kept for good: no name, no contact details)")

    def handle(self, *args, contact_id, reason, **options):
        # The label written into interaction texts ("Erased contact #id") is in the site's language.
        with translation.override(translation.get_language() or settings.LANGUAGE_CODE):
            raw = contact_id.strip()
            valid = raw.isascii() and raw.isdigit() and len(raw) <= 18  # beyond that no database key can match
            contact = Contact.objects.filter(pk=int(raw)).first() if valid else None
            if contact is None:
                raise CommandError(gettext("There is no contact with the number “%(id)s”.") % {"id": contact_id})
            try:
                with acting_as(Actor(label="erase_contact")):
                    contact = contact_erase(contact=contact, reason=reason)
            except ErasureError as error:
                raise CommandError(str(error)) from None
            self.stdout.write(gettext("Contact #%(id)s erased (%(when)s).") % {
                "id": contact.pk, "when": contact.erased_at.strftime("%Y-%m-%d %H:%M")})
