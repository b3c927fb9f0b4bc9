"""Mentor training: modules, sessions, attendance, completion, and the gate to matching."""

import pytest
from django.core import mail
from django.utils import timezone, translation

from duo.accounts.roles import Role
from duo.intake.models import StageChange
from duo.intake.services import PipelineError, stage_change
from duo.people.models import MentorProfile
from duo.training.models import Attendance, TrainingModule, TrainingSession
from duo.training.queries import required_modules_missing

from .factories import MenteeFactory, MentorFactory
from .factories_sessions import (
    AttendanceFactory, EvaluationFactory, TrainingModuleFactory, TrainingSessionFactory, default_modules,
    form_datetime, ics_attachment, ics_event, in_days, url,
)

pytestmark = pytest.mark.django_db

LANGS = ["fr", "en"]


@pytest.fixture
def modules(db):
    return default_modules()


@pytest.fixture
def coord(client, coordinator):
    client.force_login(coordinator)
    return client


def mentor(antenna, stage="intake_done", **person):
    return MentorFactory(person__antenna=antenna, stage=stage, **{f"person__{k}": v for k, v in person.items()}).person


def attend(person, module, *, attended=True, days=-10):
    session = TrainingSessionFactory(antenna=person.antenna, module=module, starts_at=in_days(days))
    return AttendanceFactory(session=session, person=person, attended=attended)


def stage_of(person):
    return MentorProfile.objects.get(person=person).stage


def test_the_eight_default_modules_are_required_and_speak_three_languages(modules):
    assert len(modules) == 8 and all(m.required and m.active for m in modules)
    assert [m.order for m in modules] == sorted(m.order for m in modules)
    ethics = TrainingModule.objects.get(code="ethics")
    titles = {}
    for lang in ("fr", "nl", "en"):
        with translation.override(lang):
            titles[lang] = str(ethics)
    assert titles == {"fr": "Éthique, confidentialité et code de conduite",
                      "nl": "Ethiek, vertrouwelijkheid en gedragscode",
                      "en": "Ethics, confidentiality and the code of conduct"}


def test_required_modules_missing_counts_only_modules_attended(modules, antenna):
    person = mentor(antenna)
    assert list(required_modules_missing(person)) == modules
    for module in modules[:3]:
        attend(person, module)
    attend(person, modules[3], attended=None, days=5)   # registered, not yet held
    attend(person, modules[4], attended=False)          # registered, did not come
    assert list(required_modules_missing(person)) == modules[3:]
    # An optional module, or one no longer given, is never missing.
    modules[7].required = False
    modules[7].save()
    modules[6].active = False
    modules[6].save()
    assert list(required_modules_missing(person)) == modules[3:6]


def test_a_mentor_is_not_ready_for_matching_while_required_modules_are_missing(modules, antenna, coordinator):
    person = mentor(antenna, stage="training_done")
    for module in modules[:-1]:
        attend(person, module)
    with pytest.raises(PipelineError) as refused, translation.override("en"):
        stage_change(person=person, kind="mentor", to="ready", by=coordinator)
    with translation.override("en"):
        assert modules[-1].title_en in str(refused.value)
    assert stage_of(person) == "training_done"
    attend(person, modules[-1])
    stage_change(person=person, kind="mentor", to="ready", by=coordinator)
    assert stage_of(person) == "ready"


@pytest.mark.parametrize("lang", LANGS)
def test_attending_the_last_required_module_completes_the_training(coord, coordinator, modules, antenna, lang):
    session = TrainingSessionFactory(antenna=antenna, module=modules[-1], starts_at=in_days(-1))
    finishing = mentor(antenna, "intake_done")
    early = mentor(antenna, "info_session")
    ready = mentor(antenna, "ready")
    for person in (finishing, ready):
        for module in modules[:-1]:
            attend(person, module)
    rows = [AttendanceFactory(session=session, person=p) for p in (finishing, early, ready)]
    response = coord.post(url("training:attendance", lang, pk=session.pk),
                          {"sent": "1", "present": [r.pk for r in rows]})
    assert response.status_code == 302
    assert stage_of(finishing) == "training_done"
    assert MentorProfile.objects.get(person=finishing).training_completed_on == timezone.localdate()
    change = StageChange.objects.get(person=finishing)
    assert (change.from_stage, change.to_stage, change.by) == ("intake_done", "training_done", coordinator)
    assert stage_of(early) == "info_session"   # seven modules still to go
    assert stage_of(ready) == "ready"          # never moved back
    assert not StageChange.objects.filter(person__in=[early, ready]).exists()


def test_training_invitations_offer_mentors_who_still_need_the_module(coord, modules, antenna, other_antenna):
    session = TrainingSessionFactory(antenna=antenna, module=modules[2])
    waiting = mentor(antenna, "info_session")
    interviewed = mentor(antenna, "intake_done")
    done_it = mentor(antenna, "intake_done")
    attend(done_it, modules[2])
    booked = mentor(antenna, "intake_done")
    attend(booked, modules[2], attended=None, days=20)
    too_early = mentor(antenna, "applied")
    elsewhere = mentor(other_antenna, "intake_done")
    mentee = MenteeFactory(person__antenna=antenna, stage="intake_done").person
    html = coord.get(url("training:invite", pk=session.pk)).content.decode()
    for person in (waiting, interviewed):
        assert f'value="{person.pk}"' in html
    for person in (done_it, booked, too_early, elsewhere, mentee):
        assert f'value="{person.pk}"' not in html


def test_invited_mentors_get_a_seat_and_a_calendar_file(coord, modules, antenna, django_capture_on_commit_callbacks):
    session = TrainingSessionFactory(antenna=antenna, module=modules[1], duration_minutes=180)
    person = mentor(antenna, preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        response = coord.post(url("training:invite", pk=session.pk), {"people": [person.pk]})
    assert response.status_code == 302
    assert Attendance.objects.get().person == person
    (message,) = mail.outbox
    event, _ = ics_event(ics_attachment(message)[1])
    assert str(event["summary"]) == f"Duo mentor training: {modules[1].title_en}"
    assert (event.decoded("dtend") - event.decoded("dtstart")).seconds == 180 * 60
    assert modules[1].description_en in str(event["description"])


def test_a_full_training_session_refuses_more_mentors(coord, modules, antenna):
    session = TrainingSessionFactory(antenna=antenna, capacity=1)
    AttendanceFactory(session=session, person=mentor(antenna))
    response = coord.post(url("training:invite", pk=session.pk), {"people": [mentor(antenna).pk]})
    assert "This session is full" in response.content.decode()
    assert Attendance.objects.count() == 1


def test_new_training_sessions_last_three_hours_and_offer_only_active_modules(coord, modules, antenna):
    modules[0].active = False
    modules[0].save()
    html = coord.get(url("training:create")).content.decode()
    assert 'name="duration_minutes" value="180"' in html
    assert f">{modules[0].title_en}</option>" not in html and f">{modules[2].title_en}</option>" in html
    data = {"module": modules[0].pk, "antenna": antenna.pk, "starts_at": form_datetime(in_days(5)),
            "duration_minutes": 180, "mode": "online", "video_link": "https://meet.example.org/t", "language": "nl",
            "capacity": 10}
    assert coord.post(url("training:create"), data).status_code == 200
    data["module"] = modules[1].pk
    assert coord.post(url("training:create"), data).status_code == 302
    assert TrainingSession.objects.get().module == modules[1]


def test_progress_shows_each_mentors_done_and_missing_modules(coord, modules, antenna, other_antenna):
    close = mentor(antenna, "intake_done", last_name="Presque")
    for module in modules[:7]:
        attend(close, module)
    upcoming = TrainingSessionFactory(antenna=antenna, module=modules[7], starts_at=in_days(3))
    AttendanceFactory(session=upcoming, person=close)
    starting = mentor(antenna, "info_session", last_name="Debut")
    hidden = mentor(other_antenna, "intake_done", last_name="Ailleurs")
    matched = mentor(antenna, "matched", last_name="Deja")
    html = coord.get(url("training:progress")).content.decode()
    assert "Ailleurs" not in html and "Deja" not in html
    assert html.index("Presque") < html.index("Debut")  # closest to ready first
    assert "7 of 8" in html and "0 of 8" in html
    assert url("training:detail", pk=upcoming.pk) in html
    assert hidden.pk and matched.pk and starting.pk
    assert coord.get(url("training:progress") + "?stage=nonsense&antenna=-1").status_code == 200


def test_session_page_shows_evaluations_without_names(coord, modules, antenna):
    session = TrainingSessionFactory(antenna=antenna, starts_at=in_days(-2))
    first = EvaluationFactory(session=session, person=mentor(antenna, last_name="Anonyme"), usefulness=4, clarity=5,
                              comment="Très concret")
    EvaluationFactory(session=session, person=mentor(antenna), usefulness=2, clarity=4)
    html = coord.get(url("training:detail", pk=session.pk)).content.decode()
    assert "3.0 out of 5" in html and "4.5 out of 5" in html and "Très concret" in html
    assert first.person.last_name not in html


def test_only_administrators_change_the_modules(client, users, modules):
    from django.urls import reverse

    change = reverse("admin:training_trainingmodule_change", args=[modules[0].pk])
    client.force_login(users[Role.COORDINATOR])
    assert client.get(change).status_code == 200  # read only
    client.post(change, {"code": "programme", "title_fr": "Autre", "title_nl": "x", "title_en": "x", "order": 1})
    assert TrainingModule.objects.get(pk=modules[0].pk).title_fr == modules[0].title_fr
    client.force_login(users[Role.ADMINISTRATOR])
    response = client.post(change, {"code": "programme", "title_fr": "Le programme", "title_nl": "Het programma",
                                    "title_en": "The programme", "order": 1, "required": "on", "active": "on",
                                    "description_fr": "", "description_nl": "", "description_en": ""})
    assert response.status_code == 302
    assert TrainingModule.objects.get(pk=modules[0].pk).title_fr == "Le programme"


def test_a_module_added_by_an_administrator_becomes_required(modules, antenna):
    person = mentor(antenna)
    for module in modules:
        attend(person, module)
    assert not required_modules_missing(person).exists()
    extra = TrainingModuleFactory(code="digital", title_en="Digital job search")
    assert list(required_modules_missing(person)) == [extra]


def test_another_antennas_training_session_does_not_exist_for_a_coordinator(coord, modules, other_antenna):
    theirs = TrainingSessionFactory(antenna=other_antenna)
    for name in ("training:detail", "training:edit", "training:invite", "training:attendance", "training:ics"):
        assert coord.get(url(name, pk=theirs.pk)).status_code == 404, name


def test_a_session_with_mentors_registered_keeps_its_module(coord, modules, antenna):
    session = TrainingSessionFactory(antenna=antenna, module=modules[0])
    AttendanceFactory(session=session, person=mentor(antenna))
    data = {"module": modules[1].pk, "antenna": antenna.pk, "starts_at": form_datetime(session.starts_at),
            "duration_minutes": 180, "mode": "in_person", "place": "Salle 3", "language": "fr", "capacity": 12}
    response = coord.post(url("training:edit", pk=session.pk), data)
    assert response.status_code == 200 and "module of the session cannot change" in response.content.decode()
    assert TrainingSession.objects.get().module == modules[0]
