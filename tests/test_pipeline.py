"""The coordinators' intake pipeline: the list, its filters and counts, moves, exports, verdicts, interviews."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from duo.accounts.roles import Role
from duo.intake import verdicts
from duo.intake.models import Application, EligibilityRules, IntakeInterview, StageChange
from duo.people.models import MenteeProfile, MentorProfile
from duo.privacy.models import AuditEvent
from duo.reference.models import Occupation

from .factories import AntennaFactory, MenteeFactory, MentorFactory, PersonLanguageFactory, UserFactory
from .factories_pipeline import ApplicationFactory, ConsentFactory, StageChangeFactory

TODAY = timezone.localdate


def _days_ago(n):
    return TODAY() - datetime.timedelta(days=n)


def _mentee(antenna, stage="applied", waiting=0, applied=None, **person):
    return MenteeFactory(person__antenna=antenna, stage=stage, stage_changed_on=_days_ago(waiting),
                         applied_on=_days_ago(applied if applied is not None else waiting),
                         **{f"person__{k}": v for k, v in person.items()})


def _mentor(antenna, stage="applied", waiting=0, **person):
    return MentorFactory(person__antenna=antenna, stage=stage, stage_changed_on=_days_ago(waiting),
                         applied_on=_days_ago(waiting), **{f"person__{k}": v for k, v in person.items()})


def _url(name, *args, lang=None, **query):
    with translation.override(lang or "en"):
        url = reverse(name, args=args)
    if query:
        from urllib.parse import urlencode

        url += "?" + urlencode(query, doseq=True)
    return url


def _listed(client, **query):
    response = client.get(_url("intake:list", **query))
    assert response.status_code == 200
    return {(row.person.pk, row.kind) for row in response.context["page"]}, response


# --- the list ---------------------------------------------------------------------------------------

def test_coordinator_sees_the_pipeline_of_their_antenna_only(client, coordinator, antenna, other_antenna):
    own = _mentee(antenna)
    mentor = _mentor(antenna, stage="contacted")
    _mentee(other_antenna)
    client.force_login(coordinator)
    rows, response = _listed(client)
    assert rows == {(own.person_id, "mentee"), (mentor.person_id, "mentor")}
    # Asking for the other antenna by its id does not open it: the filter is not understood, and ignored.
    rows, _response = _listed(client, antenna=other_antenna.pk)
    assert rows == {(own.person_id, "mentee"), (mentor.person_id, "mentor")}


def test_one_row_per_side_for_someone_who_applied_as_both(client, admin_user, antenna):
    mentee = _mentee(antenna)
    MentorFactory(person=mentee.person, stage="contacted")
    client.force_login(admin_user)
    rows, _response = _listed(client)
    assert rows == {(mentee.person_id, "mentee"), (mentee.person_id, "mentor")}


def test_people_who_left_long_ago_drop_off_unless_asked_for(client, admin_user, antenna):
    recent = _mentee(antenna, stage="withdrawn", waiting=10)
    old = _mentee(antenna, stage="no_response", waiting=200)
    matched_long_ago = _mentee(antenna, stage="matched", waiting=300)
    client.force_login(admin_user)
    rows, _response = _listed(client)
    assert rows == {(recent.person_id, "mentee")}
    rows, _response = _listed(client, everyone="on")
    assert rows == {(p.person_id, "mentee") for p in (recent, old, matched_long_ago)}


def test_filters_by_side_stage_verdict_and_waiting_time(client, admin_user, antenna):
    waiting = _mentee(antenna, stage="contacted", waiting=40)
    fresh = _mentee(antenna, stage="contacted", waiting=2)
    mentor = _mentor(antenna, stage="applied", waiting=15)
    ApplicationFactory(person=waiting.person, verdict="to_review")
    ApplicationFactory(person=fresh.person, verdict="to_review", override="eligible",
                       override_justification="Checked the right to work at the interview.")
    ApplicationFactory(person=mentor.person, kind="mentor", verdict="not_eligible")
    client.force_login(admin_user)
    assert _listed(client, side="mentor")[0] == {(mentor.person_id, "mentor")}
    assert _listed(client, stage="contacted")[0] == {(waiting.person_id, "mentee"), (fresh.person_id, "mentee")}
    # The final verdict counts: the override, else the automatic one.
    assert _listed(client, verdict="to_review")[0] == {(waiting.person_id, "mentee")}
    assert _listed(client, verdict="eligible")[0] == {(fresh.person_id, "mentee")}
    assert _listed(client, waiting=10)[0] == {(waiting.person_id, "mentee"), (mentor.person_id, "mentor")}
    # The latest application decides: a second, newer one replaces the first's verdict.
    ApplicationFactory(person=waiting.person, verdict="eligible",
                       submitted_at=timezone.now() + datetime.timedelta(minutes=1))
    assert _listed(client, verdict="to_review")[0] == set()


def test_people_without_an_application_can_be_found(client, admin_user, antenna):
    imported = _mentee(antenna)
    applied = _mentee(antenna)
    ApplicationFactory(person=applied.person)
    client.force_login(admin_user)
    assert _listed(client, verdict="none")[0] == {(imported.person_id, "mentee")}


def test_search_by_name_email_or_phone(client, admin_user, antenna):
    amina = _mentee(antenna, first_name="Amina", last_name="Zerouali", email="amina.z@example.org",
                    phone="+32 470 12 34 56")
    _mentee(antenna, first_name="Jonas", last_name="Peeters", email="jonas@example.org", phone="0499 11 22 33")
    client.force_login(admin_user)
    for q in ("zerou", "AMINA.Z@", "0470/12.34.56", "amina zerouali"):
        assert _listed(client, q=q)[0] == {(amina.person_id, "mentee")}, q


def test_bad_filter_values_are_ignored_and_said_so(client, admin_user, antenna):
    person = _mentee(antenna)
    client.force_login(admin_user)
    rows, response = _listed(client, stage="nonsense", waiting="soon", antenna="abc", side="both", verdict="x",
                             sort="sideways", page="99")
    assert rows == {(person.person_id, "mentee")}
    assert response.context["form"].errors  # the page says which filters it did not understand


def test_sorting_by_waiting_time_and_by_application_date(client, admin_user, antenna):
    a = _mentee(antenna, waiting=5, applied=50)
    b = _mentee(antenna, waiting=30, applied=31)
    c = _mentee(antenna, waiting=1, applied=90)
    client.force_login(admin_user)

    def order(sort):
        return [row.person.pk for row in client.get(_url("intake:list", sort=sort)).context["page"]]

    assert order("waiting") == [b.person_id, a.person_id, c.person_id]
    assert order("applied") == [c.person_id, a.person_id, b.person_id]
    assert order("-applied") == [b.person_id, a.person_id, c.person_id]


def test_funnel_counts_each_stage_under_the_other_filters(client, coordinator, antenna, other_antenna):
    for _ in range(3):
        _mentee(antenna, stage="applied")
    _mentee(antenna, stage="contacted", waiting=20)
    _mentor(antenna, stage="intake_done")
    _mentee(other_antenna, stage="applied")
    client.force_login(coordinator)
    counts = {stage: n for stage, _label, n in client.get(_url("intake:list")).context["funnel"]}
    assert counts["applied"] == 3 and counts["contacted"] == 1 and counts["intake_done"] == 1
    # Choosing a stage filters the rows, not the funnel (its links lead to the other stages).
    response = client.get(_url("intake:list", stage="contacted"))
    assert {stage: n for stage, _label, n in response.context["funnel"]}["applied"] == 3
    assert response.context["page"].paginator.count == 1
    counts = {stage: n for stage, _label, n in client.get(_url("intake:list", side="mentee")).context["funnel"]}
    assert counts["intake_done"] == 0 and "training_done" not in counts
    counts = {stage: n for stage, _label, n in client.get(_url("intake:list", waiting=10)).context["funnel"]}
    assert counts == {**{s: 0 for s in counts}, "contacted": 1}


def test_row_shows_days_waiting_verdict_badge_languages_and_duplicate_marker(client, admin_user, antenna):
    row = _mentee(antenna, stage="contacted", waiting=12, applied=20, email="same@example.org")
    PersonLanguageFactory(person=row.person, language="ar", level="native")
    ApplicationFactory(person=row.person, verdict="to_review", override="eligible",
                       override_justification="Right to work confirmed with the residence card.")
    twin = _mentor(antenna, email="SAME@example.org")
    client.force_login(admin_user)
    response = client.get(_url("intake:list", side="mentee"))
    (listed,) = response.context["page"]
    assert (listed.days_in_stage, listed.days_since_applied) == (12, 20)
    assert [d.person.pk for d in listed.duplicates] == [twin.person_id]
    html = response.content.decode()
    # The verdict says itself in words (not by colour alone), and that staff set it.
    assert "Eligible · set by staff" in " ".join(html.split())
    assert "possible duplicate" in html and ">AR</abbr> native" in html


def test_the_list_needs_a_fixed_number_of_queries_however_long_the_page(client, admin_user, antenna,
                                                                         django_assert_max_num_queries):
    def fill(n):
        for _ in range(n):
            m = _mentee(antenna)
            ApplicationFactory(person=m.person)
            PersonLanguageFactory(person=m.person)

    client.force_login(admin_user)
    fill(3)
    with django_assert_max_num_queries(20) as few:
        client.get(_url("intake:list"))
    fill(40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_url("intake:list"))
    assert len(response.context["page"]) == 43


# --- bulk moves -------------------------------------------------------------------------------------

def test_bulk_move_moves_every_ticked_row_and_records_who(client, coordinator, antenna):
    a, b = _mentee(antenna), _mentor(antenna)
    client.force_login(coordinator)
    response = client.post(_url("intake:bulk"), {"rows": [f"mentee:{a.person_id}", f"mentor:{b.person_id}"],
                                                 "to": "contacted", "query": "side=mentee"})
    assert response.status_code == 302 and response["Location"].endswith("?side=mentee")
    assert MenteeProfile.objects.get(pk=a.pk).stage == "contacted"
    assert MentorProfile.objects.get(pk=b.pk).stage == "contacted"
    assert StageChange.objects.filter(to_stage="contacted", by=coordinator).count() == 2


def test_bulk_move_is_all_or_nothing_and_names_who_was_refused(client, coordinator, antenna):
    fine = _mentee(antenna, stage="applied")
    stuck = _mentee(antenna, stage="matched", first_name="Yasmine", last_name="Amrani")
    client.force_login(coordinator)
    with translation.override("fr"):
        response = client.post(_url("intake:bulk", lang="fr"), {
            "rows": [f"mentee:{fine.person_id}", f"mentee:{stuck.person_id}"], "to": "contacted"}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("Yasmine Amrani" in m and "En duo" in m and "Contact pris" in m for m in messages), messages
    assert MenteeProfile.objects.get(pk=fine.pk).stage == "applied"
    assert not StageChange.objects.exists()


def test_bulk_exit_needs_a_reason(client, coordinator, antenna):
    person = _mentee(antenna)
    client.force_login(coordinator)
    response = client.post(_url("intake:bulk"), {"rows": [f"mentee:{person.person_id}"], "to": "withdrawn"},
                           follow=True)
    assert any("reason" in str(m) for m in response.context["messages"])
    assert MenteeProfile.objects.get(pk=person.pk).stage == "applied"
    client.post(_url("intake:bulk"), {"rows": [f"mentee:{person.person_id}"], "to": "withdrawn",
                                      "reason": "found_job"})
    profile = MenteeProfile.objects.get(pk=person.pk)
    assert (profile.stage, profile.stage_reason) == ("withdrawn", "found_job")


def test_bulk_move_cannot_reach_another_antenna(client, coordinator, antenna, other_antenna):
    own, foreign = _mentee(antenna), _mentee(other_antenna)
    client.force_login(coordinator)
    client.post(_url("intake:bulk"), {"rows": [f"mentee:{own.person_id}", f"mentee:{foreign.person_id}"],
                                      "to": "contacted"})
    assert MenteeProfile.objects.get(pk=foreign.pk).stage == "applied"
    assert MenteeProfile.objects.get(pk=own.pk).stage == "applied"  # all or nothing


def test_bulk_move_with_nothing_ticked_says_so(client, coordinator):
    client.force_login(coordinator)
    response = client.post(_url("intake:bulk"), {"to": "contacted", "rows": ["bogus", "mentee:x"]}, follow=True)
    assert any("Tick at least one person" in str(m) for m in response.context["messages"])


# --- export -----------------------------------------------------------------------------------------

def _xlsx(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return rows[0], rows[1:]


def test_export_has_special_categories_for_coordinators_and_is_audited(client, coordinator, antenna):
    person = _mentee(antenna, nationality_background="non_eu_national", origin_region="north_africa").person
    client.force_login(coordinator)
    response = client.get(_url("intake:export", format="xlsx"))
    headers, rows = _xlsx(response)
    assert "Nationality background" in headers and "Region of birth" in headers
    (row,) = rows
    assert row[headers.index("Last name")] == person.last_name
    assert row[headers.index("Nationality background")] == "National of a non-EU country"
    event = AuditEvent.objects.get(action="view", model="people.Person")
    assert event.fields == ["export"] and event.count == 1 and event.actor_id == coordinator.pk


def test_export_for_a_viewer_leaves_special_categories_out(client, users, antenna):
    _mentee(antenna, nationality_background="non_eu_national")
    client.force_login(users[Role.VIEWER])
    response = client.get(_url("intake:export", format="csv"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 1 and "Nationality background" not in header
    assert "National of a non-EU country" not in text
    assert not AuditEvent.objects.filter(action="view").exists()


def test_export_keeps_the_filters(client, admin_user, antenna):
    _mentee(antenna, stage="applied", last_name="Applied")
    _mentee(antenna, stage="contacted", last_name="Contacted")
    client.force_login(admin_user)
    headers, rows = _xlsx(client.get(_url("intake:export", format="nonsense", stage="contacted")))
    assert [r[headers.index("Last name")] for r in rows] == ["Contacted"]


# --- verdicts ---------------------------------------------------------------------------------------

def test_override_needs_a_written_justification(client, coordinator, antenna):
    application = ApplicationFactory(person=_mentee(antenna).person, verdict="to_review")
    client.force_login(coordinator)
    response = client.post(_url("intake:override", application.pk), {"verdict": "eligible",
                                                                     "justification": "  ok   "})
    assert response.status_code == 200 and "justification" in response.context["form"].errors
    application.refresh_from_db()
    assert application.override == "" and application.overridden_by is None


def test_override_is_stored_and_audited(client, coordinator, antenna):
    application = ApplicationFactory(person=_mentee(antenna).person, verdict="to_review")
    client.force_login(coordinator)
    text = "Right to work confirmed: residence card seen at the interview."
    response = client.post(_url("intake:override", application.pk), {"verdict": "eligible", "justification": text})
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.final_verdict, application.override_justification) == ("eligible", text)
    assert application.overridden_by == coordinator and application.overridden_at is not None
    event = AuditEvent.objects.filter(model="intake.Application", action="update").get()
    assert {"override", "override_justification", "overridden_by", "overridden_at"} <= set(event.fields)
    assert event.actor_id == coordinator.pk and event.object_id == str(application.pk)
    # The intake file shows the decision beside the automatic verdict.
    html = client.get(_url("intake:detail", application.person_id)).content.decode()
    assert text in html and "To review" in html


def test_viewers_cannot_override_and_other_antennas_do_not_exist(client, users, antenna, other_antenna):
    own = ApplicationFactory(person=_mentee(antenna).person, verdict="to_review")
    foreign = ApplicationFactory(person=_mentee(other_antenna).person, verdict="to_review")
    data = {"verdict": "eligible", "justification": "A long enough justification for the test."}
    client.force_login(users[Role.VIEWER])
    assert client.post(_url("intake:override", own.pk), data).status_code == 403
    client.force_login(users[Role.COORDINATOR])
    assert client.post(_url("intake:override", foreign.pk), data).status_code == 404
    assert not Application.objects.exclude(override="").exists()


def test_reassess_applies_the_rules_an_administrator_changed(client, admin_user, antenna):
    person = _mentee(antenna, date_of_birth=datetime.date(1994, 1, 1)).person
    PersonLanguageFactory(person=person, language="fr", level="B2")
    application = ApplicationFactory(person=person, verdict="eligible", reasons=[])
    application.verdict, application.reasons = verdicts.assess(application)
    application.save()
    assert application.verdict != "not_eligible"
    client.force_login(admin_user)
    # Nothing changed in the rules: checking again changes nothing, and writes nothing.
    before = AuditEvent.objects.count()
    response = client.post(_url("intake:reassess", application.pk), follow=True)
    assert "nothing changed" in " ".join(str(m) for m in response.context["messages"])
    assert AuditEvent.objects.count() == before
    rules = EligibilityRules.objects.get(antenna=antenna)
    rules.mentee_max_age = 25
    rules.save()
    client.post(_url("intake:reassess", application.pk))
    application.refresh_from_db()
    assert application.verdict == "not_eligible"
    assert {"code": "age", "outcome": "fail"}.items() <= next(r for r in application.reasons
                                                               if r["code"] == "age").items()


def test_reassess_is_a_post(client, admin_user, antenna):
    application = ApplicationFactory(person=_mentee(antenna).person)
    client.force_login(admin_user)
    assert client.get(_url("intake:reassess", application.pk)).status_code == 405


# --- the intake file --------------------------------------------------------------------------------

def test_intake_file_shows_reasons_rules_consents_and_history(client, coordinator, antenna):
    person = _mentee(antenna, stage="contacted").person
    ApplicationFactory(person=person, verdict="to_review", reasons=[
        {"code": "right_to_work", "outcome": "unknown", "params": {}},
        {"code": "age", "outcome": "pass", "params": {"min": 18, "max": 33, "age": 26}},
    ])
    ConsentFactory(person=person, purpose="surveys", granted=True, text_version="2026-01",
                   recorded_at=timezone.now() - datetime.timedelta(days=30))
    ConsentFactory(person=person, purpose="surveys", granted=False, text_version="2026-11")
    StageChangeFactory(person=person, from_stage="applied", to_stage="contacted", by=coordinator)
    client.force_login(coordinator)
    response = client.get(_url("intake:detail", person.pk))
    html = response.content.decode()
    assert "Right to work: not sure; to check at the intake interview." in html
    assert "Age: 26 (expected 18 to 33 years)." in html
    assert "Current eligibility rules of" in html
    # Only the latest consent per purpose: withdrawn, text version 2026-11.
    (surveys,) = response.context["consents"]
    assert (surveys.granted, surveys.text_version) == (False, "2026-11")
    assert "Applied → Contacted" in html
    assert reverse("people:detail", args=[person.pk]) in html


def test_the_data_migration_gives_each_antenna_its_rules_and_keeps_edited_ones(antenna, other_antenna):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("duo.intake.migrations.0003_default_rules_per_antenna")
    EligibilityRules.objects.filter(antenna=other_antenna).delete()
    EligibilityRules.objects.filter(antenna=antenna).update(mentee_max_age=30)
    migration.default_rules(apps, None)
    assert EligibilityRules.objects.get(antenna=other_antenna).mentee_max_age == 33
    assert EligibilityRules.objects.get(antenna=antenna).mentee_max_age == 30


def test_rules_exist_for_every_new_antenna(db):
    antenna = AntennaFactory(code="namur")
    rules = EligibilityRules.objects.get(antenna=antenna)
    assert (rules.mentee_min_age, rules.mentee_max_age, rules.mentor_min_age) == (18, 33, 50)


# --- moving one person ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_refused_move_says_why_and_changes_nothing(client, coordinator, antenna, lang):
    person = _mentee(antenna, stage="contacted").person
    client.force_login(coordinator)
    with translation.override(lang):
        response = client.post(_url("intake:stage", person.pk, "mentee", lang=lang), {"to": "ready"})
        expected = translation.gettext("A mentee is ready for matching only after the intake interview.")
    assert response.status_code == 200
    assert list(response.context["form"].non_field_errors()) == [expected]
    assert f'lang="{lang}"' in response.content.decode()
    assert MenteeProfile.objects.get(person=person).stage == "contacted"
    assert not StageChange.objects.exists()


def test_a_move_offers_only_allowed_stages_and_exits_need_a_reason(client, coordinator, antenna):
    person = _mentee(antenna, stage="matched").person
    client.force_login(coordinator)
    choices = [v for v, _label in client.get(_url("intake:stage", person.pk, "mentee")).context["form"]
               .fields["to"].choices]
    assert "contacted" not in choices and "withdrawn" in choices
    response = client.post(_url("intake:stage", person.pk, "mentee"), {"to": "withdrawn"})
    assert "reason" in response.context["form"].errors
    response = client.post(_url("intake:stage", person.pk, "mentee"), {"to": "withdrawn", "reason": "moved"})
    assert response.status_code == 302
    assert MenteeProfile.objects.get(person=person).stage_reason == "moved"


def test_a_side_the_person_does_not_have_is_not_found(client, coordinator, antenna):
    person = _mentee(antenna).person
    client.force_login(coordinator)
    assert client.get(_url("intake:stage", person.pk, "mentor")).status_code == 404
    assert client.get(f"/en/staff/intake/people/{person.pk}/martian/stage/").status_code == 404


# --- the intake interview ---------------------------------------------------------------------------

def _interview_data(**extra):
    data = {"held_on": TODAY().isoformat(), "expectations": "Find a job in logistics within a year.",
            "personality": "Calm, curious.", "working_style": ["structured", "direct"],
            "interests": ["sport", "cooking"], "availability": ["mon_am", "wed_eve"], "goals": ["cv", "network"],
            "no_precise_plan": "on", "education_level": "bachelor", "diploma_recognition": "pending",
            "employment_service": "actiris", "unemployment_duration": "6to12m", "lang_fr": "B1", "lang_ar": "native",
            "notes": "Prefers mornings."}
    data.update(extra)
    return data


def test_interview_updates_the_profile_and_moves_to_intake_done(client, coordinator, antenna):
    profile = _mentee(antenna, stage="info_session")
    PersonLanguageFactory(person=profile.person, language="en", level="A2")
    client.force_login(coordinator)
    response = client.post(_url("intake:interview", profile.person_id, "mentee"), _interview_data())
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.stage == "intake_done"
    assert profile.working_style == ["structured", "direct"] and profile.availability == ["mon_am", "wed_eve"]
    assert profile.no_precise_plan and profile.target_occupation is None and profile.goals == ["cv", "network"]
    assert dict(profile.person.languages.values_list("language", "level")) == {"fr": "B1", "ar": "native"}
    interview = IntakeInterview.objects.get(person=profile.person)
    assert interview.held_by == coordinator and interview.notes == "Prefers mornings."
    assert interview.answers["interests"] == ["sport", "cooking"] and interview.answers["languages"]["ar"] == "native"
    assert StageChange.objects.get(person=profile.person).to_stage == "intake_done"


def test_interview_does_not_move_someone_further_along_back(client, coordinator, antenna):
    profile = _mentee(antenna, stage="ready")
    client.force_login(coordinator)
    client.post(_url("intake:interview", profile.person_id, "mentee"), _interview_data())
    profile.refresh_from_db()
    assert profile.stage == "ready" and IntakeInterview.objects.count() == 1


def test_interview_wants_an_occupation_or_no_plan_but_not_both(client, coordinator, antenna):
    profile = _mentee(antenna)
    occupation = Occupation.objects.order_by("code").first()
    client.force_login(coordinator)
    url = _url("intake:interview", profile.person_id, "mentee")
    both = client.post(url, _interview_data(target_occupation=occupation.pk))
    neither = client.post(url, _interview_data(no_precise_plan=""))
    assert "no_precise_plan" in both.context["form"].errors
    assert "target_occupation" in neither.context["form"].errors
    assert not IntakeInterview.objects.exists()
    profile.refresh_from_db()
    assert profile.stage == "applied" and profile.expectations == ""


def test_mentor_interview_sets_what_they_can_help_with(client, coordinator, antenna):
    profile = _mentor(antenna, stage="contacted")
    occupation = Occupation.objects.order_by("code").last()
    client.force_login(coordinator)
    response = client.post(_url("intake:interview", profile.person_id, "mentor"), {
        "held_on": TODAY().isoformat(), "strength_areas": ["interviews"], "career_occupation": occupation.pk,
        "status": "retired", "max_duos": "2", "lang_nl": "C1"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.strength_areas, profile.career_occupation, profile.max_duos) == (["interviews"], occupation, 2)
    assert profile.stage == "intake_done"


def test_interview_form_groups_checkboxes_under_a_legend(client, coordinator, antenna):
    profile = _mentee(antenna)
    client.force_login(coordinator)
    html = client.get(_url("intake:interview", profile.person_id, "mentee")).content.decode()
    assert html.count("<fieldset") >= 5 and "<legend>Working style" in html


# --- administrators' rules --------------------------------------------------------------------------

def test_rules_form_refuses_a_maximum_below_the_minimum(client, admin_user, antenna):
    rules = EligibilityRules.objects.get(antenna=antenna)
    client.force_login(admin_user)
    url = reverse("admin:intake_eligibilityrules_change", args=[rules.pk])
    data = {"mentee_min_age": "30", "mentee_max_age": "20", "mentor_min_age": "50", "mentor_max_age": "",
            "residence": "region", "max_distance_km": "30", "mentee_backgrounds": ["non_eu_national"],
            "require_right_to_work": "on", "languages": ["fr", "nl"], "min_language_level": "A2"}
    response = client.post(url, data)
    assert response.status_code == 200 and "mentee_max_age" in response.context["adminform"].form.errors
    response = client.post(url, {**data, "mentee_max_age": "35"})
    assert response.status_code == 302
    rules.refresh_from_db()
    assert (rules.mentee_max_age, rules.mentee_backgrounds, rules.languages) == (35, ["non_eu_national"],
                                                                                ["fr", "nl"])
    assert rules.updated_by == admin_user
    # No programme language at all would refuse everyone: at least one is required.
    response = client.post(url, {**data, "mentee_max_age": "35", "languages": []})
    assert "languages" in response.context["adminform"].form.errors


def test_coordinators_read_the_rules_but_do_not_change_them(client, coordinator, antenna):
    rules = EligibilityRules.objects.get(antenna=antenna)
    client.force_login(coordinator)
    url = reverse("admin:intake_eligibilityrules_change", args=[rules.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"mentee_min_age": "16"})
    rules.refresh_from_db()
    assert rules.mentee_min_age == 18


def test_a_second_coordinator_elsewhere_sees_nothing_of_this_antenna(client, antenna, other_antenna):
    _mentee(antenna)
    elsewhere = UserFactory(role=Role.COORDINATOR, antennas=[other_antenna])
    client.force_login(elsewhere)
    assert _listed(client)[0] == set()
