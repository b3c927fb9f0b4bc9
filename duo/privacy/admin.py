from django.contrib import admin

from duo.core.admin import ReadOnlyAdmin

from .models import AuditEvent, Erasure


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "action", "model", "object_id", "count", "ip"]
    list_filter = ["action", "model"]
    search_fields = ["actor_label", "object_id", "model"]
    date_hierarchy = "at"


@admin.register(Erasure)
class ErasureAdmin(ReadOnlyAdmin):
    list_display = ["at", "person_id", "by", "reason"]
    search_fields = ["person_id"]
    date_hierarchy = "at"
