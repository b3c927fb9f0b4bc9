"""Response rates per wave, antenna and questionnaire, against a hand-counted wave; who sees the
non-respondents (a coordinator their antennas' people, an officer the counts only); one response's page."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from duo.accounts.roles import Role
from duo.survey import rates, responses
from duo.survey.models import Instrument, Invitation

from .factories import DuoFactory, PersonFactory, UserFactory

DUE = datetime.date(2026, 11, 3)


def answers_for(version, **overrides):
    """A complete, valid set of answers for a version: the middle of each scale, the first choice, the
    minimum plus one; `overrides` replaces some (and conditions follow the new values)."""
    answers = {}
    for q in version.questions.order_by("position").prefetch_related("choices"):
        if q.show_if_question and str(answers.get(q.show_if_question)) not in [str(v) for v in q.show_if_values]:
            continue
        if q.code in overrides:
            value = overrides[q.code]
        elif q.type == "likert5":
            value = "4"
        elif q.type == "single":
            value = q.choices.first().value
        elif q.type == "multiple":
            value = [q.choices.first().value]
        elif q.type == "number":
            value = str(int(q.minimum or 0) + 1)
        elif q.type == "date":
            value = "2026-10-01"
        else:
            value = "Mon mentor m'a ouvert des portes."
        if value is not None:
            answers[q.code] = value
    return answers


@pytest.fixture
def instruments(db):
    call_command("load_instruments", verbosity=0)
    return {i.kind: i for i in Instrument.objects.all()}


def invite(instrument, antenna, **person):
    invitation, _token = responses.invitation_create(
        instrument=instrument, person=PersonFactory(antenna=antenna, **person), due_on=DUE)
    return invitation


@pytest.fixture
def wave(instruments, antenna, other_antenna, coordinator):
    """The end-of-mentoring wave of November 2026, counted by hand:
    own antenna   5 invited: 2 answered by link, 1 entered on their behalf, 1 declined, 1 open  -> 3/5 = 60 %
    other antenna 3 invited: 1 imported from paper, 1 expired without an answer, 1 open      -> 1/3 = 33 %
    in all        8 invited, 4 answered (1 on behalf, 1 imported), 1 declined, 1 expired, 2 open -> 50 %"""
    end = instruments["mentee_end"]
    found = {}
    for key in ("link1", "link2", "behalf", "declined", "open"):
        found[key] = invite(end, antenna, first_name=f"Own-{key}", phone="+32 470 12 34 56")
    for key in ("imported", "expired", "open_other"):
        found[key] = invite(end, other_antenna, first_name=f"Other-{key}")
    for key in ("link1", "link2"):
        responses.response_submit(invitation=found[key], answers=answers_for(found[key].version))
    responses.response_enter(invitation=found["behalf"], answers=answers_for(found["behalf"].version), by=coordinator)
    responses.invitation_decline(invitation=found["declined"])
    imported = found["imported"]
    responses.response_import(version=imported.version, person=imported.person, duo=None,
                              answers=answers_for(imported.version), by=None, answered_on=DUE, language="fr",
                              import_ref="paper-nov.xlsx")
    Invitation.objects.filter(pk=found["expired"].pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    # Another questionnaire's wave, the month before: counted apart.
    invite(instruments["pairing_fit"], antenna)
    Invitation.objects.filter(version__instrument=instruments["pairing_fit"]).update(
        wave=responses.wave_for(instruments["pairing_fit"], datetime.date(2026, 10, 5)))
    found["wave"] = found["link1"].wave
    return found


def test_a_wave_counted_by_hand(wave, antenna, other_antenna):
    counts, per_antenna = rates.wave_totals(wave["wave"])
    assert (counts.invited, counts.answered, counts.declined, counts.expired, counts.pending) == (8, 4, 1, 1, 2)
    assert (counts.on_behalf, counts.imported, counts.percent) == (1, 1, 50)
    by_name = {t.label: t.counts for t in per_antenna}
    own, other = by_name[antenna], by_name[other_antenna]
    assert (own.invited, own.answered, own.on_behalf, own.declined, own.pending, own.percent) == (5, 3, 1, 1, 1, 60)
    assert (other.invited, other.answered, other.imported, other.expired, other.pending, other.percent) == (
        3, 1, 1, 1, 1, 33)


def test_waves_latest_first_and_the_filters(wave, instruments, antenna, other_antenna):
    rows = rates.waves()
    assert [(r.wave.instrument.kind, r.wave.opens_on) for r in rows] == [
        ("mentee_end", datetime.date(2026, 11, 1)), ("pairing_fit", datetime.date(2026, 10, 1))]
    assert rows[1].counts.invited == 1 and rows[1].counts.rate == 0
    only_other = rates.waves(antenna=other_antenna)
    assert [(r.counts.invited, r.counts.answered) for r in only_other] == [(3, 1)]
    assert [r.wave.instrument.kind for r in rates.waves(instrument=instruments["pairing_fit"])] == ["pairing_fit"]
    assert rates.waves(year=2025) == []
    per_instrument = {t.label.kind: (t.counts.invited, t.counts.answered) for t in rates.by_instrument()}
    assert per_instrument == {"mentee_end": (8, 4), "pairing_fit": (1, 0)}
    assert {t.label: t.counts.invited for t in rates.by_antenna()} == {antenna: 6, other_antenna: 3}


def test_the_counts_are_grouped_in_the_database(wave, django_assert_max_num_queries):
    # However many invitations, the list costs a fixed handful of queries.
    with django_assert_max_num_queries(3):
        rates.waves()
    with django_assert_max_num_queries(3):
        rates.wave_totals(wave["wave"])


def test_the_coordinator_sees_the_rates_of_every_antenna_and_only_their_own_non_respondents(login, coordinator,
                                                                                           wave):
    page = login(coordinator).get(reverse("survey:wave", args=[wave["wave"].pk])).content.decode()
    assert "50 %" in page and "60 %" in page and "33 %" in page
    assert "Own-open" in page and 'href="tel:+32470123456"' in page
    assert "Other-open" not in page and "Other-expired" not in page
    # Those who answered or declined are not to be called.
    for key in ("link1", "behalf", "declined"):
        assert f"Own-{key}" not in page
    assert reverse("survey:enter", args=[wave["open"].pk]) in page


def test_the_administrator_sees_every_non_respondent_with_an_expired_link_flagged(login, admin_user, wave):
    page = login(admin_user).get(reverse("survey:wave", args=[wave["wave"].pk])).content.decode()
    assert "Own-open" in page and "Other-open" in page and "Other-expired" in page
    assert reverse("survey:enter", args=[wave["expired"].pk]) in page


@pytest.mark.parametrize("role", [Role.OFFICER, Role.RESEARCHER])
def test_officers_and_researchers_see_counts_but_no_names(login, users, wave, role):
    response = login(users[role]).get(reverse("survey:wave", args=[wave["wave"].pk]))
    page = response.content.decode()
    assert response.status_code == 200 and "50 %" in page
    assert "Own-" not in page and "Other-" not in page and "tel:" not in page


def test_a_viewer_sees_the_list_but_cannot_enter_answers(login, users, wave):
    page = login(users[Role.VIEWER]).get(reverse("survey:wave", args=[wave["wave"].pk])).content.decode()
    assert "Own-open" in page
    assert reverse("survey:enter", args=[wave["open"].pk]) not in page


def test_the_waves_page_filters_and_shows_totals(login, users, wave, other_antenna, english):
    client = login(users[Role.OFFICER])
    page = client.get(reverse("survey:waves")).content.decode()
    assert reverse("survey:wave", args=[wave["wave"].pk]) in page and "50 %" in page
    page = client.get(reverse("survey:waves"), {"antenna": other_antenna.pk}).content.decode()
    assert "33 %" in page and "50 %" not in page
    # A made-up filter value: the form says so, and the page still answers.
    response = client.get(reverse("survey:waves"), {"year": "not-a-year", "antenna": "999999"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


def test_the_instrument_list_links_to_the_rates(login, users, instruments):
    page = login(users[Role.RESEARCHER]).get(reverse("survey:list")).content.decode()
    assert reverse("survey:waves") in page


def test_a_response_page_shows_the_questions_and_how_it_was_entered(login, coordinator, wave, english):
    behalf = wave["behalf"]
    behalf.refresh_from_db()
    page = login(coordinator).get(reverse("survey:response", args=[behalf.response.pk])).content.decode()
    assert f"Entered on their behalf by {coordinator}" in page
    assert "I am satisfied with my mentoring." in page  # the question in the staff's language
    assert "4 / 5" in page and "Yes" in page  # a scale and a choice's label, not its code


def test_an_imported_response_names_its_file(login, admin_user, wave, english):
    imported = wave["imported"]
    imported.refresh_from_db()
    page = login(admin_user).get(reverse("survey:response", args=[imported.response.pk])).content.decode()
    assert "Imported from file paper-nov.xlsx" in page


def test_a_response_of_another_antenna_is_not_found(login, coordinator, users, wave):
    imported = wave["imported"]
    imported.refresh_from_db()
    url = reverse("survey:response", args=[imported.response.pk])
    assert login(coordinator).get(url).status_code == 404
    assert login(users[Role.OFFICER]).get(url).status_code == 403


def test_the_duo_page_lists_the_duos_surveys(login, coordinator, instruments, own_duo):
    invitation, _token = responses.invitation_create(instrument=instruments["pairing_fit"],
                                                     person=own_duo.mentee.person, duo=own_duo, due_on=DUE)
    response = responses.response_submit(invitation=invitation, answers=answers_for(invitation.version))
    responses.invitation_create(instrument=instruments["mentee_baseline"], person=own_duo.mentee.person,
                                duo=own_duo, due_on=DUE)
    page = login(coordinator).get(reverse("journeys:detail", args=[own_duo.pk])).content.decode()
    assert 'id="surveys"' in page
    assert reverse("survey:response", args=[response.pk]) in page


def test_the_duo_page_of_another_duo_does_not_list_these(login, coordinator, instruments, own_duo):
    other = DuoFactory(antenna=own_duo.antenna)
    invitation, _token = responses.invitation_create(instrument=instruments["pairing_fit"],
                                                     person=own_duo.mentee.person, duo=own_duo, due_on=DUE)
    response = responses.response_submit(invitation=invitation, answers=answers_for(invitation.version))
    page = login(coordinator).get(reverse("journeys:detail", args=[other.pk])).content.decode()
    assert 'id="surveys"' in page and reverse("survey:response", args=[response.pk]) not in page


def test_a_coordinator_of_another_antenna_is_refused_the_entry_on_behalf(other_antenna, wave):
    outsider = UserFactory(role=Role.COORDINATOR, email="outsider@duo.test", antennas=[other_antenna])
    assert wave["open"].pk not in {i.pk for i in rates.non_respondents(outsider, wave["wave"])}
    assert wave["open_other"].pk in {i.pk for i in rates.non_respondents(outsider, wave["wave"])}
