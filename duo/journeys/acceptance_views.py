"""The answers after the introduction, and the agreement PDF: on the duo page for the staff, and
on the participant's personal meeting-log page (no password: the link's token is the key).

The participant's URLs sit under the meeting-log token (duo/meetinglog/urls.py) and answer like
the log page: a forged token 404, an expired or revoked one the same kind page.
"""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from duo.core.forms import errors_into
from duo.accounts import roles
from duo.accounts.scoping import require
from duo.meetinglog.views import through_link

from . import acceptance, agreement
from .choices import AnswerSide, AnswerVia, DuoStatus

YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


class AnswerForm(forms.Form):
    """A side's answer told to a staff member (by phone, say), recorded on the duo page."""

    side = forms.ChoiceField(choices=AnswerSide.choices, widget=forms.HiddenInput)
    accepted = forms.ChoiceField(label=gettext_lazy("Wants to continue"), choices=YES_NO, widget=forms.RadioSelect)
    answered_at = forms.DateTimeField(
        label=gettext_lazy("Answered on"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    note = forms.CharField(label=gettext_lazy("Why (required for a refusal)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, side: str, **kwargs):
        now = timezone.localtime().replace(second=0, microsecond=0)
        kwargs.setdefault("initial", {"side": side, "answered_at": now})
        # Both sides' forms share the page: same field names, distinct ids.
        kwargs.setdefault("auto_id", f"id_answer_{side}_%s")
        super().__init__(*args, **kwargs)
        self.side = side


class ParticipantAnswerForm(forms.Form):
    """Yes or no, from the participant's phone; a no says why."""

    accepted = forms.ChoiceField(choices=YES_NO, widget=forms.HiddenInput)
    note = forms.CharField(label=gettext_lazy("Why, in a few words?"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("accepted") == "no" and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why, in a few words."))
        return data


# --- staff ------------------------------------------------------------------------------------

@require(roles.DUOS_CHANGE)
@require_POST
def answer_record(request, pk):
    """A side's answer, told to the coordinator, recorded from the duo page."""
    from .views import _duo, duo_detail_response

    duo = _duo(request, pk)
    if duo.status != DuoStatus.INTRODUCED:
        messages.error(request, _("This duo is “%(status)s”: answers after the introduction are no longer taken.")
                       % {"status": duo.get_status_display()})
        return redirect("journeys:detail", pk=duo.pk)
    form = AnswerForm(request.POST, side=request.POST.get("side", ""))
    if form.is_valid():
        data = form.cleaned_data
        try:
            acceptance.introduction_answer(duo=duo, side=data["side"], accepted=data["accepted"] == "yes",
                                           note=data["note"], via=AnswerVia.STAFF, by=request.user,
                                           at=data["answered_at"])
        except acceptance.AnswerError as error:
            errors_into(form, error.errors)
        else:
            duo.refresh_from_db()
            messages.success(request, _("Answer recorded. The duo is “%(status)s”.") % {
                "status": duo.get_status_display()})
            return redirect("journeys:detail", pk=duo.pk)
    if form.side not in AnswerSide.values:
        form.side = AnswerSide.MENTEE  # a tampered side: show the errors on the first form
    return duo_detail_response(request, duo, bound=form)


@require(roles.DUOS_VIEW)
def agreement_download(request, pk):
    from .views import _duo

    return _pdf_response(_duo(request, pk))


def _pdf_response(duo) -> HttpResponse:
    response = HttpResponse(agreement.agreement_pdf(duo), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{agreement.filename(duo)}"'
    return response


# --- the participant's link -----------------------------------------------------------------------

@through_link
def link_answer(request, link, token):
    """Yes or no after the introduction, posted from the participant's log page."""
    if request.method != "POST":
        return redirect("meetinglog:log", token=token)
    duo = link.duo
    form = ParticipantAnswerForm(request.POST)
    if form.is_valid():
        accepted = form.cleaned_data["accepted"] == "yes"
        try:
            acceptance.introduction_answer(duo=duo, side=acceptance.side_of(duo, link.person), accepted=accepted,
                                           note=form.cleaned_data["note"], via=AnswerVia.LINK, by=None,
                                           link=link)
        except acceptance.AnswerError as error:
            errors_into(form, error.errors)
        else:
            messages.success(request, _("Thank you! Your answer is recorded.") if accepted else
                             _("Thank you for telling us. Your coordinator will be in touch."))
            return redirect("meetinglog:log", token=token)
    other = duo.mentor.person if link.person_id == duo.mentee.person_id else duo.mentee.person
    return render(request, "journeys/introduction_answer_page.html",
                  {"link": link, "person": link.person, "other": other, "answer_form": form, "token": token})


@through_link
def link_agreement(request, link, token):
    """The duo's agreement, for its own mentor or mentee, once both have accepted."""
    if link.duo.status not in agreement.AVAILABLE:
        messages.info(request, _("The agreement can be downloaded once you have both accepted."))
        return redirect("meetinglog:log", token=token)
    return _pdf_response(link.duo)
