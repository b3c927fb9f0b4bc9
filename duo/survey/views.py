"""The staff pages of the survey instruments: the list, and a preview of one version in a chosen language."""

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation

from duo.accounts import roles, scoping
from duo.accounts.scoping import require
from duo.core.i18n import LANGS, LANGUAGE_CHOICES

from . import answering, queries
from .models import InstrumentVersion, QuestionType


@require(roles.AGGREGATES_VIEW)
def instrument_list(request):
    return render(request, "survey/list.html", {
        "rows": queries.instruments(request.user),
        "can_change": scoping.can_change(request.user, InstrumentVersion),
    })


def _in(obj, prefix, lang):
    return getattr(obj, f"{prefix}_{lang}", "")


@require(roles.AGGREGATES_VIEW)
def version_preview(request, pk):
    version = scoping.get_or_404(request.user, InstrumentVersion.objects.select_related("instrument"), pk=pk)
    lang = request.GET.get("in") or translation.get_language()[:2]
    if lang not in LANGS:
        raise Http404
    # The same questions as the participant's page, every one shown, skip logic noted in the staff's language.
    items = answering.items(answering.questions(version), lang, notes=True)
    for item in items:
        item.shown = True
    instrument = version.instrument
    staff_lang = translation.get_language()
    # The questionnaire is rendered in the participant's language, interface words included.
    with translation.override(lang):
        questionnaire = render_to_string("survey/_questionnaire.html", {
            "items": items, "title": _in(instrument, "title", lang), "types": QuestionType,
            "description": _in(instrument, "description", lang), "lang": lang,
            "staff_lang": staff_lang,
        }, request=request)
    return render(request, "survey/preview.html", {
        "version": version, "instrument": instrument, "questionnaire": questionnaire, "lang": lang,
        "languages": LANGUAGE_CHOICES, "n_questions": len(items),
        "hidden": sum(1 for i in items if i.show_if),
    })
