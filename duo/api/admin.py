from django.contrib import admin

from duo.core.admin import ReadOnlyAdmin

from .models import ApiToken, TokenUse

# Read-only: tokens are made and revoked on the staff pages (the secret is shown once there); the admin site only
# lets administrators look.


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["name", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at"]
    exclude = ["digest"]


@admin.register(TokenUse)
class TokenUseAdmin(ReadOnlyAdmin):
    list_display = ["token", "at", "method", "path", "status", "ip"]
    list_filter = ["status"]
