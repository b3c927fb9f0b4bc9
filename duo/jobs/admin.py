from django.contrib import admin

from duo.core.admin import ReadOnlyAdmin

from .models import Job


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ["kind", "state", "progress", "created_by", "created_at", "finished_at"]
    list_filter = ["state", "kind"]
    search_fields = ["kind"]
