from django.contrib import admin

from duo.core.admin import ScopedAdmin

from .models import CheckIn, StaffNote


@admin.register(CheckIn)
class CheckInAdmin(ScopedAdmin):
    list_display = ["duo", "kind", "due_on", "done_on", "mode"]
    list_filter = ["kind", "mode"]
    raw_id_fields = ["duo", "done_by"]
    list_select_related = ["duo__mentor__person", "duo__mentee__person"]
    date_hierarchy = "due_on"


@admin.register(StaffNote)
class StaffNoteAdmin(ScopedAdmin):
    list_display = ["duo", "by", "at"]
    raw_id_fields = ["duo", "by"]
    list_select_related = ["duo__mentor__person", "duo__mentee__person", "by"]
    date_hierarchy = "at"
