"""The public application forms: what a newcomer's application leaves behind, and what it refuses."""

import datetime
import re
from urllib.parse import urlparse

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from duo.intake import applications
from duo.intake.choices import Verdict
from duo.intake.consent import CONSENT_TEXTS, fingerprint
from duo.intake.links import person_from_token
from duo.intake.models import Application, StageChange
from duo.organisation.models import Antenna
from duo.people.models import ConsentRecord, MenteeProfile, MentorProfile, Person
from duo.privacy.models import AuditEvent
from duo.reference.models import Occupation, Place

from .factories import AntennaFactory, RegionFactory
from .factories_apply import mentee_data, mentor_data, nothing_stored, post, years_ago

LANGS = ["fr", "nl", "en"]


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    # The limit lives in the cache, which outlives a test: every test starts with a clean slate.
    cache.clear()
    yield
    cache.clear()


# --- complete applications ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_mentee_application_creates_exactly_the_expected_records(
        client, antenna, lang, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, lang, "mentee", mentee_data(preferred_language=lang))
    assert response.status_code == 302
    assert response["Location"].startswith(f"/{lang}/apply/thanks/")

    person = Person.objects.get()
    assert (person.first_name, person.last_name, person.email) == ("Yasmine", "Amrani", "yasmine@example.org")
    assert person.phone_digits == "470123456"
    assert person.antenna == antenna  # the only active antenna, chosen for the applicant
    assert person.preferred_language == lang
    assert person.municipality is not None and person.municipality.region.code == "brussels"
    assert set(person.languages.values_list("language", "level")) == {("fr", "B2"), ("en", "A2"), ("ar", "native")}

    profile = MenteeProfile.objects.get(person=person)
    assert profile.stage == "applied"
    assert profile.applied_on == profile.stage_changed_on == timezone.localdate()
    assert profile.target_occupation == Occupation.objects.get(code="43")
    assert not profile.no_precise_plan
    assert (profile.education_level, profile.diploma_recognition) == ("bachelor", "pending")
    assert (profile.employment_service, profile.unemployment_duration) == ("actiris", "6to12m")
    assert profile.availability == ["mon_am", "wed_eve"]
    assert profile.goals == ["cv", "network"] and profile.interests == ["sport", "music"]
    assert profile.working_style == ["structured"]
    assert not MentorProfile.objects.exists()

    application = Application.objects.get()
    assert (application.person, application.kind, application.channel, application.language) == (
        person, "mentee", "web", lang)
    assert (application.right_to_work, application.how_heard) == ("yes", "friend")
    assert application.motivation == "Je veux trouver un emploi dans la logistique."
    # 25, lives in Brussels like the antenna, French at B2, a background in the target group, may work.
    assert application.verdict == Verdict.ELIGIBLE
    assert {r["code"]: r["outcome"] for r in application.reasons} == {
        "age": "pass", "residence": "pass", "language": "pass", "background": "pass", "right_to_work": "pass"}

    change = StageChange.objects.get()
    assert (change.person, change.kind, change.from_stage, change.to_stage, change.by) == (
        person, "mentee", "", "applied", None)
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["yasmine@example.org"]


@pytest.mark.parametrize("lang", LANGS)
def test_a_mentor_application_creates_exactly_the_expected_records(
        client, antenna, lang, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, lang, "mentor", mentor_data(preferred_language=lang))
    assert response.status_code == 302

    person = Person.objects.get()
    assert (person.first_name, person.age) == ("Jean", person.age_on(timezone.localdate()))
    assert person.nationality_background is None  # mentors are not asked the sensitive questions
    profile = MentorProfile.objects.get(person=person)
    assert (profile.stage, profile.status, profile.max_duos) == ("applied", "retired", 2)
    assert profile.career_occupation.code == "24"
    assert profile.strength_areas == ["cv", "interviews"]
    assert not MenteeProfile.objects.exists()
    application = Application.objects.get()
    assert (application.kind, application.right_to_work) == ("mentor", "")
    assert application.verdict == Verdict.ELIGIBLE
    assert {r["code"] for r in application.reasons} == {"age", "residence", "language"}
    assert set(ConsentRecord.objects.values_list("purpose", "granted")) == {("programme", True), ("surveys", True)}
    assert StageChange.objects.get().to_stage == "applied"
    assert len(mailoutbox) == 1


def test_the_verdict_follows_the_antennas_rules(client, antenna):
    post(client, "fr", "mentee", mentee_data(date_of_birth=years_ago(40).isoformat()))
    too_old = Application.objects.get()
    assert too_old.verdict == Verdict.NOT_ELIGIBLE
    assert {"code": "age", "outcome": "fail", "params": {"min": 18, "max": 33, "age": 40}} in too_old.reasons

    post(client, "fr", "mentee", mentee_data(email="b@example.org", right_to_work="unsure"))
    unsure = Application.objects.exclude(pk=too_old.pk).get()
    assert unsure.verdict == Verdict.TO_REVIEW


def test_the_applicant_never_learns_the_verdict(client, antenna, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, "en", "mentee", mentee_data(date_of_birth=years_ago(45).isoformat()),
                        follow=True)
    assert Application.objects.get().verdict == Verdict.NOT_ELIGIBLE
    page = response.content.decode()
    assert "Thank you for applying" in page
    for text in (page, mailoutbox[0].body, mailoutbox[0].subject):
        assert not [word for word in ("eligible", "review", "refused") if word in text.lower()]


# --- consent and sensitive answers ----------------------------------------------------------------


def test_consent_is_recorded_per_purpose_with_its_text_version_and_date(client, antenna):
    before = timezone.now()
    post(client, "nl", "mentee", mentee_data(consent_surveys=None))
    records = {r.purpose: r for r in ConsentRecord.objects.all()}
    assert set(records) == {"programme", "special_category", "surveys"}
    assert (records["programme"].granted, records["special_category"].granted, records["surveys"].granted) == (
        True, True, False)
    for purpose, record in records.items():
        assert record.text_version == CONSENT_TEXTS[purpose].version
        assert (record.language, record.channel) == ("nl", "web")  # the language of the text they read
        assert before <= record.recorded_at <= timezone.now()


def test_consent_texts_and_versions_move_together():
    # Changed a consent text? Give it a new version in duo/intake/consent.py, then update its pair here:
    # people's records must say which wording they agreed to.
    assert {purpose: (text.version, fingerprint(purpose)) for purpose, text in CONSENT_TEXTS.items()} == {
        "programme": ("2026-11", "0f40116adf94"),
        "special_category": ("2026-11", "d077f50f96bd"),
        "surveys": ("2026-11", "d547ab743f0e"),
    }


def test_without_special_category_consent_the_sensitive_answers_are_not_stored(client, antenna):
    post(client, "fr", "mentee", mentee_data(consent_special=None))
    person = Person.objects.get()
    assert (person.nationality_background, person.origin_region, person.residence_route) == (None, None, None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT nationality_background, origin_region, residence_route FROM people_person")
        assert cursor.fetchone() == (None, None, None)
    assert ConsentRecord.objects.get(purpose="special_category").granted is False
    # Not refused for it: the background is discussed at the interview.
    application = Application.objects.get()
    assert application.verdict == Verdict.TO_REVIEW
    assert {"code": "background", "outcome": "unknown", "params": {}} in application.reasons


def test_with_special_category_consent_the_answers_are_stored_encrypted(client, antenna):
    post(client, "fr", "mentee", mentee_data())
    person = Person.objects.get()
    assert (person.nationality_background, person.origin_region, person.residence_route) == (
        "non_eu_national", "north_africa", "family")
    with connection.cursor() as cursor:
        cursor.execute("SELECT nationality_background, origin_region, residence_route FROM people_person")
        raw = cursor.fetchone()
    for stored, plain in zip(raw, ("non_eu_national", "north_africa", "family")):
        assert stored and plain not in str(stored)


def test_prefer_not_to_say_is_kept_as_such_and_sends_to_review(client, antenna):
    post(client, "fr", "mentee", mentee_data(nationality_background="undisclosed", origin_region="undisclosed",
                                             residence_route="undisclosed"))
    assert Person.objects.get().nationality_background == "undisclosed"
    assert Application.objects.get().verdict == Verdict.TO_REVIEW


def test_the_sensitive_questions_say_why_they_are_asked_and_offer_prefer_not_to_say(client, antenna):
    with translation.override("en"):
        page = client.get(reverse("apply:mentee")).content.decode()
    for name in ("nationality_background", "origin_region", "residence_route"):
        select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
        assert 'value="undisclosed" selected' in select.group(1)
        assert f'aria-describedby="id_{name}_helptext"' in select.group(0)
    assert page.count("Why we ask") == 3
    assert "discrimination" in page and "You do not have to answer" in page
    mentor_page = client.get(reverse("apply:mentor")).content.decode()
    assert "nationality_background" not in mentor_page and "consent_special" not in mentor_page


# --- the confirmation email -----------------------------------------------------------------------


@pytest.mark.parametrize("page_lang,chosen", [("fr", "nl"), ("nl", "en"), ("en", "fr")])
def test_the_confirmation_is_in_the_applicants_language_with_a_working_personal_link(
        client, antenna, mailoutbox, django_capture_on_commit_callbacks, page_lang, chosen):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, page_lang, "mentee", mentee_data(preferred_language=chosen))
    person = Person.objects.get()
    assert Application.objects.get().language == page_lang  # the form's language
    message = mailoutbox[0]
    assert message.extra_headers["Content-Language"] == chosen
    assert person.first_name in message.body and antenna.name in message.body
    # The personal page's link; the other is the consent page's, in the footer of every participant email.
    links = [link for link in re.findall(r"https?://\S+", message.body) if "/consent/" not in link]
    assert len(links) == 1
    path = urlparse(links[0]).path
    assert path.startswith(f"/{chosen}/me/")  # the personal page opens in the chosen language
    token = path.rstrip("/").split("/")[-1]
    assert person_from_token(token) == person
    assert client.get(path).status_code == 200


def test_the_email_is_sent_only_once_the_application_is_saved(client, antenna, mailoutbox,
                                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post(client, "fr", "mentor", mentor_data())
    assert mailoutbox == [] and len(callbacks) == 1


def test_a_mail_server_failure_does_not_lose_the_application(client, antenna, monkeypatch,
                                                             django_capture_on_commit_callbacks):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, "fr", "mentor", mentor_data())
    assert response.status_code == 302
    assert Application.objects.count() == 1


def test_a_known_email_address_is_neither_revealed_nor_merged(client, antenna):
    first = post(client, "fr", "mentee", mentee_data())
    second = post(client, "fr", "mentee", mentee_data())
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert Person.objects.filter(email="yasmine@example.org").count() == 2  # the pipeline finds duplicates


# --- bad input ------------------------------------------------------------------------------------

BAD = [
    ("mentee", {"first_name": ""}, "first_name"),
    ("mentee", {"email": "yasmine.example.org"}, "email"),
    ("mentee", {"date_of_birth": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()}, "date_of_birth"),
    ("mentee", {"date_of_birth": "1899-02-03"}, "date_of_birth"),
    ("mentee", {"date_of_birth": "31/02/2001"}, "date_of_birth"),
    ("mentee", {"postal_code": "10800"[:3]}, "postal_code"),
    ("mentee", {"postal_code": "B-1080"}, "postal_code"),
    ("mentee", {"phone": "call me"}, "phone"),
    ("mentee", {"phone": "0470"}, "phone"),
    ("mentee", {"lang_fr": "", "lang_en": "", "other_1": "", "other_1_level": ""}, "lang_fr"),
    ("mentee", {"lang_fr": "fluent"}, "lang_fr"),
    ("mentee", {"other_1": "ar", "other_1_level": ""}, "other_1_level"),
    ("mentee", {"other_1": "fr"}, "other_1"),
    ("mentee", {"other_2": "", "other_2_level": "C1"}, "other_2"),
    ("mentee", {"target_occupation": "", "no_precise_plan": ""}, "target_occupation"),
    ("mentee", {"target_occupation": "43", "no_precise_plan": "on"}, "no_precise_plan"),
    ("mentee", {"target_occupation": "9999"}, "target_occupation"),
    ("mentee", {"goals": []}, "goals"),
    ("mentee", {"right_to_work": ""}, "right_to_work"),
    ("mentee", {"nationality_background": "martian"}, "nationality_background"),
    ("mentee", {"consent_programme": ""}, "consent_programme"),
    ("mentee", {"availability": ["mon_am", "someday"]}, "availability"),
    ("mentor", {"career_occupation": ""}, "career_occupation"),
    ("mentor", {"max_duos": "12"}, "max_duos"),
    ("mentor", {"strength_areas": []}, "strength_areas"),
    ("mentor", {"antenna": "999999"}, "antenna"),
]


@pytest.mark.parametrize("kind,change,field", BAD, ids=[f"{k}-{f}-{i}" for i, (k, _c, f) in enumerate(BAD)])
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_saved(client, antenna, kind, change, field):
    data = (mentee_data if kind == "mentee" else mentor_data)(**change)
    audit_before = AuditEvent.objects.count()
    response = post(client, "en", kind, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    page = response.content.decode()
    assert 'id="error-summary"' in page
    anchor = next(a for a, _label, _error in form.error_links() if a.startswith(f"id_{field}"))
    assert f'href="#{anchor}"' in page and f'id="{anchor}"' in page  # the summary's link lands on the field
    assert nothing_stored() and AuditEvent.objects.count() == audit_before


@pytest.mark.parametrize("lang,required", [("fr", "Ce champ est obligatoire."), ("nl", "Dit veld is verplicht."),
                                           ("en", "This field is required.")])
def test_errors_speak_the_language_of_the_page(client, antenna, lang, required):
    response = post(client, lang, "mentee", {})
    page = response.content.decode()
    assert response.status_code == 200 and required in page
    assert f'<html lang="{lang}">' in page


def test_what_was_typed_is_kept_when_the_form_comes_back(client, antenna):
    response = post(client, "fr", "mentee", mentee_data(email="wrong"))
    page = response.content.decode()
    assert 'value="Amrani"' in page and 'value="wrong"' in page
    assert re.search(r'value="mon_am"[^>]*checked', page)


def test_the_antenna_is_the_nearest_to_the_postal_code_unless_chosen(client, antenna):
    liege = AntennaFactory(code="liege-test", name="Liège", city="Liège", postal_code="4000",
                           region=RegionFactory(code="wallonia"), latitude=50.6326, longitude=5.5797)
    antenna.latitude, antenna.longitude = 50.8467, 4.3525
    antenna.save()
    Place.objects.create(postal_code="4020", name="Liège", latitude=50.64, longitude=5.60)
    Place.objects.create(postal_code="1080", name="Molenbeek", latitude=50.85, longitude=4.33)
    post(client, "fr", "mentee", mentee_data(postal_code="4020"))
    post(client, "fr", "mentee", mentee_data(postal_code="1080", email="b@example.org"))
    post(client, "fr", "mentee", mentee_data(postal_code="4020", email="c@example.org", antenna=str(antenna.pk)))
    assert list(Person.objects.order_by("pk").values_list("antenna__code", flat=True)) == [
        "liege-test", antenna.code, antenna.code]
    assert liege.eligibility is not None  # every antenna has its rules


def test_an_unknown_postal_code_asks_to_choose_an_office(client, antenna):
    AntennaFactory(code="gent", name="Gent", city="Gent", postal_code="9000", region=RegionFactory(code="flanders"))
    response = post(client, "en", "mentee", mentee_data(postal_code="1080"))  # no coordinates imported
    assert "antenna" in response.context["form"].errors
    assert nothing_stored()
    # The only antenna in France takes French applicants without asking.
    paris = AntennaFactory(code="paris", name="Paris", city="Paris", postal_code="75011",
                           region=RegionFactory(code="ile-de-france", country="FR"))
    assert applications.nearest_antenna("93200") == paris


def test_inactive_antennas_are_not_offered(client, antenna):
    closed = AntennaFactory(code="closed", name="Closed Office", is_active=False)
    page = client.get(reverse("apply:mentee")).content.decode()
    assert antenna.name in page and closed.name not in page
    response = post(client, "en", "mentee", mentee_data(antenna=str(closed.pk)))
    assert "antenna" in response.context["form"].errors


def test_occupations_are_offered_by_group_in_the_page_language(client, antenna):
    with translation.override("nl"):
        page = client.get(reverse("apply:mentee")).content.decode()
    assert '<optgroup label="Administratief personeel">' in page
    assert '<option value="43">Boekhoudkundige medewerkers en voorraadbeheerders</option>' in page


def test_the_thanks_page_ignores_bad_query_parameters(client):
    assert client.get(reverse("apply:done"), {"as": "<b>mentor</b>"}).status_code == 200
    assert client.get(reverse("apply:done"), {"as": ["mentor", "mentee"]}).status_code == 200
    with translation.override("en"):
        mentor = client.get(reverse("apply:done"), {"as": "mentor"}).content.decode()
    assert "mentor training" in mentor


@pytest.mark.parametrize("lang", LANGS)
def test_the_start_page_leads_to_both_forms(client, lang):
    with translation.override(lang):
        page = client.get(reverse("apply:start")).content.decode()
        assert reverse("apply:mentee") in page and reverse("apply:mentor") in page


def test_no_active_antenna_means_no_application(client, antenna):
    Antenna.objects.update(is_active=False)
    response = post(client, "en", "mentor", mentor_data())
    assert response.status_code == 200 and "antenna" in response.context["form"].errors
    assert nothing_stored()


def test_languages_are_named_in_themselves_and_marked_as_such(client, antenna):
    with translation.override("en"):
        page = client.get(reverse("apply:mentee")).content.decode()
    for code, name in (("fr", "Français"), ("nl", "Nederlands"), ("en", "English")):
        assert re.search(rf'<label for="id_preferred_language_\d" lang="{code}">{name}</label>', page)
    # The page's language is chosen for the messages until the applicant says otherwise.
    assert re.search(r'value="en"[^>]*checked', page)
