from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("The audit trail is append-only.")

    def delete(self):
        raise PermissionDenied("The audit trail is append-only.")


class AuditEvent(models.Model):
    """One thing done to personal data. Never updated, never deleted (a trigger enforces it on PostgreSQL).

    It names fields, never their values, so the trail itself holds no special-category data.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        VIEW = "view", _("viewed special-category data")
        BULK_CREATE = "bulk_create", _("bulk created")
        BULK_UPDATE = "bulk_update", _("bulk changed")
        BULK_DELETE = "bulk_delete", _("bulk deleted")
        EXPORT = "export", _("exported")
        ERASE = "erase", _("erased")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True,
        related_name="+", verbose_name=_("who"),
    )
    actor_label = models.CharField(_("who (as recorded)"), max_length=254)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    model = models.CharField(_("record type"), max_length=60, db_index=True)
    object_id = models.CharField(_("record id"), max_length=40, blank=True, db_index=True)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    count = models.PositiveIntegerField(_("records"), default=1)
    ip = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    path = models.CharField(_("from page"), max_length=255, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.model} {self.object_id}"

    def _model_class(self):
        from django.apps import apps

        try:
            return apps.get_model(self.model)
        except (LookupError, ValueError):
            return None

    def model_label(self) -> str:
        model = self._model_class()
        return model._meta.verbose_name if model else self.model

    def field_labels(self) -> list[str]:
        model = self._model_class()
        labels = []
        for name in self.fields:
            try:
                labels.append(str(model._meta.get_field(name).verbose_name) if model else name)
            except Exception:  # a field removed since the event was recorded keeps its name
                labels.append(name)
        return labels

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The audit trail is append-only.")


class Erasure(models.Model):
    """A person was erased (GDPR art. 17, or the retention rules): when, by whom, why. Kept for good.

    `person_id` is a plain number, not a foreign key: the record proves the erasure whatever happens to the row,
    and it is about the erasure, not about the person (the access export has nothing to read here).
    """

    person_id = models.PositiveIntegerField(_("person id"), unique=True)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+", verbose_name=_("by"))
    reason = models.CharField(_("reason"), max_length=255)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self):
        return f"#{self.person_id} {self.at:%Y-%m-%d}"
