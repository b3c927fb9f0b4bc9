from django.contrib import admin

from duo.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    Campaign, Contact, Interaction, Milestone, Position, Recommendation, RecommendationVersion, Stakeholder,
    StatusChange, Target,
)

# Read-only: advocacy is written on its own staff pages, through services that keep targets and their timelines
# in step (an interaction moves a recommendation forward; an admin form would not).


@admin.register(Stakeholder)
class StakeholderAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "level", "region", "is_active"]
    list_filter = ["kind", "level"]
    search_fields = ["name"]


class PositionInline(ReadOnlyInline):
    model = Position
    fields = ["stakeholder", "role", "level", "party", "started_on", "ended_on"]


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdmin):
    list_display = ["last_name", "first_name", "legal_basis", "language"]
    list_filter = ["legal_basis"]
    search_fields = ["last_name", "first_name"]
    inlines = [PositionInline]


@admin.register(Position)
class PositionAdmin(ReadOnlyAdmin):
    list_display = ["contact", "stakeholder", "role", "started_on", "ended_on"]


class VersionInline(ReadOnlyInline):
    model = RecommendationVersion
    fields = ["number", "title_fr", "title_nl", "title_en", "created_at"]


class TargetInline(ReadOnlyInline):
    model = Target
    fields = ["stakeholder", "status", "progress", "status_on"]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ["code", "area", "level", "is_active"]
    list_filter = ["area", "level"]
    search_fields = ["code"]
    inlines = [VersionInline, TargetInline]


@admin.register(RecommendationVersion)
class RecommendationVersionAdmin(ReadOnlyAdmin):
    list_display = ["recommendation", "number", "created_at"]


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin):
    list_display = ["recommendation", "stakeholder", "status", "progress", "status_on"]
    list_filter = ["status"]


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin):
    list_display = ["target", "status", "progress", "on", "by"]


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ["on", "title", "done"]


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["name", "starts_on", "ends_on", "status"]
    inlines = [MilestoneInline]


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "on", "title", "done"]


@admin.register(Interaction)
class InteractionAdmin(ReadOnlyAdmin):
    list_display = ["on", "kind", "subject", "follow_up_due"]
    list_filter = ["kind"]
    search_fields = ["subject"]
