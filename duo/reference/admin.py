from django.contrib import admin

from duo.core.admin import ScopedAdmin

from .models import Municipality, Occupation, Place, PostalCode


@admin.register(Municipality)
class MunicipalityAdmin(ScopedAdmin):
    list_display = ["nis_code", "name_fr", "name_nl", "region"]
    search_fields = ["nis_code", "name_fr", "name_nl"]
    list_filter = ["region"]


@admin.register(PostalCode)
class PostalCodeAdmin(ScopedAdmin):
    list_display = ["code", "municipality"]
    search_fields = ["code", "municipality__name_fr", "municipality__name_nl"]
    list_select_related = ["municipality"]


@admin.register(Place)
class PlaceAdmin(ScopedAdmin):
    list_display = ["postal_code", "name", "latitude", "longitude", "province"]
    search_fields = ["postal_code", "name"]
    list_filter = ["province"]


@admin.register(Occupation)
class OccupationAdmin(ScopedAdmin):
    list_display = ["code", "level", "label_fr", "label_nl", "label_en"]
    search_fields = ["code", "label_fr", "label_nl", "label_en"]
    list_filter = ["level"]
    raw_id_fields = ["parent"]
