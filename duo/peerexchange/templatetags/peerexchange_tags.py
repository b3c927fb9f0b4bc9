"""The peer-exchange section of a mentor's person page: one tag, so the people view needs no change."""

from django import template

from duo.accounts import roles, scoping

from .. import queries
from ..forms import STATUS_LABELS
from ..models import MIN_PER_DUO

register = template.Library()


@register.inclusion_tag("peerexchange/_mentor_section.html", takes_context=True)
def mentor_peer_exchange(context, person):
    user = context["request"].user
    mentor = getattr(person, "mentor", None)
    if mentor is None or not scoping.has(user, roles.PEOPLE_VIEW):
        return {"visible": False}
    invitations, rows = queries.for_mentor(user, mentor)
    return {"visible": True, "invitations": invitations, "rows": rows, "labels": STATUS_LABELS,
            "required": MIN_PER_DUO}


@register.filter
def rule_label(status):
    return STATUS_LABELS.get(status, status)
