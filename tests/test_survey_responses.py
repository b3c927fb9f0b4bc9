"""The core of answering: an invitation's link, answers saved on the way, a submission validated against the
version asked, staff entry on a person's behalf (marked), declining."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection

from duo.accounts import scoping
from duo.accounts.roles import Role
from duo.survey import responses
from duo.survey.models import Answer, Instrument, Invitation, InvitationStatus, Response, ResponseSource
from tests.factories import UserFactory


@pytest.fixture
def instruments(db):
    call_command("load_instruments", verbosity=0)
    return {i.kind: i for i in Instrument.objects.all()}


@pytest.fixture
def invited(instruments, own_duo):
    person = own_duo.mentee.person
    invitation, token = responses.invitation_create(instrument=instruments["mentee_end"], person=person,
                                                    duo=own_duo, due_on=datetime.date(2026, 11, 3))
    return invitation, token


def _valid_end_answers(version):
    """A complete set of answers: the first value of every visible question, built from the version."""
    answers = {}
    for q in version.questions.order_by("position").prefetch_related("choices"):
        if q.show_if_question and str(answers.get(q.show_if_question)) not in [str(v) for v in q.show_if_values]:
            continue
        if q.type == "likert5":
            answers[q.code] = "4"
        elif q.type == "single":
            answers[q.code] = q.choices.first().value
        elif q.type == "multiple":
            answers[q.code] = [q.choices.first().value]
        elif q.type == "number":
            answers[q.code] = str(int(q.minimum or 0) + 1)
        elif q.type == "date":
            answers[q.code] = "2026-10-01"
        else:
            answers[q.code] = "Mon mentor m'a ouvert des portes."
    return answers


def test_the_token_finds_its_invitation_and_a_forged_one_nothing(invited):
    invitation, token = invited
    assert responses.find(token) == invitation
    assert responses.find(token[:-2] + ("ab" if not token.endswith("ab") else "cd")) is None
    assert invitation.wave.opens_on == datetime.date(2026, 11, 1)
    assert invitation.language == (invitation.person.preferred_language or "fr")


def test_autosave_keeps_answers_and_submission_stores_them_and_closes_the_link(invited):
    invitation, token = invited
    answers = _valid_end_answers(invitation.version)
    first = next(iter(answers))
    responses.answers_save(invitation=invitation, answers={first: answers[first]})
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.STARTED and invitation.draft == {first: answers[first]}
    response = responses.response_submit(invitation=invitation, answers=answers)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.COMPLETED and invitation.draft == {}
    assert response.source == ResponseSource.LINK and response.entered_by is None
    stored = {a.question.code: a.shown for a in response.answers.select_related("question")}
    assert stored == answers
    with pytest.raises(responses.InvitationClosed):
        responses.response_submit(invitation=invitation, answers=answers)


def test_a_missing_required_answer_is_named_and_nothing_is_stored(invited, english):
    invitation, _token = invited
    answers = _valid_end_answers(invitation.version)
    missing = next(q.code for q in invitation.version.questions.order_by("position") if q.required)
    del answers[missing]
    with pytest.raises(responses.AnswersInvalid) as e:
        responses.response_submit(invitation=invitation, answers=answers)
    assert e.value.errors == {missing: "Please answer this question."}
    assert not Response.objects.exists()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_staff_entry_is_marked_and_needs_the_persons_antenna(invited, coordinator, other_antenna):
    invitation, _token = invited
    answers = _valid_end_answers(invitation.version)
    outsider = UserFactory(role=Role.COORDINATOR, antennas=[other_antenna])
    with pytest.raises(scoping.NotAllowed):
        responses.response_enter(invitation=invitation, answers=answers, by=outsider)
    assert not Response.objects.exists()
    response = responses.response_enter(invitation=invitation, answers=answers, by=coordinator,
                                        answered_on=datetime.date(2026, 11, 20))
    assert response.source == ResponseSource.ON_BEHALF and response.entered_by == coordinator
    assert response.answered_on == datetime.date(2026, 11, 20)


def test_declining_stops_the_invitation_but_it_can_still_be_entered_by_staff(invited, coordinator):
    invitation, token = invited
    responses.invitation_decline(invitation=invitation)
    invitation = Invitation.objects.get(pk=invitation.pk)
    assert invitation.status == InvitationStatus.OPTED_OUT and not invitation.is_open
    with pytest.raises(responses.InvitationClosed):
        responses.answers_save(invitation=invitation, answers={})


def _raw_text(answer_id):
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM survey_answer WHERE id = %s", [answer_id])
        return cursor.fetchone()[0]


def test_free_text_is_encrypted_at_rest_and_follows_a_key_rotation(invited, settings):
    from duo.people.management.commands.rotate_field_keys import encrypted_fields

    invitation, _token = invited
    answers = _valid_end_answers(invitation.version)
    text_code = next(q.code for q in invitation.version.questions.all() if q.type == "text" and q.code in answers)
    response = responses.response_submit(invitation=invitation, answers=answers)
    answer = response.answers.get(question__code=text_code)
    raw = _raw_text(answer.pk)
    assert "portes" not in raw and raw.startswith("gAAAA")

    def forget():
        for model, names in encrypted_fields().items():
            for name in names:
                model._meta.get_field(name).__dict__.pop("keys", None)
                model._meta.get_field(name).__dict__.pop("f", None)

    try:
        settings.SALT_KEY = ["new-key-9876543210", *settings.SALT_KEY]
        forget()
        call_command("rotate_field_keys", stdout=io.StringIO())
        assert _raw_text(answer.pk) != raw
        settings.SALT_KEY = ["new-key-9876543210"]
        forget()
        assert Answer.objects.get(pk=answer.pk).text == answers[text_code]
    finally:
        forget()


def _scores_from_answers(response):
    """Recomputed from the stored answers, independently of logic.scale_scores."""
    sums = {}
    for answer in response.answers.select_related("question").filter(question__type="likert5"):
        if answer.question.scale:
            total, n = sums.get(answer.question.scale, (0.0, 0))
            sums[answer.question.scale] = (total + answer.number, n + 1)
    return {scale: [total, n] for scale, (total, n) in sums.items()}


def test_a_response_keeps_its_scale_sums_for_the_impact_figures(invited):
    invitation, _token = invited
    answers = _valid_end_answers(invitation.version)
    likert = [q for q in invitation.version.questions.filter(type="likert5") if q.scale and q.code in answers]
    answers[likert[0].code] = "2"
    response = responses.response_submit(invitation=invitation, answers=answers)
    response.refresh_from_db()
    assert response.scores == _scores_from_answers(response)
    assert response.scores[likert[0].scale][1] == sum(1 for q in likert if q.scale == likert[0].scale)
    # Nothing else gets a score: no free text, no choices.
    assert set(response.scores) == {q.scale for q in likert}


def test_responses_stored_before_the_scores_existed_get_them_from_the_migration(invited, coordinator):
    import importlib

    from django.apps import apps
    from django.db.backends.base.schema import BaseDatabaseSchemaEditor

    invitation, _token = invited
    response = responses.response_enter(invitation=invitation, answers=_valid_end_answers(invitation.version),
                                        by=coordinator)
    expected = _scores_from_answers(response)
    assert expected
    Response.objects.filter(pk=response.pk).update(scores={})
    migration = importlib.import_module("duo.survey.migrations.0004_response_scores")
    migration.backfill(apps, BaseDatabaseSchemaEditor(connection))
    response.refresh_from_db()
    assert response.scores == expected


def test_the_admin_shows_a_responses_answers_read_only(invited, client, admin_user):
    invitation, _token = invited
    response = responses.response_submit(invitation=invitation, answers=_valid_end_answers(invitation.version))
    client.force_login(admin_user)
    from django.urls import reverse

    page = client.get(reverse("admin:survey_response_change", args=[response.pk]))
    assert page.status_code == 200
    shown = page.content.decode()
    assert "Mon mentor m&#x27;a ouvert des portes." in shown or "Mon mentor m'a ouvert des portes." in shown
    assert 'name="answers-0-question"' not in shown  # read-only: no form field for an answer
    instrument = invitation.version.instrument
    assert client.get(reverse("admin:survey_instrument_change", args=[instrument.pk])).status_code == 200
