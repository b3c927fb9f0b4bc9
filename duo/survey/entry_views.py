"""Staff enter the answers a person gave them by phone or on paper, on that person's behalf.

The questions are shown in the person's language (the staff may switch, and the answers are then recorded
in the language chosen); the page's own words in the staff's. The response is marked as entered on the
person's behalf by this user (duo.survey.responses.response_enter).
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from duo.accounts import roles, scoping
from duo.accounts.scoping import require
from duo.core.i18n import LANGS, LANGUAGE_CHOICES

from . import answering, responses
from .models import Invitation, InvitationStatus


def _back(invitation) -> str:
    if invitation.duo_id:
        return reverse("journeys:detail", args=[invitation.duo_id])
    return reverse("people:detail", args=[invitation.person_id])


def _answered_on(value: str):
    """(date, error message): today when left empty."""
    if not (value or "").strip():
        return timezone.localdate(), ""
    try:
        return datetime.date.fromisoformat(value.strip()), ""
    except ValueError:
        return None, _("Enter a date as YYYY-MM-DD.")


@require(roles.PEOPLE_CHANGE)
def enter(request, pk):
    invitation = scoping.get_or_404(
        request.user, Invitation.objects.select_related("version__instrument", "person", "duo", "antenna"), pk=pk)
    if not scoping.can_change(request.user, invitation.person):
        raise PermissionDenied
    lang = request.POST.get("language") or request.GET.get("in") or invitation.language
    if lang not in LANGS:
        raise Http404
    rows = answering.questions(invitation.version)
    answers = invitation.draft or {}
    errors = {}
    answered_on_text = request.POST.get("answered_on", "")
    completed = invitation.status == InvitationStatus.COMPLETED
    if request.method == "POST" and not completed:
        answers = answering.read(rows, request.POST)
        answered_on, problem = _answered_on(answered_on_text)
        if problem:
            errors = {"answered_on": problem}
        else:
            try:
                with transaction.atomic():
                    answering.set_language(invitation, lang)
                    responses.response_enter(invitation=invitation, answers=answers, by=request.user,
                                             answered_on=answered_on)
            except responses.AnswersInvalid as invalid:
                errors = invalid.errors
            except responses.InvitationClosed:
                completed = True
            except scoping.NotAllowed:
                raise PermissionDenied
            else:
                messages.success(request, _("Answers entered on behalf of %(name)s by %(you)s.") % {
                    "name": invitation.person.full_name, "you": str(request.user)})
                return redirect(_back(invitation))
    items = answering.items(rows, lang, answers, errors)
    staff_lang = translation.get_language()
    with translation.override(lang):
        fields = render_to_string("survey/answer/_fields.html", {"items": items, "numbered": True,
                                                                 "staff_lang": staff_lang}, request=request)
    by_code = {item.code: item for item in items}
    summary = [{"link": f"#{by_code[code].anchor}" if code in by_code else "#id_answered_on",
                "text": answering.question_label(by_code[code].number) if code in by_code
                else _("Date the answers were given"),
                "error": message} for code, message in errors.items()]
    return render(request, "survey/enter.html", {
        "invitation": invitation, "person": invitation.person, "instrument": invitation.version.instrument,
        "fields": fields, "lang": lang, "languages": LANGUAGE_CHOICES, "summary": summary,
        "answered_on": answered_on_text or timezone.localdate().isoformat(),
        "answered_on_error": errors.get("answered_on", ""), "completed": completed, "back": _back(invitation),
        "today": timezone.localdate().isoformat(),
    })
