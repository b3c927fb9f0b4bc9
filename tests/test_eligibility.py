"""Eligibility: the pure checks (properties over many applicants), then verdicts on real records."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from hypothesis import assume, given
from hypothesis import strategies as st

from duo.intake import eligibility as e
from duo.intake import verdicts
from duo.intake.models import Application, EligibilityRules

from .factories import AntennaFactory, PersonFactory, PersonLanguageFactory, RegionFactory

BACKGROUNDS = ["non_eu_national", "naturalised", "parent_outside_eu", "grandparent_outside_eu", "eu_background"]
REGIONS = ["brussels", "wallonia", "flanders", "ile-de-france"]
LANGUAGES = ["fr", "nl", "en", "ar", "de", "tr"]

rules_st = st.builds(
    lambda mn, span, mentor_min, mentor_span, residence, km, backgrounds, rtw, langs, level: e.Rules(
        mentee_min_age=mn, mentee_max_age=mn + span, mentor_min_age=mentor_min,
        mentor_max_age=None if mentor_span is None else mentor_min + mentor_span, residence=residence,
        max_distance_km=km, mentee_backgrounds=frozenset(backgrounds), require_right_to_work=rtw,
        languages=frozenset(langs), min_language_level=level),
    st.integers(14, 30), st.integers(0, 20), st.integers(40, 70), st.none() | st.integers(0, 30),
    st.sampled_from(["region", "distance", "anywhere"]), st.integers(1, 500),
    st.sets(st.sampled_from(BACKGROUNDS)), st.booleans(), st.sets(st.sampled_from(["fr", "nl", "en"]), min_size=1),
    st.sampled_from(e.LEVELS),
)
applicant_st = st.builds(
    e.Applicant,
    kind=st.sampled_from(["mentee", "mentor"]),
    age=st.none() | st.integers(10, 100),
    region=st.none() | st.sampled_from(REGIONS),
    antenna_region=st.none() | st.sampled_from(REGIONS),
    distance_km=st.none() | st.floats(0, 1000, allow_nan=False),
    background=st.none() | st.sampled_from(BACKGROUNDS + ["undisclosed"]),
    right_to_work=st.none() | st.sampled_from(["yes", "no", "unsure"]),
    languages=st.lists(st.tuples(st.sampled_from(LANGUAGES), st.sampled_from(e.LEVELS)), max_size=4).map(tuple),
)


@given(applicant_st, rules_st)
def test_the_verdict_is_the_worst_outcome_of_the_checks(applicant, rules):
    verdict, checks = e.assess(applicant, rules)
    outcomes = [c.outcome for c in checks]
    assert verdict == (e.NOT_ELIGIBLE if e.FAIL in outcomes else e.TO_REVIEW if e.UNKNOWN in outcomes
                       else e.ELIGIBLE)
    assert len({c.code for c in checks}) == len(checks)  # each rule speaks once


@given(applicant_st, rules_st)
def test_mentors_are_never_checked_on_background_or_right_to_work(applicant, rules):
    mentor = e.Applicant(**{**applicant.__dict__, "kind": "mentor"})
    codes = {c.code for c in e.assess(mentor, rules)[1]}
    assert not codes & {"background", "right_to_work"}
    assert {"age", "language"} <= codes


@given(applicant_st, rules_st, st.sampled_from([None, "undisclosed"]), st.sampled_from([None, "unsure"]))
def test_declining_to_answer_never_refuses_anyone_by_itself(applicant, rules, background, right_to_work):
    """Whatever else is true, swapping an answer for "prefer not to say" never turns a verdict into a refusal."""
    answered = e.Applicant(**{**applicant.__dict__, "kind": "mentee"})
    verdict, _ = e.assess(answered, rules)
    withheld = e.Applicant(**{**answered.__dict__, "background": background, "right_to_work": right_to_work})
    withheld_verdict, checks = e.assess(withheld, rules)
    # No filtering (most random applicants fail some other rule): the withheld answers never fail
    # themselves, and an applicant who was not refused is still not refused.
    assert all(c.outcome != e.FAIL for c in checks if c.code in {"background", "right_to_work"})
    if verdict != e.NOT_ELIGIBLE:
        assert withheld_verdict != e.NOT_ELIGIBLE


@given(rules_st, st.sampled_from([None, "undisclosed"]))
def test_withheld_background_alone_sends_an_otherwise_eligible_mentee_to_review(rules, withheld):
    assume(rules.mentee_backgrounds)
    mentee = e.Applicant(
        kind="mentee", age=rules.mentee_min_age, region="brussels", antenna_region="brussels", distance_km=0,
        background=sorted(rules.mentee_backgrounds)[0], right_to_work="yes",
        languages=((sorted(rules.languages)[0], "native"),))
    assert e.assess(mentee, rules)[0] == e.ELIGIBLE
    verdict, checks = e.assess(e.Applicant(**{**mentee.__dict__, "background": withheld}), rules)
    assert verdict == e.TO_REVIEW
    assert [c.code for c in checks if c.outcome != e.PASS] == ["background"]


@given(rules_st, st.sampled_from(["mentee", "mentor"]))
def test_ages_at_the_boundaries(rules, kind):
    low = rules.mentee_min_age if kind == "mentee" else rules.mentor_min_age
    high = rules.mentee_max_age if kind == "mentee" else rules.mentor_max_age

    def outcome(age):
        return next(c.outcome for c in e.assess(e.Applicant(kind=kind, age=age), rules)[1] if c.code == "age")

    assert outcome(low) == e.PASS and outcome(low - 1) == e.FAIL
    if high is None:
        assert outcome(low + 60) == e.PASS  # no upper limit for mentors unless the antenna sets one
    else:
        assert outcome(high) == e.PASS and outcome(high + 1) == e.FAIL
    assert outcome(None) == e.UNKNOWN


def test_default_ages_are_those_of_the_programme():
    rules = e.Rules()
    assert e.assess(e.Applicant(kind="mentee", age=18), rules)[1][0].outcome == e.PASS
    assert e.assess(e.Applicant(kind="mentee", age=33), rules)[1][0].outcome == e.PASS
    assert e.assess(e.Applicant(kind="mentee", age=34), rules)[1][0].outcome == e.FAIL
    assert e.assess(e.Applicant(kind="mentor", age=49), rules)[1][0].outcome == e.FAIL
    assert e.assess(e.Applicant(kind="mentor", age=85), rules)[1][0].outcome == e.PASS


@given(rules_st, st.lists(st.tuples(st.sampled_from(LANGUAGES), st.sampled_from(e.LEVELS)), min_size=1, max_size=4))
def test_a_language_counts_only_if_the_antenna_uses_it_at_the_level_asked(rules, spoken):
    check = next(c for c in e.assess(e.Applicant(kind="mentor", languages=tuple(spoken)), rules)[1]
                 if c.code == "language")
    floor = e.LEVELS.index(rules.min_language_level)
    good = any(code in rules.languages and e.LEVELS.index(level) >= floor for code, level in spoken)
    assert check.outcome == (e.PASS if good else e.FAIL)


@given(rules_st, st.floats(0, 1000, allow_nan=False), st.floats(0, 1000, allow_nan=False))
def test_living_closer_never_makes_the_residence_check_worse(rules, near, far):
    assume(near <= far)
    rules = e.Rules(**{**rules.__dict__, "residence": "distance"})

    def outcome(km):
        return next(c.outcome for c in e.assess(e.Applicant(kind="mentor", distance_km=km), rules)[1]
                    if c.code == "residence")

    assert not (outcome(far) == e.PASS and outcome(near) == e.FAIL)
    assert outcome(rules.max_distance_km) == e.PASS


@given(applicant_st, rules_st)
def test_conditions_the_antenna_does_not_set_are_not_checked(applicant, rules):
    open_rules = e.Rules(**{**rules.__dict__, "residence": "anywhere", "mentee_backgrounds": frozenset(),
                            "require_right_to_work": False})
    codes = {c.code for c in e.assess(applicant, open_rules)[1]}
    assert codes == {"age", "language"}


@given(st.floats(49, 52), st.floats(2, 7), st.floats(49, 52), st.floats(2, 7))
def test_distance_is_symmetric_and_zero_at_home(lat1, lon1, lat2, lon2):
    assert e.distance_km(lat1, lon1, lat2, lon2) == pytest.approx(e.distance_km(lat2, lon2, lat1, lon1))
    assert e.distance_km(lat1, lon1, lat1, lon1) == 0


def test_brussels_to_liege_is_about_ninety_km():
    assert e.distance_km(50.8467, 4.3525, 50.6326, 5.5797) == pytest.approx(89, abs=3)


# --- verdicts on real records, with the shared places data ------------------------------------


@pytest.fixture
def places(db, places_csv):
    call_command("import_places", str(places_csv), stdout=StringIO(), stderr=StringIO())


@pytest.fixture
def brussels(db):
    return AntennaFactory(code="bxl", name="Bruxelles", postal_code="1000", region=RegionFactory(code="brussels"))


def application(antenna, *, postal_code="1080", age=25, kind="mentee", languages=(("fr", "B2"),),
                background="non_eu_national", right_to_work="yes"):
    today = timezone.localdate()
    person = PersonFactory(antenna=antenna, postal_code=postal_code, nationality_background=background,
                           date_of_birth=datetime.date(today.year - age - 1, today.month, 1)
                           + datetime.timedelta(days=40))
    for code, level in languages:
        PersonLanguageFactory(person=person, language=code, level=level)
    return Application(person=person, kind=kind, right_to_work=right_to_work if kind == "mentee" else "")


def outcomes(app):
    verdict, reasons = verdicts.assess(app)
    return verdict, {r["code"]: r["outcome"] for r in reasons}, reasons


def test_region_rule_uses_the_postal_code_register(brussels):
    assert outcomes(application(brussels, postal_code="1080"))[:2] == ("eligible", {
        "age": "pass", "residence": "pass", "language": "pass", "background": "pass", "right_to_work": "pass"})
    verdict, checks, _ = outcomes(application(brussels, postal_code="4000"))  # Liège, Wallonia
    assert verdict == "not_eligible" and checks["residence"] == "fail"
    verdict, checks, _ = outcomes(application(brussels, postal_code="75011"))  # Paris: not in the register
    assert verdict == "to_review" and checks["residence"] == "unknown"


def test_distance_rule_uses_the_imported_places(brussels, places):
    EligibilityRules.objects.filter(antenna=brussels).update(residence="distance", max_distance_km=30)
    verdict, checks, reasons = outcomes(application(brussels, postal_code="1080"))
    assert verdict == "eligible" and checks["residence"] == "pass"
    verdict, checks, reasons = outcomes(application(brussels, postal_code="4000"))
    residence = next(r for r in reasons if r["code"] == "residence")
    assert verdict == "not_eligible" and residence["outcome"] == "fail"
    assert 80 <= residence["params"]["km"] <= 100 and residence["params"]["max_km"] == 30


def test_an_administrators_change_of_rules_applies_to_new_applications(brussels):
    app = application(brussels, age=31)
    assert outcomes(app)[0] == "eligible"
    EligibilityRules.objects.filter(antenna=brussels).update(mentee_max_age=30)
    assert outcomes(app)[1]["age"] == "fail"


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_every_reason_reads_as_a_sentence_in_each_language(brussels, places, lang):
    EligibilityRules.objects.filter(antenna=brussels).update(residence="distance")
    apps = [
        application(brussels, age=25),
        application(brussels, postal_code="4000", age=41, languages=(("ar", "native"), ("fr", "A1")),
                    background="eu_background", right_to_work="no"),
        application(brussels, postal_code="9999", languages=(), background="undisclosed", right_to_work="unsure"),
        application(brussels, kind="mentor", age=62),
    ]
    apps[2].person.date_of_birth = None
    seen = set()
    with translation.override(lang):
        for app in apps:
            for reason in verdicts.assess(app)[1]:
                text = verdicts.describe(reason)
                seen.add((reason["code"], reason["outcome"]))
                assert text and text != reason["code"] and not re.search(r"%\(|\{\{|%s", text), text
                if reason["code"] == "age" and reason["outcome"] != "unknown":
                    assert str(reason["params"]["age"]) in text and str(reason["params"]["min"]) in text
                if reason["code"] == "residence" and reason["outcome"] == "fail":
                    assert str(reason["params"]["km"]) in text and "30" in text
    codes = {"age", "residence", "language", "background", "right_to_work"}
    assert seen == {(code, outcome) for code in codes for outcome in ("pass", "fail", "unknown")}
