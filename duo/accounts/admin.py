from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin  # importing it registers django-otp's own
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from duo.core.admin import ScopedAdmin

from . import twofactor
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


# --- two-step verification devices (django-otp's admin, with its deletions audited) -----------------------------
# Here an administrator removes a lost authenticator; deleting it switches the user's verification off through
# duo.accounts.twofactor, so it is recorded like the user's own "switch off". Devices are not added or edited here:
# an authenticator made by someone else would hand them its key, and a change would escape the audit trail.

class _DeviceAdmin:
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        self.delete_queryset(request, type(obj).objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        for user in User.objects.filter(pk__in=queryset.values("user_id")):
            self.remove(user)


for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(TOTPDevice)
class AuditedTOTPDeviceAdmin(_DeviceAdmin, TOTPDeviceAdmin):
    @staticmethod
    def remove(user):
        twofactor.disable(user=user, by_administrator=True)


@admin.register(StaticDevice)
class AuditedStaticDeviceAdmin(_DeviceAdmin, StaticDeviceAdmin):
    @staticmethod
    def remove(user):
        twofactor.remove_recovery_codes(user=user)
