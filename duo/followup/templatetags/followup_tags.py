"""Lets the duo page show check-ins and staff notes with a one-line include, without its view knowing."""

from django import template

from duo.accounts import scoping

from .. import queries
from ..forms import StaffNoteForm
from ..models import StaffNote

register = template.Library()


@register.simple_tag(takes_context=True)
def followup_section(context, duo):
    user = context["request"].user
    # Staff notes are for staff with the duo pages only: never computed for anyone else.
    if not scoping.can_view(user, StaffNote):
        return {"visible": False}
    return {"visible": True, "duo": duo, "checkins": list(queries.checkins_for(user, duo)),
            "notes": list(queries.notes_for(user, duo)), "can_change": scoping.can_change(user, duo),
            "form": StaffNoteForm()}
