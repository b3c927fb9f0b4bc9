"""The admin site asks duo.accounts.scoping, like every other page, what a user may see and change."""

from django.contrib import admin
from django.db import models

from duo.accounts import scoping


class ScopedAdmin(admin.ModelAdmin):
    list_per_page = 50
    show_full_result_count = False  # a COUNT(*) over a million rows on every page is not worth it

    def get_queryset(self, request):
        return scoping.scope(request.user, super().get_queryset(request))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Links typed without a scheme ("meet.example.org/x") are https, as Django 6 will assume.
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def _may_view(self, request):
        return scoping.can_view(request.user, self.model)

    def has_module_permission(self, request):
        return request.user.is_staff and self._may_view(request)

    def has_view_permission(self, request, obj=None):
        if not (request.user.is_staff and self._may_view(request)):
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_change_permission(self, request, obj=None):
        return request.user.is_staff and scoping.can_change(request.user, obj if obj is not None else self.model)

    def has_add_permission(self, request):
        return request.user.is_staff and scoping.can_change(request.user, self.model)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if related._meta.label in ("organisation.Antenna",) or scoping.is_personal(related):
            kwargs["queryset"] = scoping.scope(request.user, related._default_manager.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyAdmin(ScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """Rows shown under their parent, never added, changed or deleted from the admin."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.site_header = "Duo"
admin.site.site_title = "Duo"
