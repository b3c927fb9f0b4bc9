from django.contrib import admin

from duo.core.admin import ReadOnlyAdmin, ScopedAdmin

from .models import ReferenceRate, Snapshot


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdmin):
    # Read-only: a changed snapshot record would make the figures computed from it unverifiable.
    list_display = ["id", "taken_at", "as_of", "duos", "applicants", "short_hash", "taken_by", "note"]
    search_fields = ["content_hash", "note"]


@admin.register(ReferenceRate)
class ReferenceRateAdmin(ScopedAdmin):
    list_display = ["indicator", "label", "rate", "year", "region", "source"]
    list_filter = ["indicator", "year"]
    search_fields = ["label", "source"]
    readonly_fields = ["created_by", "created_at"]
