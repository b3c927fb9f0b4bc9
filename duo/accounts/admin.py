from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from duo.core.admin import ScopedAdmin

from .models import User
from .reauth import redirect_unless_recent


class StaffCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "role")


@admin.register(User)
class UserAdmin(ScopedAdmin, BaseUserAdmin):
    add_form = StaffCreationForm
    ordering = ["full_name"]
    list_display = ["email", "full_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "antennas"]
    search_fields = ["email", "full_name"]
    filter_horizontal = ["antennas"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "language")}),
        (_("Access"), {"fields": ("role", "antennas", "is_active")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "role", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined"]

    # Who may do what is decided here: changing a role or an account asks for the password again
    # (duo.accounts.reauth).
    # Roles without access get the admin's own refusal, not a password prompt.
    def change_view(self, request, object_id, form_url="", extra_context=None):
        asked = self.has_view_or_change_permission(request) and redirect_unless_recent(request)
        return asked or super().change_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        asked = self.has_add_permission(request) and redirect_unless_recent(request)
        return asked or super().add_view(request, form_url, extra_context)
