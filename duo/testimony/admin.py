from django.contrib import admin

from duo.core.admin import ScopedAdmin

from .models import QuoteSet, QuoteSetItem, QuoteSetNotice, Testimony, Theme, Translation


@admin.register(Theme)
class ThemeAdmin(ScopedAdmin):
    list_display = ["code", "name_fr", "name_nl", "name_en", "position"]
    list_editable = ["position"]
    search_fields = ["code", "name_fr", "name_nl", "name_en"]


class TranslationInline(admin.TabularInline):
    model = Translation
    extra = 0
    fields = ["language", "text", "machine", "translated_by"]
    raw_id_fields = ["translated_by"]


@admin.register(Testimony)
class TestimonyAdmin(ScopedAdmin):
    """Withdrawal is done from the staff pages (services.withdraw), which also empties the quote sets:
    the fields that record it are read-only here."""

    list_display = ["pk", "side", "language", "consent", "collected_on", "withdrawn_at"]
    list_filter = ["consent", "language", "side", "source", "themes"]
    raw_id_fields = ["person", "duo", "answer", "collected_by", "created_by", "checked_by"]
    readonly_fields = ["withdrawn_at", "withdrawal_channel", "checked_at", "checked_by", "created_at", "updated_at"]
    filter_horizontal = ["themes"]
    inlines = [TranslationInline]
    date_hierarchy = "collected_on"

    def save_model(self, request, obj, form, change):
        # As in services.testimony_update: changed words must be checked again before anonymous use.
        if change and "text" in form.changed_data:
            obj.checked_at, obj.checked_by = None, None
        super().save_model(request, obj, form, change)

    def has_change_permission(self, request, obj=None):
        # A withdrawn testimony is a record of the withdrawal, nothing more: it no longer changes.
        if obj is not None and obj.is_withdrawn:
            return False
        return super().has_change_permission(request, obj)


@admin.register(Translation)
class TranslationAdmin(ScopedAdmin):
    list_display = ["testimony", "language", "machine", "created_at"]
    list_filter = ["language", "machine"]
    raw_id_fields = ["testimony", "translated_by"]


class QuoteSetItemInline(admin.TabularInline):
    model = QuoteSetItem
    extra = 0
    raw_id_fields = ["testimony", "added_by"]


@admin.register(QuoteSet)
class QuoteSetAdmin(ScopedAdmin):
    list_display = ["name", "created_by", "created_at"]
    search_fields = ["name"]
    raw_id_fields = ["created_by"]


@admin.register(QuoteSetItem)
class QuoteSetItemAdmin(ScopedAdmin):
    list_display = ["quote_set", "testimony", "position", "added_at"]
    raw_id_fields = ["quote_set", "testimony", "added_by"]


@admin.register(QuoteSetNotice)
class QuoteSetNoticeAdmin(ScopedAdmin):
    list_display = ["quote_set", "removed", "withdrawn_on", "created_at"]
    raw_id_fields = ["quote_set"]
