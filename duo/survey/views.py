"""The staff pages of the survey instruments: the list, and a preview of one version in a chosen language."""

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from duo.accounts import roles, scoping
from duo.accounts.scoping import require
from duo.core.i18n import LANGS, LANGUAGE_CHOICES

from . import queries
from .models import InstrumentVersion, QuestionType


@require(roles.AGGREGATES_VIEW)
def instrument_list(request):
    return render(request, "survey/list.html", {
        "rows": queries.instruments(request.user),
        "can_change": scoping.can_change(request.user, InstrumentVersion),
    })


def _in(obj, prefix, lang):
    return getattr(obj, f"{prefix}_{lang}", "")


def _condition_note(question, by_code, lang):
    """Where skip logic applies, a note for the staff (in their language) naming the earlier question."""
    if not question.show_if_question:
        return ""
    target = by_code.get(question.show_if_question)
    if target is None:
        return _("Shown only after question “%(code)s”, which does not exist.") % {"code": question.show_if_question}
    labels = {c.value: _in(c, "label", lang) for c in target.choices.all()}
    values = ", ".join(f"“{labels.get(str(v), v)}”" for v in question.show_if_values or [])
    return _("Shown only when the answer to question %(position)d is %(values)s.") % {
        "position": target.position, "values": values}


@require(roles.AGGREGATES_VIEW)
def version_preview(request, pk):
    version = scoping.get_or_404(request.user, InstrumentVersion.objects.select_related("instrument"), pk=pk)
    lang = request.GET.get("in") or translation.get_language()[:2]
    if lang not in LANGS:
        raise Http404
    questions = queries.questions_for_preview(version)
    by_code = {q.code: q for q in questions}
    items = [{
        "q": q, "text": _in(q, "text", lang), "help": _in(q, "help", lang),
        "choices": [(c.value, _in(c, "label", lang)) for c in q.choices.all()],
        "note": _condition_note(q, by_code, lang),
    } for q in questions]
    instrument = version.instrument
    staff_lang = translation.get_language()
    # The questionnaire is rendered in the participant's language, interface words included.
    with translation.override(lang):
        questionnaire = render_to_string("survey/_questionnaire.html", {
            "items": items, "title": _in(instrument, "title", lang), "types": QuestionType,
            "description": _in(instrument, "description", lang), "lang": lang, "likert": range(1, 6),
            "staff_lang": staff_lang,
        }, request=request)
    return render(request, "survey/preview.html", {
        "version": version, "instrument": instrument, "questionnaire": questionnaire, "lang": lang,
        "languages": LANGUAGE_CHOICES, "n_questions": len(items),
        "hidden": sum(1 for i in items if i["q"].show_if_question),
    })
