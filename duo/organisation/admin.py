from django.contrib import admin

from duo.core.admin import ScopedAdmin

from .models import Antenna, Region


@admin.register(Region)
class RegionAdmin(ScopedAdmin):
    list_display = ["code", "name_fr", "name_nl", "name_en", "country"]
    search_fields = ["code", "name_fr", "name_nl", "name_en"]
    list_filter = ["country"]


@admin.register(Antenna)
class AntennaAdmin(ScopedAdmin):
    list_display = ["name", "code", "region", "city", "postal_code", "is_active"]
    search_fields = ["name", "code", "city", "postal_code"]
    list_filter = ["region", "is_active"]
