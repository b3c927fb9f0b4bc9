"""What a questionnaire page shows, built from a version and the answers so far: shared by the participant's
page, the staff's entry on someone's behalf and the staff preview, so that all three show the same thing.

Texts come in the language asked for (the invitation's), falling back to French then English; which
questions show is duo.survey.logic's rule; answers are read back from POST data as {code: value}.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import logic, queries
from .models import Invitation, InstrumentVersion

LIKERT_CHOICES = [(v, v) for v in logic.LIKERT_VALUES]


def _in(obj, prefix: str, lang: str) -> str:
    for code in (lang, "fr", "en", "nl"):
        value = getattr(obj, f"{prefix}_{code}", "")
        if value:
            return value
    return ""


@dataclass
class Item:
    """One question as a page shows it."""

    question: object  # the Question row, for its type, bounds and required flag
    code: str
    type: str
    text: str
    help: str
    number: int
    choices: list[tuple[str, str]]
    values: list[str] = field(default_factory=list)  # the answer so far, as a list of strings
    error: str = ""
    shown: bool = True
    show_if: str = ""
    show_values: list[str] = field(default_factory=list)
    note: str = ""  # for the staff preview: where skip logic applies

    @property
    def q(self):
        return self.question

    @property
    def value(self) -> str:
        """The answer of an open question (number, date, text), for an input's value."""
        return self.values[0] if self.values else ""

    @property
    def anchor(self) -> str:
        """The id of the question's first input, where an error summary's link leads."""
        return f"a-{self.code}-{self.choices[0][0]}" if self.choices else f"a-{self.code}"

    @property
    def describedby(self) -> str:
        ids = []
        if self.help:
            ids.append(f"q-{self.code}-help")
        if self.error:
            ids.append(f"q-{self.code}-error")
        return " ".join(ids)


def questions(version: InstrumentVersion) -> list:
    """The version's Question rows, in order, with their choices."""
    return queries.questions_for_preview(version)


def as_logic(rows: list) -> list[logic.Q]:
    """Question rows (with their choices fetched) as duo.survey.logic dataclasses."""
    return [logic.Q(code=q.code, type=q.type, required=q.required, choices=tuple(c.value for c in q.choices.all()),
                    minimum=q.minimum, maximum=q.maximum, show_if_question=q.show_if_question,
                    show_if_values=tuple(str(v) for v in (q.show_if_values or [])))
            for q in rows]


def _as_list(value) -> list[str]:
    if logic.is_empty(value):
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def condition_note(question, by_code: dict, lang: str) -> str:
    """Where skip logic applies, a note for the staff (in the active language) naming the earlier question."""
    if not question.show_if_question:
        return ""
    target = by_code.get(question.show_if_question)
    if target is None:
        return _("Shown only after question “%(code)s”, which does not exist.") % {"code": question.show_if_question}
    labels = {c.value: _in(c, "label", lang) for c in target.choices.all()}
    values = ", ".join(f"“{labels.get(str(v), v)}”" for v in question.show_if_values or [])
    return _("Shown only when the answer to question %(position)d is %(values)s.") % {
        "position": target.position, "values": values}


def items(rows: list, lang: str, answers: dict | None = None, errors: dict | None = None,
          notes: bool = False) -> list[Item]:
    """Every question of the version, each knowing whether it shows given the answers so far."""
    answers = answers or {}
    errors = errors or {}
    shown = set(logic.visible(as_logic(rows), answers))
    by_code = {q.code: q for q in rows}
    result = []
    for number, q in enumerate(rows, start=1):
        if q.type == logic.LIKERT:
            choices = LIKERT_CHOICES
        else:
            choices = [(c.value, _in(c, "label", lang)) for c in q.choices.all()]
        result.append(Item(
            question=q, code=q.code, type=q.type, text=_in(q, "text", lang), help=_in(q, "help", lang),
            number=number, choices=choices, values=_as_list(answers.get(q.code)), error=errors.get(q.code, ""),
            shown=q.code in shown, show_if=q.show_if_question,
            show_values=[str(v) for v in (q.show_if_values or [])],
            note=condition_note(q, by_code, lang) if notes else ""))
    return result


def question_label(number: int) -> str:
    """How an error summary names a question: by its number, the question itself being right below."""
    return _("Question %(number)d") % {"number": number}


def progress(rows: list, answers: dict) -> tuple[int, int]:
    """(answered, shown): the questions showing given the answers so far, and how many have an answer."""
    shown = logic.visible(as_logic(rows), answers)
    return sum(1 for code in shown if not logic.is_empty(answers.get(code))), len(shown)


def read(rows: list, data, only: set[str] | None = None) -> dict:
    """The answers in POST data, {code: value}: a list for several choices, a trimmed string otherwise.
    Empty answers are left out, as are names that are no question of the version."""
    answers = {}
    for q in rows:
        if only is not None and q.code not in only:
            continue
        if q.type == logic.MULTIPLE:
            value = [v for v in data.getlist(q.code) if v.strip()]
        else:
            value = (data.get(q.code) or "").strip()
        if not logic.is_empty(value):
            answers[q.code] = value
    return answers


# --- one question per screen ---------------------------------------------------------------------------


def shown_codes(rows: list, answers: dict) -> list[str]:
    return logic.visible(as_logic(rows), answers)


def resume_at(rows: list, answers: dict) -> str:
    """Where a person coming back starts: the first question showing and not answered yet, else the last."""
    shown = shown_codes(rows, answers)
    for code in shown:
        if logic.is_empty(answers.get(code)):
            return code
    return shown[-1] if shown else ""


def step(rows: list, answers: dict, code: str, by: int) -> str | None:
    """The question showing `by` places after (or before, by < 0) `code`, given the answers; None past
    either end. A question that stopped showing (its condition changed) counts from where it sits."""
    shown = shown_codes(rows, answers)
    if code in shown:
        index = shown.index(code) + by
        return shown[index] if 0 <= index < len(shown) else None
    order = [q.code for q in rows]
    if code not in order:
        return shown[0] if shown else None
    position = order.index(code)
    later = [c for c in shown if order.index(c) > position]
    earlier = [c for c in shown if order.index(c) < position]
    if by > 0:
        return later[by - 1] if len(later) >= by else None
    return earlier[by] if len(earlier) >= -by else None


def merge(draft: dict, rows: list, data, code: str) -> dict:
    """The draft with one question's answer replaced by what was posted (removed when left empty)."""
    answers = {k: v for k, v in (draft or {}).items() if k != code}
    answers.update(read(rows, data, only={code}))
    return answers


def check_one(rows: list, answers: dict, code: str) -> dict[str, str]:
    """The problem with one question's answer, {code: message}, or {} (a hidden question has none)."""
    problems = logic.validate(as_logic(rows), answers)
    if code not in problems:
        return {}
    from .responses import error_text

    question = next((q for q in rows if q.code == code), None)
    return {code: error_text(problems[code], question)}


def set_language(invitation: Invitation, lang: str) -> None:
    """The person reads the questionnaire in another language: their answers will be recorded in it."""
    if lang != invitation.language:
        Invitation.objects.filter(pk=invitation.pk).update(language=lang)
        invitation.language = lang
