"""The import's columns are defined once; every header and value they accept must mean one thing."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from duo.intake.records import columns as c
from duo.intake.records import reader, validator
from duo.organisation.models import Antenna

from .factories_records import csv_bytes


@pytest.mark.parametrize("kind", c.KINDS)
def test_every_accepted_header_names_one_column_in_every_language(kind):
    lookup = c.header_lookup(kind)
    for spec in c.specs(kind):
        for name in (spec.key, *spec.aliases, *c.in_every_language(spec.label)):
            assert lookup[c.header_key(name)] is spec, f"{kind}: “{name}” is taken by {lookup[c.header_key(name)].key}"


@pytest.mark.parametrize("kind", c.KINDS)
def test_every_accepted_value_of_a_choice_means_one_code(kind):
    for spec in (s for s in c.specs(kind) if s.type == c.CHOICE):
        lookup = c.value_lookup(spec)
        for code, label in spec.choices:
            for text in (code, *c.in_every_language(label), *spec.value_aliases.get(code, ())):
                assert lookup[c.fold(text)] == code, f"{spec.key}: “{text}” reads as {lookup[c.fold(text)]}"


def test_headers_are_compared_without_case_accents_spacing_or_notes():
    lookup = c.header_lookup("mentees")
    for written in ("DATE DE NAISSANCE", "date_de_naissance", " Date  de naissance (jj/mm/aaaa) ", "Prenom *",
                    "E-mail", "geboortedatum"):
        assert lookup.get(c.header_key(written)) is not None, written


def test_languages_and_levels_are_read_in_the_three_languages():
    languages, levels = c.language_lookup(), c.level_lookup()
    assert {languages[c.fold(w)] for w in ("fr", "Français", "French", "Frans", "francais")} == {"fr"}
    assert {languages[c.fold(w)] for w in ("nl", "Nederlands", "Dutch", "Néerlandais", "vlaams")} == {"nl"}
    assert {levels[c.fold(w)] for w in ("native", "langue maternelle", "Moedertaal")} == {"native"}
    assert levels[c.fold("b2")] == "B2"


# --- the validator on its own (no database: the lookups are built by hand) ---------------------------

HEADER = ["First name", "Last name", "Email address", "Date of birth", "Gender", "Postal code", "Languages"]
GENDER = next(s for s in c.MENTEES if s.key == "gender")
names = st.text(st.sampled_from(list("abcdefghijklmnopqrstuvwxyzéèëïçÉ -'")), min_size=1, max_size=20).filter(
    lambda t: t.strip() and not t.startswith(("-", "'")))
DATE_FORMS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


@st.composite
def person(draw):
    born = draw(st.dates(datetime.date(1950, 1, 1), datetime.date(2005, 12, 31)))
    gender_word = draw(st.sampled_from(sorted(c.value_lookup(GENDER))))
    spoken = draw(st.lists(st.sampled_from(["fr", "nl", "en", "ar"]), min_size=1, max_size=3, unique=True))
    levels = draw(st.lists(st.sampled_from(["A1", "B2", "C1", "native"]), min_size=len(spoken), max_size=len(spoken)))
    cells = [draw(names).strip(), draw(names).strip(), f"p{draw(st.integers(0, 10**6))}@example.org",
             born.strftime(draw(st.sampled_from(DATE_FORMS))), gender_word, str(draw(st.integers(1000, 99999))),
             ", ".join(f"{lang}:{level}" for lang, level in zip(spoken, levels))]
    expected = {"first_name": cells[0], "last_name": cells[1], "email": cells[2], "date_of_birth": born,
                "gender": c.value_lookup(GENDER)[c.fold(gender_word)], "postal_code": cells[5],
                "languages": sorted(zip(spoken, levels))}
    return cells, expected


def _check(rows):
    antenna = Antenna(pk=1, code="brussels-centre", name="Bruxelles Centre")
    lookups = validator.Lookups(antennas={"brussels centre": antenna}, allowed=None, default_antenna=antenna,
                                occupations={})
    sheet = reader.read(csv_bytes([HEADER, *rows]), "people.csv")
    mapping, checked = validator.check_header("mentees", sheet, has_default_antenna=True)
    assert not checked.problems
    return validator.check_rows("mentees", sheet, mapping, checked, lookups)


@settings(max_examples=60, deadline=None)
@given(st.lists(person(), min_size=1, max_size=8))
def test_every_valid_row_is_read_as_written(people):
    checked = _check([cells for cells, _expected in people])
    assert not checked.problems
    assert [row.values for row in checked.rows] == [expected for _cells, expected in people]


BAD = {3: "31/02/2001", 4: "Martian", 5: "10A0", 2: "no-at-sign", 6: "fr"}


@settings(max_examples=60, deadline=None)
@given(st.lists(person(), min_size=1, max_size=8), st.data())
def test_one_bad_value_is_reported_at_its_row_and_column_only(people, data):
    rows = [list(cells) for cells, _expected in people]
    index = data.draw(st.integers(0, len(rows) - 1))
    column = data.draw(st.sampled_from(sorted(BAD)))
    rows[index][column] = BAD[column]
    checked = _check(rows)
    # The header is row 1: the n-th data row is row n + 2.
    assert [(p.row, p.column, p.value) for p in checked.problems] == [(index + 2, HEADER[column], BAD[column])]


any_cell = st.one_of(
    st.text(max_size=30), st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(), st.dates(), st.datetimes(), st.sampled_from(["31/02/2024", "fr:Z9", "brussels-centre", "2512"]),
)


@pytest.mark.parametrize("kind", c.KINDS)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_any_cell_of_any_type_gives_a_value_or_a_problem_never_a_crash(kind, data):
    specs = c.specs(kind)
    antenna = Antenna(pk=1, code="brussels-centre", name="Bruxelles Centre")
    lookups = validator.Lookups(antennas={"brussels centre": antenna}, allowed={1}, default_antenna=None,
                                occupations={"2512": 7})
    rows = data.draw(st.lists(st.lists(any_cell, min_size=len(specs), max_size=len(specs)), min_size=1, max_size=5))
    sheet = reader.Sheet(header=[str(s.label) for s in specs],
                         rows=[reader.Row(n + 2, values) for n, values in enumerate(rows)])
    mapping, checked = validator.check_header(kind, sheet, has_default_antenna=False)
    assert not checked.problems
    validator.check_rows(kind, sheet, mapping, checked, lookups)
    with_problems = {p.row for p in checked.problems}
    for row in checked.rows:
        assert row.ok == (row.number not in with_problems)
    for problem in checked.problems:
        assert problem.expected()  # every problem can be put in words
