"""The de-identification helper: flags what could identify a quote's author, in French, Dutch and English."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from duo.testimony.deidentify import (AGE, BIRTH_DATE, EMAIL, EMPLOYER, NAME, PHONE, PLACE, flag, segments)

PLACES = ["Schaerbeek", "Schaarbeek", "Anderlecht", "Lier", "Liège", "Luik", "Sint-Jans-Molenbeek", "Ans", "Brussels"]
NAMES = ["Karim", "Benali", "Jeanne", "Peeters"]


def kinds(text, **kw):
    return [(s.kind, s.text) for s in flag(text, names=kw.get("names", NAMES), places=kw.get("places", PLACES))]


@pytest.mark.parametrize("text,expected", [
    # French
    ("Grâce à Jeanne, j'ai trouvé du travail chez Colruyt à Schaerbeek. J'avais 25 ans.",
     [(NAME, "Jeanne"), (EMPLOYER, "Colruyt"), (PLACE, "Schaerbeek"), (AGE, "25 ans")]),
    ("Née le 12/03/1990, je vis à Ans depuis trois ans.", [(BIRTH_DATE, "12/03/1990"), (PLACE, "Ans")]),
    ("Mon mentor, Monsieur Dubois, travaillait chez Dupont Frères SPRL.",
     [(NAME, "Monsieur Dubois"), (EMPLOYER, "Dupont Frères SPRL")]),
    # Dutch
    ("Ik werk nu bij Van Hool NV in Lier, ik ben 52 jaar. Bel me op 0470 12 34 56.",
     [(EMPLOYER, "Van Hool NV"), (PLACE, "Lier"), (AGE, "52 jaar"), (PHONE, "0470 12 34 56")]),
    ("Ik ben geboren op 3 maart 1971 in Sint-Jans-Molenbeek.", [(BIRTH_DATE, "3 maart 1971"), (PLACE, "Sint-Jans-Molenbeek")]),
    # English
    ("My mentor Paul helped me; I was aged 24. Write to karim.b@example.org or call +32 470/12.34.56.",
     [(NAME, "Paul"), (AGE, "aged 24"), (EMAIL, "karim.b@example.org"), (PHONE, "+32 470/12.34.56")]),
    ("Now I work for Proximus in Brussels and I speak Dutch on Monday.",
     [(EMPLOYER, "Proximus"), (PLACE, "Brussels")]),
    # The author's and their partner's names, however written.
    ("karim m'a présenté à peeters.", [(NAME, "karim"), (NAME, "peeters")]),
])
def test_examples(text, expected):
    assert kinds(text) == expected


def test_nothing_to_flag_in_a_plain_sentence():
    assert kinds("Mon mentor m'a redonné confiance. Aujourd'hui je travaille dans la logistique.") == []
    assert kinds("Mijn mentor gaf me weer vertrouwen.") == []
    assert kinds("I found my first job after six months. I am proud.") == []


def test_a_lowercase_word_that_is_also_a_town_is_not_a_place():
    assert kinds("J'ai attendu des ans, pas des mois.") == []


def test_segments_cut_the_text_at_the_flags():
    text = "Merci Jeanne!"
    spans = flag(text, names=NAMES)
    assert segments(text, spans) == [("Merci ", None, -1), ("Jeanne", NAME, 0), ("!", None, -1)]
    assert "".join(piece for piece, _k, _i in segments(text, spans)) == text


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàç '", min_size=0, max_size=60)
any_text = st.text(max_size=300)


@settings(max_examples=200, deadline=None)
@given(any_text)
def test_spans_are_sorted_inside_the_text_and_never_overlap(text):
    spans = flag(text, names=NAMES, places=PLACES)
    for s in spans:
        assert 0 <= s.start < s.end <= len(text) and text[s.start:s.end] == s.text
    for a, b in zip(spans, spans[1:]):
        assert a.end <= b.start
    assert "".join(piece for piece, _k, _i in segments(text, spans)) == text


@settings(max_examples=200, deadline=None)
@given(words, words, st.sampled_from(NAMES))
def test_the_authors_name_is_always_flagged(before, after, name):
    text = f"{before} {name} {after}"
    assert any(s.kind == NAME and s.text.casefold() == name.casefold() for s in flag(text, names=NAMES))


@settings(max_examples=200, deadline=None)
@given(words, words, st.integers(min_value=16, max_value=99),
       st.sampled_from(["{n} ans", "{n} jaar", "{n} years old", "aged {n}"]))
def test_an_age_is_always_flagged(before, after, n, pattern):
    age = pattern.format(n=n)
    spans = flag(f"{before} {age} {after}")
    assert any(s.kind == AGE and age in s.text for s in spans)


@settings(max_examples=200, deadline=None)
@given(words, words, st.from_regex(r"[a-z]{2,8}\.[a-z]{2,8}@[a-z]{3,8}\.(be|com|org)", fullmatch=True))
def test_an_email_address_is_always_flagged(before, after, email):
    spans = flag(f"{before} {email} {after}")
    assert [s.text for s in spans if s.kind == EMAIL] == [email]


@settings(max_examples=100, deadline=None)
@given(words)
def test_lowercase_words_alone_flag_nothing(text):
    # Known employers ("vdab") are flagged whatever their case, on purpose; this is about guessing alone.
    assert flag(text, places=PLACES, employers=()) == []


def test_a_name_given_by_the_caller_wins_over_a_guessed_employer():
    # "at Karim" looks like "at <employer>"; Karim is the author, and must be flagged as a name.
    [span] = flag("I spoke at Karim", names=("Karim",))
    assert (span.kind, span.text) == (NAME, "Karim")


def test_a_lower_case_legal_form_is_not_a_company_and_the_name_before_it_stays_a_name():
    spans = flag(" Karim sa", names=NAMES)
    assert [(s.kind, s.text) for s in spans] == [(NAME, "Karim")]
    assert [(s.kind, s.text) for s in flag("Il travaille chez Van Hool SA depuis mars.")] == [(EMPLOYER, "Van Hool SA")]
