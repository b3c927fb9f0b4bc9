"""The 24 hours after the introduction: each side's answer, from their link or told to the staff,
moves the duo to "Both accepted" or "Refused"; late answers are flagged on the coordinator's week."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from duo.accounts import scoping
from duo.accounts.roles import Role
from duo.followup import queries as followup
from duo.journeys import acceptance
from duo.journeys.acceptance import AnswerError, introduction_answer
from duo.journeys.choices import DuoStatus
from duo.journeys.models import Duo, DuoTransition, IntroductionAnswer
from duo.journeys.transitions import duo_transition
from duo.meetinglog import tokens
from duo.meetinglog.models import AccessLink

from .factories import DuoFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _introduced(antenna, coordinator, ago=1, **extra):
    """A duo whose introduction meeting was `ago` days ago, both people "matched"."""
    duo = DuoFactory(antenna=antenna, status=DuoStatus.INTRODUCTION_PLANNED, matched_on=TODAY - 20 * DAY,
                     started_on=None, planned_end_on=None, mentee__stage="matched", mentor__stage="matched",
                     mentee__ready_on=TODAY - 60 * DAY, **extra)
    duo_transition(duo=duo, to=DuoStatus.INTRODUCED, on=TODAY - ago * DAY, by=coordinator)
    return Duo.objects.get(pk=duo.pk)


def _link(duo, side, **extra):
    person = duo.mentee.person if side == "mentee" else duo.mentor.person
    token, digest = tokens.new_token()
    return token, AccessLink.objects.create(duo=duo, person=person, token_hash=digest, **extra)


@pytest.fixture
def duo(antenna, coordinator):
    return _introduced(antenna, coordinator)


# --- the service ----------------------------------------------------------------------------------

def test_both_accepting_makes_the_duo_both_accepted_with_the_step_in_its_timeline(duo, coordinator):
    _token, link = _link(duo, "mentor")
    introduction_answer(duo=duo, side="mentee", accepted=True, via="staff", by=coordinator, at=_at(TODAY - DAY, 15))
    assert Duo.objects.get(pk=duo.pk).status == DuoStatus.INTRODUCED
    answer = introduction_answer(duo=duo, side="mentor", accepted=True, via="link", by=None, link=link)
    assert (answer.via, answer.recorded_by, answer.accepted) == ("link", None, True)
    assert Duo.objects.get(pk=duo.pk).status == DuoStatus.ACCEPTED
    step = DuoTransition.objects.get(duo=duo, to_status=DuoStatus.ACCEPTED)
    # Dated on the second answer (today, through the link); nobody from the staff moved it.
    assert (step.from_status, step.on, step.by) == (DuoStatus.INTRODUCED, TODAY, None)
    assert IntroductionAnswer.objects.get(duo=duo, side="mentee").recorded_by == coordinator


def test_a_refusal_through_the_link_refuses_the_duo_and_frees_both(duo):
    _token, link = _link(duo, "mentee")
    introduction_answer(duo=duo, side="mentee", accepted=False, note="Pas le bon secteur", via="link", by=None,
                        link=link)
    duo = Duo.objects.select_related("mentee", "mentor").get(pk=duo.pk)
    assert duo.status == DuoStatus.REFUSED
    step = DuoTransition.objects.get(duo=duo, to_status=DuoStatus.REFUSED)
    assert (step.reason, step.note, step.by) == ("mentee", "Pas le bon secteur", None)
    # Back to the pool, keeping their place in the queue; the mentor is free again.
    assert duo.mentee.stage == "ready" and duo.mentee.ready_on == TODAY - 60 * DAY
    assert duo.mentor.stage == "ready"


def test_one_acceptance_then_a_refusal_refuses(duo, coordinator):
    introduction_answer(duo=duo, side="mentee", accepted=True, via="staff", by=coordinator)
    introduction_answer(duo=duo, side="mentor", accepted=False, note="Too far from home", via="staff", by=coordinator)
    assert Duo.objects.get(pk=duo.pk).status == DuoStatus.REFUSED
    assert DuoTransition.objects.get(duo=duo, to_status=DuoStatus.REFUSED).reason == "mentor"


def test_a_refusal_needs_a_why_and_changes_nothing_without_it(duo, coordinator, english):
    with pytest.raises(AnswerError) as caught:
        introduction_answer(duo=duo, side="mentor", accepted=False, note="  ", via="staff", by=coordinator)
    assert caught.value.errors == {"note": "Say why, in a few words."}
    assert not IntroductionAnswer.objects.exists()
    assert Duo.objects.get(pk=duo.pk).status == DuoStatus.INTRODUCED


@pytest.mark.parametrize("status", [DuoStatus.INTRODUCTION_PLANNED, DuoStatus.ACCEPTED, DuoStatus.ACTIVE])
def test_answers_are_taken_only_while_the_duo_is_introduced(antenna, coordinator, status, english):
    duo = DuoFactory(antenna=antenna, status=status)
    with pytest.raises(AnswerError) as caught:
        introduction_answer(duo=duo, side="mentee", accepted=True, via="staff", by=coordinator)
    assert "no longer taken" in caught.value.errors[None]
    assert not IntroductionAnswer.objects.exists()


def test_an_answer_cannot_be_in_the_future_or_before_the_introduction(duo, coordinator):
    for at in (timezone.now() + datetime.timedelta(hours=2), _at(TODAY - 3 * DAY)):
        with pytest.raises(AnswerError) as caught:
            introduction_answer(duo=duo, side="mentee", accepted=True, via="staff", by=coordinator, at=at)
        assert set(caught.value.errors) == {"answered_at"}
    assert not IntroductionAnswer.objects.exists()


def test_through_the_link_each_side_answers_once_but_the_staff_may_correct(duo, coordinator, english):
    _token, link = _link(duo, "mentee")
    introduction_answer(duo=duo, side="mentee", accepted=True, via="link", by=None, link=link)
    with pytest.raises(AnswerError) as caught:
        introduction_answer(duo=duo, side="mentee", accepted=False, note="Changed my mind", via="link", by=None,
                            link=link)
    assert "already recorded" in caught.value.errors[None]
    assert IntroductionAnswer.objects.get(duo=duo).accepted is True
    # The mentee called the coordinator instead: the corrected answer refuses the duo.
    introduction_answer(duo=duo, side="mentee", accepted=False, note="Changed my mind", via="staff", by=coordinator)
    answer = IntroductionAnswer.objects.get(duo=duo)
    assert (answer.accepted, answer.via, answer.recorded_by) == (False, "staff", coordinator)
    assert Duo.objects.get(pk=duo.pk).status == DuoStatus.REFUSED


def test_only_a_working_link_of_that_side_in_that_duo_may_answer(duo, antenna, coordinator):
    other = _introduced(antenna, coordinator)
    cases = [
        (duo, "mentee", _link(duo, "mentor")[1]),  # the mentor's link cannot answer for the mentee
        (other, "mentee", _link(duo, "mentee")[1]),  # another duo's link
        (duo, "mentee", _link(duo, "mentee", revoked_at=timezone.now())[1]),
        (duo, "mentee", _link(duo, "mentee", expires_at=timezone.now() - DAY)[1]),
        (duo, "mentee", None),
    ]
    for target, side, link in cases:
        with pytest.raises(scoping.NotAllowed):
            introduction_answer(duo=target, side=side, accepted=True, via="link", by=None, link=link)
    assert not IntroductionAnswer.objects.exists()


def test_staff_outside_the_antenna_or_without_the_right_may_not_record(antenna, other_antenna, users):
    coordinator = users[Role.COORDINATOR]
    foreign = _introduced(other_antenna, users[Role.ADMINISTRATOR])
    own = _introduced(antenna, coordinator)
    for who, target in ((coordinator, foreign), (users[Role.VIEWER], own), (None, foreign)):
        with pytest.raises(scoping.NotAllowed):
            introduction_answer(duo=target, side="mentee", accepted=True, via="staff", by=who)
    assert not IntroductionAnswer.objects.exists()


@pytest.mark.parametrize("answered,on_time", [
    (_at(TODAY - 3 * DAY, 20), True),  # the evening of the introduction
    (_at(TODAY - 2 * DAY, 23), True),  # the next day, late at night: still within "24 hours"
    (_at(TODAY - DAY, 9), False),  # two days after
])
def test_on_time_means_by_the_end_of_the_day_after_the_introduction(antenna, coordinator, answered, on_time):
    duo = _introduced(antenna, coordinator, ago=3)
    introduction_answer(duo=duo, side="mentor", accepted=True, via="staff", by=coordinator, at=answered)
    mentee, mentor = acceptance.answers_of(duo)
    assert (mentee.state, mentee.on_time) == ("awaited", None)
    assert (mentor.state, mentor.on_time) == ("accepted", on_time)


# --- the coordinator's week -------------------------------------------------------------------------

def _acceptance_alerts(user):
    return {a.duo.pk: a.text for a in followup.alerts(user) if a.kind == "acceptance"}


def test_an_answer_missing_after_24_hours_is_an_alert_until_it_comes(antenna, other_antenna, coordinator, admin_user,
                                                                        english):
    late = _introduced(antenna, coordinator, ago=2)
    in_time = _introduced(antenna, coordinator, ago=1)  # until the end of today
    foreign = _introduced(other_antenna, admin_user, ago=5)
    introduction_answer(duo=late, side="mentee", accepted=True, via="staff", by=coordinator)
    alerts = _acceptance_alerts(coordinator)
    assert alerts == {late.pk: "Introduced 2 days ago: the mentor has not answered yet."}
    assert in_time.pk not in alerts and foreign.pk not in alerts
    assert _acceptance_alerts(admin_user)[foreign.pk] == (
        "Introduced 5 days ago: neither the mentee nor the mentor has answered yet.")
    introduction_answer(duo=late, side="mentor", accepted=True, via="staff", by=coordinator)
    assert late.pk not in _acceptance_alerts(coordinator)


def test_the_week_page_shows_the_alert(client, antenna, coordinator, english):
    duo = _introduced(antenna, coordinator, ago=3)
    client.force_login(coordinator)
    html = client.get(reverse("followup:week")).content.decode()
    assert "Introduced 3 days ago: neither the mentee nor the mentor has answered yet." in html
    assert reverse("journeys:detail", args=[duo.pk]) in html


# --- the duo page -----------------------------------------------------------------------------------

def test_the_duo_page_shows_each_side_and_records_an_answer_told_by_phone(client, duo, coordinator, english):
    client.force_login(coordinator)
    page = reverse("journeys:detail", args=[duo.pk])
    html = client.get(page).content.decode()
    assert html.count("Answer awaited") == 2 and "Record the answer: Mentee" in html
    response = client.post(reverse("journeys:answer", args=[duo.pk]), {
        "side": "mentee", "accepted": "yes", "answered_at": _at(TODAY - DAY, 8).strftime("%Y-%m-%dT%H:%M"),
        "note": ""})
    assert response.status_code == 302 and response["Location"] == page
    answer = IntroductionAnswer.objects.get(duo=duo)
    assert (answer.side, answer.accepted, answer.via, answer.answered_at) == ("mentee", True, "staff",
                                                                              _at(TODAY - DAY, 8))
    html = client.get(page).content.decode()
    assert "Accepted" in html and "on time" in html and html.count("Answer awaited") == 1


def test_a_refusal_told_by_phone_without_a_why_shows_the_error(client, duo, coordinator, english):
    client.force_login(coordinator)
    response = client.post(reverse("journeys:answer", args=[duo.pk]), {
        "side": "mentor", "accepted": "no", "answered_at": _at(TODAY - DAY, 8).strftime("%Y-%m-%dT%H:%M")})
    html = response.content.decode()
    assert response.status_code == 200 and "Please correct the errors below." in html
    assert "Say why, in a few words." in html
    assert not IntroductionAnswer.objects.exists() and Duo.objects.get(pk=duo.pk).status == DuoStatus.INTRODUCED


@pytest.mark.parametrize("data", [{}, {"side": "nobody", "accepted": "yes", "answered_at": "2026-01-01T10:00"},
                                  {"side": "mentee", "accepted": "maybe", "answered_at": "yesterday"}])
def test_bad_posts_change_nothing(client, duo, coordinator, data):
    client.force_login(coordinator)
    response = client.post(reverse("journeys:answer", args=[duo.pk]), data)
    assert response.status_code == 200
    assert not IntroductionAnswer.objects.exists()


def test_answers_of_a_running_duo_are_refused_with_a_message(client, own_duo, coordinator, english):
    client.force_login(coordinator)
    response = client.post(reverse("journeys:answer", args=[own_duo.pk]), {"side": "mentee", "accepted": "yes"},
                           follow=True)
    assert "answers after the introduction are no longer taken" in response.content.decode()
    assert not IntroductionAnswer.objects.exists()


def test_both_accepted_offers_the_signature_and_the_agreement(client, duo, coordinator, english):
    for side in ("mentee", "mentor"):
        introduction_answer(duo=duo, side=side, accepted=True, via="staff", by=coordinator)
    client.force_login(coordinator)
    html = client.get(reverse("journeys:detail", args=[duo.pk])).content.decode()
    assert "Both accepted" in html and 'value="agreement_signed"' in html
    assert reverse("journeys:agreement", args=[duo.pk]) in html
    assert "Not signed yet." in html
    duo_transition(duo=duo, to=DuoStatus.AGREEMENT_SIGNED, on=TODAY, by=coordinator)
    html = client.get(reverse("journeys:detail", args=[duo.pk])).content.decode()
    assert f"Signed on {date_format(TODAY)}." in html


# --- the participant's phone page ---------------------------------------------------------------------

def test_the_link_page_asks_then_thanks(client, duo):
    token, _link_ = _link(duo, "mentee")
    log = reverse("meetinglog:log", kwargs={"token": token})
    html = client.get(log).content.decode()
    # In French, the page's language: the question names the mentor.
    assert f"{duo.mentor.person.first_name}" in html and reverse("meetinglog:answer", kwargs={"token": token}) in html
    response = client.post(reverse("meetinglog:answer", kwargs={"token": token}), {"accepted": "yes"})
    assert response.status_code == 302 and response["Location"] == log
    assert IntroductionAnswer.objects.get(duo=duo).via == "link"
    html = client.get(log).content.decode()
    assert reverse("meetinglog:answer", kwargs={"token": token}) not in html


def test_no_without_a_why_is_refused_in_the_participants_language(client, duo):
    token, _link_ = _link(duo, "mentor")
    response = client.post(reverse("meetinglog:answer", kwargs={"token": token}), {"accepted": "no", "note": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Expliquez pourquoi en quelques mots." in html and '<html lang="fr">' in html
    assert not IntroductionAnswer.objects.exists()
    response = client.post(reverse("meetinglog:answer", kwargs={"token": token}),
                           {"accepted": "no", "note": "Horaires incompatibles"})
    assert response.status_code == 302
    assert Duo.objects.get(pk=duo.pk).status == DuoStatus.REFUSED


def test_a_revoked_or_forged_link_records_nothing(client, duo):
    token, _link_ = _link(duo, "mentee", revoked_at=timezone.now())
    response = client.post(reverse("meetinglog:answer", kwargs={"token": token}), {"accepted": "yes"})
    assert response.status_code == 200 and "Ce lien a été remplacé ou désactivé" in response.content.decode()
    assert client.post(reverse("meetinglog:answer", kwargs={"token": "made-up:sig"}),
                       {"accepted": "yes"}).status_code == 404
    assert not IntroductionAnswer.objects.exists()


def test_a_get_on_the_answer_url_goes_back_to_the_log(client, duo):
    token, _link_ = _link(duo, "mentee")
    response = client.get(reverse("meetinglog:answer", kwargs={"token": token}))
    assert response.status_code == 302 and response["Location"] == reverse("meetinglog:log", kwargs={"token": token})


# --- the demo ---------------------------------------------------------------------------------------

def test_the_demo_answers_like_the_app_would_have(antenna, coordinator):
    import random
    from types import SimpleNamespace

    from duo.demo.acceptance import answers

    duos = [_introduced(antenna, coordinator, ago=ago) for ago in (0, 1, 2, 3, 5, 8) * 4]
    seeder = SimpleNamespace(rng=random.Random(3), today=TODAY, coordinators={"bxl": coordinator.pk},
                             code_of={antenna.pk: "bxl"})
    assert answers(seeder)["introduction_answers"] == IntroductionAnswer.objects.count() > 0
    now = timezone.now()
    for duo in Duo.objects.filter(pk__in=[d.pk for d in duos]):
        given = list(duo.introduction_answers.all())
        assert all(a.accepted and a.answered_at <= now for a in given)
        assert all(timezone.localdate(a.answered_at) >= acceptance.introduced_on(duo) for a in given)
        if duo.status == DuoStatus.ACCEPTED:
            assert len(given) == 2 and duo.transitions.filter(to_status=DuoStatus.ACCEPTED).exists()
        else:
            assert duo.status == DuoStatus.INTRODUCED and len(given) <= 1
    statuses = set(Duo.objects.values_list("status", flat=True))
    assert statuses == {DuoStatus.INTRODUCED, DuoStatus.ACCEPTED}
    # Some answers are missing after the 24 hours: "This week" has something to show.
    assert _acceptance_alerts(coordinator)


def test_both_accepted_cannot_be_picked_as_a_bare_step(client, duo, coordinator, english):
    client.force_login(coordinator)
    response = client.post(reverse("journeys:transition", args=[duo.pk]), {"to": "accepted", "on": "2026-01-01"},
                            follow=True)
    assert "the duo is “Both accepted” once both have accepted." in response.content.decode()
    assert Duo.objects.get(pk=duo.pk).status == DuoStatus.INTRODUCED
    assert not DuoTransition.objects.filter(to_status=DuoStatus.ACCEPTED).exists()


def test_an_answer_after_the_other_refused_says_so_kindly(client, duo, coordinator, english):
    introduction_answer(duo=duo, side="mentee", accepted=False, note="Not my sector", via="staff", by=coordinator)
    token, _link_ = _link(duo, "mentor")
    response = client.post(reverse("meetinglog:answer", kwargs={"token": token}), {"accepted": "yes"})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="error-summary"' in html
    assert "answers after the introduction are no longer taken" in html
    assert IntroductionAnswer.objects.filter(duo=duo).count() == 1


def test_a_link_moves_only_its_own_duo_and_only_while_it_works(duo, antenna, coordinator):
    from duo.journeys.transitions import duo_transition_by_link

    for extra in ({"revoked_at": timezone.now()}, {"expires_at": timezone.now() - DAY}):
        _token, link = _link(duo, "mentee", **extra)
        with pytest.raises(scoping.NotAllowed):
            duo_transition_by_link(link=link, to=DuoStatus.REFUSED, reason="mentee", note="No")
    assert Duo.objects.get(pk=duo.pk).status == DuoStatus.INTRODUCED
    assert not DuoTransition.objects.filter(to_status=DuoStatus.REFUSED).exists()
