"""Recording personal-data events. Models opt in by inheriting AuditedModel; the rest is automatic."""

from django.db import models
from django.db.models.signals import post_delete, post_save

from .context import current_actor
from .models import AuditEvent


def record(*, action, model, object_id="", fields=(), count=1, note=""):
    actor = current_actor()
    return AuditEvent.objects.create(
        actor_id=actor.user_id,
        actor_label=actor.label,
        action=action,
        model=model if isinstance(model, str) else model._meta.label,
        object_id=str(object_id or ""),
        fields=sorted(fields),
        count=count,
        ip=actor.ip,
        path=actor.path,
        note=note[:255],
    )


def record_view(*, obj, fields):
    """Who looked at special-category fields of which record."""
    return record(action=AuditEvent.Action.VIEW, model=type(obj), object_id=obj.pk, fields=fields)


class AuditedQuerySet(models.QuerySet):
    """Bulk writes bypass per-object signals, so they are audited here as one event each."""

    def update(self, **kwargs):
        count = super().update(**kwargs)
        if count:
            record(action=AuditEvent.Action.BULK_UPDATE, model=self.model, fields=kwargs.keys(), count=count)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            record(action=AuditEvent.Action.BULK_CREATE, model=self.model, count=len(created))
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        count = super().bulk_update(objs, fields, *args, **kwargs)
        if count:
            record(action=AuditEvent.Action.BULK_UPDATE, model=self.model, fields=fields, count=count)
        return count



class AuditedModel(models.Model):
    """A model holding personal data: every create, change and delete leaves an AuditEvent."""

    objects = AuditedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._audit_loaded = dict(zip(field_names, values))
        return instance

    def audit_changed_fields(self) -> list[str]:
        loaded = getattr(self, "_audit_loaded", None)
        if loaded is None:
            return []
        changed = []
        for field in self._meta.concrete_fields:
            if getattr(field, "auto_now", False):
                continue  # a timestamp that moves on every save says nothing about what changed
            if field.attname in loaded and loaded[field.attname] != getattr(self, field.attname):
                changed.append(field.name)
        return changed


def _concrete_names(instance):
    return [f.name for f in instance._meta.concrete_fields if not f.primary_key]


def _on_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or not isinstance(instance, AuditedModel):
        return
    if created:
        record(action=AuditEvent.Action.CREATE, model=sender, object_id=instance.pk, fields=_concrete_names(instance))
    else:
        changed = instance.audit_changed_fields()
        if update_fields:
            changed = sorted(set(changed) | set(update_fields)) if changed else sorted(update_fields)
        if changed:
            record(action=AuditEvent.Action.UPDATE, model=sender, object_id=instance.pk, fields=changed)
    instance._audit_loaded = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def _on_delete(sender, instance, **kwargs):
    if isinstance(instance, AuditedModel):
        record(action=AuditEvent.Action.DELETE, model=sender, object_id=instance.pk)


post_save.connect(_on_save, dispatch_uid="duo.audit.save")
post_delete.connect(_on_delete, dispatch_uid="duo.audit.delete")
