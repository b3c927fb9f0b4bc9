"""Declining a survey from the link in its email (no login): no more reminders for it, and if the person
wishes, no more surveys at all (recorded as a refusal of the surveys consent).

A forged token answers 404; an answered, declined or expired invitation a kind page that says so. What is
changed is audited as done through that person's link.
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache

from duo.privacy.context import Actor, acting_as

from . import responses, schedule
from .models import InvitationStatus


@never_cache
def decline(request, token):
    invitation = responses.find(token)
    if invitation is None:
        raise Http404
    actor = Actor(label=f"survey link (person {invitation.person_id})", ip=request.META.get("REMOTE_ADDR"),
                  path=request.path.replace(token, "<token>")[:255])
    with acting_as(actor):
        state = _state(invitation)
        if request.method == "POST":
            all_surveys = request.POST.get("all_surveys") == "on"
            language = (translation.get_language() or "fr")[:2]
            if state == "open":
                schedule.decline(invitation=invitation, all_surveys=all_surveys, language=language)
            elif all_surveys:
                # From an older email, after answering or once the link has closed: only the wider refusal.
                schedule.refuse_surveys(person=invitation.person, language=language)
            return redirect("survey_answer:decline", token=token)
        response = render(request, "survey/answer/decline.html", {
            "invitation": invitation, "person": invitation.person, "title": invitation.version.instrument.title,
            "token": token, "state": state, "refused_all": schedule.surveys_refused(invitation.person),
        })
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _state(invitation) -> str:
    if invitation.status == InvitationStatus.COMPLETED:
        return "answered"
    if invitation.status == InvitationStatus.OPTED_OUT:
        return "declined"
    if invitation.is_expired:
        return "expired"
    return "open"
