from django.contrib import admin

from duo.core.admin import ScopedAdmin

from .models import AdvocacyPage


@admin.register(AdvocacyPage)
class AdvocacyPageAdmin(ScopedAdmin):
    list_display = ["__str__", "updated_at", "updated_by"]
    readonly_fields = ["updated_by"]
