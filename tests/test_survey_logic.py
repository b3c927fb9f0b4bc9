"""The questionnaire rules of duo.survey.logic: skip logic, answer validation, publication checks."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from duo.survey import logic
from duo.survey.logic import Q

TEXTS = {"fr": "Question ?", "nl": "Vraag?", "en": "Question?"}
LABELS = {"fr": "a", "nl": "a", "en": "a"}


def choice_q(code, values=("a", "b", "c"), **kw):
    return Q(code=code, type=kw.pop("type", logic.SINGLE), choices=tuple(values), texts=TEXTS,
             choice_labels={v: LABELS for v in values}, **kw)


# --- visible -----------------------------------------------------------------------------------------

def test_a_question_shows_only_when_the_earlier_answer_is_one_of_the_values():
    qs = [choice_q("status", ("job", "searching")),
          Q(code="start", type=logic.DATE, show_if_question="status", show_if_values=("job",))]
    assert logic.visible(qs, {"status": "job"}) == ["status", "start"]
    assert logic.visible(qs, {"status": "searching"}) == ["status"]
    assert logic.visible(qs, {}) == ["status"]


def test_a_hidden_question_is_not_required():
    qs = [choice_q("status", ("job", "searching")),
          Q(code="start", type=logic.DATE, required=True, show_if_question="status", show_if_values=("job",))]
    assert logic.validate(qs, {"status": "searching"}) == {}
    assert logic.validate(qs, {"status": "job"}) == {"start": "required"}


def test_hiding_cascades_down_a_chain_of_conditions():
    qs = [Q(code="fit", type=logic.LIKERT),
          choice_q("call", ("yes", "no"), show_if_question="fit", show_if_values=("1", "2")),
          Q(code="when", type=logic.TEXT, show_if_question="call", show_if_values=("yes",))]
    # "call" is hidden, so its stale "yes" must not reveal "when".
    assert logic.visible(qs, {"fit": "5", "call": "yes"}) == ["fit"]
    assert logic.visible(qs, {"fit": "1", "call": "yes"}) == ["fit", "call", "when"]


def test_multiple_choice_condition_matches_any_chosen_value():
    qs = [choice_q("why", ("a", "b", "c"), type=logic.MULTIPLE),
          Q(code="more", type=logic.TEXT, show_if_question="why", show_if_values=("c",))]
    assert logic.visible(qs, {"why": ["a", "c"]}) == ["why", "more"]
    assert logic.visible(qs, {"why": ["a", "b"]}) == ["why"]


likert_answers = st.one_of(st.integers(-10, 10), st.text(max_size=3), st.none(), st.lists(st.integers(1, 5)))


@given(fit=likert_answers, call=st.sampled_from(["yes", "no", None]))
def test_visible_keeps_order_and_unconditional_questions(fit, call):
    qs = [Q(code="fit", type=logic.LIKERT),
          choice_q("call", ("yes", "no"), show_if_question="fit", show_if_values=("1", "2")),
          Q(code="end", type=logic.TEXT, required=False)]
    shown = logic.visible(qs, {"fit": fit, "call": call})
    assert shown[0] == "fit" and shown[-1] == "end"
    given_values = [str(v) for v in fit] if isinstance(fit, list) else ([] if fit is None else [str(fit)])
    assert ("call" in shown) == bool(set(given_values) & {"1", "2"})


# --- validate ----------------------------------------------------------------------------------------

@given(st.integers(-1000, 1000))
def test_likert_accepts_exactly_one_to_five(n):
    qs = [Q(code="x", type=logic.LIKERT)]
    errors = logic.validate(qs, {"x": n})
    assert (errors == {}) == (1 <= n <= 5)
    if not 1 <= n <= 5:
        assert errors == {"x": "range"}
    assert logic.validate(qs, {"x": str(n)}) == errors


@given(st.sampled_from(["a", "b", "c"]) | st.text(max_size=5))
def test_single_choice_membership(value):
    errors = logic.validate([choice_q("x")], {"x": value})
    if not value.strip():
        assert errors == {"x": "required"}
    else:
        assert (errors == {}) == (value.strip() in ("a", "b", "c"))


@given(st.lists(st.sampled_from(["a", "b", "c", "zz"]), max_size=5))
def test_multiple_choice_every_value_must_be_offered_once(values):
    errors = logic.validate([choice_q("x", type=logic.MULTIPLE, required=False)], {"x": values})
    fine = set(values) <= {"a", "b", "c"} and len(set(values)) == len(values)
    assert (errors == {}) == fine


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6))
def test_number_bounds(x):
    q = Q(code="h", type=logic.NUMBER, minimum=1, maximum=60)
    errors = logic.validate([q], {"h": x})
    if x < 1:
        assert errors == {"h": "min"}
    elif x > 60:
        assert errors == {"h": "max"}
    else:
        assert errors == {}


def test_number_type_errors_and_decimal_comma():
    q = Q(code="h", type=logic.NUMBER)
    assert logic.validate([q], {"h": "abc"}) == {"h": "type"}
    assert logic.validate([q], {"h": "nan"}) == {"h": "type"}
    assert logic.validate([q], {"h": True}) == {"h": "type"}
    assert logic.validate([q], {"h": "12,5"}) == {}


@given(st.dates())
def test_iso_dates_are_accepted(d):
    assert logic.validate([Q(code="d", type=logic.DATE)], {"d": d.isoformat()}) == {}
    assert logic.validate([Q(code="d", type=logic.DATE)], {"d": d}) == {}


@given(st.text(max_size=12))
def test_anything_that_is_not_an_iso_date_is_refused(text):
    try:
        ok = len(text.strip()) == 10 and datetime.date.fromisoformat(text.strip()) is not None
    except ValueError:
        ok = False
    errors = logic.validate([Q(code="d", type=logic.DATE, required=False)], {"d": text})
    assert (errors == {}) == (ok or not text.strip())


def test_required_and_optional_empty_answers():
    qs = [Q(code="a", type=logic.TEXT), Q(code="b", type=logic.TEXT, required=False)]
    assert logic.validate(qs, {"a": "  ", "b": ""}) == {"a": "required"}
    assert logic.validate(qs, {"a": "fine"}) == {}


@given(st.dictionaries(st.sampled_from(["fit", "call", "n", "d", "free"]),
                       st.one_of(st.none(), st.text(max_size=4), st.integers(-5, 70), st.lists(st.text(max_size=2)))))
def test_validate_never_raises_and_only_reports_visible_questions(answers):
    qs = [Q(code="fit", type=logic.LIKERT),
          choice_q("call", ("yes", "no"), show_if_question="fit", show_if_values=("1",)),
          Q(code="n", type=logic.NUMBER, minimum=0, maximum=60, required=False),
          Q(code="d", type=logic.DATE, required=False), Q(code="free", type=logic.TEXT, required=False)]
    errors = logic.validate(qs, answers)
    assert set(errors) <= set(logic.visible(qs, answers))
    assert set(errors.values()) <= {"required", "type", "range", "choice", "min", "max", "date"}


# --- problems_for_publication ------------------------------------------------------------------------

def codes(problems):
    return [(code, problem) for code, problem, _ in problems]


def test_a_clean_version_has_no_problem():
    qs = [choice_q("status", ("job", "searching")),
          Q(code="start", type=logic.DATE, texts=TEXTS, show_if_question="status", show_if_values=("job",))]
    assert logic.problems_for_publication(qs) == []


def test_each_problem_is_named():
    assert codes(logic.problems_for_publication([])) == [("", "no_questions")]
    qs = [
        Q(code="a", type=logic.LIKERT, texts={"fr": "x", "nl": "", "en": "y"}),
        choice_q("b", ("only",)),
        Q(code="c", type=logic.TEXT, texts=TEXTS, show_if_question="later", show_if_values=("1",)),
        Q(code="d", type=logic.TEXT, texts=TEXTS, show_if_question="a", show_if_values=("7",)),
        Q(code="e", type=logic.TEXT, texts=TEXTS, show_if_question="c", show_if_values=("x",)),
        Q(code="f", type=logic.NUMBER, texts=TEXTS, minimum=5, maximum=1),
        Q(code="later", type=logic.LIKERT, texts=TEXTS),
        Q(code="g", type=logic.TEXT, texts=TEXTS, show_if_question="a"),
    ]
    found = logic.problems_for_publication(qs)
    assert ("a", "missing_text", {"lang": "nl"}) in found
    assert set(codes(found)) == {("a", "missing_text"), ("b", "too_few_choices"), ("c", "skip_unknown"),
                                 ("d", "skip_bad_value"), ("e", "skip_open"), ("f", "bounds"),
                                 ("g", "skip_no_values")}


def test_missing_choice_label_names_value_and_language():
    q = Q(code="s", type=logic.SINGLE, choices=("a", "b"), texts=TEXTS,
          choice_labels={"a": LABELS, "b": {"fr": "b", "nl": "b", "en": ""}})
    assert logic.problems_for_publication([q]) == [("s", "missing_choice_label", {"value": "b", "lang": "en"})]


@given(st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=6), st.data())
def test_a_condition_passes_only_if_it_points_backwards_at_a_value_it_can_take(order, data):
    """Random chains of likert questions with random conditions: the check agrees with a direct reading."""
    qs, seen = [], []
    expected_bad = set()
    for i, name in enumerate(order):
        code = f"{name}{i}"
        target = data.draw(st.sampled_from(["", "nowhere", *seen]))
        values = tuple(data.draw(st.lists(st.sampled_from(["1", "3", "5", "9"]), max_size=2))) if target else ()
        qs.append(Q(code=code, type=logic.LIKERT, texts=TEXTS, show_if_question=target, show_if_values=values))
        if target and (target not in seen or not values or "9" in values):
            expected_bad.add(code)
        seen.append(code)
    assert {c for c, _, _ in logic.problems_for_publication(qs)} == expected_bad


@given(st.lists(st.tuples(st.sampled_from(["social", "useful", ""]), st.integers(1, 5) | st.none()), max_size=30))
def test_scale_scores_are_sums_and_counts_per_scale(answers):
    scores = logic.scale_scores(answers)
    for scale in ("social", "useful"):
        numbers = [n for s, n in answers if s == scale and n is not None]
        if numbers:
            assert scores[scale] == [float(sum(numbers)), len(numbers)]
        else:
            assert scale not in scores
    assert "" not in scores
