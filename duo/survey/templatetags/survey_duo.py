"""The duo page's survey section with a one-line include, so that the duo view needs to know nothing of
surveys: who in the duo was asked what, and where each answer is."""

from django import template

from duo.accounts import scoping

from ..models import Invitation, Response

register = template.Library()


@register.simple_tag(takes_context=True)
def survey_duo_section(context, duo):
    user = context["request"].user
    if not scoping.can_view(user, Invitation):
        return {"visible": False}
    invitations = list(scoping.scope(user, Invitation.objects.filter(duo=duo))
                       .select_related("version__instrument", "person", "response")
                       .order_by("due_on", "id"))
    # Answers without an invitation (imported from paper before the platform asked) are listed too.
    loose = list(scoping.scope(user, Response.objects.filter(duo=duo, invitation__isnull=True))
                 .select_related("version__instrument", "person").order_by("answered_on", "id"))
    return {"visible": True, "invitations": invitations, "loose": loose}
