from django.contrib import admin

from duo.core.admin import ReadOnlyAdmin

from .models import ResearchExport

# Read-only: an export is made on the staff pages (duo.research.services), never edited; its record is the
# register of what left the organisation.


@admin.register(ResearchExport)
class ResearchExportAdmin(ReadOnlyAdmin):
    list_display = ["id", "dua_reference", "recipient", "k", "row_count", "snapshot", "created_by", "created_at"]
    list_select_related = ["snapshot", "created_by"]
    search_fields = ["dua_reference", "recipient"]
