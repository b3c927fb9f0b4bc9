"""Lets the person and duo pages show barriers with a one-line include, without their views knowing."""

from django import template

from duo.accounts import scoping

from .. import queries
from ..models import Barrier

register = template.Library()


@register.simple_tag(takes_context=True)
def barrier_section(context, person=None, duo=None):
    user = context["request"].user
    if duo is not None:
        # On a duo page, the barriers of its mentee: those from intake give the context of the duo.
        person = duo.mentee.person
    if person is None or not scoping.can_view(user, Barrier):
        return {"visible": False}
    return {
        "visible": True,
        "person": person,
        "duo": duo,
        "barriers": list(queries.for_person(user, person)),
        "can_change": scoping.can_change(user, Barrier) and scoping.can_change(user, person),
    }
