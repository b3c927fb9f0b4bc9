from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from encrypted_fields.fields import EncryptedFieldMixin


def encrypted_fields():
    """{model: [names of its encrypted fields]} over every app: special-category data, survey answers' free
    text and drafts, and whatever comes next, so that no encrypted column is left behind on the old key."""
    found = {}
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedFieldMixin)]
        if names:
            found[model] = names
    return found


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field with the first key of DUO_FIELD_KEYS. Put the new key first, "
        "keep the old ones after it, run this, then remove the old keys."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args, batch, **options):
        for model, names in encrypted_fields().items():
            done = last = 0
            while True:
                with transaction.atomic():
                    rows = list(model._base_manager.filter(pk__gt=last).order_by("pk").only("pk", *names)[:batch])
                    if not rows:
                        break
                    # Values were decrypted with whichever key worked; saving encrypts them with the newest.
                    model._base_manager.bulk_update(rows, names)
                done += len(rows)
                last = rows[-1].pk
            self.stdout.write(f"{model._meta.label}: re-encrypted {', '.join(names)} of {done} rows.")
        self._snapshots()

    def _snapshots(self):
        """Impact snapshot files are encrypted with the same keys: each is rewritten under the newest one."""
        from duo.impact.models import Snapshot
        from duo.impact.snapshot import rotate

        done = sum(1 for snapshot in Snapshot.objects.order_by("pk") if rotate(snapshot))
        self.stdout.write(f"impact.Snapshot: re-encrypted {done} snapshot files.")
