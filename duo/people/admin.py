from django.contrib import admin

from duo.core.admin import ReadOnlyAdmin, ScopedAdmin

from .models import SPECIAL_CATEGORY_FIELDS, ConsentRecord, MenteeProfile, MentorProfile, Person, PersonLanguage


class LanguageInline(admin.TabularInline):
    model = PersonLanguage
    extra = 0


@admin.register(Person)
class PersonAdmin(ScopedAdmin):
    list_display = ["last_name", "first_name", "email", "antenna", "gender"]
    list_filter = [("antenna", admin.RelatedOnlyFieldListFilter), "gender", "preferred_language"]
    search_fields = ["first_name", "last_name", "email"]
    list_select_related = ["antenna"]
    raw_id_fields = ["municipality"]
    inlines = [LanguageInline]

    def get_exclude(self, request, obj=None):
        # Special-category fields are shown on the staff pages, where each view is audited.
        return SPECIAL_CATEGORY_FIELDS


@admin.register(MenteeProfile)
class MenteeProfileAdmin(ScopedAdmin):
    list_display = ["person", "stage", "applied_on", "education_level", "diploma_recognition"]
    list_filter = ["stage", "education_level", "diploma_recognition", "employment_service", ("person__antenna", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["person__first_name", "person__last_name", "person__email"]
    list_select_related = ["person"]
    raw_id_fields = ["person", "target_occupation"]


@admin.register(MentorProfile)
class MentorProfileAdmin(ScopedAdmin):
    list_display = ["person", "stage", "status", "max_duos", "career_occupation"]
    list_filter = ["stage", "status", ("person__antenna", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["person__first_name", "person__last_name", "person__email"]
    list_select_related = ["person", "career_occupation"]
    raw_id_fields = ["person", "career_occupation"]


@admin.register(PersonLanguage)
class PersonLanguageAdmin(ScopedAdmin):
    list_display = ["person", "language", "level"]
    list_filter = ["language", "level"]
    raw_id_fields = ["person"]
    list_select_related = ["person"]


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdmin):
    """Append-only: a change of mind is a new record, made through the person's pages."""

    list_display = ["person", "purpose", "granted", "text_version", "channel", "recorded_at"]
    list_filter = ["purpose", "granted", "channel"]
    list_select_related = ["person"]
    raw_id_fields = ["person"]
