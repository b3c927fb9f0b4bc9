"""Publishing a version and starting a new draft. Each use case is one transaction and checks who acts."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duo.accounts import scoping

from . import logic
from .models import Choice, Instrument, InstrumentVersion, Question, VersionStatus
from .queries import as_logic

LANG_NAMES = {"fr": "French", "nl": "Dutch", "en": "English"}


class SurveyError(Exception):
    """Why a version cannot be published or drafted, one message per problem, for the user."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


def _lang(code):
    return {"fr": _("French"), "nl": _("Dutch"), "en": _("English")}[code]


def describe(code: str, problem: str, details: dict) -> str:
    """A publication problem from duo.survey.logic in the user's language."""
    d = dict(details, code=code, lang=_lang(details["lang"]) if "lang" in details else "")
    texts = {
        "no_questions": _("The version has no question."),
        "duplicate_code": _("Question %(code)s: two questions have this code."),
        "bad_type": _("Question %(code)s: unknown question type."),
        "missing_text": _("Question %(code)s: the text in %(lang)s is missing."),
        "missing_choice_label": _("Question %(code)s: the label of choice “%(value)s” in %(lang)s is missing."),
        "too_few_choices": _("Question %(code)s: a choice question needs at least two choices."),
        "bounds": _("Question %(code)s: the minimum is above the maximum."),
        "skip_unknown": _("Question %(code)s: it is shown depending on “%(target)s”, which is not an earlier "
                          "question of this version."),
        "skip_open": _("Question %(code)s: it depends on “%(target)s”, whose answers are not from a list; "
                       "depend on a scale or choice question."),
        "skip_no_values": _("Question %(code)s: say for which answers it is shown."),
        "skip_bad_value": _("Question %(code)s: “%(value)s” is not an answer that “%(target)s” can take."),
    }
    return texts[problem] % d


def _check_instrument_texts(instrument) -> list[str]:
    missing = [_lang(code) for code in logic.LANGS if not getattr(instrument, f"title_{code}", "").strip()]
    return [_("The instrument's title in %(lang)s is missing.") % {"lang": lang} for lang in missing]


@transaction.atomic
def version_publish(*, version: InstrumentVersion, by) -> InstrumentVersion:
    """Freeze a draft and make it the instrument's current version; the previous one is retired."""
    if not scoping.can_change(by, InstrumentVersion):
        raise scoping.NotAllowed
    version = InstrumentVersion.objects.select_for_update().select_related("instrument").get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise SurveyError([_("Only a draft version can be published.")])
    problems = _check_instrument_texts(version.instrument)
    problems += [describe(*p) for p in logic.problems_for_publication(as_logic(version))]
    if problems:
        raise SurveyError(problems)
    InstrumentVersion.objects.filter(instrument=version.instrument, status=VersionStatus.PUBLISHED).update(
        status=VersionStatus.RETIRED)
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = by
    version.save(update_fields=["status", "published_at", "published_by"])
    return version


@transaction.atomic
def version_new_draft(*, instrument: Instrument, by) -> InstrumentVersion:
    """A new draft, a deep copy of the latest version (questions, choices, skip logic, scales)."""
    if not scoping.can_change(by, InstrumentVersion):
        raise scoping.NotAllowed
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    if instrument.versions.filter(status=VersionStatus.DRAFT).exists():
        raise SurveyError([_("This instrument already has a draft version: edit that one.")])
    latest = instrument.versions.order_by("-number").first()
    draft = InstrumentVersion.objects.create(instrument=instrument, number=(latest.number + 1) if latest else 1)
    if latest is None:
        return draft
    for question in latest.questions.prefetch_related("choices"):
        choices = list(question.choices.all())
        question.pk = None
        question._state.adding = True
        question.version = draft
        question.save()
        Choice.objects.bulk_create(
            Choice(question=question, position=c.position, value=c.value, label_fr=c.label_fr,
                   label_nl=c.label_nl, label_en=c.label_en) for c in choices)
    return draft


def create_published(*, spec: dict, by=None) -> Instrument:
    """Create an instrument with its version 1 from a spec of duo.survey.defaults, and publish it.

    For the shipped defaults only (load_instruments): no user acts, so no permission check.
    """
    with transaction.atomic():
        fields = {k: spec[k] for k in ("code", "kind", "audience", "title_fr", "title_nl", "title_en",
                                       "description_fr", "description_nl", "description_en")}
        instrument = Instrument.objects.create(**fields)
        version = InstrumentVersion.objects.create(instrument=instrument, number=1)
        for position, q in enumerate(spec["questions"], start=1):
            question = Question.objects.create(
                version=version, position=position, code=q["code"], type=q["type"], required=q.get("required", True),
                text_fr=q["text"]["fr"], text_nl=q["text"]["nl"], text_en=q["text"]["en"],
                help_fr=q.get("help", {}).get("fr", ""), help_nl=q.get("help", {}).get("nl", ""),
                help_en=q.get("help", {}).get("en", ""), minimum=q.get("min"), maximum=q.get("max"),
                scale=q.get("scale", ""), show_if_question=q.get("show_if", ("", []))[0],
                show_if_values=list(q.get("show_if", ("", []))[1]))
            Choice.objects.bulk_create(
                Choice(question=question, position=i, value=value, label_fr=labels["fr"], label_nl=labels["nl"],
                       label_en=labels["en"])
                for i, (value, labels) in enumerate(q.get("choices", []), start=1))
        problems = [describe(*p) for p in logic.problems_for_publication(as_logic(version))]
        if problems:
            raise SurveyError(problems)
        version.status = VersionStatus.PUBLISHED
        version.published_at = timezone.now()
        version.published_by = by
        version.save()
    return instrument
