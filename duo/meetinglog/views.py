"""The mentor's or mentee's meeting log, opened from the personal link in their email (no password).

An unknown or forged token answers 404; an expired or revoked one a kind page that says so.
"""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from duo.privacy.context import Actor, acting_as

from . import queries, services, tokens
from .forms import MeetingForm


def through_link(view):
    """For every page a participant opens with their personal link (the log, the plan, the answer after
    the introduction, the agreement): a forged token is 404, an expired or revoked one the kind page, and
    what the view changes is audited as done through that person's link. The view gets (request, link,
    token, **kwargs) for a link that works."""

    @never_cache
    @wraps(view)
    def wrapped(request, token, **kwargs):
        link = tokens.find(token)
        if link is None:
            raise Http404
        path = request.path.replace(token, "<token>")[:255]
        actor = Actor(label=f"meeting-log link (person {link.person_id})", ip=request.META.get("REMOTE_ADDR"),
                      path=path)
        with acting_as(actor):
            if not link.is_active:
                response = render(request, "meetinglog/closed.html", {"link": link, "person": link.person})
            else:
                services.touch(link)
                response = view(request, link, token, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


@through_link
def log(request, link, token):
    duo = link.duo
    form = MeetingForm(request.POST or None, duo=duo)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_log(link=link, **form.cleaned_data)
        except services.MeetingLogError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("Thank you! Your meeting is in the log."))
            return redirect("meetinglog:log", token=token)
    side = services.side_of(duo, link.person)
    other = duo.mentee.person if side == "mentor" else duo.mentor.person
    return render(request, "meetinglog/log.html", {
        "link": link, "person": link.person, "other": other, "form": form,
        "meetings": queries.meetings_for_link(link),
    })
