from django.contrib import admin

from duo.core.admin import ReadOnlyAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "action", "model", "object_id", "count", "ip"]
    list_filter = ["action", "model"]
    search_fields = ["actor_label", "object_id", "model"]
    date_hierarchy = "at"
