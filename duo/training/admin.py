from django.contrib import admin

from duo.core.admin import ReadOnlyAdmin, ScopedAdmin

from .models import Attendance, Evaluation, TrainingModule, TrainingSession


@admin.register(TrainingModule)
class TrainingModuleAdmin(ScopedAdmin):
    """Organisation-wide reference data: administrators change it (scoping.can_change), others read it."""

    list_display = ["order", "code", "title_fr", "title_nl", "title_en", "required", "active"]
    list_display_links = ["code"]
    list_filter = ["required", "active"]
    search_fields = ["code", "title_fr", "title_nl", "title_en"]
    ordering = ["order", "code"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(ScopedAdmin):
    list_display = ["starts_at", "module", "antenna", "mode", "language", "capacity", "cancelled"]
    list_filter = [("antenna", admin.RelatedOnlyFieldListFilter), "module", "mode", "language", "cancelled"]
    date_hierarchy = "starts_at"
    list_select_related = ["antenna", "module"]


@admin.register(Attendance)
class AttendanceAdmin(ScopedAdmin):
    list_display = ["person", "session", "channel", "registered_at", "attended"]
    list_filter = ["channel", "attended", ("session__antenna", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["person__first_name", "person__last_name", "person__email"]
    list_select_related = ["person", "session__module"]
    raw_id_fields = ["person", "session"]


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    """Written by the mentors themselves from their personal page; staff read them."""

    list_display = ["session", "person", "usefulness", "clarity", "submitted_at"]
    list_filter = ["usefulness", "clarity", ("session__module", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["person", "session__module"]
    raw_id_fields = ["person", "session"]
