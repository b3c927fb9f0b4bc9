"""Survey instruments: shipped defaults, the freeze of published versions, publishing, drafting, admin, preview."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from duo.accounts import scoping
from duo.accounts.roles import Role
from duo.journeys.choices import EndReason, OutcomeCategory
from duo.survey import services
from duo.survey.defaults import INSTRUMENTS
from duo.survey.loading import load_missing
from duo.survey.models import Choice, Instrument, InstrumentVersion, Question, VersionStatus

pytestmark = pytest.mark.django_db

LANGS = ("fr", "nl", "en")


@pytest.fixture(autouse=True)
def _in_english(english):
    """Messages are compared in English; pages are asked for under /en/ (reverse follows the language)."""
    yield


@pytest.fixture
def loaded(db):
    load_missing()
    return {i.code: i for i in Instrument.objects.all()}


def _published(instrument):
    return instrument.versions.get(status=VersionStatus.PUBLISHED)


def _draft(admin_user, code="pulse"):
    instrument = Instrument.objects.create(code=code, kind="pairing_fit", audience="mentee", title_fr="Pouls",
                                           title_nl="Polsslag", title_en="Pulse")
    return services.version_new_draft(instrument=instrument, by=admin_user)


def _question(version, code, type="likert5", position=1, **kw):
    texts = {f"text_{lang}": f"{code} {lang}" for lang in LANGS}
    return Question.objects.create(version=version, code=code, type=type, position=position, **{**texts, **kw})


def _choice(question, value, position=1, **kw):
    labels = {f"label_{lang}": f"{value} {lang}" for lang in LANGS}
    return Choice.objects.create(question=question, value=value, position=position, **{**labels, **kw})


# --- shipped defaults --------------------------------------------------------------------------------

def test_the_eight_defaults_load_published_with_every_text_in_three_languages(loaded):
    assert len(loaded) == 8
    assert {i.kind for i in loaded.values()} == {
        "mentee_baseline", "mentee_end", "mentee_followup_6m", "mentee_followup_12m", "mentor_end", "pairing_fit",
        "why_ended", "training_evaluation"}
    for instrument in loaded.values():
        version = _published(instrument)
        assert version.number == 1 and version.published_at is not None
        questions = list(version.questions.all())
        assert 6 <= len(questions) <= 14, instrument.code
        for lang in LANGS:
            assert getattr(instrument, f"title_{lang}").strip()
            assert getattr(instrument, f"description_{lang}").strip()
            for q in questions:
                assert getattr(q, f"text_{lang}").strip(), (instrument.code, q.code, lang)
                for c in q.choices.all():
                    assert getattr(c, f"label_{lang}").strip(), (instrument.code, q.code, c.value, lang)


def test_defaults_share_scales_and_the_values_of_the_journeys(loaded):
    def values(code, question):
        return list(_published(loaded[code]).questions.get(code=question).choices.values_list("value", flat=True))

    for code in ("mentee-followup-6m", "mentee-followup-12m"):
        assert values(code, "outcome_status") == list(OutcomeCategory.values)
    assert values("why-ended", "end_reason") == list(EndReason.values)
    fit = _published(loaded["pairing-fit"]).questions.get(code="pairing_fit")
    assert (fit.type, fit.scale) == ("likert5", "pairing_fit")
    # The baseline and the end ask each capital under the same scale tag, so answers pair up.
    def scales(code):
        return set(_published(loaded[code]).questions.exclude(scale="").values_list("scale", flat=True))
    capitals = {"capital_social", "capital_cultural", "capital_information", "capital_language",
                "capital_psychological", "career_plan", "satisfaction"}
    assert capitals <= scales("mentee-baseline") and capitals <= scales("mentee-end")
    assert capitals <= scales("mentee-followup-12m")
    assert {"useful", "intercultural", "view_changed", "satisfaction", "mentor_again"} <= scales("mentor-end")


def test_loading_again_creates_nothing_and_leaves_edited_instruments_alone(loaded):
    baseline = loaded["mentee-baseline"]
    baseline.title_en = "Our own title"
    baseline.save()
    loaded["why-ended"].versions.update(status=VersionStatus.DRAFT)  # so that it may be deleted
    loaded["why-ended"].delete()
    call_command("load_instruments", stdout=io.StringIO())
    assert Instrument.objects.count() == 8
    assert Instrument.objects.get(code="mentee-baseline").title_en == "Our own title"
    assert InstrumentVersion.objects.filter(instrument__code="mentee-baseline").count() == 1
    assert load_missing() == []


# --- freezing in the model layer ---------------------------------------------------------------------

def test_a_published_versions_questions_and_choices_cannot_change(loaded):
    version = _published(loaded["mentee-followup-6m"])
    question = version.questions.get(code="outcome_status")
    choice = question.choices.first()
    question.text_en = "Changed"
    with translation.override("en"), pytest.raises(ValidationError) as e:
        question.save()
    assert "published" in str(e.value) and "new draft" in str(e.value)
    with pytest.raises(ValidationError):
        question.delete()
    choice.label_en = "Changed"
    with pytest.raises(ValidationError):
        choice.save()
    with pytest.raises(ValidationError):
        choice.delete()
    with pytest.raises(ValidationError):
        _question(version, "new_one", position=99)
    with pytest.raises(ValidationError):
        _choice(question, "new_value", position=99)
    with pytest.raises(ValidationError):
        version.delete()
    question.refresh_from_db()
    assert question.text_en != "Changed" and version.questions.count() == 14


def test_a_question_cannot_be_moved_out_of_a_published_version(loaded, admin_user):
    published = _published(loaded["pairing-fit"])
    draft = services.version_new_draft(instrument=loaded["pairing-fit"], by=admin_user)
    question = published.questions.first()
    question.version = draft
    with pytest.raises(ValidationError):
        question.save()


# --- publishing --------------------------------------------------------------------------------------

def test_publishing_names_every_problem(admin_user):
    draft = _draft(admin_user)
    with pytest.raises(services.SurveyError) as e:
        services.version_publish(version=draft, by=admin_user)
    assert e.value.messages == ["The version has no question."]

    _question(draft, "fit", text_nl="")
    single = _question(draft, "call", type="single", position=2)
    _choice(single, "yes")
    _question(draft, "why", type="text", position=3, show_if_question="fit", show_if_values=["7"])
    _question(draft, "how", type="text", position=4, show_if_question="later", show_if_values=["1"])
    with translation.override("en"), pytest.raises(services.SurveyError) as e:
        services.version_publish(version=draft, by=admin_user)
    assert set(e.value.messages) == {
        "Question fit: the text in Dutch is missing.",
        "Question call: a choice question needs at least two choices.",
        "Question why: “7” is not an answer that “fit” can take.",
        "Question how: it is shown depending on “later”, which is not an earlier question of this version.",
    }
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_publishing_freezes_the_draft_and_retires_the_previous_version(loaded, admin_user):
    instrument = loaded["mentor-end"]
    first = _published(instrument)
    draft = services.version_new_draft(instrument=instrument, by=admin_user)
    services.version_publish(version=draft, by=admin_user)
    first.refresh_from_db()
    draft.refresh_from_db()
    assert (first.status, draft.status) == (VersionStatus.RETIRED, VersionStatus.PUBLISHED)
    assert draft.published_by == admin_user and draft.published_at is not None
    with pytest.raises(services.SurveyError):
        services.version_publish(version=draft, by=admin_user)
    with pytest.raises(ValidationError):
        draft.questions.first().save()


def test_only_those_who_may_change_reference_data_publish_or_draft(loaded, users):
    instrument = loaded["mentor-training"]
    for role in (Role.COORDINATOR, Role.OFFICER, Role.RESEARCHER, Role.VIEWER):
        with pytest.raises(scoping.NotAllowed):
            services.version_new_draft(instrument=instrument, by=users[role])
    draft = services.version_new_draft(instrument=instrument, by=users[Role.ADMINISTRATOR])
    with pytest.raises(scoping.NotAllowed):
        services.version_publish(version=draft, by=users[Role.COORDINATOR])


# --- new drafts --------------------------------------------------------------------------------------

def _content(version):
    return [
        (q.position, q.code, q.type, q.required, q.text_fr, q.text_nl, q.text_en, q.help_fr, q.help_nl, q.help_en,
         q.minimum, q.maximum, q.scale, q.show_if_question, q.show_if_values,
         [(c.position, c.value, c.label_fr, c.label_nl, c.label_en) for c in q.choices.order_by("position")])
        for q in version.questions.order_by("position")
    ]


def test_a_new_draft_copies_everything_and_is_editable(loaded, admin_user):
    instrument = loaded["mentee-followup-12m"]
    published = _published(instrument)
    draft = services.version_new_draft(instrument=instrument, by=admin_user)
    assert (draft.number, draft.status) == (2, VersionStatus.DRAFT)
    assert _content(draft) == _content(published)
    assert not set(draft.questions.values_list("pk", flat=True)) & set(published.questions.values_list("pk", flat=True))
    question = draft.questions.get(code="job_hours")
    question.maximum = 48
    question.save()
    assert published.questions.get(code="job_hours").maximum == 60
    with pytest.raises(services.SurveyError) as e:
        services.version_new_draft(instrument=instrument, by=admin_user)
    assert "already has a draft" in e.value.messages[0]


# --- the admin site ----------------------------------------------------------------------------------

def test_admin_shows_published_versions_read_only_and_drafts_editable(client, loaded, admin_user):
    client.force_login(admin_user)
    published = _published(loaded["pairing-fit"])
    html = client.get(reverse("admin:survey_instrumentversion_change", args=[published.pk])).content.decode()
    assert 'name="_save"' not in html and 'name="questions-0-text_fr"' not in html
    question = published.questions.get(code="pairing_fit")
    url = reverse("admin:survey_question_change", args=[question.pk])
    assert 'name="_save"' not in client.get(url).content.decode()
    assert client.post(url, {"code": "changed"}).status_code == 403
    question.refresh_from_db()
    assert question.code == "pairing_fit"

    draft = services.version_new_draft(instrument=loaded["pairing-fit"], by=admin_user)
    html = client.get(reverse("admin:survey_instrumentversion_change", args=[draft.pk])).content.decode()
    assert 'name="_save"' in html and 'name="questions-0-text_fr"' in html


def test_admin_actions_publish_and_draft_with_their_messages(client, loaded, admin_user):
    client.force_login(admin_user)
    instrument = loaded["why-ended"]
    response = client.post(reverse("admin:survey_instrument_changelist"),
                           {"action": "new_draft", "_selected_action": [instrument.pk]}, follow=True)
    assert "draft version 2 created" in response.content.decode()
    draft = instrument.versions.get(status=VersionStatus.DRAFT)
    draft.questions.get(code="end_reason").choices.exclude(value="other").delete()
    response = client.post(reverse("admin:survey_instrumentversion_changelist"),
                           {"action": "publish", "_selected_action": [draft.pk]}, follow=True)
    html = response.content.decode()
    assert "was not published" in html and "needs at least two choices" in html
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    Question.objects.filter(version=draft, code="end_reason").delete()  # fixes it: the skip logic refers on
    Question.objects.filter(version=draft, show_if_question="end_reason").delete()
    response = client.post(reverse("admin:survey_instrumentversion_changelist"),
                           {"action": "publish", "_selected_action": [draft.pk]}, follow=True)
    assert "published" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED


def test_a_coordinator_reads_instruments_in_the_admin_but_changes_nothing(client, loaded, coordinator):
    client.force_login(coordinator)
    version = _published(loaded["mentee-end"])
    assert client.get(reverse("admin:survey_instrument_changelist")).status_code == 200
    assert client.get(reverse("admin:survey_instrument_add")).status_code == 403
    response = client.post(reverse("admin:survey_instrumentversion_changelist"),
                           {"action": "new_draft", "_selected_action": [version.pk]}, follow=True)
    assert not InstrumentVersion.objects.filter(instrument=version.instrument, status=VersionStatus.DRAFT).exists()
    assert response.status_code == 200  # the changelist again, with the refusal
    assert "You may not change survey instruments." in response.content.decode()


# --- the staff pages ---------------------------------------------------------------------------------

def test_the_list_shows_each_instrument_with_its_published_version(client, loaded, users):
    client.force_login(users[Role.OFFICER])
    with translation.override("en"):
        html = client.get(reverse("survey:list")).content.decode()
    assert html.count("/en/staff/surveys/versions/") == 8
    assert "Where you start from" in html and "Version 1" in html
    assert '<td class="num">14</td>' in html  # the follow-ups' fourteen questions


@pytest.mark.parametrize("lang,title,question,likert_help", [
    ("fr", "Un mois ensemble", "Le duo que nous formons fonctionne bien.", "1 = pas du tout d&#x27;accord"),
    ("nl", "Een maand samen", "Onze duo werkt goed.", "1 = helemaal niet akkoord"),
    ("en", "One month together", "Our duo works well.", "1 = strongly disagree"),
])
def test_the_preview_shows_the_questionnaire_in_the_chosen_language(client, loaded, coordinator, lang, title,
                                                                       question, likert_help):
    client.force_login(coordinator)
    version = _published(loaded["pairing-fit"])
    with translation.override("en"):
        url = reverse("survey:preview", args=[version.pk])
    html = client.get(url, {"in": lang}).content.decode()
    assert f'lang="{lang}"' in html and title in html and question in html and likert_help in html
    assert html.count('type="radio" name="pairing_fit"') == 5
    # The skip logic is noted for the staff, in their language.
    assert "Shown only when the answer to question 1 is “1”, “2”, “3”." in html


def test_the_preview_answers_404_for_unknown_versions_or_languages(client, loaded, coordinator):
    client.force_login(coordinator)
    version = _published(loaded["pairing-fit"])
    assert client.get(reverse("survey:preview", args=[version.pk]), {"in": "de"}).status_code == 404
    assert client.get(reverse("survey:preview", args=[version.pk + 1000])).status_code == 404
    assert client.get(reverse("survey:preview", args=[version.pk]), {"in": "nl"}).status_code == 200


def test_the_demo_seeds_the_default_instruments(db):
    call_command("seed_demo", duos=20, seed=3, stdout=io.StringIO(), stderr=io.StringIO())
    assert set(Instrument.objects.values_list("code", flat=True)) == {spec["code"] for spec in INSTRUMENTS}
    assert InstrumentVersion.objects.filter(status=VersionStatus.PUBLISHED).count() == 8
