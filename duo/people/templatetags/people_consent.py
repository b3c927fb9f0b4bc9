"""The consent link in participants' emails, and the coordinators' banner on a person's page."""

from django import template

from duo.accounts import scoping

from .. import consent

register = template.Library()


@register.simple_tag
def consent_url(person) -> str:
    """The person's consent page, absolute, in the language the email is being written in."""
    from django.utils.translation import get_language

    return consent.url_for(person, get_language())


@register.inclusion_tag("people/consent/_banner.html")
def consent_banner(person):
    """Above everything on the person's page: they withdrew consent to the programme itself."""
    return {"programme_on": consent.programme_withdrawn_on(person)}


@register.inclusion_tag("people/consent/_section.html", takes_context=True)
def consent_section(context, person):
    user = context.get("user")
    return {"person": person, "withdrawn": [p for p in consent.positions(person) if not p.granted],
            "can_change": scoping.can_change(user, person) if user is not None else False}
