from django.contrib import admin

from duo.core.admin import ReadOnlyAdmin

from .models import CalendarToken


@admin.register(CalendarToken)
class CalendarTokenAdmin(ReadOnlyAdmin):
    """Hashes only, for administrators (duo.accounts.scoping); users manage their own from /staff/calendar/."""

    list_display = ["user", "created_at", "revoked_at", "last_used_on"]
    list_filter = ["revoked_at"]
    exclude = ["token_hash"]
    list_select_related = ["user"]
