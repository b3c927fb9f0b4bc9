from django.contrib import admin

from duo.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Comment, Publication, Section, Version


# Read-only: publications are written on their own staff pages, where a published version stays frozen and
# every figure passes disclosure control; an admin form would go around both.
@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ["slug", "kind", "created_at", "created_by"]
    list_filter = ["kind"]
    search_fields = ["slug"]


class SectionInline(ReadOnlyInline):
    model = Section
    fields = ["position", "kind", "heading_fr", "indicator", "breakdown"]


@admin.register(Version)
class VersionAdmin(ReadOnlyAdmin):
    list_display = ["publication", "number", "status", "languages", "snapshot", "published_at"]
    list_filter = ["status"]
    search_fields = ["publication__slug", "title_fr", "title_nl", "title_en"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(ReadOnlyAdmin):
    list_display = ["version", "position", "kind", "indicator"]
    list_filter = ["kind"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["version", "author", "created_at", "resolved_at"]
