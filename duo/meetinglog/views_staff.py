"""The coordinator's side of the meeting log, reached from the duo page."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from duo.accounts import roles, scoping
from duo.accounts.scoping import require
from duo.infosession.emails import programme_consent
from duo.journeys.models import Duo

from . import services
from .forms import ConfirmForm, MeetingForm, SendLinkForm
from .models import AccessLink


def _duo(request, pk):
    return scoping.get_or_404(
        request.user, Duo.objects.select_related("mentor__person", "mentee__person", "antenna"), pk=pk
    )


@require(roles.DUOS_CHANGE)
def link_send(request, pk):
    duo = _duo(request, pk)
    form = SendLinkForm(request.POST or None, initial={"side": request.GET.get("side")})
    if request.method == "POST" and form.is_valid():
        person = duo.mentor.person if form.cleaned_data["side"] == "mentor" else duo.mentee.person
        try:
            url = services.link_issue(duo=duo, person=person, by=request.user)
        except services.MeetingLogError as e:
            form.add_error(None, str(e))
        else:
            if person.email and not programme_consent(person):
                messages.warning(request, _("%(name)s withdrew consent to the programme: no email was sent.")
                                 % {"name": person})
            elif person.email:
                messages.success(request, _("A meeting-log link was sent to %(name)s.") % {"name": person})
            else:
                # No address: the coordinator passes the link on (a text message, say).
                messages.warning(request, _("%(name)s has no email address: give them this link yourself: %(url)s")
                                 % {"name": person, "url": url})
            return redirect("journeys:detail", pk=duo.pk)
    return render(request, "meetinglog/send.html", {"duo": duo, "form": form})


@require(roles.DUOS_CHANGE)
def link_revoke(request, pk, link_pk):
    duo = _duo(request, pk)
    link = scoping.get_or_404(request.user, AccessLink.objects.filter(duo=duo).select_related("person"), pk=link_pk)
    form = ConfirmForm(request.POST or None, initial={"confirm": True})
    if request.method == "POST" and form.is_valid():
        services.link_revoke(link=link, by=request.user)
        messages.success(request, _("The link of %(name)s no longer works.") % {"name": link.person})
        return redirect("journeys:detail", pk=duo.pk)
    return render(request, "meetinglog/revoke.html", {"duo": duo, "link": link, "form": form})


@require(roles.DUOS_CHANGE)
def meeting_add(request, pk):
    duo = _duo(request, pk)
    form = MeetingForm(request.POST or None, duo=duo)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_enter(duo=duo, by=request.user, **form.cleaned_data)
        except services.MeetingLogError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect("journeys:detail", pk=duo.pk)
    return render(request, "meetinglog/meeting_form.html", {"duo": duo, "form": form})
