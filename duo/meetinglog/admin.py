from django.contrib import admin

from duo.core.admin import ScopedAdmin

from .models import AccessLink


@admin.register(AccessLink)
class AccessLinkAdmin(ScopedAdmin):
    list_display = ["person", "duo", "created_at", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["revoked_at"]
    raw_id_fields = ["person", "duo", "created_by"]
    readonly_fields = ["token_hash", "last_used_at"]
    list_select_related = ["person", "duo__mentor__person", "duo__mentee__person"]

    def has_add_permission(self, request):
        # A link is made by link_issue (which emails it); one typed here would have no token to send.
        return False
