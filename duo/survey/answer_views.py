"""The questionnaire a participant opens from a survey email, under /<lang>/s/<token>/ (no login).

Shown in the invitation's language whatever the URL's prefix (the person may pick another, which then
becomes the invitation's). All questions on one page, or one per screen; answers saved as the person goes
and found again when they come back; submitted once. A forged token is 404, a closed link a kind page.
"""

from functools import wraps

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from duo.core.i18n import LANGS, LANGUAGE_CHOICES
from duo.privacy.context import Actor, acting_as

from . import answering, responses
from .models import InvitationStatus


def through_link(view):
    """For every page opened with a survey link: a forged token is 404; a link that no longer takes answers
    (answered, declined, expired) the kind page saying which; what the view changes is audited as done
    through that invitation's link. The view gets (request, invitation, token, **kwargs), in the
    invitation's language."""

    @never_cache
    @wraps(view)
    def wrapped(request, token, **kwargs):
        invitation = responses.find(token)
        if invitation is None:
            raise Http404
        path = request.path.replace(token, "<token>")[:255]
        actor = Actor(label=f"survey invitation {invitation.pk} (person {invitation.person_id})",
                      ip=request.META.get("REMOTE_ADDR"), path=path)
        with acting_as(actor):
            wanted = request.GET.get("lang")
            if wanted in LANGS and invitation.is_open:
                answering.set_language(invitation, wanted)
            with translation.override(invitation.language):
                if invitation.is_open:
                    response = view(request, invitation, token, **kwargs)
                elif _wants_json(request):
                    response = JsonResponse({"message": _("This link no longer takes answers: please reload "
                                                          "the page.")}, status=409)
                else:
                    response = _closed(request, invitation)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _closed(request, invitation):
    if invitation.status == InvitationStatus.COMPLETED:
        state = "answered"
    elif invitation.status == InvitationStatus.OPTED_OUT:
        state = "declined"
    else:
        state = "expired"
    return render(request, "survey/answer/closed.html", {
        "invitation": invitation, "state": state, "title": invitation.version.instrument.title,
        "antenna": invitation.antenna,
    })


def _url(token, **query):
    url = reverse("survey_answer:answer", kwargs={"token": token})
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def _other_languages(invitation, token) -> list[tuple[str, str, str]]:
    """(code, name, URL) of the languages the person may switch to; the choice is kept on the invitation."""
    links = []
    for code, name in LANGUAGE_CHOICES:
        if code != invitation.language:
            with translation.override(code):
                links.append((code, name, _url(token, lang=code)))
    return links


def _saved_message(invitation) -> str:
    when = timezone.localtime(invitation.draft_saved_at or timezone.now())
    return _("Saved at %(time)s.") % {"time": when.strftime("%H:%M")}


def _page(request, invitation, token, rows, answers, *, errors=None, current="", status=200):
    """The questionnaire with the answers so far: every question, or only `current` (one per screen)."""
    errors = errors or {}
    items = answering.items(rows, invitation.language, answers, errors)
    answered, total = answering.progress(rows, answers)
    shown = answering.shown_codes(rows, answers)
    context = {
        "invitation": invitation, "token": token, "errors": errors, "answered": answered, "total": total,
        "title": invitation.version.instrument.title, "description": invitation.version.instrument.description,
        "languages": _other_languages(invitation, token),
        "one_per_screen": invitation.one_per_screen and current in {q.code for q in rows},
        "saved_at": invitation.draft_saved_at if invitation.draft else None,
    }
    by_code = {item.code: item for item in items}
    summary = []
    for code in errors:
        item = by_code.get(code)
        if item is None:
            continue
        if invitation.one_per_screen and code != current:
            link = _url(token, q=code)
        else:
            link = f"#{item.anchor}"
        number = shown.index(code) + 1 if invitation.one_per_screen and code in shown else item.number
        summary.append({"link": link, "text": answering.question_label(number), "error": errors[code]})
    context["summary"] = summary
    if invitation.one_per_screen and current in by_code:
        item = by_code[current]
        item.shown = True
        context.update({
            "items": [item], "current": current,
            "position": shown.index(current) + 1 if current in shown else None, "count": len(shown),
            "first": answering.step(rows, answers, current, -1) is None,
            "last": answering.step(rows, answers, current, +1) is None,
        })
    else:
        context["items"] = items
    return render(request, "survey/answer/page.html", context, status=status)


@through_link
def answer(request, invitation, token):
    rows = answering.questions(invitation.version)
    codes = [q.code for q in rows]
    if request.method == "POST":
        return _posted(request, invitation, token, rows, codes)
    answers = invitation.draft or {}
    current = ""
    if invitation.one_per_screen:
        current = request.GET.get("q", "")
        if current not in answering.shown_codes(rows, answers):
            current = answering.resume_at(rows, answers)
    return _page(request, invitation, token, rows, answers, current=current)


def _answers_posted(request, invitation, rows, codes) -> tuple[dict, str]:
    """The answers so far after this POST, and the question on screen (one per screen)."""
    if not invitation.one_per_screen:
        return answering.read(rows, request.POST), ""
    current = request.POST.get("current", "")
    if current not in codes:
        current = answering.resume_at(rows, invitation.draft or {})
    return answering.merge(invitation.draft, rows, request.POST, current), current


def _posted(request, invitation, token, rows, codes):
    action = request.POST.get("action", "submit")
    answers, current = _answers_posted(request, invitation, rows, codes)
    try:
        if action == "submit":
            try:
                responses.response_submit(invitation=invitation, answers=answers)
            except responses.AnswersInvalid as invalid:
                # Nothing is recorded as an answer, but nothing typed is lost either.
                if answers != (invitation.draft or {}):
                    invitation = responses.answers_save(invitation=invitation, answers=answers)
                if invitation.one_per_screen:
                    shown = answering.shown_codes(rows, answers)
                    current = next((c for c in shown if c in invalid.errors), current)
                return _page(request, invitation, token, rows, answers, errors=invalid.errors, current=current)
            return redirect(_url(token))
        if action == "mode":
            responses.answers_save(invitation=invitation, answers=answers,
                                   one_per_screen=not invitation.one_per_screen)
            return redirect(_url(token))
        invitation = responses.answers_save(invitation=invitation, answers=answers)
        if action in ("next", "previous") and invitation.one_per_screen:
            if action == "next":
                errors = answering.check_one(rows, answers, current)
                if errors:
                    return _page(request, invitation, token, rows, answers, errors=errors, current=current)
            target = answering.step(rows, answers, current, 1 if action == "next" else -1) or current
            return redirect(_url(token, q=target))
        messages.success(request, _("%(saved)s You can close this page and come back later with the link from "
                                    "your email.") % {"saved": _saved_message(invitation)})
        return redirect(_url(token))
    except responses.InvitationClosed:
        return redirect(_url(token))


@through_link
@require_POST
def save(request, invitation, token):
    """Autosave (answer.js posts the form here as the person goes), and the "finish later" button's target."""
    rows = answering.questions(invitation.version)
    answers, _current = _answers_posted(request, invitation, rows, [q.code for q in rows])
    try:
        invitation = responses.answers_save(invitation=invitation, answers=answers)
    except responses.InvitationClosed:
        if _wants_json(request):
            return JsonResponse({"message": _("This link no longer takes answers: please reload the page.")},
                                status=409)
        return redirect(_url(token))
    if _wants_json(request):
        answered, total = answering.progress(rows, answers)
        return JsonResponse({"message": _saved_message(invitation), "answered": answered, "total": total})
    messages.success(request, _saved_message(invitation))
    return redirect(_url(token))
