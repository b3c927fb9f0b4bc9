from django.contrib import admin

from duo.accounts import scoping
from duo.core.admin import ScopedAdmin

from .models import Attendance, PeerSession


class _AntennaScoped(ScopedAdmin):
    """duo.accounts.scoping does not list these models, so the admin narrows them to the user's
    antennas here (the invited mentors are personal)."""

    antenna_path = "antenna_id"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        ids = scoping.antenna_ids(request.user) if request.user.is_authenticated else []
        return qs if ids is None else qs.filter(**{f"{self.antenna_path}__in": ids})


class AttendanceInline(admin.TabularInline):
    model = Attendance
    raw_id_fields = ["mentor"]
    extra = 0


@admin.register(PeerSession)
class PeerSessionAdmin(_AntennaScoped):
    list_display = ["held_on", "antenna", "theme", "mode"]
    list_filter = ["mode"]
    date_hierarchy = "held_on"
    list_select_related = ["antenna"]
    raw_id_fields = ["created_by"]
    inlines = [AttendanceInline]


@admin.register(Attendance)
class AttendanceAdmin(_AntennaScoped):
    antenna_path = "session__antenna_id"
    list_display = ["session", "mentor", "attended"]
    list_filter = ["attended"]
    raw_id_fields = ["session", "mentor"]
    list_select_related = ["session__antenna", "mentor__person"]
