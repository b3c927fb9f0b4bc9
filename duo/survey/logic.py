"""Questionnaire rules without Django: which questions show, which answers are valid, what blocks publication.

Plain dataclasses in, plain dicts out, so that the answering pages, the publish check and the tests
(hypothesis) share one definition. Error codes are stable strings; callers turn them into words.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

LIKERT = "likert5"
SINGLE = "single"
MULTIPLE = "multiple"
NUMBER = "number"
DATE = "date"
TEXT = "text"
TYPES = (LIKERT, SINGLE, MULTIPLE, NUMBER, DATE, TEXT)
CHOICE_TYPES = (SINGLE, MULTIPLE)
LIKERT_VALUES = ("1", "2", "3", "4", "5")
LANGS = ("fr", "nl", "en")


@dataclass(frozen=True)
class Q:
    code: str
    type: str
    required: bool = True
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    show_if_question: str = ""
    show_if_values: tuple[str, ...] = ()
    # Per language, for the publication check only: {"fr": "...", ...}; choices' labels by value.
    texts: dict = field(default_factory=dict, compare=False, hash=False)
    choice_labels: dict = field(default_factory=dict, compare=False, hash=False)


def values_of(question: Q) -> tuple[str, ...] | None:
    """The values an answer may take, as strings; None when the answer is open (number, date, text)."""
    if question.type == LIKERT:
        return LIKERT_VALUES
    if question.type in CHOICE_TYPES:
        return tuple(question.choices)
    return None


def _as_values(answer) -> list[str]:
    if answer is None:
        return []
    if isinstance(answer, (list, tuple, set, frozenset)):
        return [str(a) for a in answer]
    return [str(answer)]


def is_empty(answer) -> bool:
    if answer is None:
        return True
    if isinstance(answer, str):
        return not answer.strip()
    if isinstance(answer, (list, tuple, set, frozenset)):
        return len(answer) == 0
    return False


def visible(questions: list[Q], answers: dict) -> list[str]:
    """Codes of the questions shown, in order. A question whose condition refers to a hidden or
    unanswered question is hidden too, so hiding cascades down a chain of conditions."""
    shown: set[str] = set()
    order: list[str] = []
    for q in questions:
        if q.show_if_question:
            if q.show_if_question not in shown:
                continue
            if not set(_as_values(answers.get(q.show_if_question))) & set(q.show_if_values):
                continue
        shown.add(q.code)
        order.append(q.code)
    return order


def _check(q: Q, answer) -> str | None:
    if q.type in (LIKERT, SINGLE):
        if isinstance(answer, (list, tuple, set, frozenset)):
            return "type"
        value = str(answer).strip()
        if value not in values_of(q):
            return "range" if q.type == LIKERT else "choice"
        return None
    if q.type == MULTIPLE:
        values = _as_values(answer)
        if len(set(values)) != len(values):
            return "choice"
        return None if set(values) <= set(q.choices) else "choice"
    if q.type == NUMBER:
        if isinstance(answer, bool):
            return "type"
        try:
            number = float(str(answer).strip().replace(",", "."))
        except ValueError:
            return "type"
        if not math.isfinite(number):
            return "type"
        if q.minimum is not None and number < q.minimum:
            return "min"
        if q.maximum is not None and number > q.maximum:
            return "max"
        return None
    if q.type == DATE:
        if isinstance(answer, datetime.date):
            return None
        try:
            datetime.date.fromisoformat(str(answer).strip())
        except ValueError:
            return "date"
        return None if len(str(answer).strip()) == 10 else "date"
    if q.type == TEXT:
        return None if isinstance(answer, str) else "type"
    return "type"


def validate(questions: list[Q], answers: dict) -> dict[str, str]:
    """{code: error code} for the visible questions: "required", "type", "range" (Likert outside 1–5),
    "choice", "min", "max", "date". Answers to hidden questions are ignored, never an error."""
    errors: dict[str, str] = {}
    shown = set(visible(questions, answers))
    for q in questions:
        if q.code not in shown:
            continue
        answer = answers.get(q.code)
        if is_empty(answer):
            if q.required:
                errors[q.code] = "required"
            continue
        problem = _check(q, answer)
        if problem:
            errors[q.code] = problem
    return errors


def problems_for_publication(questions: list[Q]) -> list[tuple[str, str, dict]]:
    """What stops a version from being published: (question code or "", problem code, details).

    Problem codes: "no_questions", "duplicate_code", "missing_text" (details: lang), "missing_choice_label"
    (value, lang), "too_few_choices", "skip_unknown" (the condition names no earlier question),
    "skip_no_values", "skip_bad_value" (value), "skip_open" (the earlier question has no fixed values),
    "bounds" (minimum above maximum), "bad_type".
    """
    problems: list[tuple[str, str, dict]] = []
    if not questions:
        return [("", "no_questions", {})]
    earlier: dict[str, Q] = {}
    for q in questions:
        if q.code in earlier:
            problems.append((q.code, "duplicate_code", {}))
        if q.type not in TYPES:
            problems.append((q.code, "bad_type", {}))
        for lang in LANGS:
            if not (q.texts.get(lang) or "").strip():
                problems.append((q.code, "missing_text", {"lang": lang}))
        if q.type in CHOICE_TYPES:
            if len(set(q.choices)) < 2:
                problems.append((q.code, "too_few_choices", {}))
            for value in q.choices:
                labels = q.choice_labels.get(value, {})
                for lang in LANGS:
                    if not (labels.get(lang) or "").strip():
                        problems.append((q.code, "missing_choice_label", {"value": value, "lang": lang}))
        if q.type == NUMBER and q.minimum is not None and q.maximum is not None and q.minimum > q.maximum:
            problems.append((q.code, "bounds", {}))
        if q.show_if_question:
            target = earlier.get(q.show_if_question)
            if target is None:
                problems.append((q.code, "skip_unknown", {"target": q.show_if_question}))
            elif values_of(target) is None:
                problems.append((q.code, "skip_open", {"target": target.code}))
            elif not q.show_if_values:
                problems.append((q.code, "skip_no_values", {}))
            else:
                for value in q.show_if_values:
                    if value not in values_of(target):
                        problems.append((q.code, "skip_bad_value", {"value": value, "target": target.code}))
        elif q.show_if_values:
            problems.append((q.code, "skip_unknown", {"target": ""}))
        earlier.setdefault(q.code, q)
    return problems


def scale_scores(answers) -> dict[str, list[float]]:
    """{scale: [sum, count]} of a response's agreement-scale answers, from (scale, number) pairs; answers without a
    scale are left out. Stored with the response so that figures over a million answers read one row per response;
    a sum and a count rather than a mean, so that pooling several responses stays exact."""
    scores: dict[str, list[float]] = {}
    for scale, number in answers:
        if not scale or number is None:
            continue
        total = scores.setdefault(scale, [0.0, 0])
        total[0] += float(number)
        total[1] += 1
    return scores
