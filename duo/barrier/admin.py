from django.contrib import admin

from duo.core.admin import ScopedAdmin

from .models import Barrier


@admin.register(Barrier)
class BarrierAdmin(ScopedAdmin):
    list_display = ["person", "kind", "stage", "observed_on", "duo"]
    list_filter = ["kind", "stage"]
    search_fields = ["person__last_name"]
    raw_id_fields = ["person", "duo", "recorded_by"]
    list_select_related = ["person", "duo__mentor__person", "duo__mentee__person"]
    date_hierarchy = "observed_on"
