"""A person's history across duos, on the person page: one tag, so the people view needs no change."""

from django import template

from .. import closure

register = template.Library()


@register.inclusion_tag("journeys/_history.html", takes_context=True)
def person_history(context, person):
    return {"rows": closure.person_history(user=context["request"].user, person=person)}
