"""The meeting-log panel of the duo page: one tag, so the journeys view needs no change."""

from django import template

from duo.accounts import scoping
from duo.journeys.choices import OPEN_DUO_STATUSES

from .. import queries

register = template.Library()


@register.inclusion_tag("meetinglog/_duo_panel.html", takes_context=True)
def meetinglog_panel(context, duo):
    user = context["request"].user
    can_change = scoping.can_change(user, duo)
    return {
        "duo": duo,
        "can_change": can_change,
        # Links go only to running duos (the service refuses others); the list of live links stays.
        "can_send": can_change and duo.status in OPEN_DUO_STATUSES,
        "links": list(queries.active_links(duo)) if can_change else [],
        "mentor_hours": queries.hours_by_mentor(mentors=[duo.mentor_id]).get(duo.mentor_id, 0),
    }
