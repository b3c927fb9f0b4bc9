"""The participant's block on their meeting-log page: answer after the introduction, download the
agreement. One tag, so the meeting log's view and page need no more than one line."""

from django import template

from .. import acceptance, agreement
from ..choices import DuoStatus

register = template.Library()


@register.inclusion_tag("journeys/_introduction_answer.html", takes_context=True)
def introduction_answer(context, link, answer_form=None):
    from ..acceptance_views import ParticipantAnswerForm

    request = context["request"]
    # The link's token is not stored (only its hash): it is the one in the page's own URL.
    token = context.get("token") or request.resolver_match.kwargs.get("token")
    duo = link.duo
    side = acceptance.side_of(duo, link.person)
    answer = duo.introduction_answers.filter(side=side).first() if side else None
    other = duo.mentor.person if side == "mentee" else duo.mentee.person
    return {
        "request": request, "csrf_token": context.get("csrf_token"), "token": token, "other": other,
        # Asked once; shown again with its errors when an answer could not be recorded.
        "ask": side is not None and (answer_form is not None
                                     or (duo.status == DuoStatus.INTRODUCED and answer is None)),
        "answer": answer, "waiting": duo.status == DuoStatus.INTRODUCED and answer is not None,
        "form": answer_form or ParticipantAnswerForm(),
        "agreement": duo.status in agreement.AVAILABLE,
    }
