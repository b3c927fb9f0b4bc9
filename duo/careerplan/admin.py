from django.contrib import admin

from duo.accounts import roles, scoping
from duo.core.admin import ScopedAdmin
from duo.journeys.models import Duo

from .models import Goal


@admin.register(Goal)
class GoalAdmin(ScopedAdmin):
    """Scoped through the goal's duo: a coordinator sees and changes the goals of their antennas only.
    (The goal is not listed in scoping's personal models, so the duo answers for it here.)"""

    list_display = ["title", "duo", "status", "target_on", "done_on", "created_by_side"]
    list_filter = ["status", "area", "created_by_side"]
    search_fields = ["title"]
    raw_id_fields = ["duo", "created_by"]
    readonly_fields = ["created_at", "updated_at"]
    list_select_related = ["duo__mentor__person", "duo__mentee__person"]
    date_hierarchy = "target_on"

    def get_queryset(self, request):
        duos = scoping.scope(request.user, Duo.objects.all())
        return admin.ModelAdmin.get_queryset(self, request).filter(duo__in=duos)

    def _may_view(self, request):
        return scoping.has(request.user, roles.DUOS_VIEW)

    def has_change_permission(self, request, obj=None):
        if not request.user.is_staff:
            return False
        if obj is not None:
            return scoping.can_change(request.user, obj.duo)
        return scoping.has(request.user, roles.DUOS_CHANGE)

    def has_add_permission(self, request):
        return request.user.is_staff and scoping.has(request.user, roles.DUOS_CHANGE)
