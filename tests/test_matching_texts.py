"""The engine's facts and funnels, said in words a coordinator reads in the meeting."""

import pytest
from django.utils import translation

from duo.matching import texts
from duo.reference.models import Occupation

LANGS = ("en", "fr", "nl")

# One of each fact the engine writes (see duo/matching/explain.py), as stored in Proposal.facts.
FACTS = [
    {"criterion": "language", "hard": True, "shared": ["nl", "fr"], "best": "C1", "min_level": "B1"},
    {"criterion": "availability", "hard": True, "shared": ["mon_am", "thu_eve"]},
    {"criterion": "occupation", "value": 0.75, "points": 18.75, "level": 3, "code": "251"},
    {"criterion": "goals", "value": 1.0, "points": 15.0, "covered": ["cv", "interviews"], "missing": []},
    {"criterion": "interests", "value": 0.5, "points": 5.0, "shared": ["sport", "cooking"]},
    {"criterion": "style", "value": 1.0, "points": 10.0, "shared": ["structured"]},
    {"criterion": "distance", "value": 0.7, "points": 7.0, "km": 7.4, "same_antenna": True},
    {"criterion": "language", "value": 0.5, "points": 2.5, "best": "C1"},
    {"criterion": "waiting", "value": 0.5, "points": 5.0, "days": 45},
    {"criterion": "experience", "value": 0.67, "points": 3.3, "duos": 2},
    {"criterion": "preference", "value": 1.0, "points": 5.0, "gender": "female", "met": True, "required": False},
]
FUNNEL = {
    "mentors": 40,
    "steps": [
        {"constraint": "language", "left": 12, "params": {"languages": ["nl"], "min_level": "B1"}},
        {"constraint": "distance", "left": 0, "params": {"max_km": 25.0, "same_antenna_ok": False}},
        {"constraint": "availability", "left": 0, "params": {"min_shared_slots": 1}},
        {"constraint": "preference", "left": 0, "params": {"gender": ""}},
        {"constraint": "capacity", "left": 0, "params": {}},
        {"constraint": "blocked", "left": 0, "params": {}},
    ],
    "individual": {"language": 12, "distance": 30, "availability": 35, "preference": 40, "capacity": 38,
                   "blocked": 40},
    "blocking": "distance",
}


@pytest.fixture
def occupations(db):
    """The upper ISCO-08 groups come from a data migration; the finer ones from the reference import."""
    sub = Occupation.objects.get(code="25")
    found, _created = Occupation.objects.get_or_create(code="251", defaults={
        "level": 3, "parent": sub, "label_en": "Software and applications developers and analysts",
        "label_fr": "Concepteurs et analystes de logiciels et de multimédia",
        "label_nl": "Software- en applicatieontwikkelaars en -analisten"})
    return found


def test_facts_read_as_the_team_says_them(occupations):
    with translation.override("en"):
        lines = texts.facts_texts([FACTS])[0]
    assert lines == [
        "Both speak Dutch and French (best: C1)",
        "Both free on Monday morning, Thursday evening",
        "Same ISCO minor group: 251 Software and applications developers and analysts",
        "Can help with CV and cover letter, job interviews",
        "Shared interests: sport, cooking",
        "Same working style: structured, likes a plan",
        "7 km apart",
        "Best shared level: C1",
        "Waiting for 45 days",
        "Has mentored 2 duos before",
        "Wishes a woman as mentor: met",
    ]


@pytest.mark.parametrize("fact,text", [
    ({"criterion": "occupation", "level": 0, "code": ""}, "Different occupational fields"),
    ({"criterion": "generalist", "generalist": True}, "A generalist mentor for a mentee without a precise plan"),
    ({"criterion": "distance", "km": None, "same_antenna": True}, "Same antenna"),
    ({"criterion": "distance", "km": 0.4, "same_antenna": True}, "Less than 1 km apart"),
    ({"criterion": "waiting", "days": 1}, "Waiting for 1 day"),
    ({"criterion": "experience", "duos": 0}, "A first duo for this mentor"),
    ({"criterion": "preference", "gender": "male", "required": True, "met": True}, "Requires a man as mentor: met"),
    ({"criterion": "preference", "gender": "", "required": False, "met": True}, "No preference about the mentor"),
    ({"criterion": "goals", "covered": ["network"], "missing": ["cv"]},
     "Can help with professional network (not with CV and cover letter)"),
    ({"criterion": "interests", "value": 0.0, "shared": []}, "No shared interests"),
    # The mentee gave no interests: the engine scores it half-way; that is no reason to give.
    ({"criterion": "interests", "value": 0.5, "shared": []}, "No interests given to compare"),
    ({"criterion": "style", "value": 0.5, "shared": []}, "No working style given to compare"),
])
def test_each_kind_of_fact(db, fact, text):
    with translation.override("en"):
        assert texts.fact_text(fact) == text


def test_the_occupation_labels_of_many_proposals_take_one_query(occupations, django_assert_num_queries):
    many = [[{"criterion": "occupation", "level": 3, "code": "251"}]] * 30 + [
        [{"criterion": "occupation", "level": 2, "code": "25"}]] * 30
    with translation.override("en"), django_assert_num_queries(1):
        lines = texts.facts_texts(many)
    assert lines[0] == ["Same ISCO minor group: 251 Software and applications developers and analysts"]
    assert lines[-1] == ["Same ISCO sub-major group: 25 Information and communications technology professionals"]


def test_occupation_label_follows_the_language(occupations):
    with translation.override("nl"):
        assert "Software- en applicatieontwikkelaars" in texts.facts_texts([FACTS])[0][2]


def test_strongest_reasons_pick_the_criteria_that_weigh_most(occupations):
    with translation.override("en"):
        reasons = texts.facts_described([FACTS])[0]
        top = texts.strongest(reasons, k=4)
    assert [r.criterion for r in top] == ["language", "occupation", "goals", "style"]
    assert top[0].hard and top[0].text.startswith("Both speak")
    # The hard availability fact is not counted as points.
    assert next(r for r in reasons if r.criterion == "availability").points is None


def test_a_criterion_the_mentee_left_empty_is_not_a_strong_reason(db):
    facts = [{"criterion": "style", "value": 0.5, "points": 30.0, "shared": []},
             {"criterion": "waiting", "value": 0.2, "points": 2.0, "days": 18}]
    top = texts.strongest(texts.facts_described([facts])[0])
    assert [r.criterion for r in top] == ["waiting"]


def test_funnel_in_sentences():
    with translation.override("en"):
        lines = texts.funnel_texts(FUNNEL)
        summary = texts.funnel_summary(FUNNEL)
    assert lines[:3] == [
        "40 mentors in the pool",
        "12 share a working language (Dutch at B1 or better)",
        "0 of them live within 25 km",
    ]
    # A step that cannot narrow anything (no required preference) is not said.
    assert not any("preference" in line for line in lines)
    assert summary == "0 mentors speak Dutch within 25 km"


def test_competition_is_said_as_such():
    funnel = {**FUNNEL, "steps": [{**s, "left": 3} for s in FUNNEL["steps"]], "blocking": "competition"}
    with translation.override("en"):
        assert texts.funnel_summary(funnel) == "Every suitable mentor went to another mentee"
        assert texts.funnel_texts(funnel)[-1] == "Every suitable mentor went to another mentee"


def test_an_empty_pool_and_odd_shapes_do_not_fail():
    with translation.override("en"):
        assert texts.funnel_summary({"mentors": 0, "steps": [], "blocking": "language"}) == \
            "No mentor in this antenna's pool"
        assert texts.funnel_texts({}) == [] and texts.funnel_summary({}) == ""
        assert texts.fact_text({"criterion": "something_new"}) == "something_new"
        assert texts.fact_text({"criterion": "language", "hard": True, "shared": []}) == "No shared working language"


@pytest.mark.parametrize("lang", LANGS)
def test_every_text_renders_in_each_language(occupations, lang):
    blockings = ["language", "distance", "availability", "preference", "capacity", "blocked", "competition"]
    with translation.override(lang):
        lines = texts.facts_texts([FACTS])[0]
        funnel = texts.funnel_texts(FUNNEL)
        summaries = [texts.funnel_summary({**FUNNEL, "blocking": b}) for b in blockings]
        labels = [texts.constraint_label(c) for c in FUNNEL["individual"]]
    assert all(isinstance(t, str) and t.strip() for t in lines + funnel + summaries + labels)
    assert len(set(summaries)) == len(summaries)


def test_language_names_are_lower_case_inside_a_french_sentence():
    from django.utils import translation

    from duo.matching.texts import fact_text

    fact = {"criterion": "language", "shared": ["nl", "fr"], "best": "C1", "hard": True, "min_level": "B1"}
    with translation.override("fr"):
        text = fact_text(fact)
    assert "néerlandais" in text and "français" in text and "Français" not in text
    with translation.override("nl"):
        assert "Nederlands" in fact_text(fact)


def test_a_native_level_is_a_translated_word_not_a_code():
    from django.utils import translation

    from duo.matching.texts import fact_text

    fact = {"criterion": "language", "shared": ["fr"], "best": "native", "hard": True, "min_level": "B1"}
    with translation.override("fr"):
        assert "langue maternelle" in fact_text(fact) and "native" not in fact_text(fact)
    with translation.override("en"):
        assert fact_text(fact) == "Both speak French (best: native)"
