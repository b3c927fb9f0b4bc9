from django.contrib import admin

from duo.core.admin import ScopedAdmin

from .models import InfoSession, Registration


@admin.register(InfoSession)
class InfoSessionAdmin(ScopedAdmin):
    list_display = ["starts_at", "antenna", "mode", "language", "audience", "capacity", "cancelled"]
    list_filter = [("antenna", admin.RelatedOnlyFieldListFilter), "mode", "language", "audience", "cancelled"]
    date_hierarchy = "starts_at"
    list_select_related = ["antenna"]


@admin.register(Registration)
class RegistrationAdmin(ScopedAdmin):
    list_display = ["person", "session", "channel", "registered_at", "attended"]
    list_filter = ["channel", "attended", ("session__antenna", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["person__first_name", "person__last_name", "person__email"]
    list_select_related = ["person", "session"]
    raw_id_fields = ["person", "session"]
