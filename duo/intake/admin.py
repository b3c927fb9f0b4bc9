from django.contrib import admin

from duo.core.admin import ReadOnlyAdmin, ScopedAdmin

from .models import Application, EligibilityRules, IntakeInterview, Merge, StageChange


@admin.register(EligibilityRules)
class EligibilityRulesAdmin(ScopedAdmin):
    list_display = ["antenna", "mentee_min_age", "mentee_max_age", "mentor_min_age", "residence",
                    "require_right_to_work", "updated_at"]
    list_select_related = ["antenna"]
    readonly_fields = ["updated_by"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Application)
class ApplicationAdmin(ScopedAdmin):
    list_display = ["person", "kind", "submitted_at", "channel", "verdict", "override"]
    list_filter = ["kind", "verdict", "override", "channel", ("person__antenna", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["person__first_name", "person__last_name", "person__email"]
    list_select_related = ["person"]
    raw_id_fields = ["person"]
    # The verdict comes from the rules and an override needs a justification: both on the staff pages.
    readonly_fields = ["verdict", "reasons", "override", "override_justification", "overridden_by", "overridden_at"]


@admin.register(IntakeInterview)
class IntakeInterviewAdmin(ScopedAdmin):
    list_display = ["person", "kind", "held_on", "held_by"]
    list_filter = ["kind"]
    list_select_related = ["person", "held_by"]
    raw_id_fields = ["person"]
    readonly_fields = ["held_by"]


@admin.register(StageChange)
class StageChangeAdmin(ReadOnlyAdmin):
    list_display = ["person", "kind", "from_stage", "to_stage", "reason", "at", "by"]
    list_filter = ["kind", "to_stage", "reason"]
    list_select_related = ["person", "by"]


@admin.register(Merge)
class MergeAdmin(ReadOnlyAdmin):
    list_display = ["kept", "merged_id", "at", "by"]
    list_select_related = ["kept", "by"]
