"""Reads for the survey pages and the publish check."""

from django.db.models import Count, Prefetch

from duo.accounts import scoping

from . import logic
from .models import Choice, Instrument, InstrumentVersion, VersionStatus


def as_logic(version: InstrumentVersion) -> list[logic.Q]:
    """The version's questions as duo.survey.logic dataclasses, in order."""
    questions = version.questions.order_by("position", "id").prefetch_related(
        Prefetch("choices", queryset=Choice.objects.order_by("position", "id")))
    return [
        logic.Q(code=q.code, type=q.type, required=q.required, choices=tuple(c.value for c in q.choices.all()),
                minimum=q.minimum, maximum=q.maximum, show_if_question=q.show_if_question,
                show_if_values=tuple(str(v) for v in (q.show_if_values or [])),
                texts={"fr": q.text_fr, "nl": q.text_nl, "en": q.text_en},
                choice_labels={c.value: {"fr": c.label_fr, "nl": c.label_nl, "en": c.label_en}
                               for c in q.choices.all()})
        for q in questions
    ]


def instruments(user):
    """Every instrument with its versions; `published` is the current version, with its question count."""
    qs = scoping.scope(user, Instrument.objects.all()).prefetch_related(
        Prefetch("versions", queryset=InstrumentVersion.objects.annotate(n_questions=Count("questions"))
                 .order_by("-number")))
    rows = []
    for instrument in qs:
        versions = list(instrument.versions.all())
        published = next((v for v in versions if v.status == VersionStatus.PUBLISHED), None)
        draft = next((v for v in versions if v.status == VersionStatus.DRAFT), None)
        rows.append({"instrument": instrument, "published": published, "draft": draft, "versions": versions})
    return rows


def questions_for_preview(version: InstrumentVersion):
    return list(version.questions.order_by("position", "id").prefetch_related(
        Prefetch("choices", queryset=Choice.objects.order_by("position", "id"))))

